import Foundation

/// What an account-wide rule found about a candidate (``OrganizationPipeline``), for the rules after it to read
/// instead of the reason's words.
public enum OrganizationCaveat: Sendable, Hashable {
    /// A branch suggested the organization of the plain name, which stands for one place (`Branches.swift`); the
    /// contact evidence leaves it alone (a business's branches share its domain).
    case branch
}

/// One IT Glue organization proposed for a Syncro customer.
public struct OrganizationCandidate: Sendable, Hashable, Codable {
    public var organizationID: String
    public var name: String
    public var score: Double
    public var reason: String
    /// What the account-wide rules found; the reason says it in words. Not stored: it is worked out again.
    public var caveats: Set<OrganizationCaveat> = []

    private enum CodingKeys: String, CodingKey { case organizationID, name, score, reason }

    public init(organizationID: String, name: String, score: Double, reason: String) {
        self.organizationID = organizationID
        self.name = name
        self.score = score
        self.reason = reason
    }
}

/// What the matcher proposes for one customer.
public struct OrganizationSuggestion: Sendable, Hashable {
    /// The proposal, or nil when no organization is plausible (Create Organization is the next step).
    public var best: OrganizationCandidate?
    /// The next closest organizations. Empty when the name matched an organization's normalized name
    /// outright; ask `OrganizationMatcher.closest(to:)` when a person wants to see them.
    public var alternatives: [OrganizationCandidate]
    /// True only for an exact normalized name that no other organization shares.
    public var isAutoLink: Bool
    public var isAmbiguous: Bool

    public static let none = OrganizationSuggestion(best: nil, alternatives: [], isAutoLink: false, isAmbiguous: false)

    /// A proposal too unsure to take at face value: its score is under ``OrganizationMatcher/weakBelow`` (its
    /// reason then starts "weak:").
    public var isWeak: Bool { best.map { $0.score < OrganizationMatcher.weakBelow } ?? false }
    /// A proposal a person would take at face value: a best candidate, neither ambiguous nor weak (auto-links too).
    public var isPlain: Bool { best != nil && !isAmbiguous && !isWeak }
}

/// An index of IT Glue organization names that finds candidates for a name without comparing it to
/// every organization: exact keys in hash maps, then character trigrams of the normalized words.
public struct OrganizationMatcher: Sendable {
    public static let suggestionFloor = 0.5
    /// Scores under this make a weak suggestion; every rule that finds a likeness partial caps it below.
    public static let weakBelow = 0.65
    /// Candidates this close to the best make a suggestion ambiguous; fuzzy scores are less exact, so
    /// their margin is wider.
    public static func ambiguityMargin(for score: Double) -> Double { score >= 0.9 ? 0.03 : 0.08 }
    static let candidatesPerQuery = 12
    /// Candidates returned: the best, the alternatives, and enough to judge ambiguity. Only the first
    /// ``reasoned`` (the best and the three alternatives a person sees) get their reason written; the rest count.
    static let explained = 8
    static let reasoned = 4

    public let organizations: [Organization]
    let names: [AnalyzedName]
    let exact: [String: [Int32]]
    let coreKeys: [String: [Int32]]
    let variantOwner: [Int32]
    let variantGramCount: [Int32]
    let postings: [UInt64: [Int32]]
    let documentFrequency: [String: Int32]
    let commonGramLimit: Int
    let words: WordIndex
    static let wordCandidatesPerVariant = 8
    /// Per organization: whether the matcher may suggest it (not an Owner, Vendor or Inactive one), and whether it is
    /// an Active Customer, which wins ties.
    let offered: [Bool]
    let preferred: [Bool]

    public init(organizations: [Organization]) {
        self.organizations = organizations
        var names: [AnalyzedName] = []
        names.reserveCapacity(organizations.count)
        var exact: [String: [Int32]] = [:]
        var coreKeys: [String: [Int32]] = [:]
        var variantOwner: [Int32] = []
        var variantGramCount: [Int32] = []
        var postings: [UInt64: [Int32]] = [:]
        var documentFrequency: [String: Int32] = [:]
        var words = WordIndex()
        // Analysing the names is the costly part and pure per name: it runs on all cores; the index is built
        // serially from the results.
        let analyzed = Parallel.flatMap(organizations.count) { range in
            organizations[range].map { organization -> (AnalyzedName, [[UInt64]]) in
                let name = AnalyzedName(organization.name)
                return (name, name.variants.map { Self.trigrams(of: $0) })
            }
        }
        for (index, (name, variantGrams)) in analyzed.enumerated() {
            names.append(name)
            let owner = Int32(index)
            exact[name.exactKey, default: []].append(owner)
            var keys = Set<String>()
            for (variant, grams) in zip(name.variants, variantGrams) {
                if coreKeys[variant.coreKey]?.last != owner { coreKeys[variant.coreKey, default: []].append(owner) }
                keys.formUnion(variant.core.map(\.key))
                for token in variant.core { words.add(token, owner: owner) }
                let variantIndex = Int32(variantOwner.count)
                variantOwner.append(owner)
                variantGramCount.append(Int32(grams.count))
                for gram in grams { postings[gram, default: []].append(variantIndex) }
            }
            for key in keys { documentFrequency[key, default: 0] += 1 }
        }
        self.exact = exact
        self.coreKeys = coreKeys
        self.variantOwner = variantOwner
        self.variantGramCount = variantGramCount
        self.postings = postings
        self.documentFrequency = documentFrequency
        commonGramLimit = max(64, variantOwner.count / 50)
        self.words = words
        offered = organizations.map { $0.notOfferedBecause == nil }
        preferred = organizations.map(\.isActiveCustomer)
        let total = organizations.count
        self.names = names.map { $0.weighted { Self.weight(frequency: documentFrequency[$0] ?? 0, total: total) } }
    }

