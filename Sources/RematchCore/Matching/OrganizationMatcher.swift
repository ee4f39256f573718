import Foundation

/// One IT Glue organization proposed for a Syncro customer.
public struct OrganizationCandidate: Sendable, Hashable, Codable {
    public var organizationID: String
    public var name: String
    public var score: Double
    public var reason: String

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
    /// The next closest organizations, for the detail pane and the duplicate warning.
    public var alternatives: [OrganizationCandidate]
    /// True only for an exact normalized name that no other organization shares.
    public var isAutoLink: Bool
    public var isAmbiguous: Bool

    public static let none = OrganizationSuggestion(best: nil, alternatives: [], isAutoLink: false, isAmbiguous: false)
}

/// An index of IT Glue organization names that finds candidates for a name without comparing it to
/// every organization: exact keys in hash maps, then character trigrams of the normalized words.
public struct OrganizationMatcher: Sendable, TokenWeighting {
    public static let suggestionFloor = 0.5
    /// Candidates this close to the best make a suggestion ambiguous; fuzzy scores are less exact, so
    /// their margin is wider.
    public static func ambiguityMargin(for score: Double) -> Double { score >= 0.9 ? 0.03 : 0.08 }
    static let candidatesPerQuery = 12

    public let organizations: [Organization]
    let names: [AnalyzedName]
    let exact: [String: [Int32]]
    let coreKeys: [String: [Int32]]
    let variantOwner: [Int32]
    let variantGramCount: [Int32]
    let postings: [UInt64: [Int32]]
    let documentFrequency: [String: Int32]
    let commonGramLimit: Int

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
        for (index, organization) in organizations.enumerated() {
            let name = AnalyzedName(organization.name)
            names.append(name)
            let owner = Int32(index)
            exact[name.exactKey, default: []].append(owner)
            var keys = Set<String>()
            for variant in name.variants {
                if coreKeys[variant.coreKey]?.last != owner { coreKeys[variant.coreKey, default: []].append(owner) }
                keys.formUnion(variant.core.map(\.key))
                let grams = Self.trigrams(of: variant)
                let variantIndex = Int32(variantOwner.count)
                variantOwner.append(owner)
                variantGramCount.append(Int32(grams.count))
                for gram in grams { postings[gram, default: []].append(variantIndex) }
            }
            for key in keys { documentFrequency[key, default: 0] += 1 }
        }
        self.names = names
        self.exact = exact
        self.coreKeys = coreKeys
        self.variantOwner = variantOwner
        self.variantGramCount = variantGramCount
        self.postings = postings
        self.documentFrequency = documentFrequency
        commonGramLimit = max(256, variantOwner.count / 8)
    }

    /// Inverse document frequency: a word found in every organization name weighs little.
    public func weight(of key: String) -> Double {
        let frequency = Double(documentFrequency[key] ?? 0)
        let total = Double(max(organizations.count, 1))
        return max(0.25, log((total + 1) / (frequency + 0.5)))
    }

    /// Reusable counters, so a full pass over thousands of customers allocates once.
    public struct Scratch {
        var counts: [Int32]
        var touched: [Int32]
        public init(matcher: OrganizationMatcher) {
            counts = [Int32](repeating: 0, count: matcher.variantOwner.count)
            touched = []
        }
    }

    /// The suggestion for one customer.
    public func suggest(for customer: Customer, scratch: inout Scratch) -> OrganizationSuggestion {
        let name = AnalyzedName(customer.displayName)
        let ranked = rank(name, isPerson: customer.isResidential, scratch: &scratch)
        return decide(name, ranked)
    }

    public func suggest(for customer: Customer) -> OrganizationSuggestion {
        var scratch = Scratch(matcher: self)
        return suggest(for: customer, scratch: &scratch)
    }

    /// The organizations closest to a name, best first: the duplicate warning before Create Organization.
    public func closest(to name: String, limit: Int = 5) -> [OrganizationCandidate] {
        var scratch = Scratch(matcher: self)
        return Array(rank(AnalyzedName(name), isPerson: false, scratch: &scratch).prefix(limit))
    }

    func decide(_ name: AnalyzedName, _ ranked: [OrganizationCandidate]) -> OrganizationSuggestion {
        guard var best = ranked.first, best.score >= Self.suggestionFloor else {
            return OrganizationSuggestion(best: nil, alternatives: Array(ranked.prefix(3)), isAutoLink: false, isAmbiguous: false)
        }
        let alternatives = Array(ranked.dropFirst().prefix(3))
        let sameExact = exact[name.exactKey]?.count ?? 0
        if best.score >= 1, sameExact == 1 {
            return OrganizationSuggestion(best: best, alternatives: alternatives, isAutoLink: true, isAmbiguous: false)
        }
        let close = ranked.filter { $0.score >= best.score - Self.ambiguityMargin(for: best.score) }
        if close.count > 1 {
            let listed = close.prefix(3).map { "\($0.name) (\(format($0.score)))" }.joined(separator: ", ")
            best.reason = best.score >= 1
                ? "ambiguous: \(close.count) IT Glue organizations share this name: \(listed)"
                : "ambiguous: \(close.count) close candidates: \(listed)"
            best.score = ((best.score * 0.6) * 100).rounded() / 100
            return OrganizationSuggestion(best: best, alternatives: alternatives, isAutoLink: false, isAmbiguous: true)
        }
        if best.score < 0.65 { best.reason = "weak: " + best.reason }
        return OrganizationSuggestion(best: best, alternatives: alternatives, isAutoLink: false, isAmbiguous: false)
    }

    /// Candidates for a name, scored in full and sorted best first.
    func rank(_ name: AnalyzedName, isPerson: Bool, scratch: inout Scratch) -> [OrganizationCandidate] {
        var candidates = Set<Int32>()
        candidates.formUnion(exact[name.exactKey] ?? [])
        for variant in name.variants { candidates.formUnion(coreKeys[variant.coreKey] ?? []) }
        for variant in name.variants {
            candidates.formUnion(trigramCandidates(for: variant, scratch: &scratch))
        }
        var ranked: [OrganizationCandidate] = []
        ranked.reserveCapacity(candidates.count)
        for owner in candidates {
            let index = Int(owner)
            let similarity = NameComparison.compare(name, names[index], syncroIsPerson: isPerson, weighting: self)
            guard similarity.score > 0 else { continue }
            ranked.append(OrganizationCandidate(
                organizationID: organizations[index].id, name: organizations[index].name,
                score: similarity.score, reason: similarity.reason))
        }
        ranked.sort { $0.score != $1.score ? $0.score > $1.score : $0.name < $1.name }
        return ranked
    }

    private func trigramCandidates(for variant: NameVariant, scratch: inout Scratch) -> [Int32] {
        let grams = Self.trigrams(of: variant)
        guard !grams.isEmpty else { return [] }
        let lists = grams.compactMap { postings[$0] }.sorted { $0.count < $1.count }
        scratch.touched.removeAll(keepingCapacity: true)
        for (position, list) in lists.enumerated() {
            if position >= 6, list.count > commonGramLimit { break }
            for variantIndex in list {
                if scratch.counts[Int(variantIndex)] == 0 { scratch.touched.append(variantIndex) }
                scratch.counts[Int(variantIndex)] += 1
            }
        }
        var scored: [(variant: Int32, dice: Double)] = []
        for variantIndex in scratch.touched {
            let shared = Double(scratch.counts[Int(variantIndex)])
            scratch.counts[Int(variantIndex)] = 0
            let dice = 2 * shared / Double(grams.count + Int(variantGramCount[Int(variantIndex)]))
            if dice >= 0.3 { scored.append((variantIndex, dice)) }
        }
        scored.sort { $0.dice > $1.dice }
        var owners: [Int32] = []
        for entry in scored {
            let owner = variantOwner[Int(entry.variant)]
            if !owners.contains(owner) { owners.append(owner) }
            if owners.count == Self.candidatesPerQuery { break }
        }
        return owners
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
