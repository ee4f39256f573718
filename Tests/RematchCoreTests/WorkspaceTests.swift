import Foundation
import Testing
@testable import RematchCore

@Suite("Workspace state")
struct WorkspaceStateTests {
    @Test("customers without assets do not appear and are not counted")
    func emptyCustomersHidden() {
        let workspace = Fixture.workspace
        #expect(!workspace.customerIDs.contains(5))
        #expect(workspace.customerCounts().values.reduce(0, +) == 4)
    }

    @Test("tabs follow the matcher until a person decides")
    func initialTabs() {
        let workspace = Fixture.workspace
        #expect(workspace.customers(in: .matched) == [1])
        #expect(Set(workspace.customers(in: .unmatched)) == [2, 3, 4])
        #expect(workspace.status(ofCustomer: 1).origin == .automatic)
        #expect(workspace.status(ofCustomer: 2).suggestion.best?.organizationID == "200")
        #expect(workspace.status(ofCustomer: 3).suggestion.best == nil)
    }

    @Test("devices of an auto-linked customer are matched by MAC + serial and serial; name only suggests")
    func devices() {
        let workspace = Fixture.workspace
        #expect(workspace.status(ofAsset: 11).state == .matched)
        #expect(workspace.status(ofAsset: 11).configurationID == "1001")
        #expect(workspace.status(ofAsset: 12).configurationID == "1002")
        #expect(workspace.status(ofAsset: 13).state == .unmatched)
        #expect(workspace.status(ofAsset: 13).suggestion.best?.configurationID == "1003")
        #expect(workspace.status(ofAsset: 14).suggestion.best == nil)
        #expect(workspace.deviceCounts(ofCustomer: 1) == (2, 2, 4))
    }

    @Test("namesakes: two Syncro customers whose exact name is one organization's both get an ambiguous proposal, neither links")
    func namesakes() throws {
        var snapshot = Fixture.snapshot
        snapshot.customers += [Customer(id: 6, firstName: "John", lastName: "Smith"), Customer(id: 7, firstName: "John", lastName: "Smith")]
        snapshot.assets += [Asset(id: 61, customerID: 6, name: "SMITH-PC"), Asset(id: 71, customerID: 7, name: "JOHNS-LAPTOP")]
        snapshot.organizations += [Organization(id: "600", name: "John Smith")]
        let workspace = Workspace(snapshot: snapshot)
        for id in [6, 7] {
            let status = workspace.status(ofCustomer: id)
            #expect(status.state == .unmatched, "customer \(id)")
            #expect(status.suggestion.isAutoLink == false && status.suggestion.isAmbiguous)
            #expect(status.suggestion.best?.reason.contains("2 Syncro customers share this name") == true)
        }
        #expect(workspace.status(ofCustomer: 1).state == .matched, "a name one customer holds still links")
        // A former (disabled) customer of the same name makes the name shared too.
        snapshot.customers[snapshot.customers.count - 1].disabled = true
        let withFormer = Workspace(snapshot: snapshot)
        #expect(withFormer.status(ofCustomer: 6).state == .unmatched)
        #expect(withFormer.status(ofCustomer: 6).suggestion.best?.reason.contains("2 Syncro customers share this name") == true)
    }

    @Test("a namesake without assets, whom no tab shows, still makes the name shared: no auto-link to what may be its organization")
    func hiddenNamesake() throws {
        var snapshot = Fixture.snapshot
        snapshot.customers += [Customer(id: 6, firstName: "Omar", lastName: "Castillo"), Customer(id: 7, firstName: "Omar", lastName: "Castillo")]
        snapshot.assets += [Asset(id: 61, customerID: 6, name: "CASTILLO-PC")]
        snapshot.organizations += [Organization(id: "600", name: "Omar Castillo"), Organization(id: "601", name: "Castillo, Omar")]
        let workspace = Workspace(snapshot: snapshot)
        #expect(!workspace.customerIDs.contains(7), "no assets: not in the tabs")
        let status = workspace.status(ofCustomer: 6)
        #expect(status.state == .unmatched && !status.suggestion.isAutoLink && status.suggestion.isAmbiguous)
        #expect(status.suggestion.best?.reason.contains("2 Syncro customers share this name") == true, "\(status.suggestion.best?.reason ?? "")")
        // Alone with the name, it links.
        snapshot.customers.removeAll { $0.id == 7 }
        #expect(Workspace(snapshot: snapshot).status(ofCustomer: 6).state == .matched)
    }

