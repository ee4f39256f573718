/// How alike two names are, on a 0…1 scale, and why, in words a person can check.
public struct NameSimilarity: Sendable, Hashable {
    public var score: Double
    public var reason: String
}

/// Compares two analyzed names. Rules come first, from the strongest (the same name after
/// normalization) to the weakest (a soft match of words with typos), each with its own reason.
public enum NameComparison {
    /// - Parameter explain: false skips writing the reason, for ranking many candidates; the score is the same.
    public static func compare(
        _ syncro: AnalyzedName, _ itGlue: AnalyzedName, syncroIsPerson: Bool = false, explain: Bool = true
    ) -> NameSimilarity {
        if syncro.exactKey == itGlue.exactKey, !syncro.exactKey.isEmpty {
            let reason = syncro.original == itGlue.original ? "same name" : "same name (case or punctuation differs)"
            return NameSimilarity(score: 1, reason: reason)
        }
        var best = NameSimilarity(score: 0, reason: "no likeness")
        for a in syncro.variants {
            for b in itGlue.variants {
                var result = compareVariants(a, b, syncroIsPerson: syncroIsPerson, explain: explain)
                let (penalty, note) = variantNote(a, b, explain: explain)
                if penalty > 0, explain {
                    result.score -= penalty
                    result.reason = result.reason.isEmpty ? note : note + "; " + result.reason
                }
                if penalty > 0, !explain { result.score -= penalty }
                if result.score > best.score { best = result }
            }
        }
        best.score = max(0, min(1, (best.score * 100).rounded() / 100))
        if best.reason.isEmpty, explain { best.reason = "same name after normalization" }
        return best
    }

    private static func variantNote(_ a: NameVariant, _ b: NameVariant, explain: Bool) -> (Double, String) {
        if a.kind == .whole, b.kind == .whole { return (0, "") }
        var penalty = 0.0
        var notes: [String] = []
        for (variant, side) in [(a, "Syncro"), (b, "IT Glue")] {
            switch variant.kind {
            case .whole: break
            case .withoutQualifier(let qualifier):
                penalty += 0.04
                notes.append("location qualifier on \(side) side: \(qualifier)")
            case .legalName(let trading):
                penalty += 0.06
                notes.append("matched the legal name on the \(side) side (dba \(trading))")
            case .tradingName(let legal):
                penalty += 0.06
                notes.append("matched the dba name on the \(side) side (legal name \(legal))")
            }
        }
        return (penalty, explain ? notes.joined(separator: "; ") : "")
    }

    private static func compareVariants(
        _ a: NameVariant, _ b: NameVariant, syncroIsPerson: Bool, explain: Bool
    ) -> NameSimilarity {
        if a.coreKey == b.coreKey {
            return NameSimilarity(score: 0.97, reason: explain ? normalizationDifferences(a, b).joined(separator: ", ") : "")
        }
        if a.sortedKey == b.sortedKey {
            let reason = syncroIsPerson ? "person name, reordered" : "word order differs"
            return NameSimilarity(score: 0.93, reason: reason)
        }
        if a.compactKey == b.compactKey {
            return NameSimilarity(score: 0.94, reason: "spacing differs")
        }
        return softMatch(a, b, explain: explain)
    }

    /// What separates two names whose cores are equal: suffix, "The", abbreviations.
    private static func normalizationDifferences(_ a: NameVariant, _ b: NameVariant) -> [String] {
        var notes: [String] = []
        if a.suffixes != b.suffixes {
            let left = a.suffixDisplays.isEmpty ? "—" : a.suffixDisplays.joined(separator: " ")
            let right = b.suffixDisplays.isEmpty ? "—" : b.suffixDisplays.joined(separator: " ")
            notes.append("legal suffix differs: \(left) / \(right)")
        } else if a.suffixDisplays.map(TextFolding.fold) != b.suffixDisplays.map(TextFolding.fold) {
            notes.append("legal suffix spelled differently: \(a.suffixDisplays.joined(separator: " ")) / \(b.suffixDisplays.joined(separator: " "))")
        }
        if a.hadLeadingThe != b.hadLeadingThe { notes.append("leading \"The\"") }
        for (x, y) in zip(a.core, b.core) where x.folded != y.folded {
            if x.key == "and" {
                notes.append("& / and")
            } else if x.folded + "s" == y.folded || y.folded + "s" == x.folded {
                notes.append("singular / plural: \(x.display) / \(y.display)")
            } else {
                notes.append("abbreviation: \(x.display) / \(y.display)")
            }
        }
        return notes
    }

