import Foundation
import RematchCore
import RematchPresentation
import RematchStore
import RematchTestSupport
import Testing
@testable import RematchTUI

@Suite("Console screens", .serialized)
struct ScreenSnapshotTests {
    static let sizes = [(24, 80), (40, 120)]

    private func snap(_ name: String, _ setUp: (Console) -> Void) throws {
        try ConsoleFixture.console { console in
            setUp(console)
            for (rows, columns) in Self.sizes {
                try assertSnapshot(console.render(rows: rows, columns: columns).text, named: "\(name)-\(columns)x\(rows)")
            }
        }
    }

    @Test func unmatched() throws { try snap("customers-unmatched") { _ in } }
    @Test func matched() throws { try snap("customers-matched") { $0.press(.character("2")) } }
    @Test func ignored() throws { try snap("customers-ignored") { $0.press(.character("i"), .character("3")) } }
    @Test func devices() throws { try snap("devices") { $0.press(.character("2"), .enter) } }
    @Test func help() throws { try snap("help") { $0.press(.character("?")) } }
    @Test func matchTo() throws {
        try snap("match-to") { console in
            console.press(.character("m"))
            console.type("riv den")
        }
    }
    @Test func createOrganization() throws {
        try snap("create-organization") { console in
            console.press(.down)  // Cedar Creek Animal Hospital
            console.press(.character("c"))
        }
    }
    @Test func bulkCreate() throws { try snap("bulk-create") { $0.press(.character("2"), .enter, .character("C")) } }
    @Test func typeMapping() throws { try snap("type-mapping") { $0.press(.character("t")) } }
    @Test func typePicker() throws {
        try snap("type-picker") { console in
            console.press(.character("t"), .down, .enter)
            console.type("a")
        }
    }
    @Test func everyCustomersDevices() throws { try snap("all-devices") { $0.press(.character("D")) } }
    @Test func devicesLeftSorted() throws { try snap("devices-left") { $0.press(.character("2"), .character("w"), .character("o")) } }
    @Test func filter() throws {
        try snap("filter") { console in
            console.press(.character("/"))
            console.type("riv")
        }
    }
    @Test func selection() throws { try snap("selection") { $0.press(.character(" "), .character(" ")) } }

    @Test("below 60×15 the console asks for a bigger terminal")
    func tooSmall() throws {
        try ConsoleFixture.console { console in
            let text = console.render(rows: 10, columns: 50).text
            #expect(text.contains("Terminal too small (50×10); Rematch needs 60×15."))
        }
    }

    @Test("hostile names reach the screen inert and wide names keep the columns straight")
    func hostileAndWide() throws {
        try ConsoleFixture.console { console in
            let buffer = console.render(rows: 24, columns: 80)
            let text = buffer.text
            #expect(!text.contains("\u{1B}"))
            #expect(!text.contains("\u{202E}"))
            #expect(text.contains("␛[31mEvil␛[0m"))
            // Every row is exactly as wide as the screen, wide characters counted twice, popups included.
            console.press(.character("?"))
            for screen in [buffer, console.render(rows: 24, columns: 80)] {
                for row in 0..<screen.rows {
                    let width = (0..<screen.columns).reduce(0) { $0 + screen[row, $1].width }
                    #expect(width == 80, "row \(row)")
                    #expect(screen.lines[row].reduce(0) { $0 + TerminalText.width(of: $1) } <= 80)
                }
            }
        }
    }

    @Test("while the workspace is built, the console shows what it opens and how to quit")
    func opening() throws {
        let directory = temporaryDirectory("rematch-tui")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try StateStore(path: directory + "/state.sqlite")
        #expect(ConsoleApp.openingLine(store) == "Opening the state file…")
        #expect(try !store.hasSnapshot())
        try store.saveSnapshot(ConsoleFixture.snapshot)
        #expect(try store.hasSnapshot())
        let line = ConsoleApp.openingLine(store)
        #expect(line == "Opening 7 customers and 10 devices: matching them…")
        for (rows, columns) in Self.sizes {
            try assertSnapshot(Console.renderOpening(rows: rows, columns: columns, syncroHost: "acme.syncromsp.com",
                                                     itGlueHost: "api.itglue.com", line: line).text,
                               named: "opening-\(columns)x\(rows)")
        }
        #expect(Console.renderOpening(rows: 10, columns: 50, syncroHost: "a", itGlueHost: "b", line: line).text
            .contains("Terminal too small (50×10); Rematch needs 60×15."))
    }
}
