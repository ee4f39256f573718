import Foundation
import RematchCore
import RematchPresentation
import Testing
@testable import RematchTUI

/// The key table and what it drives: Esc, the key bar, `?`, and the Match To highlight.
@Suite("Key table", .serialized)
struct ConsoleKeymapTests {
    /// Puts the console on a list screen.
    private func go(to scope: Scope, _ console: Console) {
        switch scope {
        case .customers(.unmatched): console.press(.character("1"))
        case .customers(.matched): console.press(.character("2"))
        case .customers(.ignored): console.press(.character("3"))
        case .devices: console.press(.character("2"), .enter)
        case .allDevices: console.press(.character("D"))
        default: break
        }
    }

    @Test("Esc never quits the main screen: it clears a filter, closes a popup, leaves the devices; q quits")
    func escapeNeverQuits() throws {
        try ConsoleFixture.console { console in
            #expect(console.press(.escape) == [])
            #expect(console.message.text.contains("q quits"))
            console.press(.character("/"))
            console.type("mary")
            console.press(.enter)
            #expect(console.rowIDs() == [4])
            #expect(console.press(.escape) == [])
            #expect(console.list.filter.isEmpty)
            #expect(console.rowIDs().count > 1)
            console.press(.character("m"))
            #expect(console.press(.escape) == [])
            #expect(console.popup == nil)
            console.press(.character("2"), .enter)
            #expect(console.press(.escape) == [])
            #expect(console.deviceCustomer == nil)
            #expect(console.press(.escape) == [])
            #expect(console.press(.character("q")) == [.quit])
        }
    }

    @Test("? lists every key of the screen, no line cut: at once at 200×50, by scrolling at 80×24", arguments: Scope.lists)
    func helpIsWhole(scope: Scope) throws {
        try ConsoleFixture.console { console in
            go(to: scope, console)
            #expect(console.listScope == scope)
            console.press(.character("?"))
            let whole = console.render(rows: 50, columns: 200).text
            console.resize(rows: 24, columns: 80)
            var scrolled = ""
            for _ in 0..<12 {
                scrolled += console.render(rows: 24, columns: 80).text
                console.press(.down)
            }
            for _ in 0..<12 { console.press(.up) }
            for entry in Keymap.helpEntries(for: scope) {
                #expect(whole.contains(entry.text) && whole.contains(entry.keys), "200×50: \(entry.keys) \(entry.text)")
                let words = entry.text.split(separator: " ") + entry.keys.split(separator: " ")
                for word in words { #expect(scrolled.contains(word), "80×24: \(word) of \(entry.text)") }
            }
            #expect(!whole.contains("…│") && !scrolled.contains("…│"))
            console.press(.character("j"))
            #expect(console.popup != nil)
            console.press(.character("z"))
            #expect(console.popup == nil)
        }
    }

    @Test("on a small screen ? wraps and scrolls, and every key can still be read")
    func helpScrolls() throws {
        try ConsoleFixture.console { console in
            console.resize(rows: 15, columns: 60)
            console.press(.character("?"))
            var seen = ""
            for _ in 0..<30 {
                seen += console.render(rows: 15, columns: 60).text
                console.press(.down)
            }
            let words = Keymap.helpEntries(for: .customers(.unmatched)).flatMap { $0.text.split(separator: " ") }
            for word in words { #expect(seen.contains(word), "\(word)") }
        }
    }

    @Test("the key bar keeps ? help at 80 and 100 columns on every list", arguments: Scope.lists)
    func keyBarKeepsHelp(scope: Scope) throws {
        try ConsoleFixture.console { console in
            go(to: scope, console)
            for columns in [80, 100] {
                let bar = console.render(rows: 24, columns: columns).lines[22]
                #expect(bar.hasSuffix(Scope.deviceLists.contains(scope) ? "? help  Esc back" : "? help  q quit"), "\(columns): \(bar)")
                #expect(TerminalText.width(of: bar) <= columns)
            }
        }
    }

    @Test("the filter line's keys show whole on the key bar")
    func keyBarWhileFiltering() throws {
        try ConsoleFixture.console { console in
            console.press(.character("/"))
            for columns in [80, 100] {
                #expect(console.render(rows: 24, columns: columns).lines[22] == " type to filter  Enter keep  Esc clear")
            }
        }
    }

    @Test("no key means two things on one screen, and every key bar hint belongs to a key of that screen")
    func tableIsConsistent() {
        let scopes: [Scope] = Scope.lists + [.filter, .help, .matchTo, .createOrganization, .confirm, .typeMapping, .typePicker, .report]
        for scope in scopes {
            let keys = Keymap.bindings(in: scope).flatMap(\.keys)
            #expect(Set(keys).count == keys.count, "\(scope)")
            for binding in Keymap.table where binding.barScopes.contains(scope) && binding.hint != nil {
                #expect(binding.scopes.contains(scope), "\(binding.command) in \(scope)")
            }
        }
    }

    @Test("the letters Match To matched are drawn in the match style")
    func matchHighlight() throws {
        try ConsoleFixture.console { console in
            console.press(.character("m"))
            console.type("riv den")
            guard case .matchTo(let matchTo)? = console.popup else { Issue.record("no Match To popup"); return }
            let screen = console.render(rows: 24, columns: 80)
            // The second hit is not selected: its matched letters carry the match role.
            let hit = matchTo.hits[1]
            let name = matchTo.candidates[hit.index].name
            let row = try #require(screen.lines.firstIndex { $0.contains("  " + name) })
            let start = try #require(screen.lines[row].range(of: name)).lowerBound
            let column = screen.lines[row].distance(from: screen.lines[row].startIndex, to: start)
            let matched = hit.matchedCharacters(in: name)
            #expect(matched.count == 6)
            for offset in 0..<name.count {
                #expect((screen[row, column + offset].role == .match) == matched.contains(offset), "\(name) at \(offset)")
            }
        }
    }

    @Test("drawing changes nothing; keys page by the page height the app gave")
    func drawingIsPure() throws {
        try ConsoleFixture.console { console in
            console.resize(rows: 16, columns: 80)
            console.press(.pageDown)
            #expect(console.list.selection == min(console.rowIDs().count - 1, Layout(rows: 16, columns: 80).pageHeight))
            let before = console.list
            let first = console.render(rows: 16, columns: 80).text
            _ = console.render(rows: 40, columns: 120)
            #expect(console.render(rows: 16, columns: 80).text == first)
            #expect(console.list.offset == before.offset && console.list.selection == before.selection)
        }
    }
}
