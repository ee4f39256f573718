import Foundation
import Testing
@testable import RematchCore

/// Devices documented in another customer's organization: flagged "possibly moved", never linked by themselves,
/// moved on a person's word.
@Suite("Moved devices")
struct MovedDeviceTests {
    /// Henderson (customer 1, auto-linked to organization 100) has a laptop whose serial is documented in
    /// Unrelated Widgets (900), and a desktop whose MAC is Henderson's but whose serial is there too.
    static var snapshot: Snapshot {
        var snapshot = Fixture.snapshot
        snapshot.assets += [
            Asset(id: 15, customerID: 1, name: "HEND-LT09", agentSerial: "5CGMOVED01", formFactor: "Laptop"),
            Asset(id: 16, customerID: 1, name: "HEND-DT07", agentSerial: "5CGMOVED02",
                  adapters: [NetworkAdapter(name: "Ethernet", macAddress: "3C-52-82-00-00-77")], formFactor: "Desktop"),
        ]
        snapshot.configurations += [
            Configuration(id: "9001", organizationID: "900", name: "UW-LT3", serialNumber: "5CGMOVED01"),
            Configuration(id: "9002", organizationID: "900", name: "UW-DT1", serialNumber: "5CGMOVED02"),
            Configuration(id: "1007", organizationID: "100", name: "HEND-DT07", macAddress: "3c:52:82:00:00:77"),
        ]
        return snapshot
    }

    @Test("a device whose own serial is documented in another organization is flagged, not linked; one whose identifiers point two ways is ambiguous")
    func flagged() throws {
        let workspace = Workspace(snapshot: Self.snapshot)
        #expect(workspace.status(ofCustomer: 1).organizationID == "100")
        let laptop = workspace.status(ofAsset: 15)
        #expect(laptop.state == .unmatched)
        let moved = try #require(laptop.suggestion.moved)
        #expect(moved.configurationID == "9001" && moved.organizationID == "900")
        #expect(moved.reason == "possibly moved: serial 5CGMOVED01 is documented in Unrelated Widgets Inc (UW-LT3)")
        let desktop = workspace.status(ofAsset: 16)
        #expect(desktop.state == .unmatched, "a unique MAC here, a unique serial there: a person decides")
        #expect(desktop.suggestion.best?.configurationID == "1007" && desktop.suggestion.isAmbiguous && !desktop.suggestion.isAutoLink)
        #expect(desktop.suggestion.best?.reason.contains("; but possibly moved: serial 5CGMOVED02") == true)
        #expect(workspace.status(ofAsset: 11).suggestion.moved == nil, "a device documented at home is not flagged")
        // Creating every remaining device leaves them out: moving the configuration beats a second record.
        let preview = workspace.bulkCreatePreview(organizationID: "100")
        #expect(preview.withSuggestion.contains(15) && !preview.assets.contains(15))
    }

    @Test("M records a pending move that undo takes back; IT Glue's answer makes it a match and moves the record in the snapshot")
    func move() throws {
        var workspace = Workspace(snapshot: Self.snapshot)
        let change = try workspace.perform(.moveDevice(assets: [15]))
        #expect(change.summary == "UW-LT3 will move from Unrelated Widgets Inc to Henderson Plumbing and Heating at the next sync, matched to \"HEND-LT09\"")
        #expect(change.action == "move-device")
        let pending = workspace.status(ofAsset: 15)
        #expect(pending.state == .matched && pending.origin == .moved && pending.configurationID == "9001" && pending.pendingMoveFrom == "900")
        #expect(pending.problem == nil)
        #expect(workspace.deviceDecisions[15]?.auditText == "move configuration #9001 here from organization #900")
        try workspace.undo()
        #expect(workspace.status(ofAsset: 15).state == .unmatched && workspace.status(ofAsset: 15).suggestion.moved != nil)

        try workspace.perform(.moveDevice(assets: [15]))
        var answered = try #require(workspace.catalog.configuration("9001"))
        answered.organizationID = "100"
        let done = try workspace.perform(.configurationsMoved([15: answered]))
        #expect(done.summary == "Moved configuration \"UW-LT3\" into Henderson Plumbing and Heating in IT Glue")
        #expect(done.history == .none, "a move carried out in IT Glue is not undone here")
        #expect(done.updatedConfigurations == [answered])
        let matched = workspace.status(ofAsset: 15)
        #expect(matched.state == .matched && matched.origin == .moved && matched.configurationID == "9001" && matched.pendingMoveFrom == nil)
        #expect(matched.problem == nil)
        #expect(workspace.catalog.configuration("9001")?.organizationID == "100")
        #expect(workspace.catalog.configurations(ofOrganization: "900").allSatisfy { $0.id != "9001" })
    }

