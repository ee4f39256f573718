import Foundation
import RematchCore

/// The few words and numbers every screen and command shows the same way.
public enum Formats {
    /// A score, with two decimals: "0.97".
    public static func score(_ value: Double) -> String { String(format: "%.2f", value) }

    /// A count and its noun, singular for one: "1 device", "12 devices".
    public static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }

    /// Why accepting in bulk left a group out, as both front ends say it: "ambiguous (close rivals)".
    public static func leftOut(_ exclusion: BulkAcceptPlan.Exclusion, minimumScore: Double) -> String {
        switch exclusion {
        case .ambiguous: "ambiguous (close rivals)"
        case .belowThreshold: "scoring under \(score(minimumScore))"
        case .noSuggestion: "without a suggestion"
        case .notUnmatched: "not unmatched"
        }
    }

    /// How a match came about, in a word for the Matched tabs: "exact", "accepted", "by hand", "created", "moved",
    /// or "pending" / "to move" while the record waits to be created or moved.
    public static func how(_ origin: MatchOrigin?, pending: Bool) -> String {
        switch origin {
        case .automatic?: "exact"
        case .accepted?: "accepted"
        case .manual?: "by hand"
        case .created?: pending ? "pending" : "created"
        case .moved?: pending ? "to move" : "moved"
        case nil: ""
        }
    }
}
