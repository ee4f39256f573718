import Foundation

/// One word of a name: as written, folded, and its canonical key ("Intl" → "intl", "International" → "intl").
public struct NameToken: Sendable, Hashable {
    public var display: String
    public var folded: String
    public var key: String
    /// `folded` as Unicode scalar values, for edit distances without re-decoding.
    public var scalars: [UInt32]
    /// How much the word says about identity; set by the matcher from word rarity, 1 otherwise.
    public var weight: Double = 1
    /// Which characters the word holds, one bit per character modulo 64: one edit changes at most two bits, so two
    /// words whose masks differ in more than 2·k bits are more than k edits apart, found without an edit distance.
    public var letterMask: UInt64
    /// A phrase with a short form found with one of its words misspelt ("Physcal Therapy" keyed "pt"): the same
    /// key as the phrase spelt right, but a typo, not a match after normalization.
    public var isMisspelt = false
    /// Written in Cyrillic (folded into Latin): compared with a Latin word past the transliteration scheme.
    public var isTransliterated = false

    init(display: String, folded: String, key: String) {
        self.display = display
        self.folded = folded
        self.key = key
        scalars = folded.unicodeScalars.map(\.value)
        letterMask = scalars.reduce(0) { $0 | (1 << UInt64($1 & 63)) }
    }
}

/// A reading of a name to compare: the whole name, the name without its location qualifier, or one side
/// of a "dba". `note` says which, for the reason shown to a person.
public struct NameVariant: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case whole
        case withoutQualifier(String)
        case legalName(String)
        case tradingName(String)
    }
    public var kind: Kind
    /// Identity-bearing tokens: no leading "The", legal suffix, or stop words.
    public var core: [NameToken]
    /// Canonical legal suffixes removed from the end, e.g. ["LLC"].
    public var suffixes: [String]
    /// The suffixes as written, e.g. ["L.L.C."].
    public var suffixDisplays: [String]
    public var hadLeadingThe: Bool
    /// Personal titles and professional designations removed ("Dr.", "DDS").
    public var titles: [String]
    public var coreKey: String
    public var sortedKey: String
    public var compactKey: String
}

/// A name taken apart for matching. Built once per customer and organization.
public struct AnalyzedName: Sendable, Hashable {
    public var original: String
    /// Case, accents, punctuation, whitespace and `&`/`and` folded: the key for exact auto-links.
    public var exactKey: String
    public var variants: [NameVariant]
    public var tokens: [NameToken]

    public init(_ name: String) {
        let cleaned = TextFolding.clean(name)
        original = cleaned
        let raw = NameAnalysis.tokenize(cleaned)
        tokens = raw
        exactKey = raw.map { $0.key == "and" ? "and" : $0.folded }.joined(separator: " ")
        var variants = [NameAnalysis.variant(raw, kind: .whole)]
        let (base, qualifier) = NameAnalysis.stripQualifier(cleaned)
        var baseTokens = raw
        if let qualifier {
            baseTokens = NameAnalysis.tokenize(base)
            if !baseTokens.isEmpty {
                variants.append(NameAnalysis.variant(baseTokens, kind: .withoutQualifier(qualifier)))
            }
        }
        if let (legal, trading) = NameAnalysis.splitDBA(baseTokens) {
            let legalText = legal.map(\.display).joined(separator: " ")
            let tradingText = trading.map(\.display).joined(separator: " ")
            variants.append(NameAnalysis.variant(legal, kind: .legalName(tradingText)))
            variants.append(NameAnalysis.variant(trading, kind: .tradingName(legalText)))
        }
        self.variants = variants.filter { !$0.core.isEmpty }
        if self.variants.isEmpty { self.variants = [variants[0]] }
    }

    public var whole: NameVariant { variants[0] }

    /// The location qualifier of a name, without taking the rest of it apart.
    public static func qualifier(of name: String) -> String? {
        NameAnalysis.stripQualifier(TextFolding.clean(name)).qualifier
    }

    /// The location qualifier the name carries ("Main Office" in "Acme - Main Office"), if any.
    public var qualifier: String? {
        for variant in variants { if case .withoutQualifier(let qualifier) = variant.kind { return qualifier } }
        return nil
    }

    /// The same name with each word's weight set from its canonical key.
    public func weighted(by weight: (String) -> Double) -> AnalyzedName {
        var copy = self
        for v in copy.variants.indices {
            for t in copy.variants[v].core.indices {
                copy.variants[v].core[t].weight = weight(copy.variants[v].core[t].key)
            }
        }
        return copy
    }
}

