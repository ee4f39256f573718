import Testing
@testable import RematchCore

@Suite("Name normalization")
struct NameNormalizationTests {
    @Test("case, accents, whitespace, punctuation and & fold into one exact key", arguments: [
        ("Henderson Plumbing & Heating", "henderson plumbing and heating"),
        ("  HENDERSON   plumbing and heating ", "henderson plumbing and heating"),
        ("Café Zoë, L.L.C.", "cafe zoe llc"),
        ("O'Brien's Pub", "obriens pub"),
        ("Ærø Straße GmbH", "aero strasse gmbh"),
        ("Smith+Jones", "smith and jones"),
    ])
    func exactKey(name: String, expected: String) {
        #expect(AnalyzedName(name).exactKey == expected)
    }

    @Test("legal suffixes, dotted and long forms, stacked, are removed from the core", arguments: [
        "Acme Inc", "Acme, Inc.", "Acme Incorporated", "ACME LLC", "Acme L.L.C.", "Acme Ltd", "Acme Limited",
        "Acme Corp.", "Acme Corporation", "Acme Co.", "Acme PLLC", "Acme LLP", "Acme P.C.", "Acme GmbH",
        "Acme Pty Ltd", "Acme Co., Ltd.", "The Acme Company", "Acme, S.A. de C.V.", "Acme Limited Liability Company",
    ])
    func legalSuffix(name: String) {
        #expect(AnalyzedName(name).whole.coreKey == "acme")
    }

    @Test("a legal-suffix word inside the name is kept")
    func suffixWordInside() {
        #expect(AnalyzedName("Limited Edition Prints").whole.coreKey == "limited edition print")
        #expect(AnalyzedName("Inc").whole.coreKey == "inc")
    }

    @Test("abbreviations and long forms share a key", arguments: [
        ("Acme Intl", "Acme International"), ("Metro Svcs", "Metro Services"), ("Delta Mfg", "Delta Manufacturing"),
        ("Lake Assoc.", "Lake Associates"), ("Smith Bros", "Smith Brothers"), ("Medical Ctr", "Medical Center"),
        ("St. Luke's Clinic", "Saint Lukes Clinic"), ("Mt Vernon Dental", "Mount Vernon Dental"),
    ])
    func abbreviations(short: String, long: String) {
        #expect(AnalyzedName(short).whole.coreKey == AnalyzedName(long).whole.coreKey)
    }

    @Test("location qualifiers become a separate reading")
    func locationQualifier() {
        let dash = AnalyzedName("Riverside Dental - Main Office")
        #expect(dash.variants.contains { $0.kind == .withoutQualifier("Main Office") && $0.coreKey == "riverside dental" })
        let parenthesis = AnalyzedName("Riverside Dental (Downtown)")
        #expect(parenthesis.variants.contains { $0.kind == .withoutQualifier("Downtown") && $0.coreKey == "riverside dental" })
        #expect(AnalyzedName("Smith-Jones Law").variants.count == 1)
    }

    @Test("dba names give the legal and the trading name")
    func dba() {
        let name = AnalyzedName("Kessler Holdings LLC dba Quick Print")
        #expect(name.variants.contains { $0.coreKey == "kessler holding" })
        #expect(name.variants.contains { $0.coreKey == "quick print" })
        #expect(AnalyzedName("Kessler Holdings, LLC d/b/a Quick Print").variants.contains { $0.coreKey == "quick print" })
        #expect(AnalyzedName("Kessler Holdings D.B.A. Quick Print").variants.contains { $0.coreKey == "quick print" })
    }

    @Test("hostile and odd input is handled without crashing")
    func hostileInput() {
        #expect(AnalyzedName("").whole.coreKey == "")
        #expect(AnalyzedName("   ").exactKey == "")
        #expect(AnalyzedName("\u{1B}[31mRed\u{1B}[0m Corp").whole.coreKey.contains("red"))
        #expect(AnalyzedName("株式会社 東京商事").exactKey == "株式会社 東京商事")
        #expect(AnalyzedName("🍕 Pizza 🍕 LLC").whole.coreKey == "pizza")
        let huge = String(repeating: "Acme Widget ", count: 1_000)
        #expect(AnalyzedName(huge).tokens.count <= 60)
        #expect(AnalyzedName("Cafe\u{0301} \u{202E}evil\u{202C}").exactKey == "cafe evil")
    }

    @Test("the byte-level reading of ASCII names splits words exactly as the Unicode one", arguments: [
        "L.L.C.", "O'Brien & Sons, Inc.", "A.B.C Co", "P. C.", "X..Y", "Smith+Jones", "  ", "", "3M Co.", "AT&T Corp",
        "Law Offices of A. B. Smith, P.C.", "Main St. (Downtown)", "'quoted' `names`", "a.b", "a. b", ".a", "a&.b", "S.A. de C.V.",
        "Hold-Co LLC dba Acme_Widgets", "x'", "'", "Dr.Who", "R&D", "Co.,Ltd.", "A . B",
    ])
    func asciiWordsAgree(name: String) {
        let bytes = NameAnalysis.asciiWords(name), unicode = NameAnalysis.words(name)
        #expect(bytes.map(\.text) == unicode.map(\.text))
        #expect(bytes.map(\.dottedToPrevious) == unicode.map(\.dottedToPrevious))
    }
}