    @Test("several customers may be matched to one organization")
    func manyToOne() throws {
        var workspace = Fixture.workspace
        try workspace.perform(.matchTo(customer: 3, organizationID: "100"))
        #expect(Set(workspace.customers(matchedTo: "100")) == [1, 3])
        #expect(workspace.status(ofCustomer: 3).origin == .manual)
    }
}

@Suite("Customer actions and undo")
struct CustomerActionTests {
    @Test("accept suggestion matches, undo restores")
    func accept() throws {
        var workspace = Fixture.workspace
        let change = try workspace.perform(.acceptSuggestion(customers: [2]))
        #expect(change.summary == "Accepted 1 · \"Riverside Family Dental, PLLC\" → Riverside Family Dental")
        #expect(workspace.status(ofCustomer: 2).state == .matched)
        #expect(workspace.status(ofCustomer: 2).origin == .accepted)
        try workspace.undo()
        #expect(workspace.status(ofCustomer: 2).state == .unmatched)
        #expect(workspace.history.isEmpty)
    }

    @Test("accept without a suggestion is refused with a reason")
    func acceptNothing() {
        var workspace = Fixture.workspace
        #expect(throws: ActionError("\"Cedar Creek Animal Hospital\" has no suggestion")) {
            try workspace.perform(.acceptSuggestion(customers: [3]))
        }
    }

    @Test("bulk accept applies to what it can and says what it skipped")
    func bulkAccept() throws {
        var workspace = Fixture.workspace
        let change = try workspace.perform(.acceptSuggestion(customers: [2, 3, 4]))
        #expect(change.edits.count == 2)
        #expect(change.summary.contains("1 skipped"))
        try workspace.undo()
        #expect(workspace.customers(in: .unmatched).count == 3)
    }

    @Test("match to, change match, revert match")
    func matchChangeRevert() throws {
        var workspace = Fixture.workspace
        try workspace.perform(.matchTo(customer: 2, organizationID: "201"))
        #expect(workspace.status(ofCustomer: 2).organizationID == "201")
        #expect(throws: ActionError.self) { try workspace.perform(.matchTo(customer: 2, organizationID: "200")) }
        try workspace.perform(.changeMatch(customer: 2, organizationID: "200"))
        #expect(workspace.status(ofCustomer: 2).organizationID == "200")
        try workspace.perform(.revertMatch(customers: [2]))
        #expect(workspace.status(ofCustomer: 2).state == .unmatched)
        try workspace.undo()
        try workspace.undo()
        #expect(workspace.status(ofCustomer: 2).organizationID == "201")
    }

    @Test("reverting an auto-link keeps it unmatched")
    func revertAutoLink() throws {
        var workspace = Fixture.workspace
        try workspace.perform(.revertMatch(customers: [1]))
        #expect(workspace.status(ofCustomer: 1).state == .unmatched)
        #expect(workspace.status(ofCustomer: 1).suggestion.isAutoLink == false)
        #expect(workspace.status(ofAsset: 11).state == .unmatched)
        #expect(workspace.deviceSuggestions[11] == nil)
    }

    @Test("ignore and unignore")
    func ignore() throws {
        var workspace = Fixture.workspace
        try workspace.perform(.ignore(customers: [3]))
        #expect(workspace.customers(in: .ignored) == [3])
        #expect(throws: ActionError.self) { try workspace.perform(.ignore(customers: [3])) }
        try workspace.perform(.unignore(customers: [3]))
        #expect(workspace.customers(in: .ignored).isEmpty)
    }

    @Test("create organization is a pending creation; an existing name is refused")
    func createOrganization() throws {
        var workspace = Fixture.workspace
        let change = try workspace.perform(.createOrganization(customers: [3]))
        #expect(change.summary.contains("will be created"))
        #expect(workspace.status(ofCustomer: 3).pendingOrganizationName == "Cedar Creek Animal Hospital")
        #expect(workspace.status(ofCustomer: 3).state == .matched)
        // "Riverside Family Dental, PLLC" does not exist exactly, but a customer named like an org does:
        var other = Fixture.workspace
        try other.perform(.revertMatch(customers: [1]))
        #expect(throws: ActionError("IT Glue already has \"Henderson Plumbing and Heating\"; match to it instead")) {
            try other.perform(.createOrganization(customers: [1]))
        }
    }

    @Test("undo stops at a decision IT Glue already carried out")
    func undoAfterRemoteEffect() throws {
        var workspace = Fixture.workspace
        try workspace.perform(.createOrganization(customers: [3]))
        let created = Organization(id: "777", name: "Cedar Creek Animal Hospital")
        try workspace.perform(.organizationCreated(customers: [3], organization: created))
        #expect(workspace.status(ofCustomer: 3).organizationID == "777")
        #expect(workspace.status(ofCustomer: 3).origin == .created)
        #expect(workspace.catalog.organization("777") != nil)
        #expect(throws: ActionError.self) { try workspace.undo() }
        #expect(workspace.status(ofCustomer: 3).organizationID == "777")
    }

    @Test("nothing to undo")
    func emptyUndo() {
        var workspace = Fixture.workspace
        #expect(throws: ActionError("Nothing to undo.")) { try workspace.undo() }
    }

    @Test("unknown customers and organizations are refused")
    func unknownRecords() {
        var workspace = Fixture.workspace
        #expect(throws: ActionError.self) { try workspace.perform(.matchTo(customer: 99, organizationID: "100")) }
        #expect(throws: ActionError.self) { try workspace.perform(.matchTo(customer: 3, organizationID: "nope")) }
        #expect(throws: ActionError.self) { try workspace.perform(.acceptSuggestion(customers: [5])) }
    }
}

