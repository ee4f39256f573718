import ArgumentParser
import Foundation
import RematchConfig
import RematchCore
import RematchStore
import RematchSync
import RematchHTTP
import SyncroAPI
import ITGlueAPI

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export every customer and device with its state, match and suggestion.",
        discussion: "The format is stable; the README documents it.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, csv }

    @OptionGroup var options: CommonOptions
    @Option(help: "json or csv.") var format: Format = .json
    @Option(help: "Write to this file instead of stdout.") var output: String?

    func run() async throws {
        let session = try options.session(try options.configuration())
        let document = ExportDocument(workspace: session.workspace)
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
        var session = try options.session(try options.configuration())
        let workspace = session.workspace
        let chosen = workspace.customers(in: .unmatched).filter { id in
            let suggestion = workspace.status(ofCustomer: id).suggestion
            return !suggestion.isAmbiguous && (suggestion.best?.score ?? 0) >= minScore
        }
        for id in chosen {
            let best = workspace.status(ofCustomer: id).suggestion.best!
            print("\(dryRun ? "would accept" : "accept"): \(TerminalText.sanitize(workspace.catalog.customer(id)!.displayName)) → "
                + "\(TerminalText.sanitize(best.name)) (\(String(format: "%.2f", best.score)), \(TerminalText.sanitize(best.reason)))")
        }
        guard !chosen.isEmpty else {
            print("No unmatched customer has an unambiguous suggestion scoring \(minScore) or more.")
            return
        }
        if dryRun {
            print("\(chosen.count) suggestions would be accepted (dry run: nothing changed).")
            return
        }
        do {
            let change = try session.perform(.acceptSuggestion(customers: chosen))
            print(change.summary)
        } catch {
            throw Failure("\(error)")
        }
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
        var session = try options.session(configuration)
        let workspace = session.workspace
        guard let record = workspace.catalog.customer(customer) else { throw Failure("Syncro customer #\(customer) is not in the state file; run rematch sync.") }
        guard let organization = workspace.status(ofCustomer: customer).organizationID else {
            throw Failure("\(TerminalText.sanitize(record.displayName)) is not matched to an IT Glue organization yet.")
        }
        let preview = workspace.bulkCreatePreview(organizationID: organization)
        let organizationName = TerminalText.sanitize(workspace.catalog.organization(organization)?.name ?? organization)
        let types = Dictionary(workspace.catalog.snapshot.configurationTypes.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        print("\(preview.assets.count) configurations for \(organizationName):")
        for deviceClass in preview.countsByClass.keys.sorted() {
            let type = workspace.typeMapping[deviceClass].flatMap { types[$0] } ?? "no type mapped"
            print("  \(preview.countsByClass[deviceClass]!) \(deviceClass.title) → \(type)")
        }
        if preview.withSuggestion > 0 {
            print("  \(preview.withSuggestion) of these have a suggestion: matching may be better than creating.")
        }
        if dryRun {
            print("Dry run: nothing changed.")
            return
        }
        if !preview.assets.isEmpty {
            do { try session.perform(.createAllConfigurations(organizationID: organization)) } catch { throw Failure("\(error)") }
        }
        let accounts: Accounts
        do { accounts = try configuration.accounts() } catch { throw Failure(error.message) }
        let synchronizer: Synchronizer
        do { synchronizer = try Synchronizer(accounts: accounts) } catch { throw Failure(error.message) }
        let report = await RemoteWriter(itGlue: synchronizer.itGlue).createConfigurations(session: &session, organizationID: organization)
        print(report: report)
        print("\(report.created.count) created, \(report.adopted.count) found already made, \(report.failures.count) failed.")
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
        var session = try options.session(configuration)
        let candidates = session.workspace.retirableConfigurations
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
        let accounts: Accounts
        do { accounts = try configuration.accounts() } catch { throw Failure(error.message) }
        let synchronizer: Synchronizer
        do { synchronizer = try Synchronizer(accounts: accounts) } catch { throw Failure(error.message) }
        let report = await RemoteWriter(itGlue: synchronizer.itGlue).retireConfigurations(session: &session)
        print(report: report)
        if !report.failures.isEmpty { throw Failure("\(report.failures.count) configuration(s) could not be changed; see above.") }
    }
}
