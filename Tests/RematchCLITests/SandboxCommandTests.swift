import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Reads lines from a pipe as they come.
final class LineReader: @unchecked Sendable {
    private let handle: FileHandle
    private var buffer = Data()

    init(_ pipe: Pipe) { handle = pipe.fileHandleForReading }

    /// The next line, or nil at end of stream.
    func nextLine() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[buffer.startIndex..<newline]
                buffer.removeSubrange(buffer.startIndex...newline)
                return String(decoding: line, as: UTF8.self)
            }
            let chunk = handle.availableData
            if chunk.isEmpty { return buffer.isEmpty ? nil : String(decoding: buffer, as: UTF8.self) }
            buffer.append(chunk)
        }
    }
}

@Suite("rematch sandbox", .serialized)
struct SandboxCommandTests {
    @Test("prints one JSON line with URLs and keys, logs requests without keys, and stops on SIGTERM")
    func announceLogStop() async throws {
        let process = Process()
        process.executableURL = BinaryRunner.executable
        process.arguments = ["sandbox", "--seed", "2"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = LineReader(out), stderr = LineReader(err)
        let first = try #require(stdout.nextLine())
        let announcement = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: String])
        let syncroURL = try #require(announcement["syncro_url"])
        let key = try #require(announcement["syncro_api_key"])
        #expect(syncroURL.hasPrefix("http://127.0.0.1:") && syncroURL.hasSuffix("/api/v1"))
        #expect(announcement["itglue_url"]?.hasPrefix("http://127.0.0.1:") == true)
        #expect(announcement["itglue_api_key"]?.hasPrefix("ITG.") == true)

        // One request with the key in the query string: the log line must not show it.
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        curl.arguments = ["curl", "-s", "-o", "/dev/null", "\(syncroURL)/customers?api_key=\(key)&page=1"]
        try curl.run()
        curl.waitUntilExit()
        let line = try #require(stderr.nextLine())
        #expect(line.hasPrefix("syncro GET /api/v1/customers?api_key=[hidden]&page=1 200 "))
        #expect(!line.contains(key))

        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test("a bad fixture is a failure naming the record; a bad fault spec is a usage error")
    func badInput() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fixture = directory + "/bad.json"
        try Data(#"{"syncro":{"customers":[{"id":"x"}]}}"#.utf8).write(to: URL(fileURLWithPath: fixture))
        let bad = try await BinaryRunner.run(["sandbox", "--fixture", fixture])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains(#"bad.json: syncro.customers[0]: "id" must be an integer"#))
        let faults = try await BinaryRunner.run(["sandbox", "--faults", "418@syncro"])
        #expect(faults.status == 2)
        #expect(faults.stderr.contains("unknown kind"))
    }
}