@Suite("Device actions")
struct DeviceActionTests {
    @Test("accept, match to, change, revert, ignore and undo on devices")
    func deviceActions() throws {
        var workspace = Fixture.workspace
        try workspace.perform(.acceptDeviceSuggestion(assets: [13]))
        #expect(workspace.status(ofAsset: 13).configurationID == "1003")
        try workspace.perform(.matchDevice(asset: 14, configurationID: "1004"))
        #expect(workspace.status(ofAsset: 14).origin == .manual)
        #expect(throws: ActionError.self) { try workspace.perform(.changeDeviceMatch(asset: 14, configurationID: "1003")) }
        try workspace.perform(.revertDeviceMatch(assets: [14]))
        try workspace.perform(.ignoreDevice(assets: [14]))
        #expect(workspace.status(ofAsset: 14).state == .ignored)
        #expect(workspace.deviceCounts(ofCustomer: 1) == (3, 0, 4), "an ignored device is neither matched nor work left")
        try workspace.undo()
        try workspace.undo()
        #expect(workspace.status(ofAsset: 14).configurationID == "1004")
    }

    @Test("a configuration of another organization is refused")
    func otherOrganization() throws {
        var workspace = Fixture.workspace
        try workspace.perform(.acceptSuggestion(customers: [2]))
        #expect(throws: ActionError.self) { try workspace.perform(.matchDevice(asset: 21, configurationID: "1004")) }
    }

    @Test("create one configuration and bulk-create the rest, typed by class")
    func createConfigurations() throws {
        var workspace = Fixture.workspace
        let including = workspace.bulkCreatePreview(organizationID: "100", includingSuggested: true)
        #expect(Set(including.assets) == [13, 14])
        #expect(including.countsByClass == [.server: 1, .laptop: 1])
        #expect(including.withSuggestion == [13])
        let change = try workspace.perform(.createAllConfigurations(organizationID: "100", includingSuggested: true))
        #expect(change.edits.count == 2)
        #expect(workspace.status(ofAsset: 13).pendingClass == .server)
        #expect(workspace.status(ofAsset: 14).pendingClass == .laptop)
        #expect(throws: ActionError.self) { try workspace.perform(.createAllConfigurations(organizationID: "100")) }
        try workspace.undo()
        try workspace.perform(.createConfiguration(assets: [14]))
        let created = Configuration(id: "5000", organizationID: "100", name: "HEND-NEW")
        try workspace.perform(.configurationsCreated([14: created]))
        #expect(workspace.status(ofAsset: 14).configurationID == "5000")
        #expect(throws: ActionError.self) { try workspace.undo() }
    }

