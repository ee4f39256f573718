import ArgumentParser
import Foundation
import RematchConfig
import RematchCore
import RematchHTTP
import RematchStore
import RematchSync

@main
struct Rematch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rematch",
        abstract: "Match Syncro customers and devices to IT Glue organizations and configurations.",
        discussion: """
            Rematch keeps the matching state in one SQLite file: --state PATH, else $REMATCH_STATE, \
            else $XDG_DATA_HOME/rematch/state.sqlite (~/.local/share/rematch/state.sqlite). A team keeps one \
            shared state in PostgreSQL instead: --state postgres://USER@HOST/DATABASE (TLS to any server not on this \
            machine; the password in the URL or in PGPASSWORD); rematch migrate-state copies a file into it.

            The console and every command work through one owner of the state, so they behave alike; one \
            process writes a state at a time, and commands that only read (status, export, changes, log) work beside it.

            Exit status: 0 success, 1 failure, 2 usage error. The reference (matching rules, sync and writes, \
            the sandbox, keys) is in the Markdown catalogs under Sources/*/*.docc in the source tree.
            """,
        version: "0.1.0",
        subcommands: [
            ConsoleCommand.self, Demo.self, SyncCommand.self, StatusCommand.self, ExportCommand.self, AcceptSuggestionsCommand.self,
            CreateOrganizationsCommand.self, CreateConfigurationsCommand.self, MoveDevicesCommand.self, RetireConfigurationsCommand.self, ChangesCommand.self, LogCommand.self,
            CheckCommand.self, MigrateStateCommand.self, SandboxCommand.self,
        ],
        defaultSubcommand: ConsoleCommand.self
    )

    /// Runs the command with Rematch's exit codes: 0 success, 1 failure, 2 usage.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as Failure {
            fail(error.message, code: error.exitCode)
        } catch let error as ConfigurationError {
            fail(error.message)
        } catch let error as StoreError {
            fail(error.message)
        } catch let error as APIError {
            fail(error.message)
        } catch let error as DecisionConflict {
            fail(error.description)
        } catch let error as ActionError {
            fail(error.message)
        } catch let error as WorkbenchError {
            fail(error.description)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                Foundation.exit(0)
            }
            if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            Foundation.exit(code == .validationFailure ? 2 : 1)
        }
    }
}

/// Prints "rematch: message" on stderr and exits with the code (1 unless said).
func fail(_ message: String, code: Int32 = 1) -> Never {
    FileHandle.standardError.write(Data("rematch: \(message)\n".utf8))
    Foundation.exit(code)
}

/// A failure while running a command (not a usage error): printed as "rematch: message", exit 1 (or its own code).
struct Failure: Error {
    var message: String
    var exitCode: Int32 = 1
    /// Nothing failed, but writes wait for earlier requests to settle: run again later (EX_TEMPFAIL).
    static let tryAgainLater: Int32 = 75
    init(_ message: String, exitCode: Int32 = 1) {
        self.message = message
        self.exitCode = exitCode
    }
    init(_ error: any Error) { message = "\(error)" }
}
