import RematchCore

/// Search as you type, ranked like fzf: letters in order (a subsequence), bonuses for word starts and
/// runs of letters, exact and prefix matches first. Names are folded once, so a keystroke over 50,000
/// names costs one pass of byte comparisons.
public struct FuzzyIndex: Sendable {
    public struct Hit: Sendable, Hashable {
        public var index: Int
        public var score: Int
        /// Byte offsets in the folded name of the matched letters, for highlighting.
        public var positions: [Int]
    }

    let folded: [[UInt8]]

    public init(names: [String]) {
        folded = names.map { Array(TextFolding.fold($0).utf8) }
    }

    public var count: Int { folded.count }

    /// The best `limit` hits, best first; an empty query lists everything in order.
    public func search(_ query: String, limit: Int = 200) -> (hits: [Hit], total: Int) {
        let pattern = Array(TextFolding.fold(query).utf8).filter { $0 != UInt8(ascii: " ") }
        guard !pattern.isEmpty else {
            return ((0..<min(limit, folded.count)).map { Hit(index: $0, score: 0, positions: []) }, folded.count)
        }
        var best: [Hit] = []
        var total = 0
        var floor = Int.min
        for (index, name) in folded.enumerated() {
            guard let score = Self.score(pattern, name) else { continue }
            total += 1
            if best.count < limit || score > floor {
                best.append(Hit(index: index, score: score, positions: []))
                if best.count > limit * 2 {
                    best.sort { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }
                    best.removeLast(best.count - limit)
                    floor = best.last!.score
                }
            }
        }
        best.sort { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }
        if best.count > limit { best.removeLast(best.count - limit) }
        return (best.map { Hit(index: $0.index, score: $0.score, positions: Self.positions(pattern, folded[$0.index])) }, total)
    }

    static func isWordStart(_ name: [UInt8], _ index: Int) -> Bool {
        guard index > 0 else { return true }
        let previous = name[index - 1]
        return !(isAlphanumeric(previous))
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7A) || byte >= 0x80
    }

    /// fzf's scheme, greedy: 16 a letter, +8 at a word start (doubled for the first letter), +4 a run,
    /// −3 to open a gap and −1 per extra letter skipped; exact and prefix matches get a large bonus.
    static func score(_ pattern: [UInt8], _ name: [UInt8]) -> Int? {
        guard pattern.count <= name.count else { return nil }
        // Quick subsequence check, and prefer the match that starts at a word start.
        var index = 0
        var score = 0
        var previous = -2
        var first = true
        for byte in pattern {
            var found = -1
            // Look ahead for a word-start occurrence within a short window before taking the first one.
            var probe = index
            var firstHit = -1
            while probe < name.count {
                if name[probe] == byte {
                    if firstHit < 0 { firstHit = probe }
                    if probe == previous + 1 || isWordStart(name, probe) { found = probe; break }
                    if probe - firstHit > 12 { break }
                }
                probe += 1
            }
            if found < 0 { found = firstHit }
            guard found >= 0 else { return nil }
            score += 16
            if isWordStart(name, found) { score += first ? 16 : 8 }
            if found == previous + 1 { score += 4 } else if !first {
                let gap = found - previous - 1
                score -= 3 + max(0, gap - 1)
            }
            previous = found
            index = found + 1
            first = false
        }
        if name == pattern { score += 1000 } else if name.starts(with: pattern) { score += 500 }
        score -= name.count / 8
        return score
    }

    static func positions(_ pattern: [UInt8], _ name: [UInt8]) -> [Int] {
        var result: [Int] = []
        var index = 0
        for byte in pattern {
            while index < name.count, name[index] != byte { index += 1 }
            guard index < name.count else { break }
            result.append(index)
            index += 1
        }
        return result
    }
}

extension FuzzyIndex.Hit {
    /// Which characters of the displayed name the matched letters are (offsets in `name`), for highlighting:
    /// the positions count bytes of the folded name, and folding can change a character's length.
    public func matchedCharacters(in name: String) -> Set<Int> {
        guard !positions.isEmpty else { return [] }
        let wanted = Set(positions)
        var matched = Set<Int>()
        var byte = 0
        for (offset, character) in name.enumerated() {
            let length = TextFolding.fold(String(character)).utf8.count
            if (byte..<byte + length).contains(where: wanted.contains) { matched.insert(offset) }
            byte += length
        }
        return matched
    }
}