    @Test("bulk create leaves out devices with a possible match unless they are included on purpose")
    func bulkCreateLeavesSuggestedOut() throws {
        var workspace = Fixture.workspace
        let preview = workspace.bulkCreatePreview(organizationID: "100")
        #expect(preview.assets == [14])
        #expect(preview.withSuggestion == [13])
        #expect(preview.countsByClass == [.laptop: 1])
        #expect(workspace.status(ofAsset: 13).suggestion.best?.configurationID == "1003")
        let change = try workspace.perform(.createAllConfigurations(organizationID: "100"))
        #expect(change.edits.count == 1)
        #expect(workspace.status(ofAsset: 14).pendingClass == .laptop)
        #expect(workspace.status(ofAsset: 13).state == .unmatched)
        // Only a device with a possible match is left: refused, with what to do.
        do {
            try workspace.perform(.createAllConfigurations(organizationID: "100"))
            Issue.record("a bulk create of only suggested devices went through")
        } catch {
            #expect(error.message.contains("every unmatched device left has a possible match"))
        }
        try workspace.perform(.createAllConfigurations(organizationID: "100", includingSuggested: true))
        #expect(workspace.status(ofAsset: 13).pendingClass == .server)
    }

    @Test("bulk accept takes only unambiguous suggestions at or above the threshold, and says why it left the rest")
    func bulkAcceptRule() throws {
        var snapshot = Fixture.snapshot
        snapshot.customers.append(Customer(id: 6, businessName: "Summit Orthodontics"))
        snapshot.assets.append(Asset(id: 61, customerID: 6, name: "SUM-01"))
        snapshot.organizations += [Organization(id: "700", name: "Summit Orthodontics Lab"),
                                   Organization(id: "701", name: "Summit Orthodontic Group")]
        let workspace = Workspace(snapshot: snapshot)
        let all = workspace.customerIDs
        let plan = workspace.bulkAcceptPlan(customers: all, minimumScore: 0.9)
        for row in plan.accepted {
            let status = workspace.status(ofCustomer: row.customer)
            #expect(status.state == .unmatched && !status.suggestion.isAmbiguous)
            #expect(row.suggestion.score >= 0.9)
        }
        let accepted = Set(plan.accepted.map(\.customer))
        var left = Set<Int>()
        for (exclusion, ids) in plan.excluded {
            for id in ids {
                left.insert(id)
                let status = workspace.status(ofCustomer: id)
                switch exclusion {
                case .notUnmatched: #expect(status.state != .unmatched)
                case .noSuggestion: #expect(status.state == .unmatched && status.suggestion.best == nil)
                case .ambiguous: #expect(status.suggestion.isAmbiguous)
                case .belowThreshold: #expect(!status.suggestion.isAmbiguous && status.suggestion.best!.score < 0.9)
                }
            }
        }
        #expect(accepted.union(left) == Set(all) && accepted.isDisjoint(with: left))
        #expect(plan.excluded[.ambiguous] == [6])
        #expect(plan.excluded[.notUnmatched] == [1])
        #expect(plan.excluded[.noSuggestion] == [3])
        // A lower threshold takes more, never an ambiguous one.
        let lower = workspace.bulkAcceptPlan(customers: all, minimumScore: 0)
        #expect(lower.accepted.count >= plan.accepted.count)
        #expect(lower.excluded[.ambiguous] == plan.excluded[.ambiguous])
        #expect(lower.excluded[.belowThreshold] == nil)
    }

    @Test("an unmapped device class is skipped with the reason")
    func unmappedClass() throws {
        var snapshot = Fixture.snapshot
        snapshot.configurationTypes.removeAll { $0.name.contains("Server") }  // nothing to map servers to
        var workspace = Workspace(snapshot: snapshot)
        #expect(workspace.typeMapping[.server] == nil)
        let change = try workspace.perform(.createAllConfigurations(organizationID: "100", includingSuggested: true))
        #expect(change.edits.count == 1)
        #expect(change.summary.contains("no configuration type is mapped for Server"))
    }

