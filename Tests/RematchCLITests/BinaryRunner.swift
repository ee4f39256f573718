import Foundation
import Testing

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

    /// Starts the binary; the caller waits or kills.
    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs to completion on a thread of its own, so a test that hosts a sandbox in-process never blocks the
    /// threads that sandbox answers on.
    static func run(_ arguments: [String], environment: [String: String] = [:], executable: URL = BinaryRunner.executable) async throws
        -> (status: Int32, stdout: String, stderr: String)
    {
        try await offPool { try runBlocking(arguments, environment: environment, executable: executable) }
    }

    static func runBlocking(_ arguments: [String], environment: [String: String] = [:], executable: URL = BinaryRunner.executable) throws
        -> (status: Int32, stdout: String, stderr: String)
    {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}

/// Runs blocking work on a dedicated thread and waits for it without holding a concurrency-pool thread.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.start()
    }
}
