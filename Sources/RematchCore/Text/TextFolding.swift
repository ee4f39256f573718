import Foundation

/// Case and accent folding for matching: "Ærø Café" → "aero cafe". Display text is never folded.
public enum TextFolding {
    /// Letters that Unicode decomposition does not reduce to ASCII.
    private static let specialLetters: [Character: String] = [
        "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
        "ŀ": "l", "ħ": "h", "ŧ": "t",
    ]

    /// Cyrillic letters (Russian, Ukrainian, Belarusian) in Latin, as English texts usually spell them (BGN/PCGN,
    /// without its diacritics): "Дмитрий Соколов" → "dmitriy sokolov". Other schemes differ in a few letters
    /// ("Dmitrii", "Iuliia"); ``transliterationSkeleton(_:)`` compares past that.
    static let cyrillic: [Character: String] = [
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i", "й": "y",
        "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
        "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
        "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "w",
    ]

    /// Every letter `fold` maps rather than decomposes.
    private static let mappedLetters = specialLetters.merging(cyrillic) { first, _ in first }

    /// Whether the text holds a Cyrillic letter.
    public static func hasCyrillic(_ text: some StringProtocol) -> Bool {
        text.unicodeScalars.contains { (0x0400...0x052F).contains($0.value) }
    }

    /// A transliterated word reduced past the differences of transliteration schemes, for comparing a word written
    /// in Cyrillic with its Latin spelling: "kh" is "h", "ts" and "tz" "c", "x" "ks", "y" and "j" "i", and a doubled
    /// letter one. "dmitriy", "dmitrii" and "dmitry" are all "dmitri"; "yuliya" and "iuliia" "iulia".
    public static func transliterationSkeleton(_ folded: String) -> String {
        var text = folded.replacingOccurrences(of: "kh", with: "h").replacingOccurrences(of: "ts", with: "c")
            .replacingOccurrences(of: "tz", with: "c").replacingOccurrences(of: "x", with: "ks")
        text = String(text.map { $0 == "y" || $0 == "j" ? "i" : $0 })
        var out = ""
        for character in text where character != out.last { out.append(character) }
        return out
    }

    /// Lower-cases, removes diacritics, maps the few letters decomposition misses, and writes Cyrillic in Latin.
    /// `fold` as UTF-8 bytes, for byte search; plain ASCII (most names) is lowercased byte by byte.
    public static func foldedBytes(_ text: String) -> [UInt8] {
        var bytes = Array(text.utf8)
        for index in bytes.indices {
            let byte = bytes[index]
            guard byte < 0x80 else { return Array(fold(text).utf8) }
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { bytes[index] = byte + 32 }
        }
        return bytes
    }

    public static func fold(_ text: some StringProtocol) -> String {
        var out = String.UnicodeScalarView()
        let lowered = text.lowercased()
        if lowered.unicodeScalars.allSatisfy({ $0.isASCII }) { return lowered }
        // Letter by letter as written, mapped before decomposing: decomposition would make "й" an "и" and a mark.
        for character in lowered {
            if let mapped = mappedLetters[character] {
                out.append(contentsOf: mapped.unicodeScalars)
            } else if character.isASCII {
                out.append(contentsOf: character.unicodeScalars)
            } else {
                for scalar in String(character).decomposedStringWithCanonicalMapping.unicodeScalars where !isCombiningMark(scalar) {
                    out.append(scalar)
                }
            }
        }
        return String(out)
    }

    static func isCombiningMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// Removes control characters and format characters (bidi overrides, zero-width joiners) and
    /// caps the length, so hostile or huge names cannot slow matching down.
    public static func clean(_ text: String, maxCharacters: Int = 300) -> String {
        var out = String.UnicodeScalarView()
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= maxCharacters { break }
            switch scalar.properties.generalCategory {
            case .control, .format, .surrogate, .privateUse, .unassigned:
                out.append(" ")
            default:
                out.append(scalar)
            }
            count += 1
        }
        return String(out)
    }
}

/// Edit distances for short tokens.
public enum EditDistance {
    /// Optimal-string-alignment Damerau–Levenshtein distance, stopping early once it exceeds `limit`.
    /// Works in one small buffer on the stack: it runs for every word pair of every candidate.
    public static func damerauLevenshtein<Element: Equatable>(_ a: [Element], _ b: [Element], limit: Int = .max) -> Int {
        if a == b { return 0 }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        if abs(a.count - b.count) > limit { return limit + 1 }
        let n = a.count, m = b.count
        let width = m + 1
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * width) { buffer -> Int in
            // Rows i-2, i-1 and i, rotating.
            for j in 0...m {
                buffer[width + j] = j
                buffer[j] = 0
            }
            var previous2 = 0, previous = width, current = 2 * width
            for i in 1...n {
                buffer[current] = i
                var rowMinimum = i
                for j in 1...m {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    var value = Swift.min(buffer[previous + j] + 1, buffer[current + j - 1] + 1, buffer[previous + j - 1] + cost)
                    if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                        value = Swift.min(value, buffer[previous2 + j - 2] + 1)
                    }
                    buffer[current + j] = value
                    rowMinimum = Swift.min(rowMinimum, value)
                }
                if rowMinimum > limit { return limit + 1 }
                (previous2, previous, current) = (previous, current, previous2)
            }
            return buffer[previous + m]
        }
    }
}
