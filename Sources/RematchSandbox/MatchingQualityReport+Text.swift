import Foundation

extension MatchingQualityReport {
    /// The first-proposal-right share, or nil where nothing had a truth.
    public static func share(_ part: Int, of whole: Int) -> Double? { whole == 0 ? nil : Double(part) / Double(whole) }

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
        lines += ["", "| devices | assets | auto | wrong auto | first right | no truth | plain, no truth |", "|---|---|---|---|---|---|---|"]
        func deviceRow(_ name: String, _ t: Devices) -> String {
            "| \(name) | \(t.assets) | \(t.autoLinks) | \(t.wrongAutoLinks) | \(ratio(t.firstRight, t.withTruth)) | \(t.withoutTruth) | \(t.plainWithoutTruth) |"
        }
        for trap in TrapClass.allCases { if let tally = devices[trap] { lines.append(deviceRow(trap.rawValue, tally)) } }
        lines.append(deviceRow("**total**", deviceTotal))
        guard missesPerClass > 0, !misses.isEmpty else { return lines.joined(separator: "\n") }
        lines += ["", "Misses (\(misses.count); up to \(missesPerClass) a class, worst first):"]
        var shown: [String: Int] = [:]
        for miss in misses {
            let key = (miss.isDevice ? "device " : "organization ") + miss.trap.rawValue
            guard shown[key, default: 0] < missesPerClass else { continue }
            shown[key, default: 0] += 1
            let kind = ["WRONG AUTO-LINK", "PLAIN, NO TRUTH", "first proposal wrong"][miss.kind.rawValue]
            lines.append("  [\(key)] \(kind): \(miss.subject) → \(miss.proposal); truth \(miss.truth)")
        }
        return lines.joined(separator: "\n")
    }
}