    /// Inverse document frequency: a word found in every organization name weighs little.
    public func weight(of key: String) -> Double {
        Self.weight(frequency: documentFrequency[key] ?? 0, total: organizations.count)
    }

    static func weight(frequency: Int32, total: Int) -> Double {
        max(0.25, log((Double(max(total, 1)) + 1) / (Double(frequency) + 0.5)))
    }

    /// Reusable counters, so a full pass over thousands of customers allocates once.
    public struct Scratch {
        var counts: [Int32]
        var touched: [Int32]
        /// Per organization: the weight of the query's words its name holds, and the last query word counted.
        var wordWeight: [Double]
        var wordMarker: [Int32]
        var wordTouched: [Int32]
        public init(matcher: OrganizationMatcher) {
            counts = [Int32](repeating: 0, count: matcher.variantOwner.count)
            touched = []
            wordWeight = [Double](repeating: 0, count: matcher.organizations.count)
            wordMarker = [Int32](repeating: 0, count: matcher.organizations.count)
            wordTouched = []
        }
    }

    /// The suggestion for one customer, among the organizations the matcher offers (never an Owner, Vendor or
    /// Inactive one). A disabled (former) customer gets the suggestion to look at, never an auto-link.
    public func suggest(for customer: Customer, scratch: inout Scratch) -> OrganizationSuggestion {
        let name = analyzed(customer)
        let ranked = rank(name, isPerson: customer.isResidential, shortcut: true, offeredOnly: true, scratch: &scratch)
        var suggestion = decide(name, ranked)
        if customer.disabled { suggestion.isAutoLink = false }
        return suggestion
    }

    public func suggest(for customer: Customer) -> OrganizationSuggestion {
        var scratch = Scratch(matcher: self)
        return suggest(for: customer, scratch: &scratch)
    }

    /// How alike a customer's name is to one organization's, with the reason: a second opinion on a candidate that
    /// other evidence (the customer's devices) brought.
    public func similarity(of name: AnalyzedName, isPerson: Bool, toOrganizationAt index: Int) -> NameSimilarity {
        NameComparison.compare(name, names[index], syncroIsPerson: isPerson)
    }

    /// A customer's name taken apart and weighted as this matcher weighs words: once per customer.
    public func analyzed(_ customer: Customer) -> AnalyzedName {
        AnalyzedName(customer.displayName).weighted(by: weight(of:))
    }

    /// The score an ambiguous proposal shows: cut by 40 %, as the README says.
    public static func ambiguous(_ score: Double) -> Double { ((score * 0.6) * 100).rounded() / 100 }

    /// Whether an organization's name carries a location qualifier ("Acme - Lakewood").
    public func hasQualifier(organizationAt index: Int) -> Bool { names[index].qualifier != nil }

    /// The organizations named as branches of one without a qualifier: "Acme - Lakewood" and "Acme (Aurora)" for
    /// "Acme". Where IT Glue keeps branches apart, plain "Acme" is one place too, not the whole business.
    public func branches(ofOrganizationAt index: Int) -> [Organization] {
        guard names[index].qualifier == nil else { return [] }
        return (coreKeys[names[index].whole.coreKey] ?? []).filter { Int($0) != index && names[Int($0)].qualifier != nil }
            .map { organizations[Int($0)] }
    }

    /// Every organization whose name has the same exact key as `name` (case, accents, spacing, punctuation and
    /// "&" aside), whether the matcher offers it or not: the duplicates Create Organization must refuse.
    public func sameName(as name: String) -> [Organization] {
        (exact[AnalyzedName(name).exactKey] ?? []).map { organizations[Int($0)] }
    }

