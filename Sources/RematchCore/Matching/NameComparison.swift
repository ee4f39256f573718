/// How alike two names are, on a 0…1 scale, and why, in words a person can check.
public struct NameSimilarity: Sendable, Hashable {
    public var score: Double
    public var reason: String
    /// The likeness before the caps below, to order candidates the caps make equal.
    public var ranking: Double
    /// Some word of weight on one side found no partner on the other ("Riverside Dental" / "Riverside Dental
    /// Lab"), or the names are two locations: such a likeness is never more than a weak suggestion.
    public var isPartial: Bool

    public init(score: Double, reason: String, ranking: Double? = nil, isPartial: Bool = false) {
        self.score = score
        self.reason = reason
        self.ranking = ranking ?? score
        self.isPartial = isPartial
    }

    /// The highest score a partial likeness may show: under ``OrganizationMatcher/weakBelow``.
    public static let partialCap = 0.6
}

/// The rules that compare two names, each with the score it gives, in one place (as ``DeviceMatcher`` names its
/// levels). The first four score two whole names; the others a pair of words, as the share of the words' weight
/// the pair keeps (the name's score is then 0.95 × the smaller share of either name that found a partner).
public enum NameRule: Sendable, CaseIterable {
    /// The same word (the same key): all of its weight.
    case sameWord
    /// The same words after normalization: legal suffix, "The", abbreviations, plurals differ.
    case sameCore
    /// The same words in another order ("Smith, John").
    case reordered
    /// The same letters, spaced differently ("Lake View" / "Lakeview").
    case spacing
    /// One word of a phrase with a short form misspelt ("Physcal Therapy" / "PT").
    case misspeltPhrase
    /// A word in Cyrillic and its Latin spelling.
    case transliteration
    /// Singular and plural the key's fold leaves apart ("Bakeries" / "Bakery").
    case plural
    /// One letter off in a word of four letters or more.
    case typo
    /// A swap or a doubled letter in a word of three letters ("Oka" / "Oak").
    case shortWordTypo
    /// Two letters off in a word of seven letters or more (weak in the distinguishing word).
    case twoLetters
    /// One word the start of the other ("Tech" / "Technology"; weak in the distinguishing word).
    case shortened

