import Foundation
import Testing
@testable import RematchCore

@Suite("What a sync changed")
struct SyncChangesTests {
    let at = Date(timeIntervalSince1970: 1_800_000_000)

    /// The fixture's workspace over a snapshot changed by `edit`, decisions kept.
    func after(_ before: Workspace, _ edit: (inout Snapshot) -> Void) -> Workspace {
        var snapshot = before.catalog.snapshot
        edit(&snapshot)
        return before.resynced(with: snapshot)
    }

    @Test("a first sync only counts what it brought in")
    func firstSync() {
        let changes = SyncChanges(before: Workspace(snapshot: Snapshot()), after: Fixture.workspace, at: at)
        #expect(changes.isFirstSync)
        #expect(!changes.isEmpty)
        #expect(changes.totals == SyncChanges.Totals(customers: 5, devices: 7, organizations: 5, configurations: 4))
        #expect(changes.newCustomers.isEmpty && changes.newDevices.isEmpty && changes.newConfigurations.isEmpty)
        #expect(changes.summary == "First sync: 5 customers, 7 devices, 5 organizations, 4 configurations")
    }

    @Test("the same data twice is no change")
    func nothing() {
        let changes = SyncChanges(before: Fixture.workspace, after: Fixture.workspace, at: at)
        #expect(changes.isEmpty)
        #expect(changes.summary == "No changes")
    }

    @Test("new, vanished and renamed customers and devices, with their customer's name")
    func customersAndDevices() {
        let before = Fixture.workspace
        let changes = SyncChanges(before: before, after: after(before) { snapshot in
            snapshot.customers.append(Customer(id: 6, businessName: "Lakeside Bakery"))
            snapshot.assets.append(Asset(id: 61, customerID: 6, name: "LAKE-01"))
            snapshot.customers.removeAll { $0.id == 3 }
            snapshot.assets.removeAll { $0.id == 31 || $0.id == 14 }
            snapshot.customers[1].businessName = "Riverside Family Dentistry"
            snapshot.assets[snapshot.assets.firstIndex { $0.id == 21 }!].name = "RFD-FRONT"
        }, at: at)
        #expect(changes.newCustomers == [.init(id: 6, name: "Lakeside Bakery")])
        #expect(changes.vanishedCustomers == [.init(id: 3, name: "Cedar Creek Animal Hospital")])
        #expect(changes.renamedCustomers == [.init(id: 2, name: "Riverside Family Dentistry", previousName: "Riverside Family Dental, PLLC")])
        #expect(changes.newDevices == [.init(id: 61, name: "LAKE-01", customerID: 6, customerName: "Lakeside Bakery")])
        #expect(changes.vanishedDevices == [
            .init(id: 14, name: "HEND-NEW", customerID: 1, customerName: "Henderson Plumbing & Heating"),
            .init(id: 31, name: "CCAH-01", customerID: 3, customerName: "Cedar Creek Animal Hospital"),
        ])
        #expect(changes.renamedDevices == [.init(id: 21, name: "RFD-FRONT", previousName: "RFD-01", customerID: 2,
                                                 customerName: "Riverside Family Dentistry")])
        #expect(changes.vanishedMatches.isEmpty)
        #expect(changes.summary
            == "1 new customer · 1 vanished customer · 1 renamed customer · 1 new device · 2 vanished devices · 1 renamed device")
    }

    @Test("new and vanished organizations and configurations")
    func itGlueRecords() {
        let before = Fixture.workspace
        let changes = SyncChanges(before: before, after: after(before) { snapshot in
            snapshot.organizations.removeAll { $0.id == "900" }
            snapshot.organizations.append(Organization(id: "901", name: "Lakeside Bakery"))
            snapshot.configurations.removeAll { $0.id == "1004" }
            snapshot.configurations.append(Configuration(id: "1005", organizationID: "901", name: "LAKE-01"))
        }, at: at)
        #expect(changes.newOrganizations == [.init(id: "901", name: "Lakeside Bakery")])
        #expect(changes.vanishedOrganizations == [.init(id: "900", name: "Unrelated Widgets Inc")])
        #expect(changes.newConfigurations == [.init(id: "1005", name: "LAKE-01", organizationName: "Lakeside Bakery")])
        #expect(changes.vanishedConfigurations == [.init(id: "1004", name: "Spare", organizationName: "Henderson Plumbing and Heating")])
        #expect(changes.summary == "1 new organization · 1 vanished organization · 1 new configuration · 1 vanished configuration")
    }

    @Test("an exact match made ambiguous by a second organization of the same name says why and what is suggested now")
    func exactBecameAmbiguous() throws {
        let before = Fixture.workspace
        #expect(before.status(ofCustomer: 1).origin == .automatic)
        let changes = SyncChanges(before: before, after: after(before) { snapshot in
            snapshot.organizations.append(Organization(id: "101", name: "Henderson Plumbing and Heating"))
        }, at: at)
        let lost = try #require(changes.lostExactMatches.first)
        #expect(changes.lostExactMatches.count == 1)
        #expect(lost.customerID == 1)
        #expect(lost.customerName == "Henderson Plumbing & Heating")
        #expect(lost.organizationID == "100")
        #expect(lost.organizationName == "Henderson Plumbing and Heating")
        // Its devices are documented in the first one: that is suggested now, for a person to accept.
        #expect(lost.reason.hasPrefix("2 IT Glue organizations share this name; suggested: "))
        #expect(lost.reason.contains("documented in Henderson Plumbing and Heating"))
        #expect(lost.suggestion?.organizationID == "100")
        #expect(lost.suggestion?.score == 0.99)
        // Its devices were matched only through the customer: they are not gone, so nothing is retirable.
        #expect(changes.vanishedMatches.isEmpty)
        #expect(changes.summary == "1 new organization · 1 lost exact match")
    }

    @Test("an exact match whose organization vanished says so")
    func exactOrganizationGone() {
        let before = Fixture.workspace
        let changes = SyncChanges(before: before, after: after(before) { snapshot in
            snapshot.organizations.removeAll { $0.id == "100" }
            snapshot.configurations.removeAll { $0.organizationID == "100" }
        }, at: at)
        #expect(changes.lostExactMatches.map(\.reason) == ["IT Glue organization #100 no longer exists"])
        #expect(changes.vanishedConfigurations.map(\.id) == ["1001", "1002", "1003", "1004"])
    }

    @Test("decisions whose customer, device, organization or configuration vanished are listed with the decision")
    func vanishedDecisions() throws {
        var before = Fixture.workspace
        try before.perform(.matchTo(customer: 2, organizationID: "201"))
        try before.perform(.ignore(customers: [3]))
        try before.perform(.matchDevice(asset: 13, configurationID: "1003"))
        try before.perform(.ignoreDevice(assets: [14]))
        let changes = SyncChanges(before: before, after: after(before) { snapshot in
            snapshot.organizations.removeAll { $0.id == "201" }
            snapshot.customers.removeAll { $0.id == 3 }
            snapshot.assets.removeAll { $0.id == 31 || $0.id == 14 }
            snapshot.configurations.removeAll { $0.id == "1003" }
        }, at: at)
        #expect(changes.vanishedDecisions == [
            .init(subject: .customer, id: 2, name: "Riverside Family Dental, PLLC", decision: "matched to organization #201 (manual)",
                  reason: "IT Glue organization Riverside Dental Lab (#201) is gone"),
            .init(subject: .customer, id: 3, name: "Cedar Creek Animal Hospital", decision: "ignored",
                  reason: "the customer is gone from Syncro"),
            .init(subject: .device, id: 13, name: "HEND-SRV", decision: "matched to configuration #1003 (manual)",
                  reason: "IT Glue configuration hend-srv (#1003) is gone"),
            .init(subject: .device, id: 14, name: "HEND-NEW", decision: "ignored", reason: "the device is gone from Syncro"),
        ])
    }

    @Test("matched devices that vanished are listed however they were matched, and not again as decisions")
    func vanishedMatches() throws {
        var before = Fixture.workspace
        try before.perform(.revertDeviceMatch(assets: [12]))
        try before.perform(.matchDevice(asset: 12, configurationID: "1002"))
        let changes = SyncChanges(before: before, after: after(before) { snapshot in
            snapshot.assets.removeAll { $0.id == 11 || $0.id == 12 }
        }, at: at)
        #expect(changes.vanishedMatches == [
            .init(assetID: 11, assetName: "HEND-DT01", customerName: "Henderson Plumbing & Heating", configurationID: "1001",
                  configurationName: "HEND-DT01", origin: .automatic),
            .init(assetID: 12, assetName: "HEND-LT02", customerName: "Henderson Plumbing & Heating", configurationID: "1002",
                  configurationName: "Old laptop", origin: .manual),
        ])
        #expect(changes.vanishedDecisions.isEmpty)
        #expect(changes.summary == "2 vanished devices · 2 matched devices gone")
    }

    @Test("the changes survive JSON as they were")
    func codable() throws {
        var before = Fixture.workspace
        try before.perform(.ignore(customers: [3]))
        let changes = SyncChanges(before: before, after: after(before) { snapshot in
            snapshot.assets.removeAll { $0.id == 11 }
            snapshot.customers.removeAll { $0.id == 3 }
            snapshot.organizations.append(Organization(id: "101", name: "Henderson Plumbing and Heating"))
        }, at: at)
        #expect(!changes.lostExactMatches.isEmpty && !changes.vanishedDecisions.isEmpty)
        #expect(try JSONDecoder().decode(SyncChanges.self, from: JSONEncoder().encode(changes)) == changes)
    }
}