    /// The organizations closest to a name, best first: the duplicate warning before Create Organization.
    public func closest(to name: String, limit: Int = 5) -> [OrganizationCandidate] {
        var scratch = Scratch(matcher: self)
        return Array(rank(AnalyzedName(name).weighted(by: weight(of:)), isPerson: false, reasoned: limit, scratch: &scratch).prefix(limit))
    }

    func decide(_ name: AnalyzedName, _ ranked: [OrganizationCandidate]) -> OrganizationSuggestion {
        guard var best = ranked.first, best.score >= Self.suggestionFloor else {
            return OrganizationSuggestion(best: nil, alternatives: Array(ranked.prefix(3)), isAutoLink: false, isAmbiguous: false)
        }
        let alternatives = Array(ranked.dropFirst().prefix(3))
        let sameExact = exact[name.exactKey]?.count(where: { offered[Int($0)] }) ?? 0
        if best.score >= 1, sameExact == 1 {
            return OrganizationSuggestion(best: best, alternatives: alternatives, isAutoLink: true, isAmbiguous: false)
        }
        let close = ranked.filter { $0.score >= best.score - Self.ambiguityMargin(for: best.score) }
        if close.count > 1 {
            let listed = close.prefix(3).map { "\($0.name) (\(format($0.score)))" }.joined(separator: ", ")
            best.reason = best.score >= 1
                ? "ambiguous: \(close.count) IT Glue organizations share this name: \(listed)"
                : "ambiguous: \(close.count) close candidates: \(listed)"
            best.score = Self.ambiguous(best.score)
            return OrganizationSuggestion(best: best, alternatives: alternatives, isAutoLink: false, isAmbiguous: true)
        }
        if best.score < Self.weakBelow { best.reason = "weak: " + best.reason }
        return OrganizationSuggestion(best: best, alternatives: alternatives, isAutoLink: false, isAmbiguous: false)
    }

    /// Candidates for a name, scored in full and sorted best first. With `shortcut`, a name whose
    /// normalized form some organization shares skips the fuzzy search: nothing fuzzy can come within
    /// the ambiguity margin of such a match, and the alternatives are fetched when a person looks.
    func rank(_ name: AnalyzedName, isPerson: Bool, shortcut: Bool = false, offeredOnly: Bool = false,
              reasoned: Int = OrganizationMatcher.reasoned, scratch: inout Scratch) -> [OrganizationCandidate] {
        var candidates = Set<Int32>()
        candidates.formUnion(exact[name.exactKey] ?? [])
        candidates.formUnion(coreKeys[name.whole.coreKey] ?? [])
        if offeredOnly { candidates = candidates.filter { offered[Int($0)] } }
        if !shortcut || candidates.isEmpty {
            for variant in name.variants.dropFirst() { candidates.formUnion(coreKeys[variant.coreKey] ?? []) }
            for variant in name.variants {
                candidates.formUnion(trigramCandidates(for: variant, scratch: &scratch))
                candidates.formUnion(wordCandidates(for: variant, scratch: &scratch))
            }
        }
        // Score every candidate, then write reasons only for the few a person will see.
        var scored: [(index: Int, score: Double, ranking: Double)] = []
        scored.reserveCapacity(candidates.count)
        for owner in candidates where !offeredOnly || offered[Int(owner)] {
            let similarity = NameComparison.compare(name, names[Int(owner)], syncroIsPerson: isPerson, explain: false)
            if similarity.score > 0 { scored.append((Int(owner), similarity.score, similarity.ranking)) }
        }
        // Equal scores: an Active Customer first, then by name, then the oldest record (the lowest id): the same
        // state gives the same answer in every process, though sets iterate in a per-process order.
        scored.sort {
            if $0.score != $1.score { return $0.score > $1.score }
            if $0.ranking != $1.ranking { return $0.ranking > $1.ranking }
            if preferred[$0.index] != preferred[$1.index] { return preferred[$0.index] }
            let (a, b) = (organizations[$0.index], organizations[$1.index])
            if a.name != b.name { return a.name < b.name }
            if let x = Int(a.id), let y = Int(b.id), x != y { return x < y }
            return a.id != b.id ? a.id < b.id : $0.index < $1.index
        }
        return scored.prefix(Self.explained).enumerated().map { position, entry in
            guard position < reasoned else {
                return OrganizationCandidate(organizationID: organizations[entry.index].id, name: organizations[entry.index].name,
                                             score: entry.score, reason: "")
            }
            let similarity = NameComparison.compare(name, names[entry.index], syncroIsPerson: isPerson)
            return OrganizationCandidate(organizationID: organizations[entry.index].id, name: organizations[entry.index].name,
                                         score: similarity.score, reason: similarity.reason)
        }
    }

