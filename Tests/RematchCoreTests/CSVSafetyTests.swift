@testable import RematchCore
import Testing

@Suite("CSV export is safe to open")
struct CSVSafetyTests {
    @Test("a cell a spreadsheet would run as a formula is quoted as text", arguments: [
        ("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"), ("+1 555", "'+1 555"), ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"), ("\tTab", "'\u{FFFD}Tab"), ("Henderson = Plumbing", "Henderson = Plumbing"),
    ])
    func formulas(text: String, cell: String) {
        #expect(ExportDocument.csvSafe(text) == cell)
    }

    @Test("control characters (an escape sequence in a name) never reach the file raw")
    func controls() {
        #expect(ExportDocument.csvSafe("Acme\u{1B}[31m Red\u{7}\u{9B}") == "Acme\u{FFFD}[31m Red\u{FFFD}\u{FFFD}")
        #expect(ExportDocument.csvSafe("Café Zoë") == "Café Zoë")
    }
}
