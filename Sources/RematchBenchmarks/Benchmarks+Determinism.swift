import Foundation
import RematchCore
import RematchStore

extension Benchmarks {
    // MARK: The same answers in every process

    /// Every process hashes with its own random seed, so an answer that leans on a dictionary's order differs from
    /// one run to the next; on small data ties are rare enough to hide it. Three `rematch` children read the same
    /// state of 10,000 customers and 100,000 assets: the export (all but its time) and a bulk accept dry run must be
    /// the same in each.
    static func determinism(tiny: Bool, log: @escaping @Sendable (String) -> Void) -> BenchmarkResult {
        let snapshot = firstFrameSnapshot(tiny: tiny)
        log("determinism: export and accept-suggestions --dry-run in three processes, \(snapshot.customers.count) customers…")
        let failed = { (why: String) in
            BenchmarkResult(id: "determinism", figure: "the same answers", detail: "failed: \(why)", median: nil, p99: nil, value: 0,
                            unit: "", target: "1 answer of each", met: false, baseline: nil, note: "")
        }
        do {
            let (store, directory) = try temporaryStore(snapshot)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let environment = ["REMATCH_STATE": store.path]
            _ = consume store
            var exports: Set<String> = [], plans: Set<String> = []
            var planLines = 0
            for _ in 0..<3 {
                guard let binary = rematchBinary,
                      let export = childOutput(binary, ["export", "--format", "json"], environment: environment),
                      let plan = childOutput(binary, ["accept-suggestions", "--min-score", "0.5", "--dry-run"], environment: environment)
                else { return failed("rematch failed or the binary is missing") }
                // All but the moment it was made.
                exports.insert(export.replacingOccurrences(of: #""generated_at"\s*:\s*"[^"]*""#, with: "", options: .regularExpression))
                plans.insert(plan)
                planLines = plan.split(separator: "\n").count
            }
            let distinct = max(exports.count, plans.count)
            return BenchmarkResult(id: "determinism", figure: "the same answers",
                                   detail: "three processes on \(snapshot.customers.count) customers and \(snapshot.assets.count) assets: "
                                       + "\(exports.count) distinct export(s) of \(exports.first.map { $0.utf8.count / 1024 } ?? 0) KiB, "
                                       + "\(plans.count) distinct bulk accept plan(s) of \(planLines) lines",
                                   median: nil, p99: nil, value: Double(distinct), unit: "answers", target: "1 answer of each",
                                   met: distinct == 1, baseline: nil, note: "")
        } catch {
            return failed("\(error)")
        }
    }
}