    /// Organizations sharing the most trigrams with the variant. The rarest grams always count; common
    /// ones ("ing", " an") are skipped once enough rare ones were read, which keeps a query's cost flat.
    private func trigramCandidates(for variant: NameVariant, scratch: inout Scratch) -> [Int32] {
        let grams = Self.trigrams(of: variant)
        guard !grams.isEmpty else { return [] }
        // Rarest first; equally rare grams in gram order, so which common ones are skipped never varies.
        let lists = grams.compactMap { gram in postings[gram].map { (gram, $0) } }
            .sorted { $0.1.count != $1.1.count ? $0.1.count < $1.1.count : $0.0 < $1.0 }.map(\.1)
        scratch.touched.removeAll(keepingCapacity: true)
        var read = 0
        for (position, list) in lists.enumerated() {
            if position >= 6, list.count > commonGramLimit { break }
            read += 1
            for variantIndex in list {
                if scratch.counts[Int(variantIndex)] == 0 { scratch.touched.append(variantIndex) }
                scratch.counts[Int(variantIndex)] += 1
            }
        }
        var scored: [(variant: Int32, share: Double)] = []
        let minimum = Int32(max(1, (read * 3) / 10))
        for variantIndex in scratch.touched {
            let shared = scratch.counts[Int(variantIndex)]
            scratch.counts[Int(variantIndex)] = 0
            guard shared >= minimum else { continue }
            // Shared grams over the larger of the two gram counts (read ones for the query).
            let share = Double(shared) / Double(max(read, Int(variantGramCount[Int(variantIndex)]) * read / grams.count))
            scored.append((variantIndex, share))
        }
        scored.sort { $0.share != $1.share ? $0.share > $1.share : $0.variant < $1.variant }
        var owners: [Int32] = []
        for entry in scored {
            let owner = variantOwner[Int(entry.variant)]
            if !owners.contains(owner) { owners.append(owner) }
            if owners.count == Self.candidatesPerQuery { break }
        }
        return owners
    }

    /// Organizations whose names hold at least half the variant's weight in its words, spelled the same or with
    /// one typo, most weight first.
    ///
    /// Such an organization holds at least one of any set of the query's words that weighs more than half: the
    /// words with the shortest lists of organizations are read until they do, which finds every such organization
    /// without reading a common word's long list; the other words are then checked on those organizations alone.
    private func wordCandidates(for variant: NameVariant, scratch: inout Scratch) -> [Int32] {
        let matches = variant.core.map { words.matches(of: $0.scalars) }
        let total = variant.core.reduce(0) { $0 + $1.weight }
        guard total > 0 else { return [] }
        let cost = matches.map { $0.reduce(0) { $0 + words.owners[Int($1)].count } }
        let order = variant.core.indices.sorted { cost[$0] != cost[$1] ? cost[$0] < cost[$1] : $0 < $1 }
        var read: [Int] = [], readWeight = 0.0
        for position in order where readWeight <= 0.5 * total {
            read.append(position)
            readWeight += variant.core[position].weight
        }
        scratch.wordTouched.removeAll(keepingCapacity: true)
        for position in read {
            let marker = Int32(position + 1)
            for id in matches[position] {
                for owner in words.owners[Int(id)] where scratch.wordMarker[Int(owner)] != marker {
                    if scratch.wordMarker[Int(owner)] == 0 { scratch.wordTouched.append(owner) }
                    scratch.wordMarker[Int(owner)] = marker
                    scratch.wordWeight[Int(owner)] += variant.core[position].weight
                }
            }
        }
        let unread = variant.core.indices.filter { !read.contains($0) }
        var found: [(owner: Int32, weight: Double)] = []
        for owner in scratch.wordTouched {
            var weight = scratch.wordWeight[Int(owner)]
            scratch.wordWeight[Int(owner)] = 0
            scratch.wordMarker[Int(owner)] = 0
            let held = words.wordsOf[Int(owner)]
            for position in unread where matches[position].contains(where: held.contains) { weight += variant.core[position].weight }
            if weight >= 0.5 * total { found.append((owner, weight)) }
        }
        found.sort { $0.weight != $1.weight ? $0.weight > $1.weight : $0.owner < $1.owner }
        return found.prefix(Self.wordCandidatesPerVariant).map(\.owner)
    }

    /// Distinct character trigrams of the variant's canonical words, each word padded with spaces.
    static func trigrams(of variant: NameVariant) -> [UInt64] {
        let scalars = Array((" " + variant.coreKey + " ").unicodeScalars)
        guard scalars.count >= 3 else { return [] }
        var grams = Set<UInt64>()
        for index in 0...(scalars.count - 3) {
            let gram = UInt64(scalars[index].value) << 42 | UInt64(scalars[index + 1].value) << 21
                | UInt64(scalars[index + 2].value)
            grams.insert(gram)
        }
        return Array(grams)
    }
}

func format(_ score: Double) -> String {
    let hundredths = Int((score * 100).rounded())
    return hundredths >= 100 ? "1.00" : "0." + (hundredths < 10 ? "0" : "") + String(hundredths)
}
