import Foundation
import RematchCore
import RematchStore
import RematchSync
import Testing
@testable import RematchTUI

@Suite("Console keys", .serialized)
struct ConsoleKeyTests {
    @Test("j/k and arrows move, g/G jump, Tab and 1 2 3 switch tabs")
    func navigation() throws {
        try ConsoleFixture.console { console in
            let first = console.rowIDs()
            console.press(.character("j"), .down)
            #expect(console.list.selection == 2)
            console.press(.character("k"))
            #expect(console.list.selection == 1)
            console.press(.character("G"))
            #expect(console.list.selection == first.count - 1)
            console.press(.character("g"))
            #expect(console.list.selection == 0)
            console.press(.tab)
            #expect(console.list.tab == .matched)
            console.press(.backTab, .backTab)
            #expect(console.list.tab == .ignored)
            console.press(.character("1"))
            #expect(console.list.tab == .unmatched)
        }
    }

    @Test("a accepts the suggestion; u undoes it")
    func accept() throws {
        try ConsoleFixture.console { console in
            let riverside = try #require(console.rowIDs().firstIndex(of: 2))
            console.list.selection = riverside
            console.press(.character("a"))
            #expect(console.workspace.status(ofCustomer: 2).organizationID == "200")
            #expect(console.message.text.hasPrefix("Accepted 1"))
            console.press(.character("u"))
            #expect(console.workspace.status(ofCustomer: 2).state == .unmatched)
        }
    }

    @Test("m searches as you type; Enter matches; Esc cancels")
    func matchTo() throws {
        try ConsoleFixture.console { console in
            console.list.selection = try #require(console.rowIDs().firstIndex(of: 3))
            console.press(.character("m"))
            console.type("cedvet")
            guard case .matchTo(let state)? = console.popup else { Issue.record("no Match To popup"); return }
            #expect(state.candidates[state.hits[0].index].name == "Cedar Creek Veterinary Clinic")
            console.press(.enter)
            #expect(console.workspace.status(ofCustomer: 3).organizationID == "800")
            console.press(.character("2"))
            console.list.selection = try #require(console.rowIDs().firstIndex(of: 3))
            console.press(.character("x"))
            console.type("zzzz")
            console.press(.escape)
            #expect(console.popup == nil)
            #expect(console.workspace.status(ofCustomer: 3).organizationID == "800")
        }
    }

    @Test("c asks first, shows the closest organizations, and y creates; n cancels")
    func createOrganization() throws {
        try ConsoleFixture.console { console in
            console.list.selection = try #require(console.rowIDs().firstIndex(of: 3))
            console.press(.character("c"))
            guard case .createOrganization(let create)? = console.popup else { Issue.record("no confirmation"); return }
            #expect(create.closest.first?.name == "Cedar Creek Veterinary Clinic")
            console.press(.character("n"))
            #expect(console.workspace.status(ofCustomer: 3).pendingOrganizationName == nil)
            console.press(.character("c"))
            let effects = console.press(.character("y"))
            #expect(effects == [.createOrganizations])
            #expect(console.workspace.status(ofCustomer: 3).pendingOrganizationName == "Cedar Creek Animal Hospital")
        }
    }

    @Test("i ignores, and on the Ignored tab unignores")
    func ignore() throws {
        try ConsoleFixture.console { console in
            let id = console.rowIDs()[0]
            console.press(.character("i"))
            #expect(console.workspace.status(ofCustomer: id).state == .ignored)
            console.press(.character("3"), .character("i"))
            #expect(console.workspace.status(ofCustomer: id).state != .ignored)
        }
    }

    @Test("a customer someone else decided meanwhile: the step is refused saying who, and the next frame shows what is decided")
    func conflictingDecision() throws {
        try ConsoleFixture.console { console in
            let id = console.rowIDs()[0]
            let store = try #require(console.workbench?.store)
            // Another technician's session on the same state ignores the customer after this console read it.
            var other = MatchingSession(store: store, user: "dana", workspace: try store.loadWorkspace())
            try other.perform(.ignore(customers: [id]))
            console.press(.character("i"))
            #expect(console.message.isError)
            #expect(console.message.text.hasPrefix("Syncro customer #\(id) was decided meanwhile by dana on "), "\(console.message.text)")
            #expect(try store.auditLog().map(\.user) == ["dana"], "nothing of the refused step was kept")
            console.refresh()  // what the app loop does before it draws
            #expect(console.workspace.status(ofCustomer: id).state == .ignored)
            #expect(!console.rowIDs().contains(id))
        }
    }

