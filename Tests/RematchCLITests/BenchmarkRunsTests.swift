import Foundation
import Testing

@Suite("rematch-bench")
struct BenchmarkRunsTests {
    @Test("the benchmark runs at a tiny scale and reports every figure with its target (no timing is asserted)")
    func tiny() async throws {
        let bench = BinaryRunner.executable.deletingLastPathComponent().appendingPathComponent("rematch-bench")
        let result = try await offPool { () -> (Int32, Data) in
            let process = Process()
            process.executableURL = bench
            process.arguments = ["--tiny", "--json"]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, data)
        }
        #expect(result.0 == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: result.1) as? [String: Any])
        let results = try #require(json["results"] as? [[String: Any]])
        #expect(Set(results.compactMap { $0["id"] as? String }) == ["suggestions", "devices", "keystroke", "frame", "sync", "first-frame", "memory"])
        for row in results {
            #expect(row["value"] is Double || row["value"] is Int)
            #expect((row["target"] as? String)?.isEmpty == false)
        }
    }
}
