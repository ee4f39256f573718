import ArgumentParser
import Foundation
import RematchConfig
import RematchStore

struct MigrateStateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-state",
        abstract: "Copy the state into a PostgreSQL database for a team (or back into a file), losing nothing.",
        discussion: """
            Copies the snapshot, every decision with when it was made, the undo history, the audit log, the type \
            mapping, the sync status, the last sync's changes and the write journal (so no write is sent twice) from \
            the state (--state, else $REMATCH_STATE, else the default file) into --to, which must be empty: an empty \
            PostgreSQL database (CREATE DATABASE rematch) or a path where no state file exists. Both are held while \
            copying, so no console or command changes them meanwhile. The copy is read back and compared before the \
            command reports success; the original is left as it was. Then point state = "…" in config.toml (or \
            $REMATCH_STATE) at the new one.
            """)

    @OptionGroup var options: CommonOptions

    @Option(help: ArgumentHelp("Where to copy the state: postgres://USER@HOST/DATABASE, or a file path.", valueName: "path-or-url"))
    var to: String

    func run() async throws {
        let configuration = try options.configuration()
        let from = StatePath.resolve(explicit: options.state ?? configuration.state)
        guard from != to else { throw Failure("The state and --to are the same place; nothing to copy.", exitCode: 2) }
        if !PostgresLocation.isDatabaseURL(from), !FileManager.default.fileExists(atPath: from) {
            throw Failure("There is no state file at \(from) to copy.")
        }
        if !PostgresLocation.isDatabaseURL(to), FileManager.default.fileExists(atPath: to) {
            throw Failure("\(to) already exists; nothing was copied. Give a path where no file is, or an empty PostgreSQL database.")
        }
        let source = try CommonOptions.opening(from) { try StateStore(path: $0) }
        let destination = try CommonOptions.opening(to) { try StateStore(path: $0) }
        let copied = try source.copy(to: destination)
        print("Copied \(source.path) into \(destination.path):")
        print("  snapshot: \(copied.customers) customers, \(copied.assets) assets, \(copied.organizations) organizations, "
            + "\(copied.configurations) configurations")
        print("  \(copied.decisions) decisions, \(copied.undoSteps) undo steps, \(copied.auditLines) audit lines, "
            + "\(copied.journalEntries) journal entries")
        print("Read back and checked. To use it: state = \"\(destination.path)\" in config.toml (add the password, or set PGPASSWORD).")
    }
}
