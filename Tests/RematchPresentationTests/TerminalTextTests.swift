import Testing
@testable import RematchPresentation

@Suite("Terminal text")
struct TerminalTextTests {
    @Test("escape sequences and control characters are shown inert")
    func sanitize() {
        #expect(TerminalText.sanitize("\u{1B}[31mRed\u{1B}[0m") == "␛[31mRed␛[0m")
        #expect(TerminalText.sanitize("a\u{07}b\nc\td\u{7F}") == "a␇b␊c␉d␡")
        #expect(TerminalText.sanitize("\u{9B}31m") == "\u{FFFD}31m")
        #expect(TerminalText.sanitize("abc\u{202E}evil\u{202C}") == "abc\u{FFFD}evil\u{FFFD}")
        #expect(TerminalText.sanitize("Café 株式会社 🍕") == "Café 株式会社 🍕")
    }

    @Test("wide, emoji and combining characters take the right columns")
    func widths() {
        #expect(TerminalText.width(of: "abc") == 3)
        #expect(TerminalText.width(of: "株式会社") == 8)
        #expect(TerminalText.width(of: "🍕") == 2)
        #expect(TerminalText.width(of: "e\u{0301}") == 1)
        #expect(TerminalText.width(of: "🇩🇪") == 2)
        #expect(TerminalText.width(of: "👩‍💻") == 2)
    }

    @Test("truncation ends in … and never splits a wide character")
    func truncate() {
        #expect(TerminalText.truncate("Riverside Family Dental", to: 10) == "Riverside…")
        #expect(TerminalText.truncate("株式会社東京", to: 5) == "株式…")
        #expect(TerminalText.truncate("short", to: 10) == "short")
        #expect(TerminalText.fit("株式会社東京", to: 6) == "株式… ")
        #expect(TerminalText.truncate("anything", to: 0) == "")
    }
}
