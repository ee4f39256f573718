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

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export every customer and device with its state, match and suggestion.",
        discussion: "The format is stable; Sources/RematchCore/RematchCore.docc/Export.md documents it.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, csv }

    @OptionGroup var options: CommonOptions
    @Option(help: "json or csv.") var format: Format = .json
    @Option(help: "Write to this file instead of stdout.") var output: String?

    func run() async throws {
        let document = ExportDocument(workspace: try options.workspaceToRead(try options.configuration()).workspace)
        let data = format == .json ? document.json() + Data("\n".utf8) : Data(document.csv().utf8)
        if let output {
            do { try data.write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
                throw Failure("Cannot write \(output): \(error.localizedDescription)")
            }
        } else {
            FileHandle.standardOutput.write(data)
        }
    }
}

struct AcceptSuggestionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept-suggestions",
        abstract: "Accept every unambiguous organization suggestion with at least the given score.",
        discussion: """
            The same rule as accepting several rows in the console: ambiguous suggestions (close rivals) and those \
            under the score are left out, by group, for a person to look at. The score defaults to \
            bulk_accept_min_score in config.toml ($REMATCH_BULK_ACCEPT_MIN_SCORE), else \
            \(BulkAcceptPlan.defaultMinimumScore), the score at which every suggestion was right on generated \
            accounts (the calibration table in the Matching article).
            """)

    @OptionGroup var options: CommonOptions
    @Option(help: "The lowest score to accept, 0 to 1 (default: the configured bulk_accept_min_score, else \(BulkAcceptPlan.defaultMinimumScore)).")
    var minScore: Double?
    @Flag(help: "Show what would be accepted and change nothing.") var dryRun = false

    func validate() throws {
        if let minScore, !(0...1).contains(minScore) { throw ValidationError("--min-score is between 0 and 1.") }
    }

    func run() async throws {
        let workbench = try options.workbench(try options.configuration())
        let workspace = workbench.workspace
        let plan = workbench.bulkAcceptPlan(minimumScore: minScore)
        for row in plan.accepted {
            let customer = workspace.catalog.customer(row.customer)?.displayName ?? "#\(row.customer)"
            print("\(dryRun ? "would accept" : "accept"): \(TerminalText.sanitize(customer)) → \(TerminalText.sanitize(row.suggestion.name)) "
                + "(\(Formats.score(row.suggestion.score)), \(TerminalText.sanitize(row.suggestion.reason)))")
        }
        for exclusion in plan.excluded.keys.sorted() where exclusion != .notUnmatched {
            print("left out: \(plan.excluded[exclusion]!.count) \(Formats.leftOut(exclusion, minimumScore: plan.minimumScore))")
        }
        guard !plan.accepted.isEmpty else {
            print("No unmatched customer has an unambiguous suggestion scoring \(Formats.score(plan.minimumScore)) or more.")
            return
        }
        if dryRun {
            print("\(Formats.count(plan.accepted.count, "suggestion")) would be accepted (dry run: nothing changed).")
            return
        }
        print(TerminalText.sanitize(try workbench.perform(.acceptSuggestion(customers: plan.accepted.map(\.customer))).summary))
    }
}

