import Foundation

/// Case and accent folding for matching: "Ærø Café" → "aero cafe". Display text is never folded.
public enum TextFolding {
    /// Letters that Unicode decomposition does not reduce to ASCII.
    private static let specialLetters: [Character: String] = [
        "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
        "ŀ": "l", "ħ": "h", "ŧ": "t",
    ]

    /// Lower-cases, removes diacritics and maps the few letters decomposition misses.
    public static func fold(_ text: some StringProtocol) -> String {
        var out = String.UnicodeScalarView()
        let lowered = text.lowercased()
        if lowered.unicodeScalars.allSatisfy({ $0.isASCII }) { return lowered }
        for character in lowered.decomposedStringWithCanonicalMapping {
            if let mapped = specialLetters[character] {
                out.append(contentsOf: mapped.unicodeScalars)
                continue
            }
            for scalar in character.unicodeScalars where !isCombiningMark(scalar) {
                out.append(scalar)
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
    public static func damerauLevenshtein(_ a: [Character], _ b: [Character], limit: Int = .max) -> Int {
        if a == b { return 0 }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        if abs(a.count - b.count) > limit { return limit + 1 }
        let n = a.count, m = b.count
        var previous2 = [Int](repeating: 0, count: m + 1)
        var previous = Array(0...m)
        var current = [Int](repeating: 0, count: m + 1)
        for i in 1...n {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...m {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return limit + 1 }
            swap(&previous2, &previous)
            swap(&previous, &current)
        }
        return previous[m]
    }
}
