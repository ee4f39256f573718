import Testing
@testable import RematchCore
import RematchSandbox

/// Measures the matcher against generated data whose truth is known.
@Suite("Matching quality on generated data")
struct MatchingQualityTests {
    struct Tally: CustomStringConvertible {
        var autoLinks = 0, wrongAutoLinks = 0
        var suggested = 0, rightSuggestions = 0
        var withTruth = 0, foundTruth = 0
        var withoutTruth = 0, strongFalseSuggestions = 0
        var misses: [String] = []
        var description: String {
            "auto \(autoLinks) (wrong \(wrongAutoLinks)), strong suggestions \(suggested) (right \(rightSuggestions)), "
                + "recall \(foundTruth)/\(withTruth), no-truth \(withoutTruth) (strong false \(strongFalseSuggestions))"
        }
    }

    static func tally(seed: UInt64) -> Tally {
        let data = DemoData.generate(seed: seed, scale: .medium)
        let workspace = Workspace(snapshot: data.snapshot)
        var tally = Tally()
        for id in workspace.customerIDs {
            let suggestion = workspace.status(ofCustomer: id).suggestion
            let truth = data.truth[id]
            if suggestion.isAutoLink {
                tally.autoLinks += 1
                if suggestion.best?.organizationID != truth { tally.wrongAutoLinks += 1 }
            } else if let best = suggestion.best, !suggestion.isAmbiguous, best.score >= 0.8 {
                tally.suggested += 1
                if best.organizationID == truth { tally.rightSuggestions += 1 } else {
                    tally.misses.append("WRONG \(workspace.catalog.customer(id)!.displayName) → \(best.name) \(best.score) \(best.reason) [truth \(truth.flatMap { workspace.catalog.organization($0)?.name } ?? "none")]")
                }
            }
            if let truth {
                tally.withTruth += 1
                if suggestion.best?.organizationID == truth { tally.foundTruth += 1 } else {
                    let customer = workspace.catalog.customer(id)!.displayName
                    let expected = workspace.catalog.organization(truth)!.name
                    tally.misses.append("\(customer) → \(expected) (got \(suggestion.best?.name ?? "nothing"))")
                }
            } else {
                tally.withoutTruth += 1
                if let best = suggestion.best, best.score >= 0.8 {
                    tally.strongFalseSuggestions += 1
                    tally.misses.append("FALSE \(workspace.catalog.customer(id)!.displayName) → \(best.name) \(best.score) \(best.reason)")
                }
            }
        }
        return tally
    }

    @Test("auto-links are never wrong; strong suggestions are right; the counterpart is found", arguments: [1, 2, 3] as [UInt64])
    func quality(seed: UInt64) {
        let tally = Self.tally(seed: seed)
        print("seed \(seed): \(tally)")
        for miss in tally.misses.prefix(40) { print("  miss: \(miss)") }
        #expect(tally.wrongAutoLinks == 0)
        #expect(Double(tally.rightSuggestions) >= 0.95 * Double(tally.suggested))
        #expect(Double(tally.foundTruth) >= 0.97 * Double(tally.withTruth))
        #expect(Double(tally.strongFalseSuggestions) <= 0.05 * Double(tally.withoutTruth))
    }
}