    public var score: Double {
        switch self {
        case .sameWord: 1
        case .sameCore, .transliteration, .plural: 0.97
        case .spacing: 0.94
        case .reordered: 0.93
        case .misspeltPhrase: 0.88
        case .typo: 0.85
        case .shortWordTypo: 0.8
        case .twoLetters: 0.7
        case .shortened: 0.65
        }
    }
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
                if shown(result) > shown(best) || (shown(result) == shown(best) && result.score > best.score) { best = result }
            }
        }
        if let (left, right) = differentLocations(syncro, itGlue) {
            best.isPartial = true
            if explain { best.reason = "different locations: \(left) / \(right)" + (best.reason.isEmpty ? "" : "; " + best.reason) }
        }
        best.ranking = best.score
        if best.isPartial { best.score = min(best.score, NameSimilarity.partialCap) }
        best.score = max(0, min(1, (best.score * 100).rounded() / 100))
        if best.reason.isEmpty, explain { best.reason = "same name after normalization" }
        return best
    }

    /// The score a reading would show: a partial one is capped.
    private static func shown(_ similarity: NameSimilarity) -> Double {
        similarity.isPartial ? min(similarity.score, NameSimilarity.partialCap) : similarity.score
    }

    /// Both names carry a location qualifier and the two name different places ("Acme - Lakewood" / "Acme -
    /// Aurora"): two branches, not one business spelled two ways. A qualifier on one side only is a note.
    static func differentLocations(_ a: AnalyzedName, _ b: AnalyzedName) -> (String, String)? {
        guard let left = a.qualifier, let right = b.qualifier else { return nil }
        let x = qualifierKey(left), y = qualifierKey(right)
        if x == y { return nil }
        if NameVocabulary.mainSiteQualifiers.contains(x), NameVocabulary.mainSiteQualifiers.contains(y) { return nil }
        let compactX = Array(x.unicodeScalars.filter { $0 != " " }), compactY = Array(y.unicodeScalars.filter { $0 != " " })
        if min(compactX.count, compactY.count) >= 5, EditDistance.damerauLevenshtein(compactX, compactY, limit: 1) <= 1 { return nil }
        return (left, right)
    }

    private static func qualifierKey(_ qualifier: String) -> String {
        NameAnalysis.tokenize(qualifier).map(\.key).joined(separator: " ")
    }

    private static func variantNote(_ a: NameVariant, _ b: NameVariant, explain: Bool) -> (Double, String) {
        if a.kind == .whole, b.kind == .whole { return (0, "") }
        var penalty = 0.0
        var notes: [String] = []
        for (variant, side) in [(a, "Syncro"), (b, "IT Glue")] {
            switch variant.kind {
            case .whole: break
            case .withoutQualifier(let qualifier):
                penalty += qualifierPenalty
                notes.append("location qualifier on \(side) side: \(qualifier)")
            case .legalName(let trading):
                penalty += dbaPenalty
                notes.append("matched the legal name on the \(side) side (dba \(trading))")
            case .tradingName(let legal):
                penalty += dbaPenalty
                notes.append("matched the dba name on the \(side) side (legal name \(legal))")
            }
        }
        return (penalty, explain ? notes.joined(separator: "; ") : "")
    }

    private static func compareVariants(
        _ a: NameVariant, _ b: NameVariant, syncroIsPerson: Bool, explain: Bool
    ) -> NameSimilarity {
        if a.coreKey == b.coreKey {
            // A phrase found with a word misspelt ("Physcal Therapy") is the phrase, with a typo in it.
            if let (x, y) = zip(a.core, b.core).first(where: { ($0.isMisspelt || $1.isMisspelt) && $0.folded != $1.folded }) {
                return NameSimilarity(score: NameRule.misspeltPhrase.score, reason: explain ? "typo: \(x.display) / \(y.display)" : "")
            }
            return NameSimilarity(score: NameRule.sameCore.score, reason: explain ? normalizationDifferences(a, b).joined(separator: ", ") : "")
        }
        if a.sortedKey == b.sortedKey {
            let reason = syncroIsPerson ? "person name, reordered" : "word order differs"
            return NameSimilarity(score: NameRule.reordered.score, reason: reason)
        }
        if a.compactKey == b.compactKey {
            return NameSimilarity(score: NameRule.spacing.score, reason: "spacing differs")
        }
        return softMatch(a, b, isPerson: syncroIsPerson, explain: explain)
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
        if a.titles.map(TextFolding.fold) != b.titles.map(TextFolding.fold) {
            let left = a.titles.isEmpty ? "—" : a.titles.joined(separator: " ")
            let right = b.titles.isEmpty ? "—" : b.titles.joined(separator: " ")
            notes.append("title differs: \(left) / \(right)")
        }
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

    /// What reading a name without its location qualifier, or one side of its "dba", costs.
    static let qualifierPenalty = 0.04, dbaPenalty = 0.06
    /// The most words paired one to one score (all paired, all equal), and what another word order costs.
    static let wordMatchCeiling = 0.95, orderPenalty = 0.02

    /// The most a likeness scores when the distinguishing word is two letters off: under the weak line
    /// (``OrganizationMatcher/weakBelow``), so it is offered but never taken by a bulk accept.
    static let otherNameScore = 0.6

    private static func relation(_ x: NameToken, _ y: NameToken) -> NameRule? {
        if x.key == y.key { return .sameWord }
        // A word written in Cyrillic and its Latin spelling by another scheme ("Дмитрий" / "Dmitry", "Юлия" / "Iuliia").
        if x.isTransliterated || y.isTransliterated,
           TextFolding.transliterationSkeleton(x.folded) == TextFolding.transliterationSkeleton(y.folded) { return .transliteration }
        // Typos are judged on the words as written: "Srvices" is one letter from "Services", not from "svc".
        let a = x.scalars, b = y.scalars
        let shorter = min(a.count, b.count)
        if isPlural(a, of: b) || isPlural(b, of: a) { return .plural }
        let isDigit = { (value: UInt32) in value >= 0x30 && value <= 0x39 }
        if a.allSatisfy(isDigit) || b.allSatisfy(isDigit) { return nil }
        // One edit flips at most two bits of the letter masks: more than four apart is more than two edits.
        let maskDistance = (x.letterMask ^ y.letterMask).nonzeroBitCount
        if shorter >= 4, maskDistance <= (shorter >= 7 ? 4 : 2) {
            let distance = EditDistance.damerauLevenshtein(a, b, limit: 2)
            if distance == 1 { return .typo }
            if distance == 2, shorter >= 7 { return .twoLetters }
        }
        if shorter == 3, isShortWordTypo(a, b) { return .shortWordTypo }
        if shorter >= 3, a.count != b.count {
            let (short, long) = a.count < b.count ? (a, b) : (b, a)
            if long.starts(with: short) { return .shortened }
        }
        return nil
    }

    /// A plural the key's plain "-s" fold leaves apart: "Bakeries" / "Bakery", "Glasses" / "Glass",
    /// "Churches" / "Church", "Boxes" / "Box".
    static func isPlural(_ plural: [UInt32], of word: [UInt32]) -> Bool {
        // Words are folded (lower case) already; no allocation: this runs for every pair of words compared.
        let n = word.count
        guard n >= 3, plural.count == n + 2, plural[n + 1] == 0x73 /* s */ else { return false }
        if word[n - 1] == 0x79 /* y */, plural[n - 1] == 0x69 /* i */, plural[n] == 0x65 /* e */ {
            return plural[..<(n - 1)].elementsEqual(word[..<(n - 1)])
        }
        guard plural[n] == 0x65 /* e */, plural[..<n].elementsEqual(word) else { return false }
        // "-es" follows s, x, z, ch and sh.
        let last = word[n - 1]
        return last == 0x73 || last == 0x78 || last == 0x7A || (last == 0x68 && (word[n - 2] == 0x63 || word[n - 2] == 0x73))
    }

    /// A typo a three-letter word can carry and stay itself: two neighbours swapped ("Oka" / "Oak") or a letter
    /// doubled ("Bayy" / "Bay"). A letter changed makes another word ("Oak" / "Oat").
    static func isShortWordTypo(_ a: [UInt32], _ b: [UInt32]) -> Bool {
        if a.count == b.count {
            let differing = a.indices.filter { a[$0] != b[$0] }
            return differing.count == 2 && differing[1] == differing[0] + 1
                && a[differing[0]] == b[differing[1]] && a[differing[1]] == b[differing[0]]
        }
        let (short, long) = a.count < b.count ? (a, b) : (b, a)
        guard long.count == short.count + 1 else { return false }
        for index in 1..<long.count where long[index] == long[index - 1] {
            var removed = long
            removed.remove(at: index)
            if removed == short { return true }
        }
        return false
    }

    /// Pairs words one to one, best pairs first, and scores the weighted share of the two names that pairs.
    /// Word weights come from the tokens (the matcher sets them from word rarity).
    /// In a person's name a word a letter apart is as often another name ("Paul" / "Paula", "Carl" / "Carla") as
    /// a typo, so such a likeness is partial there.
    private static func softMatch(_ a: NameVariant, _ b: NameVariant, isPerson: Bool, explain: Bool) -> NameSimilarity {
        var pairs: [(i: Int, j: Int, rule: NameRule)] = []
        pairs.reserveCapacity(a.core.count + b.core.count)
        for (i, x) in a.core.enumerated() {
            for (j, y) in b.core.enumerated() {
                if let rule = relation(x, y) { pairs.append((i, j, rule)) }
            }
        }
        pairs.sort { $0.rule.score != $1.rule.score ? $0.rule.score > $1.rule.score : abs($0.i - $0.j) < abs($1.i - $1.j) }
        // Each word of A's partner in B (-1: none yet), and which words of B are taken.
        var partnerOfA = [Int](repeating: -1, count: a.core.count), usedB = [Bool](repeating: false, count: b.core.count)
        var matchedA = 0.0, matchedB = 0.0
        var typos: [String] = []
        var inexact = false
        // The word that tells the organization's name from its neighbours is its heaviest (rarest among the
        // organizations); two letters apart there, the names are as often two businesses ("Whitfield" /
        // "Westfield") as one with a typo. Judged on the organization's side: a misspelt word in the customer's name
        // is rare everywhere, so would always look distinguishing. The same holds for a distinguishing word
        // shortened to its first part ("Lakeside" / "Lake", "Oakwood" / "Oak"): as often another place as an abbreviation.
        func isHeaviest(_ index: Int) -> Bool { !b.core.contains { $0.weight > b.core[index].weight } }
        var otherNameLikely = false
        for pair in pairs where partnerOfA[pair.i] < 0 && !usedB[pair.j] {
            partnerOfA[pair.i] = pair.j
            usedB[pair.j] = true
            if pair.rule != .sameWord && pair.rule != .transliteration { inexact = true }
            let otherName = (pair.rule == .twoLetters || pair.rule == .shortened) && isHeaviest(pair.j)
            if otherName { otherNameLikely = true }
            matchedA += pair.rule.score * a.core[pair.i].weight
            matchedB += pair.rule.score * b.core[pair.j].weight
            guard explain, pair.rule != .sameWord else { continue }
            let words = "\(a.core[pair.i].display) / \(b.core[pair.j].display)"
            switch pair.rule {
            case .sameWord, .sameCore, .reordered, .spacing, .misspeltPhrase: break  // the last four compare whole names
            case .transliteration: typos.append("transliterated: \(words)")
            case .plural: typos.append("singular / plural: \(words)")
            case .typo, .shortWordTypo: typos.append("one-letter typo: \(words)")
            case .twoLetters: typos.append(otherName ? "two letters apart: \(words) (another name?)" : "typo: \(words)")
            case .shortened: typos.append("shortened: \(words)" + (otherName ? " (another name?)" : ""))
            }
        }
        // In order when the partners, read in A's order, rise.
        var inOrder = true, lastPartner = -1
        for partner in partnerOfA where partner >= 0 {
            if partner < lastPartner { inOrder = false; break }
            lastPartner = partner
        }
        // A connecting "and" left over is no missing word ("Smith and Jones" / "Smith Jones"): it weighs nothing.
        let leftoverAndA = { (index: Int) in partnerOfA[index] < 0 && a.core[index].key == "and" }
        let leftoverAndB = { (index: Int) in !usedB[index] && b.core[index].key == "and" }
        var totalA = 0.0, totalB = 0.0
        for index in a.core.indices where !leftoverAndA(index) { totalA += a.core[index].weight }
        for index in b.core.indices where !leftoverAndB(index) { totalB += b.core[index].weight }
        guard totalA > 0, totalB > 0, matchedA > 0 else { return NameSimilarity(score: 0, reason: "no word in common") }
        // The share of each name that found a partner; the smaller share counts, so a distinctive word
        // on one side only ("Riverside Dental" / "Riverside Dental Lab") costs what it weighs.
        let coverageA = matchedA / totalA, coverageB = matchedB / totalB
        var score = wordMatchCeiling * min(coverageA, coverageB)
        if !inOrder { score -= orderPenalty }
        if otherNameLikely { score = min(score, otherNameScore) }
        let partial = a.core.indices.contains { partnerOfA[$0] < 0 && a.core[$0].key != "and" }
            || b.core.indices.contains { !usedB[$0] && b.core[$0].key != "and" }
            || (isPerson && inexact)
        guard explain else { return NameSimilarity(score: score, reason: "", isPartial: partial) }
        var notes = typos
        let onlyA = a.core.indices.filter { partnerOfA[$0] < 0 && !leftoverAndA($0) }.map { a.core[$0].display }
        let onlyB = b.core.indices.filter { !usedB[$0] && !leftoverAndB($0) }.map { b.core[$0].display }
        if onlyA.isEmpty, onlyB.isEmpty, a.core.count != b.core.count { notes.append("& / and on one side only") }
        if !onlyB.isEmpty { notes.append("extra \(onlyB.count == 1 ? "word" : "words") in IT Glue: \(onlyB.joined(separator: " "))") }
        if !onlyA.isEmpty { notes.append("extra \(onlyA.count == 1 ? "word" : "words") in Syncro: \(onlyA.joined(separator: " "))") }
        if !inOrder { notes.append("word order differs") }
        if a.suffixes != b.suffixes, !a.suffixes.isEmpty || !b.suffixes.isEmpty { notes.append("legal suffix differs") }
        return NameSimilarity(score: score, reason: notes.joined(separator: ", "), isPartial: partial)
    }
}
