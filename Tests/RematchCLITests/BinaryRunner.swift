import Foundation
import Subprocess
import SystemPackage
import Testing

/// What a finished child process left: its exit status (128 + N when signal N ended it, as shells report
/// it) and everything it wrote.
struct ProcessOutput: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Child processes for the tests, on swift-subprocess.
///
/// Not `Foundation.Process`: on Linux it notices a child's exit through a socket the child inherits, so when
/// the child starts a long-lived grandchild (the first `tmux new-session` starts the tmux server) the socket
/// stays open and `waitUntilExit()` never returns (swift-corelibs-foundation#4795). On a fresh CI machine that
/// hung the whole suite. swift-subprocess waits on a pidfd and never blocks a concurrency-pool thread.
enum Child {
    /// Runs to completion and collects both streams.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> ProcessOutput {
        let result = try await Subprocess.run(
            .path(FilePath(executable)), arguments: Arguments(arguments), environment: overriding(environment),
            output: .string(limit: 64 << 20), error: .string(limit: 16 << 20))
        return ProcessOutput(status: status(result.terminationStatus), stdout: result.standardOutput,
                             stderr: result.standardError)
    }

    /// Runs a command found on PATH (tmux, curl, pkill) and returns its standard output.
    @discardableResult
    static func tool(_ name: String, _ arguments: [String]) async throws -> String {
        let result = try await Subprocess.run(.name(name), arguments: Arguments(arguments), output: .string(limit: 16 << 20))
        return result.standardOutput
    }

    /// Starts the binary, hands it to `body` (which may read its streams and signal it), then waits for it to
    /// end.
    static func withRunning<T: Sendable, Output: OutputProtocol, Error: ErrorOutputProtocol>(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:],
        output: Output, error: Error,
        _ body: (Execution<NoInput, Output, Error>) async throws -> T
    ) async throws -> (status: Int32, value: T) {
        let result = try await Subprocess.run(
            .path(FilePath(executable)), arguments: Arguments(arguments), environment: overriding(environment),
            input: .none, output: output, error: error, body: body)
        return (status(result.terminationStatus), result.closureResult)
    }

    static func overriding(_ environment: [String: String]) -> Subprocess.Environment {
        .inherit.updating(Dictionary(uniqueKeysWithValues: environment.map { (Subprocess.Environment.Key(stringLiteral: $0.key), $0.value) }))
    }

    static func status(_ termination: TerminationStatus) -> Int32 {
        switch termination {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
    }
}

/// Runs the `rematch` binary that `swift build` put beside the test bundle.
enum BinaryRunner {
    static var executable: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // On macOS the test binary sits inside an .xctest bundle.
        while directory.pathExtension == "xctest" || directory.lastPathComponent == "MacOS" || directory.lastPathComponent == "Contents" {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("rematch")
    }

    static func run(_ arguments: [String], environment: [String: String] = [:], executable: URL = BinaryRunner.executable) async throws
        -> ProcessOutput
    {
        try await Child.run(executable.path, arguments, environment: environment)
    }
}