enum NameAnalysis {
    /// Splits a name into words. Apostrophes join ("O'Brien" → "obrien"); `&` and `+` are the word "and";
    /// single letters joined by dots become one word ("L.L.C." → "llc").
    static func tokenize(_ text: String) -> [NameToken] {
        tokens(from: text.utf8.allSatisfy { $0 < 0x80 } ? asciiWords(text) : words(text))
    }

    /// The words of a plain-ASCII name, read byte by byte (most names): the same rules as `words`.
    static func asciiWords(_ text: String) -> [(text: String, dottedToPrevious: Bool)] {
        var words: [(text: String, dottedToPrevious: Bool)] = []
        let bytes = Array(text.utf8)
        var start = -1
        var currentDotted = false
        var gapIsDot = false, gapIsEmpty = true
        var skipped: [Int] = []  // apostrophes inside the current word
        func word(_ end: Int) -> String {
            guard !skipped.isEmpty else { return String(decoding: bytes[start..<end], as: UTF8.self) }
            var kept = [UInt8]()
            kept.reserveCapacity(end - start)
            for index in start..<end where !skipped.contains(index) { kept.append(bytes[index]) }
            return String(decoding: kept, as: UTF8.self)
        }
        for (index, byte) in bytes.enumerated() {
            let isAlphanumeric = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            if isAlphanumeric {
                if start < 0 {
                    currentDotted = !words.isEmpty && gapIsDot
                    start = index
                }
            } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "`") {
                if start >= 0 { skipped.append(index) }
            } else {
                if start >= 0 {
                    words.append((word(index), currentDotted))
                    start = -1
                    skipped = []
                    gapIsDot = false
                    gapIsEmpty = true
                }
                if byte == UInt8(ascii: "&") || byte == UInt8(ascii: "+") {
                    words.append(("&", false))
                    gapIsDot = false
                    gapIsEmpty = false
                } else {
                    gapIsDot = gapIsEmpty && byte == UInt8(ascii: ".")
                    gapIsEmpty = false
                }
            }
        }
        if start >= 0 { words.append((word(bytes.count), currentDotted)) }
        return words
    }

    /// The words of any name, by Unicode letters and digits.
    static func words(_ text: String) -> [(text: String, dottedToPrevious: Bool)] {
        var words: [(text: String, dottedToPrevious: Bool)] = []
        var current = ""
        var currentDotted = false
        var gap = ""
        for character in text {
            if character.isLetter || character.isNumber {
                if current.isEmpty { currentDotted = !words.isEmpty && gap == "." }
                current.append(character)
            } else if character == "'" || character == "’" || character == "`" || character == "ʼ" {
                continue
            } else {
                if !current.isEmpty {
                    words.append((current, currentDotted))
                    current = ""
                    gap = ""
                }
                if character == "&" || character == "+" {
                    words.append(("&", false))
                    gap = " "
                } else {
                    gap.append(character)
                }
            }
        }
        if !current.isEmpty { words.append((current, currentDotted)) }
        return words
    }

    /// Words to tokens: runs of single letters written with dots are joined (L.L.C. → LLC, P.C. → PC), and
    /// each word gets its folded form and canonical key.
    static func tokens(from words: [(text: String, dottedToPrevious: Bool)]) -> [NameToken] {
        var tokens: [NameToken] = []
        var index = 0
        while index < words.count {
            var display = words[index].text
            if display.count == 1, index + 1 < words.count, words[index + 1].dottedToPrevious,
               words[index + 1].text.count == 1 {
                var end = index + 1
                display += "." + words[end].text
                while end + 1 < words.count, words[end + 1].dottedToPrevious, words[end + 1].text.count == 1 {
                    end += 1
                    display += "." + words[end].text
                }
                index = end
                display += "."
            }
            let folded = TextFolding.fold(display).filter { $0 != "." }
            let key = NameVocabulary.canonicalWord[folded] ?? singular(folded)
            var token = NameToken(display: display, folded: folded, key: key)
            token.isTransliterated = TextFolding.hasCyrillic(display)
            tokens.append(token)
            index += 1
        }
        return joiningPhrases(tokens)
    }

    /// The phrases by their words' canonical keys, so "Homeowners Assn" is the phrase "Homeowners Association".
    /// `scalars`: each word as the phrase spells it in full, for finding it misspelt ("Asociation" is one letter
    /// from "association", not from its key "assn").
    static let phraseKeys: [(keys: [String], scalars: [[UInt32]], key: String)] = NameVocabulary.phraseAbbreviations.map { phrase in
        let keys = phrase.words.map { NameVocabulary.canonicalWord[$0] ?? singular($0) }
        return (keys, phrase.words.map { $0.unicodeScalars.map(\.value) }, phrase.key)
    }

    /// Phrases with a usual short form become one word keyed by it ("Physical Therapy" → "pt"), so "Riverside PT"
    /// and "Riverside Physical Therapy" share a core. The folded text keeps its spaces: the exact key is unchanged.
    /// A phrase with one word misspelt by a letter ("Physcal Therapy", "Cerdit Union") is still the phrase, marked
    /// ``NameToken/isMisspelt`` so that the comparison scores it as the typo it is; at least one of its words must be
    /// spelt right, and a misspelt one must be a word of five letters or more.
    static func joiningPhrases(_ tokens: [NameToken]) -> [NameToken] {
        guard tokens.count >= 2 else { return tokens }
        var out: [NameToken] = []
        out.reserveCapacity(tokens.count)
        var index = 0
        outer: while index < tokens.count {
            for phrase in phraseKeys where index + phrase.keys.count <= tokens.count {
                let run = tokens[index..<(index + phrase.keys.count)]
                var exact = 0, misspelt = 0
                for (token, position) in zip(run, phrase.keys.indices) {
                    if token.key == phrase.keys[position] { exact += 1; continue }
                    let word = phrase.scalars[position]
                    guard word.count >= 5, abs(token.scalars.count - word.count) <= 1,
                          EditDistance.damerauLevenshtein(token.scalars, word, limit: 1) == 1 else { break }
                    misspelt += 1
                }
                guard exact + misspelt == phrase.keys.count, exact >= 1, misspelt <= 1 else { continue }
                var joined = NameToken(display: run.map(\.display).joined(separator: " "),
                                       folded: run.map(\.folded).joined(separator: " "), key: phrase.key)
                joined.isMisspelt = misspelt > 0
                out.append(joined)
                index += phrase.keys.count
                continue outer
            }
            out.append(tokens[index])
            index += 1
        }
        return out
    }

    /// A light plural fold so "Orthodontics" and "Orthodontic" share a key; short words and
    /// "-ss", "-us", "-is" endings ("Glass", "Campus", "Analysis") are left alone. Other plurals
    /// ("Bakeries", "Glasses") are paired when names are compared, not folded here: "Movies" is "Movie"'s.
    static func singular(_ word: String) -> String {
        guard word.count >= 5, word.hasSuffix("s"), !word.hasSuffix("ss"), !word.hasSuffix("us"),
              !word.hasSuffix("is") else { return word }
        let stem = String(word.dropLast())
        return NameVocabulary.canonicalWord[stem] ?? stem
    }

    /// Removes a location qualifier: a parenthesised part, or a trailing " - Main Office" / ": Downtown".
    static func stripQualifier(_ text: String) -> (base: String, qualifier: String?) {
        let markers: Set<UInt8> = [UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "-"), UInt8(ascii: ":"),
                                   UInt8(ascii: "|"), UInt8(ascii: "/"), 0xE2]  // 0xE2 leads – and —
        guard text.utf8.contains(where: markers.contains) else { return (text, nil) }
        var base = text
        var qualifiers: [String] = []
        // Parenthesised or bracketed parts anywhere.
        while let open = base.lastIndex(where: { $0 == "(" || $0 == "[" }),
              let close = base[open...].firstIndex(where: { $0 == ")" || $0 == "]" }) {
            let inner = base[base.index(after: open)..<close].trimmingWhitespace()
            if !inner.isEmpty { qualifiers.insert(inner, at: 0) }
            base.removeSubrange(open...close)
        }
        // A trailing " - X", " – X", " — X" or ": X".
        for separator in [" - ", " – ", " — ", ": ", " | ", " / "] {
            if let range = base.range(of: separator, options: .backwards) {
                let tail = base[range.upperBound...].trimmingWhitespace()
                let head = base[..<range.lowerBound].trimmingWhitespace()
                if !tail.isEmpty, !head.isEmpty {
                    qualifiers.append(tail)
                    base = head
                    break
                }
            }
        }
        guard !qualifiers.isEmpty else { return (text, nil) }
        return (base, qualifiers.joined(separator: ", "))
    }

    /// Splits "X Holdings LLC dba Y" into its legal and trading names.
    static func splitDBA(_ tokens: [NameToken]) -> (legal: [NameToken], trading: [NameToken])? {
        let folded = tokens.map(\.folded)
        for marker in NameVocabulary.dbaMarkers {
            guard marker.count <= folded.count else { continue }
            for start in 1..<max(1, folded.count - marker.count + 1) where Array(folded[start..<start + marker.count]) == marker {
                let legal = Array(tokens[..<start])
                let trading = Array(tokens[(start + marker.count)...])
                if !legal.isEmpty, !trading.isEmpty { return (legal, trading) }
            }
        }
        return nil
    }

    /// Builds the comparable core of one reading: drops a leading "The" and personal title, legal suffixes and
    /// professional designations at the end (stacked ones too: "Co., Ltd.", "DDS, PC"; misspelled long ones:
    /// "Liimted"), legal-form words inside the name, a dangling "and", and stop words.
    static func variant(_ tokens: [NameToken], kind: NameVariant.Kind) -> NameVariant {
        var core = tokens
        var hadLeadingThe = false
        var titles: [String] = []
        if core.count > 1, core[0].folded == "the" {
            core.removeFirst()
            hadLeadingThe = true
        }
        if core.count > 2, NameVocabulary.leadingTitles.contains(core[0].folded) {
            titles.append(core.removeFirst().display)
        }
        var suffixes: [String] = []
        var suffixDisplays: [String] = []
        var stripped = true
        while stripped {
            stripped = false
            guard let last = core.last?.folded else { break }
            if let suffix = legalSuffix(atEndOf: core, last: last) {
                suffixes.insert(suffix.canonical, at: 0)
                suffixDisplays.insert(core.suffix(suffix.count).map(\.display).joined(separator: " "), at: 0)
                core.removeLast(suffix.count)
                stripped = true
            } else if core.count > 2, NameVocabulary.trailingDesignations.contains(last) {
                titles.insert(core.removeLast().display, at: 0)
                stripped = true
            }
            if core.count > 1, core.last?.key == "and" {
                core.removeLast()
                stripped = true
            }
        }
        core = withoutInnerLegalForms(core)
        let withoutStops = core.filter { !NameVocabulary.stopWords.contains($0.folded) }
        if !withoutStops.isEmpty { core = withoutStops }
        let keys = core.map(\.key)
        return NameVariant(
            kind: kind, core: core, suffixes: suffixes, suffixDisplays: suffixDisplays,
            hadLeadingThe: hadLeadingThe, titles: titles, coreKey: keys.joined(separator: " "),
            sortedKey: keys.sorted().joined(separator: " "), compactKey: core.map { $0.folded.filter { $0 != " " } }.joined()
        )
    }

    /// The legal suffix the core ends with, as written or misspelled by one letter in a long form, and how
    /// many words it takes. The core keeps at least one word.
    static func legalSuffix(atEndOf core: [NameToken], last: String) -> (canonical: String, count: Int)? {
        if NameVocabulary.legalSuffixLastWords.contains(last) {
            for suffix in NameVocabulary.legalSuffixes where suffix.tokens.count < core.count
                && Array(core.suffix(suffix.tokens.count).map(\.folded)) == suffix.tokens {
                return (suffix.canonical, suffix.tokens.count)
            }
            return nil
        }
        guard core.count > 1, let word = core.last?.scalars, word.count >= 6 else { return nil }
        for suffix in NameVocabulary.misspellableSuffixes where abs(suffix.word.count - word.count) <= 1
            && EditDistance.damerauLevenshtein(word, suffix.word, limit: 1) == 1 {
            return (suffix.canonical, 1)
        }
        return nil
    }

    /// Legal-form words inside a name ("Smith Company Plumbing", "Smith & Co Plumbing") carry no identity; the
    /// first word is kept ("Limited Edition Prints"), and so is a name they would leave a single word of.
    static func withoutInnerLegalForms(_ core: [NameToken]) -> [NameToken] {
        guard core.count > 2, core.dropFirst().contains(where: { NameVocabulary.legalFormWords.contains($0.folded) }) else { return core }
        var kept: [NameToken] = [core[0]]
        for token in core.dropFirst() {
            if NameVocabulary.legalFormWords.contains(token.folded) {
                if kept.count > 1, kept.last?.key == "and" { kept.removeLast() }
                continue
            }
            kept.append(token)
        }
        return kept.count >= 2 ? kept : core
    }
}