struct CreateConfigurationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-configurations",
        abstract: "Create IT Glue configurations for a customer's remaining unmatched devices.",
        discussion: """
            Every unmatched device of the customers matched to the customer's organization becomes a configuration, \
            typed by the Desktop/Laptop/Server/Other mapping, with name, hostname, the primary MAC of a real adapter, \
            a real serial, status Active and a note linking the Syncro asset. Each is created exactly once. Devices \
            with a suggestion or possible match are left out (matching them is likely better than a second record) \
            unless --include-suggested. The plan is shown first; on a terminal it asks before creating, and a \
            script passes --yes.
            """)

    @OptionGroup var options: CommonOptions
    @Option(parsing: .unconditional, help: "The Syncro customer id.") var customer: Int
    @Flag(help: "Also create devices that have a suggestion or possible match.") var includeSuggested = false
    @Flag(help: "Create without asking (for scripts).") var yes = false
    @Flag(help: "Show what would be created and change nothing.") var dryRun = false

    func validate() throws {
        if customer < 1 { throw ValidationError("--customer is a Syncro customer id, a number from 1 up (not \(customer)).") }
    }

    func run() async throws {
        let configuration = try options.configuration()
        let workbench = try options.workbench(configuration, accounts: !dryRun)
        let workspace = workbench.workspace
        guard let record = workspace.catalog.customer(customer) else {
            throw Failure("Syncro customer #\(customer) is not in the state file; run rematch sync.")
        }
        guard let organization = workspace.status(ofCustomer: customer).organizationID else {
            throw Failure("\(TerminalText.sanitize(record.displayName)) is not matched to an IT Glue organization yet.")
        }
        let plan = workbench.bulkCreatePlan(organizationID: organization, includingSuggested: includeSuggested)
        Self.show(plan)
        if dryRun {
            print("Dry run: nothing changed.")
            return
        }
        if !plan.assets.isEmpty {
            guard try yes || Confirmation.ask("Create \(Formats.count(plan.assets.count, "configuration")) in \(TerminalText.sanitize(plan.organizationName))?") else {
                print("Nothing created.")
                return
            }
            try workbench.perform(.createAllConfigurations(organizationID: organization, includingSuggested: includeSuggested))
        }
        // Also what an interrupted earlier run left waiting for this organization.
        try finish(creating: await workbench.carryOutPendingWrites(organizationID: organization), "configuration(s)")
    }

    /// The plan as the console's preview shows it: per class, then device by device, then what is left out.
    static func show(_ plan: BulkCreatePlan) {
        print("\(Formats.count(plan.assets.count, "configuration")) for \(TerminalText.sanitize(plan.organizationName)):")
        for group in plan.groups {
            print("  \(group.count) \(group.deviceClass.title) → \(TerminalText.sanitize(group.typeName ?? "no type mapped"))")
        }
        for row in plan.rows {
            let match = row.possibleMatch.map { " (possible match: \(TerminalText.sanitize($0)))" } ?? ""
            print("  create: \(TerminalText.sanitize(row.name)) as \(TerminalText.sanitize(row.typeName ?? "no type"))\(match)")
        }
        if !plan.includingSuggested, !plan.withSuggestion.isEmpty {
            print("left out: \(plan.withSuggestion.count) with a suggestion or possible match (match them, or pass --include-suggested):")
            for row in plan.withSuggestion {
                print("  \(TerminalText.sanitize(row.name)) ~ \(TerminalText.sanitize(row.possibleMatch ?? ""))")
            }
        }
    }
}

