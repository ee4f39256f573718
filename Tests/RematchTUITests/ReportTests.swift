import Foundation
import RematchCore
import RematchStore
import RematchSync
import RematchTestSupport
import Testing
@testable import RematchTUI

@Suite("Reports: what the last sync changed, the audit log, retirement", .serialized)
struct ReportTests {
    @Test("N shows the last sync's changes by group and scrolls; any other key closes it")
    func changes() throws {
        try ConsoleFixture.console { console in
            console.press(.character("N"))
            #expect(console.render(rows: 24, columns: 100).text.contains("No sync has finished"))
            console.press(.character("z"))
            #expect(console.popup == nil)
            let workbench = try #require(console.workbench)
            var after = ConsoleFixture.snapshot
            after.assets.removeAll { $0.id == 14 }
            after.customers[0].businessName = "Henderson Plumbing & Heating Co"
            after.organizations.append(Organization(id: "702", name: "Summit Orthodontics"))
            let changes = SyncChanges(before: workbench.workspace, after: Workspace(snapshot: after), at: Date())
            try workbench.store.saveSyncChanges(changes)
            console.resize(rows: 24, columns: 100)
            console.press(.character("N"))
            let text = console.render(rows: 24, columns: 100).text
            #expect(text.contains("What the last sync changed"))
            #expect(text.contains("Vanished devices (1)") && text.contains("#14 HEND-NEW"))
            #expect(text.contains("Renamed customers (1)") && text.contains("→ Henderson Plumbing & Heating Co"))
            #expect(text.contains("New organizations (1)"))
            console.press(.down, .down)
            #expect(console.popup != nil, "scrolling keeps it open")
            console.press(.character("R"))
            #expect(console.popup == nil, "nothing to retire: R says so")
            #expect(console.message.text == "No matched configuration belongs to a device gone from Syncro.")
        }
    }

    @Test("L lists the audit log newest first, with who did what")
    func auditLog() throws {
        try ConsoleFixture.console { console in
            console.press(.character("L"))
            #expect(console.render(rows: 24, columns: 100).text.contains("No decision has been made"))
            console.press(.escape)
            console.press(.character("i"), .character("j"), .character("a"))
            console.press(.character("L"))
            let lines = console.render(rows: 24, columns: 120).lines
            let ignore = try #require(lines.firstIndex { $0.contains("tech  ignore ") })
            let accept = try #require(lines.firstIndex { $0.contains("tech  accept-suggestion ") })
            #expect(accept < ignore, "newest first")
        }
    }

    @Test("R lists every configuration whose device vanished, however it was matched, and asks before the effect")
    func retire() throws {
        try withTemporaryDirectory("rematch-tui") { directory in
            let store = try StateStore(path: directory + "/state.sqlite")
            try store.saveSnapshot(ConsoleFixture.snapshot)
            let workbench = try Workbench(store: store, user: "tech")
            try workbench.perform(.rememberVanishedMatches([11: "1001"]))
            try workbench.perform(.matchDevice(asset: 14, configurationID: "1004"))
            var gone = ConsoleFixture.snapshot
            gone.assets.removeAll { $0.id == 11 || $0.id == 14 }
            try store.saveSnapshot(gone)
            let console = Console(workbench: try Workbench(store: store, user: "tech"), syncroHost: "s", itGlueHost: "i")
            console.press(.character("R"))
            guard case .confirm(let popup) = console.popup else { Issue.record("no preview"); return }
            #expect(popup.title == "Mark 2 configurations Inactive in IT Glue")
            let text = console.render(rows: 24, columns: 160).text
            #expect(text.contains("HEND-DT01 (#1001, Henderson Plumbing and Heating) ← device #11 gone from Syncro, matched automatically"))
            #expect(text.contains("Spare (#1004, Henderson Plumbing and Heating) ← device #14 gone from Syncro, matched by hand"))
            #expect(!text.contains("change type mapping"), "t belongs to creating, not retiring")
            #expect(console.press(.character("y")) == [.retireConfigurations])
        }
    }
}
