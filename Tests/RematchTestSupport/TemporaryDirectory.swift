import Foundation

/// A fresh directory under the system's temporary directory, made now; the caller removes it.
public func temporaryDirectory(_ prefix: String = "rematch-test") -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Runs `body` with a fresh temporary directory and removes the directory when `body` returns, including
/// when it throws.
public func withTemporaryDirectory<T>(_ prefix: String = "rematch-test", _ body: (String) throws -> T) rethrows -> T {
    let directory = temporaryDirectory(prefix)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    return try body(directory)
}

/// The same, for an async body.
public func withTemporaryDirectory<T>(_ prefix: String = "rematch-test", _ body: (String) async throws -> T) async rethrows -> T {
    let directory = temporaryDirectory(prefix)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    return try await body(directory)
}