struct CreateOrganizationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-organizations",
        abstract: "Create IT Glue organizations for unmatched customers, refusing any name IT Glue already has.",
        discussion: """
            The console's Create Organization for scripts. Each customer named gets an organization of its Syncro \
            name (type Customer and status Active where the account has them) and is matched to it. A name IT Glue \
            already has (after folding case, punctuation and legal suffixes) is refused with the closest names, \
            and IT Glue is searched for the exact name again right before each request. Each is created exactly \
            once: one interrupted or unanswered earlier is looked for before anything is sent again, and not sent \
            again while it could still land (exit 75 names when to run again). The plan is shown first; on a \
            terminal it asks before creating, and a script passes --yes.
            """)

    @OptionGroup var options: CommonOptions
    @Option(name: .customLong("customer"), parsing: .unconditionalSingleValue, help: "A Syncro customer id (repeat for several).")
    var customers: [Int] = []
    @Flag(help: "Create without asking (for scripts).") var yes = false
    @Flag(help: "Show what would be created and change nothing.") var dryRun = false

    func validate() throws {
        if customers.isEmpty { throw ValidationError("Name at least one --customer (a Syncro customer id).") }
        if let bad = customers.first(where: { $0 < 1 }) {
            throw ValidationError("--customer is a Syncro customer id, a number from 1 up (not \(bad)).")
        }
    }

    func run() async throws {
        let configuration = try options.configuration()
        let workbench = try options.workbench(configuration, accounts: !dryRun)
        let workspace = workbench.workspace
        for id in customers where workspace.catalog.customer(id) == nil {
            throw Failure("Syncro customer #\(id) is not in the state file; run rematch sync.")
        }
        var planned: [Int] = []
        do {
            let plan = try workspace.plan(.createOrganization(customers: customers), user: "")
            for case let .customer(id, _, .createOrganization(name)?) in plan.edits {
                planned.append(id)
                let customer = workspace.catalog.customer(id)?.displayName ?? "#\(id)"
                print("create: \(TerminalText.sanitize(name)) for \(TerminalText.sanitize(customer)) (#\(id))")
            }
            for line in plan.skipped { print("left out: " + TerminalText.sanitize(line)) }
        } catch {
            print("left out: " + TerminalText.sanitize(error.description))
        }
        if dryRun {
            print("Dry run: nothing changed.")
            return
        }
        if !planned.isEmpty {
            guard try yes || Confirmation.ask("Create \(Formats.count(planned.count, "organization")) in IT Glue?") else {
                print("Nothing created.")
                return
            }
            try workbench.perform(.createOrganization(customers: planned))
        }
        // Also what an interrupted earlier run left waiting (and, as a sync would, their devices' configurations).
        try finish(creating: await workbench.carryOutPendingWrites(), "record(s)")
    }
}

struct MoveDevicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "move-devices",
        abstract: "Move into a customer's organization the IT Glue configurations of its devices documented elsewhere.",
        discussion: """
            A device whose own serial or MAC (one that a single asset and a single configuration carry in the whole \
            account) is documented in another customer's organization has probably changed hands; it is flagged \
            "possibly moved" and never linked by itself. This command lists those devices of the customer (or of every \
            matched customer) and, once confirmed, moves each configuration into the device's organization in IT Glue \
            (its history stays with it) and matches the device to it. A configuration a PSA keeps is never moved: IT \
            Glue refuses it; move it in the PSA. Every move is in the audit log; IT Glue's answer decides whether it \
            moved. On a terminal it asks first; a script passes --yes.
            """)

    @OptionGroup var options: CommonOptions
    @Option(parsing: .unconditional, help: "The Syncro customer id (default: every matched customer).") var customer: Int?
    @Flag(help: "Move without asking (for scripts).") var yes = false
    @Flag(help: "Show what would be moved and change nothing.") var dryRun = false

    func validate() throws {
        if let customer, customer < 1 { throw ValidationError("--customer is a Syncro customer id, a number from 1 up (not \(customer)).") }
    }

    func run() async throws {
        let configuration = try options.configuration()
        let workbench = try options.workbench(configuration, accounts: !dryRun)
        let workspace = workbench.workspace
        var customers = workspace.customerIDs.filter { workspace.status(ofCustomer: $0).organizationID != nil }
        if let customer {
            guard let record = workspace.catalog.customer(customer) else {
                throw Failure("Syncro customer #\(customer) is not in the state file; run rematch sync.")
            }
            guard workspace.status(ofCustomer: customer).organizationID != nil else {
                throw Failure("\(TerminalText.sanitize(record.displayName)) is not matched to an IT Glue organization yet.")
            }
            customers = [customer]
        }
        let flagged = customers.flatMap { workspace.assets(ofCustomer: $0, in: .unmatched) }
            .filter { workspace.status(ofAsset: $0.id).suggestion.moved != nil }.map(\.id)
        var planned = 0
        if flagged.isEmpty {
            print("No unmatched device is documented in another organization.")
        } else {
            let plan = try? workspace.plan(.moveDevice(assets: flagged), user: "")
            for id in flagged {
                guard let moved = workspace.status(ofAsset: id).suggestion.moved, let asset = workspace.catalog.asset(id) else { continue }
                let into = workspace.status(ofCustomer: asset.customerID).organizationID.flatMap { workspace.catalog.organization($0)?.name } ?? "?"
                let settled = workspace.moveSettlement(ofAsset: id).map { "; " + $0 } ?? ""
                print("move: \(TerminalText.sanitize(moved.configurationName)) from \(TerminalText.sanitize(moved.organizationName)) to "
                    + "\(TerminalText.sanitize(into)) for \(TerminalText.sanitize(asset.name)) (\(TerminalText.sanitize(moved.reason + settled)))")
            }
            for line in plan?.skipped ?? [] { print("left out: " + TerminalText.sanitize(line)) }
            planned = plan?.edits.count ?? 0
        }
        if dryRun {
            print("Dry run: nothing changed.")
            return
        }
        if planned > 0 {
            guard try yes || Confirmation.ask("Move \(Formats.count(planned, "configuration")) in IT Glue?") else {
                print("Nothing moved.")
                return
            }
            print(TerminalText.sanitize(try workbench.perform(.moveDevice(assets: flagged)).summary))
        }
        // Also the moves an interrupted earlier run left waiting.
        let report = await workbench.carryOutPendingMoves(organizationID: customer.flatMap { workspace.status(ofCustomer: $0).organizationID })
        print(report: report)
        print("\(report.moved.count) moved, \(report.failures.count) failed.")
        if !report.failures.isEmpty { throw Failure("\(report.failures.count) configuration(s) could not be moved; see above.") }
    }
}