    @Test("Match To opens ranked: the suggestion first, then the closest names")
    func matchToRanked() throws {
        try ConsoleFixture.console { console in
            console.list.selection = try #require(console.rowIDs().firstIndex(of: 2))
            console.press(.character("m"))
            guard case .matchTo(let popup)? = console.popup else { Issue.record("no Match To"); return }
            let names = popup.hits.prefix(2).map { popup.candidates[$0.index].name }
            #expect(names == ["Riverside Family Dental", "Riverside Dental Lab"])
            #expect(popup.hits.count == popup.candidates.count)
        }
    }

    @Test("x changes a match after asking, and r reverts it")
    func changeAndRevert() throws {
        try ConsoleFixture.console { console in
            console.press(.character("2"))
            console.list.selection = try #require(console.rowIDs().firstIndex(of: 1))
            console.press(.character("x"))
            // Enter with nothing typed picks nothing.
            console.press(.enter)
            guard case .matchTo? = console.popup else { Issue.record("Match To closed on an empty Enter"); return }
            console.type("riverside lab")
            console.press(.enter)
            guard case .confirm(let confirm)? = console.popup else { Issue.record("no question before replacing"); return }
            #expect(confirm.title == "Replace the match of Henderson Plumbing & Heating?")
            #expect(confirm.lines.map(\.0) == ["Henderson Plumbing & Heating is matched to Henderson Plumbing and Heating.",
                                              "Match it to Riverside Dental Lab instead?"])
            #expect(console.workspace.status(ofCustomer: 1).organizationID == "100")
            console.press(.character("y"))
            #expect(console.workspace.status(ofCustomer: 1).organizationID == "201")
            console.list.selection = try #require(console.rowIDs().firstIndex(of: 1))
            console.press(.character("r"))
            #expect(console.workspace.status(ofCustomer: 1).state == .unmatched)
        }
    }

    @Test("space and * select; a on a selection previews each row it accepts and, by group, what it leaves out")
    func bulkAccept() throws {
        try ConsoleFixture.console { console in
            console.press(.character("*"))
            #expect(console.list.marked.count == console.rowIDs().count)
            let plan = console.workspace.bulkAcceptPlan(customers: console.rowIDs(), minimumScore: 0.9)
            console.press(.character("a"))
            guard case .confirm(let confirm)? = console.popup else { Issue.record("no preview"); return }
            #expect(confirm.title == "Accept \(plan.accepted.count) of \(console.rowIDs().count) suggestions")
            let text = confirm.lines.map(\.0)
            #expect(text.contains { $0.contains("Riverside Family Dental, PLLC → Riverside Family Dental") })
            #expect(text.contains("Left out:"))
            #expect(text.contains { $0.contains("1 ambiguous (close rivals)") })
            #expect(plan.excluded[.ambiguous] == [7])
            console.press(.character("y"))
            #expect(console.workspace.status(ofCustomer: 2).state == .matched)
            // The ambiguous one is left for a person, even though it was selected.
            #expect(console.workspace.status(ofCustomer: 7).state == .unmatched)
            #expect(console.list.marked.isEmpty)
        }
    }

    @Test("bulk create leaves out devices with a possible match; a includes them on purpose, a again leaves them out")
    func bulkCreateLeavesSuggestedOut() throws {
        try ConsoleFixture.console { console in
            console.press(.character("2"), .enter)
            #expect(Set(console.rowIDs()) == [13, 14])
            console.press(.character("C"))
            guard case .confirm(let first)? = console.popup else { Issue.record("no preview"); return }
            #expect(first.title == "Create 1 configuration in Henderson Plumbing and Heating")
            #expect(first.lines.map(\.0).contains { $0.contains("HEND-SRV ~ hend-srv") })
            console.press(.character("a"))
            guard case .confirm(let including)? = console.popup else { Issue.record("no preview"); return }
            #expect(including.title == "Create 2 configurations in Henderson Plumbing and Heating")
            console.press(.character("a"))
            guard case .confirm(let again)? = console.popup else { Issue.record("no preview"); return }
            #expect(again.title == first.title)
            #expect(console.press(.character("y")) == [.createConfigurations(organizationID: "100")])
            #expect(console.workspace.status(ofAsset: 14).pendingClass == .laptop)
            #expect(console.workspace.status(ofAsset: 13).state == .unmatched)
        }
    }

    @Test("a long preview scrolls with j and k and draws inside the screen")
    func previewScrolls() throws {
        try ConsoleFixture.console { console in
            console.resize(rows: 15, columns: 60)
            let lines = (1...40).map { ("line \($0)", StyleRole.popup) }
            console.popup = .confirm(ConfirmPopup(title: "Long", lines: lines, action: .ignore(customers: [3]), effects: []))
            #expect(console.render(rows: 15, columns: 60).text.contains("line 1 "))
            console.press(.character("j"), .character("j"), .character("j"))
            let text = console.render(rows: 15, columns: 60).text
            #expect(!text.contains("line 1 ") && text.contains("line 4 "))
            #expect(text.contains("more below"))
            for _ in 0..<100 { console.press(.character("j")) }
            #expect(console.render(rows: 15, columns: 60).text.contains("line 40"))
            console.press(.character("n"))
            #expect(console.popup == nil)
        }
    }

    @Test("/ filters the list as you type; Esc clears")
    func filter() throws {
        try ConsoleFixture.console { console in
            console.press(.character("/"))
            console.type("mary")
            #expect(console.rowIDs() == [4])
            console.press(.enter)
            #expect(console.rowIDs() == [4])
            console.press(.character("/"), .escape)
            #expect(console.rowIDs().count > 1)
        }
    }

    @Test("Enter opens the devices; a, m, c, C, i and r work there; Esc goes back")
    func devices() throws {
        try ConsoleFixture.console { console in
            console.press(.character("2"), .enter)
            #expect(console.deviceCustomer == 1)
            #expect(Set(console.rowIDs()) == [13, 14])
            console.list.selection = try #require(console.rowIDs().firstIndex(of: 13))
            console.press(.character("a"))
            #expect(console.workspace.status(ofAsset: 13).configurationID == "1003")
            console.list.selection = 0
            console.press(.character("m"))
            console.type("spare")
            console.press(.enter)
            #expect(console.workspace.status(ofAsset: 14).configurationID == "1004")
            console.press(.character("2"))
            console.list.selection = try #require(console.rowIDs().firstIndex(of: 14))
            console.press(.character("r"))
            console.press(.character("1"))
            console.list.selection = 0
            console.press(.character("C"))
            guard case .confirm(let confirm)? = console.popup else { Issue.record("no preview"); return }
            #expect(confirm.title == "Create 1 configuration in Henderson Plumbing and Heating")
            #expect(console.press(.character("y")) == [.createConfigurations(organizationID: "100")])
            #expect(console.workspace.status(ofAsset: 14).pendingClass == .laptop)
            console.press(.escape)
            #expect(console.deviceCustomer == nil)
            #expect(console.press(.character("q")) == [.quit])
        }
    }

    @Test("a device documented in another organization shows ⇄ and why; M previews the move, y records it and starts the write")
    func moveDevice() throws {
        var snapshot = ConsoleFixture.snapshot
        snapshot.assets.append(Asset(id: 15, customerID: 1, name: "HEND-LT09", agentSerial: "5CGMOVED01", formFactor: "Laptop"))
        snapshot.configurations.append(Configuration(id: "8001", organizationID: "800", name: "CCVC-LT3", serialNumber: "5CGMOVED01"))
        try ConsoleFixture.console(snapshot) { console in
            console.press(.character("2"), .enter)
            console.list.selection = try #require(console.rowIDs().firstIndex(of: 15))
            let text = console.render(rows: 24, columns: 160).text
            #expect(text.contains("⇄ CCVC-LT3 (Cedar Creek Vete…"))
            #expect(text.contains("⇄ Possibly moved: serial 5CGMOVED01 is documented in Cedar Creek Veterinary Clinic (CCVC-LT3) (#8001): M moves it into this organization"))
            console.press(.character("M"))
            guard case .confirm(let preview)? = console.popup else { Issue.record("no preview"); return }
            #expect(preview.title == "Move 1 configuration in IT Glue")
            #expect(preview.lines.map(\.0).contains("CCVC-LT3: Cedar Creek Veterinary Clinic → Henderson Plumbing and Heating"))
            #expect(console.press(.character("y")) == [.createConfigurations(organizationID: "100")])
            let status = console.workspace.status(ofAsset: 15)
            #expect(status.pendingMoveFrom == "800" && status.configurationID == "8001")
            #expect(try console.workbench?.store.auditLog(limit: 1).first?.action == "move-device")
            // A device that is not flagged: M says why, nothing changes.
            console.list.selection = try #require(console.rowIDs().firstIndex(of: 14))
            console.press(.character("M"))
            #expect(console.popup == nil)
            #expect(console.render(rows: 24, columns: 160).text.contains("\"HEND-NEW\" is not documented in another organization"))
        }
    }

    @Test("t edits the type mapping from the live list of types")
    func typeMapping() throws {
        try ConsoleFixture.console { console in
            console.press(.character("t"), .down, .right)
            #expect(console.workspace.typeMapping[.laptop] == "3")
            #expect(console.workbench?.store.loadWorkspaceMapping()?[.laptop] == "3")
            console.press(.enter)
            #expect(console.scope == .typePicker)
            #expect(console.render(rows: 24, columns: 80).text.contains("Laptop becomes"))
            console.type("serv")
            #expect(console.render(rows: 24, columns: 80).text.contains("1 of 3"))
            console.press(.enter)
            #expect(console.workspace.typeMapping[.laptop] == "3", "picked by name from the list")
            console.press(.enter, .down, .escape)
            #expect(console.scope == .typeMapping && console.workspace.typeMapping[.laptop] == "3", "Esc leaves the list unchanged")
            console.press(.enter, .enter)
            #expect(console.workspace.typeMapping[.laptop] == "3", "the list opens on the current type")
            console.press(.escape)
            #expect(console.popup == nil)
        }
    }

    @Test("? shows help for the current screen; any key closes it; s asks for a sync")
    func helpAndSync() throws {
        try ConsoleFixture.console { console in
            console.press(.character("?"))
            #expect(console.render(rows: 24, columns: 80).text.contains("accept the suggestion"))
            console.press(.character("x"))
            #expect(console.popup == nil)
            #expect(console.press(.character("s")) == [.sync])
            console.syncStarted()
            #expect(console.press(.character("s")) == [])
            #expect(console.render(rows: 24, columns: 80).lines[0].contains("Syncing…"))
        }
    }

    @Test("a finished sync shows the workbench's workspace: decisions and writes made meanwhile included")
    func changesDuringSync() throws {
        try ConsoleFixture.console { console in
            let workbench = try #require(console.workbench)
            console.syncStarted()
            console.list.selection = try #require(console.rowIDs().firstIndex(of: 3))
            console.press(.character("i"))
            // A background round commits through the workbench while the sync runs.
            try workbench.perform(.ignore(customers: [7]))
            #expect(console.workspace.status(ofCustomer: 7).state == .unmatched)
            console.syncFinished(.success(SyncSummary()))
            #expect(console.workspace.status(ofCustomer: 3).state == .ignored)
            #expect(console.workspace.status(ofCustomer: 7).state == .ignored)
            #expect(!console.syncing)
            #expect(console.message.text == "Synced: 0 customers, 0 devices.")
        }
    }

    @Test("a failed sync says so and that nothing was lost")
    func failedSync() throws {
        try ConsoleFixture.console { console in
            console.syncStarted()
            console.syncFinished(.failure(WorkbenchError.noAccounts))
            #expect(console.message.isError)
            #expect(console.message.text.hasSuffix("Nothing was lost."))
        }
    }

    @Test("a refused creation is on the message line, and the customer is back in Unmatched")
    func refusedCreation() throws {
        try ConsoleFixture.console { console in
            let workbench = try #require(console.workbench)
            console.list.selection = try #require(console.rowIDs().firstIndex(of: 3))
            console.press(.character("c"))
            #expect(console.press(.character("y")) == [.createOrganizations])
            #expect(console.workspace.status(ofCustomer: 3).pendingOrganizationName != nil)
            // What the write round does when IT Glue refuses: the workbench returns the customer, the report says why.
            try workbench.perform(.organizationRefused(customers: [3]))
            var report = WriteReport()
            report.failures = ["Cedar Creek Animal Hospital: IT Glue already has an organization named …"]
            console.writesFinished(report)
            #expect(console.workspace.status(ofCustomer: 3).state == .unmatched)
            #expect(console.message.isError)
            #expect(console.message.text.contains("IT Glue already has an organization named"))
        }
    }
}

extension StateStore {
    func loadWorkspaceMapping() -> DeviceTypeMapping? { try? loadWorkspace().chosenTypeMapping }
}
