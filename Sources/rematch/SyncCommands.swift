import ArgumentParser
import Foundation
import RematchConfig
import RematchCore
import RematchPresentation
import RematchStore
import RematchSync
import RematchHTTP
import SyncroAPI
import ITGlueAPI

struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Pull both accounts into the state file, then carry out pending creations in IT Glue.",
        discussion: """
            Reads Syncro customers and assets and IT Glue organizations, configurations, types and statuses \
            (both sides in parallel, within their rate limits), swaps the new snapshot in at once, and keeps \
            every decision. Then creates the organizations and configurations waiting to be created, each \
            exactly once, and with write_back_links = true writes each matched device's IT Glue link into its \
            Syncro asset. The console's s does exactly the same. A failed sync leaves the previous snapshot as it was.
            """
    )

    @OptionGroup var options: CommonOptions

    func run() async throws {
        let configuration = try options.configuration()
        let workbench = try options.workbench(configuration, accounts: true)
        let line = ProgressLine()
        let summary: SyncSummary
        let report: WriteReport
        do {
            (summary, report) = try await workbench.syncAndWrite { progress in
                line.show("Syncing… \(ProgressLine.bar(progress.fraction)) \(Int(progress.fraction * 100))%  \(progress.summary)")
            }
        } catch {
            line.finish()
            throw Failure("Sync failed: \(error). The previous snapshot and every decision are unchanged.")
        }
        line.finish()
        print("Synced in \(String(format: "%.1f", summary.seconds)) s: \(summary.customers) customers, \(summary.assets) assets, "
            + "\(summary.organizations) organizations, \(summary.configurations) configurations.")
        if let changes = summary.changes, !changes.isFirstSync {
            print("Changes: \(TerminalText.sanitize(changes.summary))" + (changes.isEmpty ? "" : " (rematch changes lists them)"))
        }
        for record in summary.skipped { printError("skipped: \(TerminalText.sanitize(record.description))") }
        print(report: report)
        if workbench.writeBackLinks { print("IT Glue links written to \(report.linked.count) Syncro assets.") }
        let status = try workbench.status()
        print("Customers: \(status.customers[.unmatched]!) unmatched, \(status.customers[.matched]!) matched, "
            + "\(status.customers[.ignored]!) ignored"
            + (status.disabledCustomers > 0 ? " (\(status.disabledCustomers) of them disabled in Syncro)." : "."))
        if status.retirableConfigurations > 0 {
            print("\(status.retirableConfigurations) matched configurations belong to devices gone from Syncro: "
                + "rematch retire-configurations marks them Inactive.")
        }
        if !report.failures.isEmpty { throw Failure("\(report.failures.count) write(s) failed; see above.") }
        if let waiting = waitingFailure(report) { throw waiting }
    }
}

/// Prints a round of writes, a line each, prefixed by what happened.
func print(report: WriteReport) {
    for line in report.created { print("created: " + TerminalText.sanitize(line)) }
    for line in report.found { print("found: " + TerminalText.sanitize(line)) }
    for line in report.retired { print("retired: " + TerminalText.sanitize(line)) }
    for line in report.moved { print("moved: " + TerminalText.sanitize(line)) }
    for line in report.kept { print("kept: " + TerminalText.sanitize(line)) }
    for line in report.linked { print("linked: " + TerminalText.sanitize(line)) }
    for line in report.failures { printError("failed: " + TerminalText.sanitize(line)) }
    for line in report.waiting { printError("waiting: " + TerminalText.sanitize(line)) }
}

