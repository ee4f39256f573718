import ArgumentParser
import Foundation
import RematchConfig
import RematchCore
import RematchStore

/// Options every command that touches the accounts or the state file shares.
struct CommonOptions: ParsableArguments {
    @Option(help: "The state file (default: $REMATCH_STATE, else $XDG_DATA_HOME/rematch/state.sqlite).")
    var state: String?

    @Option(help: "The configuration file (default: $XDG_CONFIG_HOME/rematch/config.toml).")
    var config: String?

    func configuration() throws -> RematchConfiguration {
        do {
            return try RematchConfiguration.load(path: config)
        } catch {
            throw Failure(error.message)
        }
    }

    func session(_ configuration: RematchConfiguration) throws -> MatchingSession {
        let path = StatePath.resolve(explicit: state ?? configuration.state)
        do {
            return try MatchingSession(store: try StateStore(path: path))
        } catch let error as StoreError {
            throw Failure(error.message)
        } catch {
            throw Failure("Cannot open the state file \(path): \(error)")
        }
    }
}

/// Writes to stderr.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// A progress line on stderr, redrawn in place, only when stderr is a terminal.
struct ProgressLine: Sendable {
    let enabled = isatty(STDERR_FILENO) != 0

    func show(_ text: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + TerminalText.sanitize(text)).utf8))
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
