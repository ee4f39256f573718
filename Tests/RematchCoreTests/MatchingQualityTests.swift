import Foundation
import Testing
import RematchCore
import RematchSandbox

/// Measures the matcher on generated accounts with the trap classes of issue 12, through ``MatchingQualityReport``.
/// Seeds 1–3 are the tuning seeds; the thresholds hold on held-out seeds. Zero wrong auto-links is the rule; the
/// ratios are what the matcher achieves today, rounded down (the issue's target is printed beside each), to be
/// tightened as the matcher improves.
@Suite("Matching quality on generated data")
struct MatchingQualityTests {
    static let tuningSeeds: [UInt64] = [1, 2, 3]
    static let heldOutSeeds: [UInt64] = [101, 102, 103]

    /// Today's figures on the held-out seeds, per account size.
    struct Floor: Sendable, CustomTestStringConvertible {
        var customers: Int
        var organizationFirstRight: Double
        var deviceFirstRight: Double
        var plainPrecision: Double
        var plainWithoutCounterpart: Int
        var testDescription: String { "\(customers) customers" }
    }

    static let floors = [
        Floor(customers: 300, organizationFirstRight: 1.000, deviceFirstRight: 1.000, plainPrecision: 1.000, plainWithoutCounterpart: 0),
        Floor(customers: 2_000, organizationFirstRight: 0.999, deviceFirstRight: 1.000, plainPrecision: 1.000, plainWithoutCounterpart: 0),
    ]

    static func report(seeds: [UInt64], customers: Int) -> MatchingQualityReport {
        let reports = seeds.map { MatchingQualityReport(DemoData.generate(seed: $0, customers: customers), label: "seed \($0)") }
        return MatchingQualityReport(combining: reports, label: "\(customers) customers, seeds \(seeds.map(String.init).joined(separator: ", "))")
    }

    static func check(_ label: String, _ value: Double?, atLeast floor: Double, target: Double) {
        let shown = value.map { String(format: "%.4f", $0) } ?? "—"
        print("\(label): \(shown) (today's floor \(String(format: "%.3f", floor)), target ≥ \(target))")
        #expect((value ?? 1) >= floor, "\(label) \(shown) fell below \(floor)")
    }

    @Test("held-out seeds: no wrong auto-link; first proposal right and plain suggestions at least today's", arguments: floors)
    func heldOut(_ floor: Floor) {
        let start = Date()
        let report = Self.report(seeds: Self.heldOutSeeds, customers: floor.customers)
        print(report.text(missesPerClass: 3))
        let organizations = report.organizationTotal, devices = report.deviceTotal
        #expect(organizations.wrongAutoLinks == 0, "wrong organization auto-links")
        #expect(devices.wrongAutoLinks == 0, "wrong device auto-links")
        Self.check("organization first proposal right", MatchingQualityReport.share(organizations.firstRight, of: organizations.withTruth),
                   atLeast: floor.organizationFirstRight, target: 0.995)
        Self.check("device first proposal right", MatchingQualityReport.share(devices.firstRight, of: devices.withTruth),
                   atLeast: floor.deviceFirstRight, target: 0.995)
        Self.check("plain suggestion precision", MatchingQualityReport.share(organizations.plainRight, of: organizations.plainSuggestions),
                   atLeast: floor.plainPrecision, target: 1)
        print("plain suggestions for customers without a counterpart: \(organizations.plainWithoutTruth) (today's ceiling \(floor.plainWithoutCounterpart), target 0)")
        #expect(organizations.plainWithoutTruth <= floor.plainWithoutCounterpart)
        print(String(format: "%d customers × %d seeds in %.1f s", floor.customers, Self.heldOutSeeds.count, Date().timeIntervalSince(start)))
    }

    @Test("tuning seeds: no wrong auto-link of organizations or devices")
    func tuning() {
        let report = Self.report(seeds: Self.tuningSeeds, customers: 300)
        print(report.text(missesPerClass: 2))
        #expect(report.organizationTotal.wrongAutoLinks == 0)
        #expect(report.deviceTotal.wrongAutoLinks == 0)
    }
}