    private enum TokenRelation { case equal, typo1, typo2, prefix }

    private static func relation(_ x: NameToken, _ y: NameToken) -> (Double, TokenRelation)? {
        if x.key == y.key { return (1, .equal) }
        // Typos are judged on the words as written: "Srvices" is one letter from "Services", not from "svc".
        let a = x.scalars, b = y.scalars
        let shorter = min(a.count, b.count)
        let isDigit = { (value: UInt32) in value >= 0x30 && value <= 0x39 }
        if a.allSatisfy(isDigit) || b.allSatisfy(isDigit) { return nil }
        if shorter >= 4 {
            let distance = EditDistance.damerauLevenshtein(a, b, limit: 2)
            if distance == 1 { return (0.85, .typo1) }
            if distance == 2, shorter >= 7 { return (0.7, .typo2) }
        }
        if shorter >= 3, a.count != b.count {
            let (short, long) = a.count < b.count ? (a, b) : (b, a)
            if long.starts(with: short) { return (0.65, .prefix) }
        }
        return nil
    }

    /// Pairs words one to one, best pairs first, and scores the weighted share of the two names that pairs.
    /// Word weights come from the tokens (the matcher sets them from word rarity).
    private static func softMatch(_ a: NameVariant, _ b: NameVariant, explain: Bool) -> NameSimilarity {
        let weightsA = a.core.map(\.weight)
        let weightsB = b.core.map(\.weight)
        var pairs: [(i: Int, j: Int, similarity: Double, relation: TokenRelation)] = []
        for (i, x) in a.core.enumerated() {
            for (j, y) in b.core.enumerated() {
                if let (similarity, relation) = relation(x, y) { pairs.append((i, j, similarity, relation)) }
            }
        }
        pairs.sort { $0.similarity != $1.similarity ? $0.similarity > $1.similarity : abs($0.i - $0.j) < abs($1.i - $1.j) }
        var usedA = [Bool](repeating: false, count: a.core.count), usedB = [Bool](repeating: false, count: b.core.count)
        var matchedA = 0.0, matchedB = 0.0
        var typos: [String] = []
        var assigned: [(i: Int, j: Int)] = []
        for pair in pairs where !usedA[pair.i] && !usedB[pair.j] {
            usedA[pair.i] = true
            usedB[pair.j] = true
            assigned.append((pair.i, pair.j))
            matchedA += pair.similarity * weightsA[pair.i]
            matchedB += pair.similarity * weightsB[pair.j]
            guard explain else { continue }
            switch pair.relation {
            case .equal: break
            case .typo1: typos.append("one-letter typo: \(a.core[pair.i].display) / \(b.core[pair.j].display)")
            case .typo2: typos.append("typo: \(a.core[pair.i].display) / \(b.core[pair.j].display)")
            case .prefix: typos.append("shortened: \(a.core[pair.i].display) / \(b.core[pair.j].display)")
            }
        }
        let orderOfB = assigned.sorted { $0.i < $1.i }.map(\.j)
        let inOrder = zip(orderOfB, orderOfB.dropFirst()).allSatisfy { $0 < $1 }
        let totalA = weightsA.reduce(0, +), totalB = weightsB.reduce(0, +)
        guard totalA > 0, totalB > 0, matchedA > 0 else { return NameSimilarity(score: 0, reason: "no word in common") }
        // The share of each name that found a partner; the smaller share counts, so a distinctive word
        // on one side only ("Riverside Dental" / "Riverside Dental Lab") costs what it weighs.
        let coverageA = matchedA / totalA, coverageB = matchedB / totalB
        var score = 0.95 * min(coverageA, coverageB)
        if !inOrder { score -= 0.02 }
        guard explain else { return NameSimilarity(score: score, reason: "") }
        var notes = typos
        let onlyA = a.core.indices.filter { !usedA[$0] }.map { a.core[$0].display }
        let onlyB = b.core.indices.filter { !usedB[$0] }.map { b.core[$0].display }
        if !onlyB.isEmpty { notes.append("extra \(onlyB.count == 1 ? "word" : "words") in IT Glue: \(onlyB.joined(separator: " "))") }
        if !onlyA.isEmpty { notes.append("extra \(onlyA.count == 1 ? "word" : "words") in Syncro: \(onlyA.joined(separator: " "))") }
        if !inOrder { notes.append("word order differs") }
        if a.suffixes != b.suffixes, !a.suffixes.isEmpty || !b.suffixes.isEmpty { notes.append("legal suffix differs") }
        return NameSimilarity(score: score, reason: notes.joined(separator: ", "))
    }
}
