import ArgumentParser
import Foundation
import RematchConfig
import RematchCore
import RematchPresentation
import RematchStore
import RematchSync

/// Options every command that touches the accounts or the state file shares.
struct CommonOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The state: a file, or a team's PostgreSQL database as postgres://USER@HOST/DATABASE (default: $REMATCH_STATE, else $XDG_DATA_HOME/rematch/state.sqlite).",
                               valueName: "path-or-url"))
    var state: String?

    @Option(help: "The configuration file (default: $XDG_CONFIG_HOME/rematch/config.toml).")
    var config: String?

    func configuration() throws -> RematchConfiguration {
        // A file named on the command line must be there: running on defaults instead would hide the typo.
        if let config, !FileManager.default.fileExists(atPath: config) {
            throw Failure("There is no configuration file at \(config).")
        }
        do {
            return try RematchConfiguration.load(path: config)
        } catch {
            throw Failure(error.message)
        }
    }

    /// The state file's workbench; with `accounts`, able to sync and write (the configuration must name both
    /// accounts), else local only.
    func workbench(_ configuration: RematchConfiguration, accounts: Bool = false) throws -> Workbench {
        let synchronizer = accounts ? try Synchronizer(accounts: try configuration.accounts()) : nil
        return try Self.opening(StatePath.resolve(explicit: state ?? configuration.state)) { path in
            try Self.workbench(on: try StateStore(path: path), synchronizer: synchronizer, configuration)
        }
    }

    /// The state file's workspace for a command that only reads (status, export): it works while a console
    /// holds the file.
    func workspaceToRead(_ configuration: RematchConfiguration) throws -> (workspace: Workspace, store: StateStore) {
        try Self.opening(StatePath.resolve(explicit: state ?? configuration.state)) { path in
            let store = try StateStore(readingOnly: path)
            return (try store.loadWorkspace(), store)
        }
    }

    /// The state file opened to read only, its workspace not loaded (changes, log): it works while a console
    /// holds the file.
    func storeToRead(_ configuration: RematchConfiguration) throws -> StateStore {
        try Self.opening(StatePath.resolve(explicit: state ?? configuration.state)) { try StateStore(readingOnly: $0) }
    }

    /// A workbench on an open store, with the configuration's settings.
    static func workbench(on store: StateStore, synchronizer: Synchronizer?, _ configuration: RematchConfiguration) throws -> Workbench {
        try Workbench(store: store, user: configuration.user ?? OSUser.current, synchronizer: synchronizer,
                      writeBackLinks: configuration.writeBackLinks,
                      bulkAcceptMinimumScore: configuration.bulkAcceptMinScore ?? BulkAcceptPlan.defaultMinimumScore,
                      writeSettle: configuration.writeSettleSeconds ?? UnansweredWrite.defaultSettle)
    }

    /// The state file opened and locked, its workspace not yet loaded (the console loads it in the background).
    func store(_ configuration: RematchConfiguration) throws -> StateStore {
        try Self.opening(StatePath.resolve(explicit: state ?? configuration.state)) { try StateStore(path: $0) }
    }

    /// Runs `body` on the state file's path, turning what it throws into a message that names the file.
    static func opening<T>(_ path: String, _ body: (String) throws -> T) throws -> T {
        do {
            return try body(path)
        } catch {
            throw Self.failure(error, path: path)
        }
    }

    static func failure(_ error: any Error, path: String) -> Failure {
        if let error = error as? StoreError { return Failure(error.message) }
        return Failure("Cannot open the state \(StatePath.shown(path)): \(error)")
    }
}

/// Writes to stderr.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// A progress line on stderr, redrawn in place, only when stderr is a terminal.
struct ProgressLine: Sendable {
    let enabled = isatty(STDERR_FILENO) != 0

    /// Redraws the line, cut to the terminal's width so that it never wraps onto a second line.
    func show(_ text: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + TerminalText.truncate(TerminalText.sanitize(text), to: Self.width() - 1)).utf8))
    }

    /// The terminal's columns (80 when it does not say).
    static func width() -> Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }

    static func bar(_ fraction: Double, width: Int = 20) -> String {
        let filled = Int((fraction * Double(width)).rounded())
        return String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    }
}