/// The failure for a round of writes that left some waiting (exit 75, try again later), or nil.
func waitingFailure(_ report: WriteReport) -> Failure? {
    guard !report.waiting.isEmpty else { return nil }
    let until = report.waitingUntil.map { " after " + RemoteWriter.clock($0) } ?? " later"
    return Failure("\(report.waiting.count) write(s) wait for an earlier request that may still land in IT Glue; run again\(until).",
                   exitCode: Failure.tryAgainLater)
}

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Test both connections and API keys.",
        discussion: """
            Each service answers within 10 s or is reported as not answering; a failure names its cause (DNS, \
            refused, TLS, key, a permission the token's group lacks).

            --deep then probes, read-only (a few requests, nothing written), what the vendors leave undocumented on \
            this account: Syncro permissions, meta and per_page on the asset list, whether assets hold the link \
            field; IT Glue page[size], where sideloaded interfaces go, whether filter[name] ignores case. One row \
            each (yes / no / unknown, with the evidence), or one JSON array with --json.
            """)

    @OptionGroup var options: CommonOptions
    @Flag(help: "Also probe the accounts' undocumented behaviours (read-only).") var deep = false
    @Flag(help: "With --deep: print the probes as one JSON array.") var json = false

    func run() async throws {
        let configuration = try options.configuration()
        let accounts = try configuration.accounts()
        let synchronizer = try Synchronizer(accounts: accounts)
        let (syncro, itGlue) = await Synchronizer.check(accounts, within: .seconds(10))
        let syncroLine = "Syncro  \(synchronizer.syncroHost): " + (syncro.map { "failed: \($0.message)" } ?? "OK")
        let itGlueLine = "IT Glue \(synchronizer.itGlueHost): " + (itGlue.map { "failed: \($0.message)" } ?? "OK")
        // With --json, stdout holds only the JSON array; the connection lines go to stderr.
        let connection = deep && json ? FileHandle.standardError : FileHandle.standardOutput
        connection.write(Data((syncroLine + "\n" + itGlueLine + "\n").utf8))
        if syncro != nil || itGlue != nil { throw Failure("The connection check failed.") }
        if deep { try await probe(synchronizer) }
    }

    private func probe(_ synchronizer: Synchronizer) async throws {
        let results = await AccountProbes(syncro: synchronizer.syncro, itGlue: synchronizer.itGlue).run()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let data = try encoder.encode(results)
            print(String(decoding: data, as: UTF8.self))
            return
        }
        let width = results.map(\.question.count).max() ?? 0
        for result in results {
            let question = result.question.padding(toLength: width, withPad: " ", startingAt: 0)
            let answer = result.answer.padding(toLength: 14, withPad: " ", startingAt: 0)
            print(TerminalText.sanitize(question + "  " + answer + result.detail))
        }
    }
}

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show the last sync and how far matching has come.")

    @OptionGroup var options: CommonOptions
    @Flag(help: "Print one JSON object.") var json = false

    func run() async throws {
        let (workspace, store) = try options.workspaceToRead(try options.configuration())
        let status = StatusReport(workspace: workspace, sync: try store.syncState())
        let sync = status.sync, counts = status.customers, devices = status.devices
        let formatter = ISO8601DateFormatter()
        if json {
            let object: [String: Any] = [
                "sync": ["status": sync.status.rawValue, "error": sync.error as Any? ?? NSNull(),
                         "last_sync_at": sync.lastSyncAt.map(formatter.string) as Any? ?? NSNull()],
                "customers": ["unmatched": counts[.unmatched]!, "matched": counts[.matched]!, "ignored": counts[.ignored]!,
                              "disabled": status.disabledCustomers],
                "devices": ["unmatched": devices[.unmatched]!, "matched": devices[.matched]!, "ignored": devices[.ignored]!],
                "pending": ["organizations": status.pendingOrganizations, "configurations": status.pendingConfigurations],
                "stale_decisions": status.staleDecisions, "data_issues": status.dataIssues,
                "retirable_configurations": status.retirableConfigurations,
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        switch sync.status {
        case .never: print("Sync: never")
        case .ok: print("Sync: OK · \(sync.lastSyncAt.map(formatter.string) ?? "")")
        case .failed: print("Sync: Failed: \(TerminalText.sanitize(sync.error ?? "")) · \(sync.lastSyncAt.map(formatter.string) ?? "")")
        case .running:
            print("Sync: did not finish · started \(sync.lastSyncAt.map(formatter.string) ?? "") (still running elsewhere, or interrupted: "
                + "run rematch sync)")
        }
        print("Customers: \(counts[.unmatched]!) unmatched, \(counts[.matched]!) matched, \(counts[.ignored]!) ignored"
            + (status.disabledCustomers > 0 ? " (\(status.disabledCustomers) of them disabled in Syncro)" : ""))
        print("Devices of matched customers: \(devices[.unmatched]!) unmatched, \(devices[.matched]!) matched, \(devices[.ignored]!) ignored")
        print("Waiting to be created: \(status.pendingOrganizations) organizations, \(status.pendingConfigurations) configurations")
        if status.staleDecisions > 0 { print("Decisions whose record vanished: \(status.staleDecisions)") }
        if status.retirableConfigurations > 0 {
            print("Configurations of devices gone from Syncro: \(status.retirableConfigurations) (rematch retire-configurations)")
        }
        if status.dataIssues > 0 { print("Data issues in the snapshot: \(status.dataIssues)") }
    }
}
