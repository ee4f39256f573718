import Foundation
import RematchSandbox

extension Benchmarks {
    /// `rematch-bench quality`: the per-class quality report (#12, writes #26) for each size over the given seeds
    /// (held-out seeds 401–403 by default), all seeds of a size combined into one report.
    public static func quality(seeds: [UInt64], customers: [Int], missesPerClass: Int, log: (String) -> Void) -> String {
        customers.map { count in
            let reports = seeds.map { seed in
                log("quality: seed \(seed), \(count) customers…")
                return MatchingQualityReport(DemoData.generate(seed: seed, customers: count), label: "seed \(seed)")
            }
            let label = "\(count) customers, seeds \(seeds.map(String.init).joined(separator: ", "))"
            return MatchingQualityReport(combining: reports, label: label).text(missesPerClass: missesPerClass)
        }.joined(separator: "\n\n")
    }
}