/// The end of a command that creates records: each line of the report, the counts, then a failure for what
/// could not be created, or exit 75 for writes that wait for an earlier request that may still land.
func finish(creating report: WriteReport, _ what: String) throws {
    print(report: report)
    print("\(report.created.count) created, \(report.found.count) found already made, \(report.failures.count) failed.")
    if !report.failures.isEmpty { throw Failure("\(report.failures.count) \(what) could not be created; see above.") }
    if let waiting = waitingFailure(report) { throw waiting }
}

/// A yes/no question on the terminal; without one, it refuses rather than guess.
enum Confirmation {
    static func ask(_ question: String) throws -> Bool {
        guard isatty(STDIN_FILENO) != 0 else {
            throw Failure("\(question) There is no terminal to ask on: pass --yes to go ahead, or --dry-run to look first.")
        }
        FileHandle.standardError.write(Data("\(question) [y/N] ".utf8))
        guard let answer = readLine() else { return false }
        return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }
}

struct RetireConfigurationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retire-configurations",
        abstract: "Mark Inactive the IT Glue configurations matched to devices that are gone from Syncro.",
        discussion: """
            Every configuration still matched to a device gone from Syncro is offered, however the match came about             (a unique MAC/serial, an accepted suggestion, by hand, or created by Rematch); archived and already             inactive ones are left out. Nothing is marked silently: sync only lists them; this command shows each             configuration, its vanished device and how it was matched, then on a terminal asks before marking them.             A script passes --yes; --dry-run only shows them.
            """)

    @OptionGroup var options: CommonOptions
    @Flag(help: "Mark them without asking (for scripts).") var yes = false
    @Flag(help: "List them and change nothing.") var dryRun = false

    func run() async throws {
        let configuration = try options.configuration()
        let workbench = try options.workbench(configuration, accounts: !dryRun)
        let workspace = workbench.workspace
        let candidates = workspace.retirableConfigurations
        guard !candidates.isEmpty else {
            print("No matched configuration belongs to a device gone from Syncro.")
            return
        }
        print("\(Formats.count(candidates.count, "configuration")) matched to devices gone from Syncro:")
        // The last sync remembers the names of the devices it found gone.
        for line in workspace.retirementPreview(vanished: try? workbench.lastSyncChanges()) { print("  " + line) }
        if dryRun {
            print("Dry run: nothing changed.")
            return
        }
        guard try yes || Confirmation.ask("Mark \(Formats.count(candidates.count, "configuration")) Inactive in IT Glue?") else {
            print("Nothing changed.")
            return
        }
        let report = await workbench.retireConfigurations()
        print(report: report)
        if !report.failures.isEmpty { throw Failure("\(report.failures.count) configuration(s) could not be changed; see above.") }
    }
}
