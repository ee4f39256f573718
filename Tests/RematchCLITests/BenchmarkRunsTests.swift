import Foundation
import Testing

@Suite("rematch-bench", .timeLimit(.minutes(5)))
struct BenchmarkRunsTests {
    @Test("the benchmark runs at a tiny scale and reports every figure with its target (no timing is asserted)")
    func tiny() async throws {
        let bench = BinaryRunner.executable.deletingLastPathComponent().appendingPathComponent("rematch-bench")
        let result = try await BinaryRunner.run(["--tiny", "--json"], executable: bench)
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let results = try #require(json["results"] as? [[String: Any]])
        #expect(Set(results.compactMap { $0["id"] as? String }) == ["suggestions", "devices", "keystroke", "frame", "triage-frame", "sync", "sync-memory",
                                                                      "sync-floor-real", "sync-floor", "determinism", "first-frame", "workspace",
                                                                      "memory"])
        for row in results {
            #expect(row["value"] is Double || row["value"] is Int)
            #expect((row["target"] as? String)?.isEmpty == false)
            #expect((row["detail"] as? String)?.hasPrefix("failed") == false, "\(row)")
        }
    }
}
