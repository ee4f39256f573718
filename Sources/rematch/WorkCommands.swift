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
        let document = ExportDocument(workspace: try options.workbench(try options.configuration()).workspace)
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
        abstract: "Accept every unambiguous organization suggestion with at least the given score.")

    @OptionGroup var options: CommonOptions
    @Option(help: "The lowest score to accept, 0 to 1.") var minScore = 0.9
    @Flag(help: "Show what would be accepted and change nothing.") var dryRun = false

    func validate() throws {
        guard (0...1).contains(minScore) else { throw ValidationError("--min-score is between 0 and 1.") }
    }

    func run() async throws {
        let workbench = try options.workbench(try options.configuration())
        let workspace = workbench.workspace
        let chosen = workspace.confidentSuggestions(minimumScore: minScore)
        for (id, best) in chosen {
            print("\(dryRun ? "would accept" : "accept"): \(TerminalText.sanitize(workspace.catalog.customer(id)?.displayName ?? "#\(id)")) → "
                + "\(TerminalText.sanitize(best.name)) (\(Formats.score(best.score)), \(TerminalText.sanitize(best.reason)))")
        }
        guard !chosen.isEmpty else {
            print("No unmatched customer has an unambiguous suggestion scoring \(minScore) or more.")
            return
        }
        if dryRun {
            print("\(chosen.count) suggestions would be accepted (dry run: nothing changed).")
            return
        }
        print(TerminalText.sanitize(try workbench.perform(.acceptSuggestion(customers: chosen.map(\.customer))).summary))
    }
}

struct CreateConfigurationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-configurations",
        abstract: "Create IT Glue configurations for a customer's remaining unmatched devices.",
        discussion: """
            Every unmatched device of the customers matched to the customer's organization becomes a configuration, \
            typed by the Desktop/Laptop/Server/Other mapping, with name, hostname, the primary MAC of a real adapter, \
            a real serial, status Active and a note linking the Syncro asset. Each is created exactly once.
            """)

    @OptionGroup var options: CommonOptions
    @Option(help: "The Syncro customer id.") var customer: Int
    @Flag(help: "Show what would be created and change nothing.") var dryRun = false

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
        let plan = workbench.bulkCreatePlan(organizationID: organization)
        print("\(plan.assets.count) configurations for \(TerminalText.sanitize(plan.organizationName)):")
        for group in plan.groups {
            print("  \(group.count) \(group.deviceClass.title) → \(TerminalText.sanitize(group.typeName ?? "no type mapped"))")
        }
        if plan.withSuggestion > 0 {
            print("  \(plan.withSuggestion) of these have a suggestion: matching may be better than creating.")
        }
        if dryRun {
            print("Dry run: nothing changed.")
            return
        }
        if !plan.assets.isEmpty { try workbench.perform(.createAllConfigurations(organizationID: organization)) }
        let report = await workbench.carryOutPendingWrites(organizationID: organization)
        print(report: report)
        print("\(report.created.count) created, \(report.found.count) found already made, \(report.failures.count) failed.")
        if !report.failures.isEmpty { throw Failure("\(report.failures.count) configuration(s) could not be created; see above.") }
    }
}

struct RetireConfigurationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retire-configurations",
        abstract: "Mark Inactive the IT Glue configurations matched to devices that are gone from Syncro.",
        discussion: "Nothing is marked silently: sync only lists them; this command does it, after a --dry-run if you like.")

    @OptionGroup var options: CommonOptions
    @Flag(help: "List them and change nothing.") var dryRun = false

    func run() async throws {
        let configuration = try options.configuration()
        let workbench = try options.workbench(configuration, accounts: !dryRun)
        let candidates = workbench.workspace.retirableConfigurations
        for (assetID, record) in candidates {
            print("\(dryRun ? "would mark Inactive" : "mark Inactive"): \(TerminalText.sanitize(record.name)) (#\(record.id)), Syncro asset #\(assetID) is gone")
        }
        guard !candidates.isEmpty else {
            print("No matched configuration belongs to a device gone from Syncro.")
            return
        }
        if dryRun {
            print("Dry run: nothing changed.")
            return
        }
        let report = await workbench.retireConfigurations()
        print(report: report)
        if !report.failures.isEmpty { throw Failure("\(report.failures.count) configuration(s) could not be changed; see above.") }
    }
}
