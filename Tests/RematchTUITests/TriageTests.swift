import Foundation
import RematchCore
import RematchSync
import Testing
@testable import RematchTUI

@Suite("Triage: sort, filter, devices left, every customer's devices", .serialized)
struct TriageTests {
    @Test("o sorts by the next column and O reverses; rows without a value stay last; the header marks the column")
    func sorting() throws {
        try ConsoleFixture.console { console in
            #expect(console.rowIDs() == [5, 3, 4, 2, 7, 6])
            console.press(.character("o"))
            #expect(console.rowIDs().filter { $0 != 5 } == [3, 4, 2, 7, 6], "by name (the hostile name sorts by its folded text)")
            #expect(console.render(rows: 24, columns: 100).text.contains("Syncro customer ▲"))
            console.press(.character("O"))
            #expect(console.rowIDs().filter { $0 != 5 } == [6, 7, 2, 4, 3])
            #expect(console.render(rows: 24, columns: 100).text.contains("Syncro customer ▼"))
            console.press(.character("o"), .character("o"), .character("o"))
            #expect(console.rowIDs() == [7, 4, 5, 2, 3, 6], "by score, lowest first; ties keep their order; no score last")
            console.press(.character("O"))
            #expect(console.rowIDs() == [5, 2, 4, 7, 3, 6], "highest first; still no score last")
            console.press(.character("o"), .character("o"))
            #expect(console.rowIDs() == [5, 3, 4, 2, 7, 6], "after the last column, the list's own order")
            console.press(.character("2"))
            #expect(console.customers.sorting == nil, "each tab keeps its own sort")
            console.press(.character("1"))
            #expect(console.customers.sorting == nil)
        }
    }

    @Test("the filter matches every visible column and the tab says how many of how many")
    func filterEveryColumn() throws {
        try ConsoleFixture.console { console in
            console.press(.character("/"))
            console.type("suffix")
            #expect(Set(console.rowIDs()) == [5, 2], "the Why column")
            console.press(.enter)
            let text = console.render(rows: 24, columns: 100).text
            #expect(text.contains("1 Unmatched (2 of 6)"))
            #expect(text.contains("2 Matched (1)"), "other tabs show their totals")
            console.press(.escape, .character("/"))
            console.type("0.36")
            #expect(console.rowIDs() == [7], "the Score column")
            console.press(.escape, .character("2"), .character("/"))
            console.type("exact")
            #expect(console.rowIDs() == [1], "the How column of the Matched tab")
        }
    }

    @Test("w narrows the Matched tab to customers with devices left, most first, and follows the work")
    func devicesLeft() throws {
        try ConsoleFixture.console { console in
            let workbench = try #require(console.workbench)
            try workbench.perform(.matchTo(customer: 2, organizationID: "200"))
            console.refresh()
            console.press(.character("2"))
            #expect(Set(console.rowIDs()) == [1, 2])
            console.press(.character("w"))
            #expect(console.rowIDs() == [1, 2], "Henderson has 2 devices left, Riverside 1")
            #expect(console.render(rows: 24, columns: 100).text.contains("Matched, devices left (2 of 2)"))
            try workbench.perform(.ignoreDevice(assets: [13, 14]))
            console.refresh()
            #expect(console.rowIDs() == [2])
            try workbench.perform(.ignoreDevice(assets: [21]))
            console.refresh()
            #expect(console.rowIDs().isEmpty)
            #expect(console.render(rows: 24, columns: 100).text.contains("No matched customer has devices left to match."))
            console.press(.character("w"))
            #expect(Set(console.rowIDs()) == [1, 2])
            #expect(console.press(.character("1"), .character("w")).isEmpty)
            #expect(console.customers.workLeft == false, "w belongs to the Matched tab")
        }
    }

    @Test("D lists every matched customer's devices with the device actions; Enter opens the customer, Esc comes back")
    func deviceQueue() throws {
        try ConsoleFixture.console { console in
            let workbench = try #require(console.workbench)
            try workbench.perform(.matchTo(customer: 2, organizationID: "200"))
            console.refresh()
            console.press(.character("D"))
            #expect(console.shown == .allDevices && console.listScope == .allDevices)
            #expect(console.rowIDs() == [14, 13, 21])
            let text = console.render(rows: 24, columns: 120).text
            #expect(text.contains("Devices of every matched customer") && text.contains("1 Unmatched (3)"))
            #expect(text.contains("Riverside Family") && text.contains("RFD-01"))
            console.press(.character("j"), .character("a"))
            #expect(workbench.workspace.status(ofAsset: 13).configurationID == "1003")
            #expect(console.rowIDs() == [14, 21])
            console.press(.character("g"), .character(" "), .character(" "), .character("c"))
            guard case .confirm(let popup) = console.popup else { Issue.record("no preview"); return }
            #expect(popup.title == "Create 2 configurations")
            #expect(console.press(.character("y")) == [.createConfigurations(organizationID: "100"),
                                                        .createConfigurations(organizationID: "200")])
            console.press(.character("1"))
            #expect(console.rowIDs().isEmpty)
            console.press(.character("2"))
            console.press(.character("g"), .enter)
            #expect(console.deviceCustomer == 1 && console.devices.tab == .matched)
            console.press(.escape)
            #expect(console.shown == .allDevices)
            console.press(.escape)
            #expect(console.shown == .customers)
        }
    }

    @Test("an organization matched by several customers is marked on each, with the count")
    func sharedOrganization() throws {
        try ConsoleFixture.console { console in
            try #require(console.workbench).perform(.matchTo(customer: 7, organizationID: "100"))
            console.refresh()
            console.press(.character("2"))
            let text = console.render(rows: 24, columns: 120).text
            #expect(text.components(separatedBy: "Henderson Plumbing and Heating ⇆2").count == 3)
        }
    }
}
