import Foundation
import RematchCore

extension MatchingQualityReport {
    /// The first-proposal-right share, or nil where nothing had a truth.
    public static func share(_ part: Int, of whole: Int) -> Double? { whole == 0 ? nil : Double(part) / Double(whole) }

    /// The lower bound of the Wilson score interval (95 %) of `right` of `total`: the share right that the
    /// measurement supports, which a few lucky suggestions cannot inflate.
    public static func wilsonLowerBound(_ right: Int, of total: Int) -> Double {
        guard total > 0 else { return 0 }
        let z = 1.959964, n = Double(total), p = Double(right) / n
        let centre = p + z * z / (2 * n), spread = z * ((p * (1 - p) + z * z / (4 * n)) / n).squareRoot()
        return (centre - spread) / (1 + z * z / n)
    }

    /// What a score is worth: per band, the unambiguous suggestions and the share right, in the band and for every
    /// suggestion at or above its lowest score, with the 95 % lower bound of that. Markdown, for the README.
    public var calibrationTable: String {
        var lines = ["| score | suggestions | right | share right | at or above: share right | at or above: 95 % lower bound |",
                     "|---|---|---|---|---|---|"]
        var cumulative = (suggestions: 0, right: 0)
        for (index, band) in calibration.enumerated() {
            cumulative.suggestions += band.suggestions
            cumulative.right += band.right
            let upper = index == 0 ? nil : Self.bandFloors[index - 1]
            let range = upper.map { String(format: "%.2f – %.2f", band.lower, $0 - 0.01) } ?? "1.00 (exact)"
            let share = Self.share(band.right, of: band.suggestions).map { String(format: "%.4f", $0) } ?? "—"
            let atOrAbove = Self.share(cumulative.right, of: cumulative.suggestions).map { String(format: "%.4f", $0) } ?? "—"
            let bound = String(format: "%.4f", Self.wilsonLowerBound(cumulative.right, of: cumulative.suggestions))
            lines.append("| \(range) | \(band.suggestions) | \(band.right) | \(share) | \(atOrAbove) | \(bound) |")
        }
        return lines.joined(separator: "\n")
    }

    /// The threshold a bulk accept can take without a person looking: the lowest band floor down to which every
    /// band holds suggestions, all of them right, each band's own 95 % lower bound at least its floor, and the
    /// 95 % lower bound of all of them together at least `bound`. A band without suggestions is no evidence, so
    /// the threshold stops above it.
    public func safeThreshold(bound: Double = 0.995) -> Double {
        var cumulative = (suggestions: 0, right: 0), threshold = 1.0
        for band in calibration {
            cumulative.suggestions += band.suggestions
            cumulative.right += band.right
            guard band.suggestions > 0, band.right == band.suggestions,
                  Self.wilsonLowerBound(band.right, of: band.suggestions) >= band.lower || band.lower >= 1,
                  Self.wilsonLowerBound(cumulative.right, of: cumulative.suggestions) >= bound else { break }
            threshold = band.lower
        }
        return threshold
    }

    /// Two tables (organizations, devices), one row per trap class and a total, then up to `missesPerClass`
    /// misses of each class, worst kind first.
    public func text(missesPerClass: Int = 3) -> String {
        func ratio(_ part: Int, _ whole: Int) -> String {
            // Four places: 4917 of 4919 is 0.9996, not "1.000".
            Self.share(part, of: whole).map { "\(part)/\(whole) \(String(format: "%.4f", $0))" } ?? "—"
        }
        var lines = ["Matching quality\(label.isEmpty ? "" : ": " + label)", "",
                     "| organizations | customers | auto | wrong auto | first right | plain (precision) | no counterpart | plain, no counterpart |",
                     "|---|---|---|---|---|---|---|---|"]
        func organizationRow(_ name: String, _ t: Organizations) -> String {
            "| \(name) | \(t.customers) | \(t.autoLinks) | \(t.wrongAutoLinks) | \(ratio(t.firstRight, t.withTruth)) | "
                + "\(ratio(t.plainRight, t.plainSuggestions)) | \(t.withoutTruth) | \(t.plainWithoutTruth) |"
        }
        for trap in TrapClass.allCases { if let tally = organizations[trap] { lines.append(organizationRow(trap.rawValue, tally)) } }
        lines.append(organizationRow("**total**", organizationTotal))
        lines += ["", "| devices | assets | auto | wrong auto | first right | no truth | plain, no truth | flagged moved |",
                  "|---|---|---|---|---|---|---|---|"]
        func deviceRow(_ name: String, _ t: Devices) -> String {
            "| \(name) | \(t.assets) | \(t.autoLinks) | \(t.wrongAutoLinks) | \(ratio(t.firstRight, t.withTruth)) | \(t.withoutTruth) "
                + "| \(t.plainWithoutTruth) | \(t.flaggedMoved) |"
        }
        for trap in TrapClass.allCases { if let tally = devices[trap] { lines.append(deviceRow(trap.rawValue, tally)) } }
        lines.append(deviceRow("**total**", deviceTotal))
        lines += ["", "| writes (defaults) | organization auto-links | bulk accepts at \(BulkAcceptPlan.defaultMinimumScore) | device auto-links | moves | wrong |",
                  "|---|---|---|---|---|---|",
                  "| made | \(organizationTotal.autoLinks) | \(writes.bulkAccepts) | \(writes.deviceAutoLinks) | \(writes.moves) | |",
                  "| wrong | \(organizationTotal.wrongAutoLinks) | \(writes.wrongBulkAccepts) | \(writes.wrongDeviceAutoLinks) | \(writes.wrongMoves) | **\(wrongWrites)** |"]
        guard missesPerClass > 0, !misses.isEmpty else { return lines.joined(separator: "\n") }
        lines += ["", "Misses (\(misses.count); up to \(missesPerClass) a class, worst first):"]
        var shown: [String: Int] = [:]
        for miss in misses {
            let key = (miss.isDevice ? "device " : "organization ") + miss.trap.rawValue
            guard shown[key, default: 0] < missesPerClass else { continue }
            shown[key, default: 0] += 1
            let kind = ["WRONG AUTO-LINK", "WRONG WRITE", "PLAIN, NO TRUTH", "first proposal wrong"][miss.kind.rawValue]
            lines.append("  [\(key)] \(kind): \(miss.subject) → \(miss.proposal); truth \(miss.truth)")
        }
        return lines.joined(separator: "\n")
    }
}
