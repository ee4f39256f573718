import Foundation
import RematchCore
import RematchPresentation
import RematchStore
import RematchSync
import RematchTestSupport
import Testing
@testable import RematchTUI

@Suite("Opening on the kept list", .serialized)
struct ConsoleOpeningTests {
    /// A state file with the fixture, the full session on it, and a console over the list kept from it.
    private func withOpening(_ body: (StateStore, Workbench, Console) throws -> Void) throws {
        let directory = temporaryDirectory("rematch-tui")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try StateStore(path: directory + "/state.sqlite")
        try store.saveSnapshot(ConsoleFixture.snapshot)
        let session = try Workbench(store: store, user: "tech")
        try store.keepCustomerList(of: session.workspace)
        let kept = try #require(try store.loadCustomerList())
        let console = Console(store: store, list: kept.rows, devices: kept.devices, syncroHost: "acme.syncromsp.com",
                              itGlueHost: "api.itglue.com")
        try body(store, session, console)
    }

    @Test("the kept list draws every tab exactly as the workspace does")
    func sameList() throws {
        try withOpening { _, session, opening in
            #expect(opening.isOpening)
            let full = Console(workbench: session, syncroHost: "acme.syncromsp.com", itGlueHost: "api.itglue.com")
            for tab in ["1", "2", "3"] {
                opening.press(.character(Character(tab)))
                full.press(.character(Character(tab)))
                // Without the detail pane (under 22 rows): the detail's "also close" search needs the workspace.
                #expect(opening.render(rows: 20, columns: 100).text == full.render(rows: 20, columns: 100).text, "tab \(tab)")
            }
            opening.press(.character("/"))
            opening.type("riv")
            full.press(.character("/"))
            full.type("riv")
            #expect(opening.render(rows: 20, columns: 100).text == full.render(rows: 20, columns: 100).text)
        }
    }

    @Test("while opening, reading keys work and changes wait; when the workspace comes, the selection stays")
    func changesWait() throws {
        try withOpening { _, session, console in
            console.press(.down, .down)
            let selected = try #require(console.selectedID(console.rowIDs()))
            #expect(console.press(.character("a")).isEmpty)
            #expect(console.message.text.hasPrefix("Still matching devices"))
            #expect(console.press(.enter).isEmpty)
            #expect(console.deviceCustomer == nil)
            #expect(console.press(.character("s")).isEmpty)
            console.press(.character("?"))
            #expect(console.render(rows: 24, columns: 80).text.contains("Keys"))
            console.press(.escape)
            console.finishOpening(session)
            #expect(!console.isOpening)
            #expect(console.selectedID(console.rowIDs()) == selected)
            #expect(console.message.text.isEmpty)
            console.press(.character("i"))
            #expect(console.workspace.status(ofCustomer: selected).state == .ignored)
        }
    }
}
