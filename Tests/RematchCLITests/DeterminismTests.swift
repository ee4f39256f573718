import Foundation
import RematchSandbox
import RematchTestSupport
import Testing

/// Every process hashes with its own random seed, so an answer that leans on a dictionary's order differs from
/// one run to the next. The same state must give the same suggestions, the same export and the same bulk plan in
/// every process.
@Suite("The same state, the same answers", .serialized, .timeLimit(.minutes(5)))
struct DeterminismTests {
    @Test("export and a bulk accept dry run are identical across processes")
    func acrossProcesses() async throws {
        try await withRunningSandbox(.unlimited(seed: 7, scale: .medium)) { sandbox in
            try await withTemporaryDirectory("rematch-cli") { directory in
                let environment = sandbox.environment(state: directory + "/state.sqlite", configHome: directory + "/config")
                let sync = try await BinaryRunner.run(["sync"], environment: environment)
                #expect(sync.status == 0, "\(sync.stderr)")
                var exports: Set<String> = [], plans: Set<String> = []
                for _ in 0..<3 {
                    let export = try await BinaryRunner.run(["export", "--format", "json"], environment: environment)
                    #expect(export.status == 0, "\(export.stderr)")
                    // All but the moment it was made.
                    exports.insert(export.stdout.replacingOccurrences(of: #""generated_at"\s*:\s*"[^"]*""#, with: "", options: .regularExpression))
                    let plan = try await BinaryRunner.run(["accept-suggestions", "--min-score", "0.5", "--dry-run"], environment: environment)
                    #expect(plan.status == 0, "\(plan.stderr)")
                    plans.insert(plan.stdout)
                }
                #expect(exports.count == 1, "the export differs between processes")
                #expect(plans.count == 1, "the bulk accept plan differs between processes")
                #expect(plans.first?.contains("would accept") == true)
            }
        }
    }
}