@Suite("Remembering automatic matches of vanished devices")
struct RememberVanishedMatchTests {
    @Test("an automatic device match is stored, survives the device vanishing, and is retirable")
    func remembered() throws {
        var workspace = Fixture.workspace
        let change = try workspace.perform(.rememberVanishedMatches([11: "1001", 13: "1003"]))
        #expect(change.action == "remember-vanished-match")
        #expect(change.history == .none)
        #expect(change.edits == [.asset(id: 11, before: nil, after: .matched(configurationID: "1001", origin: .automatic))])
        #expect(change.skipped == ["\"HEND-SRV\" is no longer matched automatically to hend-srv"])
        #expect(workspace.history.isEmpty)
        var snapshot = workspace.catalog.snapshot
        snapshot.assets.removeAll { $0.id == 11 }
        let resynced = workspace.resynced(with: snapshot)
        #expect(resynced.retirableConfigurations.map { "\($0.assetID)→\($0.configuration.id)" } == ["11→1001"])
        // Without it, the derived match goes with the device.
        #expect(Fixture.workspace.resynced(with: snapshot).retirableConfigurations.isEmpty)
    }

    @Test("nothing to remember is refused, so no empty change is committed")
    func nothingToRemember() {
        var workspace = Fixture.workspace
        #expect(throws: ActionError.self) { try workspace.perform(.rememberVanishedMatches([13: "1003"])) }
    }
}