    @Test("a configuration held by one device cannot be given to another")
    func heldConfiguration() {
        var workspace = Fixture.workspace
        #expect(throws: ActionError.self) { try workspace.perform(.matchDevice(asset: 14, configurationID: "1001")) }
    }
}

@Suite("Resync")
struct ResyncTests {
    @Test("a new snapshot keeps decisions, flags vanished records, and brings new records in unmatched")
    func resync() throws {
        var workspace = Fixture.workspace
        try workspace.perform(.acceptSuggestion(customers: [2]))
        try workspace.perform(.ignore(customers: [3]))
        try workspace.perform(.matchDevice(asset: 14, configurationID: "1004"))

        var next = Fixture.snapshot
        next.organizations.removeAll { $0.id == "200" }                  // the accepted org vanished
        next.configurations.removeAll { $0.id == "1004" }                // the matched config vanished
        next.customers.append(Customer(id: 6, businessName: "Brand New Client"))
        next.assets.append(Asset(id: 61, customerID: 6, name: "BNC-01"))
        next.assets.append(Asset(id: 15, customerID: 1, name: "HEND-NEWER"))
        next.organizations[0].name = "Henderson Plumbing & Heating Co"  // auto-link no longer exact

        let resynced = workspace.resynced(with: next)
        #expect(resynced.status(ofCustomer: 2).state == .matched)
        #expect(resynced.status(ofCustomer: 2).problem == "IT Glue organization #200 no longer exists")
        #expect(resynced.staleCustomerDecisions == [2])
        #expect(resynced.status(ofCustomer: 3).state == .ignored)
        #expect(resynced.status(ofCustomer: 6).state == .unmatched)
        #expect(resynced.status(ofCustomer: 1).state == .unmatched)   // recomputed: no person decided
        #expect(resynced.status(ofAsset: 14).problem == "IT Glue configuration #1004 no longer exists")
        #expect(resynced.history.count == 3)
    }

    @Test("decisions about customers that left Syncro are kept and reported")
    func customerGone() throws {
        var workspace = Fixture.workspace
        try workspace.perform(.ignore(customers: [3]))
        var next = Fixture.snapshot
        next.customers.removeAll { $0.id == 3 }
        next.assets.removeAll { $0.customerID == 3 }
        let resynced = workspace.resynced(with: next)
        #expect(resynced.customerDecisions[3] == .ignored)
        #expect(resynced.staleCustomerDecisions == [3])
    }
}

@Suite("Bad input")
struct BadInputTests {
    @Test("duplicate ids, orphans and hostile names are reported, not fatal")
    func badSnapshot() {
        let long = String(repeating: "x", count: 10_000)
        let snapshot = Snapshot(
            customers: [Customer(id: 1, businessName: long), Customer(id: 1, businessName: "Dup"),
                        Customer(id: 2, businessName: "\u{1B}]0;pwned\u{07}Evil 🍕 株式会社"), Customer(id: 3, businessName: "")],
            assets: [Asset(id: 1, customerID: 1, name: ""), Asset(id: 1, customerID: 1, name: "dup"),
                     Asset(id: 2, customerID: 99, name: "orphan"), Asset(id: 3, customerID: 2, name: "x"),
                     Asset(id: 4, customerID: 3, name: "y")],
            organizations: [Organization(id: "1", name: long), Organization(id: "1", name: "dup"), Organization(id: "2", name: "")],
            configurations: [Configuration(id: "1", organizationID: "404", name: "orphan")]
        )
        let workspace = Workspace(snapshot: snapshot)
        let kinds = Set(workspace.catalog.issues.map(\.kind))
        #expect(kinds == [.duplicateCustomer, .duplicateAsset, .assetOfUnknownCustomer, .duplicateOrganization,
                          .configurationOfUnknownOrganization])
        #expect(workspace.customerIDs.count == 3)
        #expect(workspace.status(ofCustomer: 1).suggestion.best != nil)
        #expect(workspace.catalog.customer(3)?.displayName == "Customer #3")
    }
}