    @Test("a move follows only a settled organization: a person's decision or an exact, unique name, and says which")
    func onlySettled() throws {
        let automatic = Workspace(snapshot: Self.snapshot)
        #expect(automatic.settlement(ofCustomer: 1) == "the name is exact and unique in Syncro and IT Glue")
        // A stored automatic match whose name is no longer unique (IT Glue now has it twice): nothing settles it.
        var shared = Self.snapshot
        let name = try #require(shared.organizations.first { $0.id == "100" }).name
        shared.organizations.append(Organization(id: "101", name: name))
        let stale = Workspace(snapshot: shared, customerDecisions: [1: .matched(organizationID: "100", origin: .automatic)])
        #expect(stale.status(ofCustomer: 1).organizationID == "100" && stale.settlement(ofCustomer: 1) == nil)
        #expect(stale.status(ofAsset: 15).suggestion.moved == nil, "devices documented elsewhere are evidence here, not moves")
        let refused = #expect(throws: ActionError.self) { try stale.plan(.moveDevice(assets: [15]), user: "") }
        #expect(refused?.message.contains("is not settled") == true, "\(refused?.message ?? "")")
        // A person's match settles it, whatever the name.
        var byHand = Workspace(snapshot: shared)
        try byHand.perform(.matchTo(customer: 1, organizationID: "100"))
        #expect(byHand.settlement(ofCustomer: 1) == "a person matched it")
        #expect(byHand.status(ofAsset: 15).suggestion.moved != nil, "a person's match flags the device again")
        #expect(byHand.moveSettlement(ofAsset: 15) == "Henderson Plumbing and Heating is its customer's because a person matched it")
        #expect(try byHand.plan(.moveDevice(assets: [15]), user: "").edits.count == 1)
    }

    @Test("a refused move puts the device back, still flagged")
    func refused() throws {
        var workspace = Workspace(snapshot: Self.snapshot)
        try workspace.perform(.moveDevice(assets: [15]))
        let change = try workspace.perform(.configurationMovesRefused(assets: [15]))
        #expect(change.summary == "IT Glue did not move the configuration of \"HEND-LT09\"; it is unmatched again")
        #expect(workspace.status(ofAsset: 15).state == .unmatched && workspace.status(ofAsset: 15).suggestion.moved != nil)
    }

    @Test("no move for a configuration a PSA keeps, one another device holds, or a device that is not flagged")
    func refusedUpFront() throws {
        var kept = Self.snapshot
        kept.configurations[kept.configurations.firstIndex { $0.id == "9001" }!].psaIntegration = "autotask"
        var workspace = Workspace(snapshot: kept)
        #expect(throws: ActionError("UW-LT3 is kept by autotask, and IT Glue refuses to move it: move it in the PSA")) {
            try workspace.perform(.moveDevice(assets: [15]))
        }
        var held = Self.snapshot
        held.customers.append(Customer(id: 9, businessName: "Unrelated Widgets Inc"))
        held.assets.append(Asset(id: 91, customerID: 9, name: "UW-LT3"))
        workspace = Workspace(snapshot: held)
        try workspace.perform(.matchDevice(asset: 91, configurationID: "9001"))
        #expect(throws: ActionError("UW-LT3 is matched to \"UW-LT3\" in Unrelated Widgets Inc; revert that first")) {
            try workspace.perform(.moveDevice(assets: [15]))
        }
        #expect(throws: ActionError("\"HEND-NEW\" is not documented in another organization")) {
            try workspace.perform(.moveDevice(assets: [14]))
        }
    }

    @Test("a change stored before moves existed still reads")
    func oldChangeDecodes() throws {
        let change = Change(action: "match-device", edits: [], at: Date(timeIntervalSince1970: 0), user: "tech", summary: "s", history: .push)
        var object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(change)) as? [String: Any])
        object["updatedConfigurations"] = nil
        let decoded = try JSONDecoder().decode(Change.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(decoded.updatedConfigurations.isEmpty && decoded.action == "match-device")
    }
}
