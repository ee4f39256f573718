/// The words of every organization name, with their one-edit neighbours, so a name with a typo in one of its
/// words finds the organizations that hold the word spelled right, however common the rest of the name is.
///
/// Trigrams alone miss those at scale: a typo turns the word's rarest grams into grams the true name lacks, and
/// the common grams that are left ("den", "tal") are shared by hundreds of names. Here each distinct word is
/// indexed with every spelling one letter shorter (the symmetric-delete scheme), so a query word finds its
/// one-letter typos — a letter dropped, added, changed or two swapped — by hash look-ups, never by comparing
/// it with the vocabulary.
struct WordIndex: Sendable {
    /// Folded word, as scalars → its id.
    private(set) var ids: [[UInt32]: Int32] = [:]
    /// Word id → the word's scalars and the organizations (matcher positions, ascending) whose name holds it.
    private(set) var words: [[UInt32]] = []
    private(set) var owners: [[Int32]] = []
    /// Organization (matcher position) → the ids of the words its name holds.
    private(set) var wordsOf: [[Int32]] = []
    /// A spelling one letter shorter than some words (of four letters or more) → those words' ids.
    private var deletes: [[UInt32]: [Int32]] = [:]

    /// Shortest word whose typos are looked for; shorter words are read exactly.
    static let typoLength = 4

    mutating func add(_ token: NameToken, owner: Int32) {
        let id: Int32
        if let known = ids[token.scalars] { id = known } else {
            id = Int32(words.count)
            ids[token.scalars] = id
            words.append(token.scalars)
            owners.append([])
            if token.scalars.count >= Self.typoLength {
                for variant in Self.oneShorter(token.scalars) where deletes[variant]?.last != id {
                    deletes[variant, default: []].append(id)
                }
            }
        }
        if owners[Int(id)].last != owner { owners[Int(id)].append(owner) }
        while wordsOf.count <= Int(owner) { wordsOf.append([]) }
        if !wordsOf[Int(owner)].contains(id) { wordsOf[Int(owner)].append(id) }
    }

    /// Every spelling of the word with one letter left out, without repeats.
    static func oneShorter(_ word: [UInt32]) -> [[UInt32]] {
        var out: [[UInt32]] = []
        out.reserveCapacity(word.count)
        for index in word.indices where index == 0 || word[index] != word[index - 1] {
            var variant = word
            variant.remove(at: index)
            out.append(variant)
        }
        return out
    }

    /// The ids of the indexed words equal to `word` or one typo from it. Words under four letters only match
    /// exactly or by the typos a short word can carry and stay itself (a swap, a doubled letter).
    func matches(of word: [UInt32]) -> [Int32] {
        var found: [Int32] = []
        if let exact = ids[word] { found.append(exact) }
        guard word.count >= Self.typoLength - 1 else { return found }
        var seen = Set(found)
        func consider(_ id: Int32) {
            guard seen.insert(id).inserted else { return }
            let other = words[Int(id)]
            let isTypo = min(word.count, other.count) >= Self.typoLength
                ? EditDistance.damerauLevenshtein(word, other, limit: 1) == 1
                : NameComparison.isShortWordTypo(word, other)
            if isTypo { found.append(id) }
        }
        // A word one letter longer (a letter dropped in the query).
        for id in deletes[word] ?? [] { consider(id) }
        if word.count >= Self.typoLength {
            for variant in Self.oneShorter(word) {
                // A word one letter shorter (a letter added), or as long (a letter changed, two swapped).
                if let id = ids[variant] { consider(id) }
                for id in deletes[variant] ?? [] { consider(id) }
            }
        }
        return found
    }
}
