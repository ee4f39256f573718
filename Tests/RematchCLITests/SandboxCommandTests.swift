import Foundation
import Subprocess
import RematchTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("rematch sandbox", .serialized, .timeLimit(.minutes(5)))
struct SandboxCommandTests {
    @Test("prints one JSON line with URLs and keys, logs requests without keys, and stops on SIGTERM")
    func announceLogStop() async throws {
        let (status, _) = try await Child.withRunning(BinaryRunner.executable.path, ["sandbox", "--seed", "2"],
                                                      output: .sequence, error: .sequence) { sandbox in
            var stdout = sandbox.standardOutput.strings().makeAsyncIterator()
            var stderr = sandbox.standardError.strings().makeAsyncIterator()
            let first = try #require(try await stdout.next())
            let announcement = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: String])
            let syncroURL = try #require(announcement["syncro_url"])
            let key = try #require(announcement["syncro_api_key"])
            #expect(syncroURL.hasPrefix("http://127.0.0.1:") && syncroURL.hasSuffix("/api/v1"))
            #expect(announcement["itglue_url"]?.hasPrefix("http://127.0.0.1:") == true)
            #expect(announcement["itglue_api_key"]?.hasPrefix("ITG.") == true)

            // One request with the key in the query string: the log line must not show it.
            try await Child.tool("curl", ["-s", "-o", "/dev/null", "\(syncroURL)/customers?api_key=\(key)&page=1"])
            let line = try #require(try await stderr.next())
            #expect(line.hasPrefix("syncro GET /api/v1/customers?api_key=[hidden]&page=1 200 "))
            #expect(!line.contains(key))
            try sandbox.send(signal: .terminate)
            // Drain both streams to their end, so the sandbox never blocks on a full pipe while it stops.
            while try await stdout.next() != nil {}
            while try await stderr.next() != nil {}
        }
        #expect(status == 0)
    }

    @Test("a bad fixture is a failure naming the record; a bad fault spec is a usage error")
    func badInput() async throws {
        let directory = temporaryDirectory("rematch-cli")
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
