import ArgumentParser
import Foundation
import RematchConfig
import RematchCore
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
            exactly once. A failed sync leaves the previous snapshot as it was.
            """
    )

    @OptionGroup var options: CommonOptions

    func run() async throws {
        let configuration = try options.configuration()
        let accounts: Accounts
        do { accounts = try configuration.accounts() } catch { throw Failure(error.message) }
        var session = try options.session(configuration)
        let synchronizer: Synchronizer
        do { synchronizer = try Synchronizer(accounts: accounts) } catch { throw Failure(error.message) }
        let line = ProgressLine()
        let summary: SyncSummary
        do {
            summary = try await session.sync(with: synchronizer) { progress in
                line.show("Syncing… \(ProgressLine.bar(progress.fraction)) \(Int(progress.fraction * 100))%  \(progress.summary)")
            }
        } catch {
            line.finish()
            throw Failure("Sync failed: \(error). The previous snapshot and every decision are unchanged.")
        }
        line.finish()
        print("Synced in \(String(format: "%.1f", summary.seconds)) s: \(summary.customers) customers, \(summary.assets) assets, "
            + "\(summary.organizations) organizations, \(summary.configurations) configurations.")
        for record in summary.skipped { printError("skipped: \(TerminalText.sanitize(record.description))") }
        let writer = RemoteWriter(itGlue: synchronizer.itGlue)
        var failures = 0
        for report in [await writer.createOrganizations(session: &session), await writer.createConfigurations(session: &session)] {
            failures += report.failures.count
            print(report: report)
        }
        if configuration.writeBackLinks {
            let links = await LinkWriter(syncro: synchronizer.syncro).writeLinks(workspace: session.workspace)
            failures += links.failures.count
            print("IT Glue links written to \(links.created.count) Syncro assets.")
            for line in links.failures { printError("failed: " + TerminalText.sanitize(line)) }
        }
        let counts = session.workspace.customerCounts()
        print("Customers: \(counts[.unmatched]!) unmatched, \(counts[.matched]!) matched, \(counts[.ignored]!) ignored.")
        let retirable = session.workspace.retirableConfigurations.count
        if retirable > 0 {
            print("\(retirable) matched configurations belong to devices gone from Syncro: rematch retire-configurations marks them Inactive.")
        }
        if failures > 0 { throw Failure("\(failures) write(s) failed; see above.") }
    }
}

func print(report: WriteReport) {
    for line in report.created { print("created: " + TerminalText.sanitize(line)) }
    for line in report.adopted { print("found: " + TerminalText.sanitize(line)) }
    for line in report.failures { printError("failed: " + TerminalText.sanitize(line)) }
}

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Test both connections and API keys.")

    @OptionGroup var options: CommonOptions

    func run() async throws {
        let configuration = try options.configuration()
        let accounts: Accounts
        do { accounts = try configuration.accounts() } catch { throw Failure(error.message) }
        let synchronizer: Synchronizer
        do { synchronizer = try Synchronizer(accounts: accounts, retry: .init(maxAttempts: 2)) } catch { throw Failure(error.message) }
        let (syncro, itGlue) = await synchronizer.check()
        print("Syncro  \(synchronizer.syncro.transport.endpoint.host): " + (syncro.map { "failed: \($0.message)" } ?? "OK"))
        print("IT Glue \(synchronizer.itGlue.transport.endpoint.host): " + (itGlue.map { "failed: \($0.message)" } ?? "OK"))
        if syncro != nil || itGlue != nil { throw Failure("The connection check failed.") }
    }
}

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show the last sync and how far matching has come.")

    @OptionGroup var options: CommonOptions
    @Flag(help: "Print one JSON object.") var json = false

    func run() async throws {
        let configuration = try options.configuration()
        let session = try options.session(configuration)
        let workspace = session.workspace
        let sync = try session.store.syncState()
        let counts = workspace.customerCounts()
        var devices: [MatchState: Int] = [.unmatched: 0, .matched: 0, .ignored: 0]
        for id in workspace.customerIDs where workspace.status(ofCustomer: id).organizationID != nil {
            for asset in workspace.catalog.assets(ofCustomer: id) { devices[workspace.status(ofAsset: asset.id).state, default: 0] += 1 }
        }
        let pendingOrganizations = workspace.customerDecisions.values.count { if case .createOrganization = $0 { true } else { false } }
        let pendingConfigurations = workspace.deviceDecisions.values.count { if case .createConfiguration = $0 { true } else { false } }
        let stale = workspace.staleCustomerDecisions.count + workspace.staleDeviceDecisions.count
        let formatter = ISO8601DateFormatter()
        if json {
            let object: [String: Any] = [
                "sync": ["status": sync.status.rawValue, "error": sync.error as Any? ?? NSNull(),
                         "last_sync_at": sync.lastSyncAt.map(formatter.string) as Any? ?? NSNull()],
                "customers": ["unmatched": counts[.unmatched]!, "matched": counts[.matched]!, "ignored": counts[.ignored]!],
                "devices": ["unmatched": devices[.unmatched]!, "matched": devices[.matched]!, "ignored": devices[.ignored]!],
                "pending": ["organizations": pendingOrganizations, "configurations": pendingConfigurations],
                "stale_decisions": stale, "data_issues": workspace.catalog.issues.count,
                "retirable_configurations": workspace.retirableConfigurations.count,
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        switch sync.status {
        case .never: print("Sync: never")
        case .ok: print("Sync: OK · \(sync.lastSyncAt.map(formatter.string) ?? "")")
        case .failed: print("Sync: Failed: \(TerminalText.sanitize(sync.error ?? "")) · \(sync.lastSyncAt.map(formatter.string) ?? "")")
        }
        print("Customers: \(counts[.unmatched]!) unmatched, \(counts[.matched]!) matched, \(counts[.ignored]!) ignored")
        print("Devices of matched customers: \(devices[.unmatched]!) unmatched, \(devices[.matched]!) matched, \(devices[.ignored]!) ignored")
        print("Waiting to be created: \(pendingOrganizations) organizations, \(pendingConfigurations) configurations")
        if stale > 0 { print("Decisions whose record vanished: \(stale)") }
        let retirable = workspace.retirableConfigurations.count
        if retirable > 0 { print("Configurations of devices gone from Syncro: \(retirable) (rematch retire-configurations)") }
        if !workspace.catalog.issues.isEmpty { print("Data issues in the snapshot: \(workspace.catalog.issues.count)") }
    }
}
