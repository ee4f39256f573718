import Foundation
import ITGlueAPI
import RematchCore
import RematchHTTP
import RematchSandbox
import RematchStore
import RematchSync
import RematchJSON
import Testing

@Suite("Writes to IT Glue", .serialized, .timeLimit(.minutes(5)))
struct RemoteWriterTests {
    /// Syncs, and returns the workbench over the sandbox's data.
    private func synced(_ harness: SyncHarness) async throws -> Workbench {
        let session = try harness.workbench()
        _ = try await session.sync()
        return session
    }

    @Test("the note marker of asset #12 never finds asset #123's configuration, as written now or by earlier versions")
    func markerBoundaries() {
        let old = { (id: Int) in "Created by Rematch from Syncro asset #\(id)" }
        #expect(RemoteWriter.marker(assetID: 12) == old(12) + ".")
        #expect(RemoteWriter.notes(RemoteWriter.marker(assetID: 12), carryMarkerOf: 12))
        #expect(!RemoteWriter.notes(RemoteWriter.marker(assetID: 123), carryMarkerOf: 12))
        #expect(!RemoteWriter.notes(old(123), carryMarkerOf: 12), "a note from an earlier version")
        #expect(RemoteWriter.notes(old(12), carryMarkerOf: 12))
        #expect(RemoteWriter.notes(old(123) + "\n" + old(12) + " (moved)", carryMarkerOf: 12))
        #expect(RemoteWriter.notes("Imported. " + RemoteWriter.marker(assetID: 12) + "\nSee ticket 5", carryMarkerOf: 12))
        #expect(!RemoteWriter.notes("Created by Rematch from Syncro asset #1", carryMarkerOf: 12))
        #expect(RemoteWriter.markedAssets(in: "<p>" + RemoteWriter.marker(assetID: 7) + "</p>") == [7], "notes IT Glue wrapped in HTML")
    }

    @Test("error pointers name an item with or without the leading slash; pointers seen on the real API name none")
    func errorPointers() {
        #expect(RemoteWriter.pointer(in: "Unprocessable Entity: must exist (/data/3/attributes/configuration-type)") == 3)
        #expect(RemoteWriter.pointer(in: "must exist (data/12/attributes/name)") == 12)
        #expect(RemoteWriter.pointer(in: "Valid organization_id is required (data/attributes/organization_id)") == nil)
        #expect(RemoteWriter.pointer(in: "must exist (/data/attributes/configuration-type)") == nil)
        #expect(RemoteWriter.pointer(in: "see metadata/3/x") == nil)
    }

    /// A synced session with Create Organization pending for an unmatched customer that has no suggestion.
    private func pendingCreation(_ harness: SyncHarness) async throws -> (Workbench, Int, String, ITGlueClient) {
        let session = try await synced(harness)
        let customer = try #require(session.workspace.customers(in: .unmatched).first { session.workspace.status(ofCustomer: $0).suggestion.best == nil })
        try session.perform(.createOrganization(customers: [customer]))
        return (session, customer, session.workspace.catalog.customer(customer)!.displayName, try harness.synchronizer().itGlue)
    }

    @Test("create organization: created once, the customer matched to it; nothing twice on a second run")
    func createOrganization() async throws {
        try await withSyncHarness { harness in
            let (session, customer, name, itGlue) = try await pendingCreation(harness)
            let report = await session.carryOutPendingWrites()
            #expect(report.failures.isEmpty)
            #expect(report.created.count == 1)
            let found = try await itGlue.organizations(named: name)
            #expect(found.count == 1)
            #expect(session.workspace.status(ofCustomer: customer).organizationID == found.first?.id)
            #expect(session.workspace.status(ofCustomer: customer).origin == .created)
            #expect(found.first?.typeName == "Customer" && found.first?.statusName == "Active", "typed as MSPs filter their lists")
            let again = await session.carryOutPendingWrites()
            #expect(again.created.isEmpty && again.failures.isEmpty)
            #expect(try await itGlue.organizations(named: name).count == 1)
            #expect(throws: ActionError.self) { try session.undo() }
        }
    }

    @Test("create organization is refused when IT Glue already has the name: the customer is back in Unmatched, with the closest names")
    func duplicateRefused() async throws {
        try await withSyncHarness { harness in
            let (session, customer, name, itGlue) = try await pendingCreation(harness)
            _ = try await itGlue.createOrganization(name: name)  // someone else got there first
            let report = await session.carryOutPendingWrites()
            #expect(report.created.isEmpty)
            let failure = try #require(report.failures.first)
            #expect(failure.contains("IT Glue already has an organization named"))
            #expect(failure.contains("back in Unmatched"))
            #expect(try await itGlue.organizations(named: name).count == 1)
            let status = session.workspace.status(ofCustomer: customer)
            #expect(status.state == .unmatched)
            #expect(status.pendingOrganizationName == nil)
            // The file agrees, and the next round neither sends nor reports anything for it.
            #expect(try session.store.loadWorkspace().status(ofCustomer: customer).state == .unmatched)
            let again = await session.carryOutPendingWrites()
            #expect(again.isEmpty)
        }
    }

    /// IT Glue documents neither the order of a bulk-create answer nor whether a refused request creates its
    /// valid items: every combination the sandbox can play.
    static let bulkBehaviours: [SandboxBehaviour] = {
        var unindexedAtomic = SandboxBehaviour.realistic
        unindexedAtomic.bulkCreateAtomicity = .allOrNothing
        return [.realistic, unindexedAtomic, .ideal]
    }()

    @Test("an organization differing only in case, spacing or punctuation is a duplicate, though the filter counts case; a backslash is found")
    func caseAndBackslash() async throws {
        try await withSyncHarness { harness in
            let (session, _, name, itGlue) = try await pendingCreation(harness)
            let typed = name.uppercased().replacingOccurrences(of: " ", with: "  ") + "."  // capitals, doubled spaces, a full stop
            _ = try await itGlue.createOrganization(name: typed)
            _ = try await session.sync()
            let report = await session.carryOutPendingWrites()
            #expect(report.created.isEmpty)
            #expect(report.failures.first?.contains("IT Glue already has an organization named \"\(typed)\"") == true)
            let odd = try await itGlue.createOrganization(name: "Smith \\ Sons, Ltd")
            #expect(try await itGlue.organizations(named: "Smith \\ Sons, Ltd").map(\.id) == [odd.id])
        }
    }

    @Test("bulk create writes the fields once, typed by class, with a note back to Syncro, each device linked to its own record",
          arguments: [SandboxBehaviour.AnswerOrder.reversed, .asSent])
    func bulkCreate(order: SandboxBehaviour.AnswerOrder) async throws {
        try await withSyncHarness(configure: { $0.behaviour.bulkCreateOrder = order }) { harness in
            let session = try await synced(harness)
            let organization = try #require(session.workspace.catalog.organizations.first { organization in
                session.workspace.bulkCreatePreview(organizationID: organization.id).assets.count >= 2
            }?.id)
            let preview = session.workspace.bulkCreatePreview(organizationID: organization)
            try session.perform(.createAllConfigurations(organizationID: organization))
            let itGlue = try harness.synchronizer().itGlue
            let report = await session.carryOutPendingWrites(organizationID: organization)
            #expect(report.failures.isEmpty)
            #expect(report.created.count == preview.assets.count)
            let records = try await itGlue.configurationsWithNotes(inOrganization: organization)
            for assetID in preview.assets {
                let asset = session.workspace.catalog.asset(assetID)!
                let made = records.filter { RemoteWriter.notes($0.notes, carryMarkerOf: assetID) }
                #expect(made.count == 1)
                let configuration = try #require(made.first?.configuration)
                #expect(configuration.name == asset.name)
                #expect(configuration.configurationStatusName == "Active")
                let expectedType = session.workspace.typeMapping[DeviceClass.classify(asset)]
                #expect(configuration.configurationTypeID == expectedType)
                if let serial = configuration.serialNumber { #expect(DeviceIdentity.normalizeSerial(serial) != nil) }
                if let mac = configuration.macAddress, let normalized = DeviceIdentity.normalizeMAC(mac) {
                    #expect(!DeviceIdentity.isNonIdentityAdapter(mac: normalized, adapterName: ""))
                }
                #expect(session.workspace.status(ofAsset: assetID).origin == .created)
                #expect(session.workspace.status(ofAsset: assetID).configurationID == configuration.id,
                        "paired by its marker, not by its place in the answer")
            }
        }
    }

    @Test("devices Syncro's own IT Glue integration already made (found by a MAC or a serial it reports) are adopted, never made twice")
    func integrationLinked() async throws {
        try await withSyncHarness { harness in
            let session = try await synced(harness)
            let (organization, preview) = try #require(session.workspace.catalog.organizations.lazy.map { organization in
                (organization.id, session.workspace.bulkCreatePreview(organizationID: organization.id))
            }.first { _, preview in preview.assets.count >= 3 })
            let assets = preview.assets.compactMap { session.workspace.catalog.asset($0) }
            let draftMAC = { (asset: Asset) in RemoteWriter.draft(for: asset, typeID: "1", statusID: nil).macAddress }
            let byID = try #require(assets.first { draftMAC($0) != nil })
            let bySerial = try #require(assets.first { asset in asset.id != byID.id && asset.serialCandidates.contains { DeviceIdentity.normalizeSerial($0) != nil } })
            let serial = try #require(bySerial.serialCandidates.first { DeviceIdentity.normalizeSerial($0) != nil })
            let store = harness.sandbox.store
            // Its device id may not be the asset's (unconfirmed): the MAC it reports is enough.
            let first = try await store.addConfigurationLinkedByIntegration(assetID: 88_888_888, organizationID: Int(organization)!, name: byID.name,
                                                                           serial: nil, macs: [draftMAC(byID)!.uppercased()])
            let second = try await store.addConfigurationLinkedByIntegration(assetID: 99_999_999, organizationID: Int(organization)!,
                                                                            name: bySerial.name, serial: serial.lowercased(), macs: [])
            try session.perform(.createAllConfigurations(organizationID: organization))
            let report = await session.carryOutPendingWrites(organizationID: organization)
            #expect(report.failures.isEmpty, "\(report.failures)")
            #expect(report.found.filter { $0.hasSuffix("already made by Syncro's own IT Glue integration") }.count == 2)
            #expect(report.created.count == preview.assets.count - 2)
            #expect(session.workspace.status(ofAsset: byID.id).configurationID == String(first))
            #expect(session.workspace.status(ofAsset: bySerial.id).configurationID == String(second))
            let records = try await harness.synchronizer().itGlue.configurationsWithNotes(inOrganization: organization)
            #expect(!records.contains { RemoteWriter.notes($0.notes, carryMarkerOf: byID.id) || RemoteWriter.notes($0.notes, carryMarkerOf: bySerial.id) })
        }
    }

    // Whether the refusal names the item or not, and whether IT Glue applied the valid items.
    @Test("a device IT Glue refuses is reported by name and back in Unmatched; the rest are created once", arguments: bulkBehaviours)
    func partialFailure(behaviour: SandboxBehaviour) async throws {
        try await withSyncHarness(configure: { $0.behaviour = behaviour }) { harness in
            let session = try await synced(harness)
            let organization = try #require(session.workspace.catalog.organizations.first { organization in
                let preview = session.workspace.bulkCreatePreview(organizationID: organization.id)
                return preview.countsByClass.keys.contains(.desktop) && preview.countsByClass.keys.contains { $0 != .desktop }
            }?.id)
            var mapping = session.workspace.typeMapping
            mapping[.desktop] = "999"  // a type IT Glue does not have
            try session.setTypeMapping(mapping)
            let preview = session.workspace.bulkCreatePreview(organizationID: organization)
            try session.perform(.createAllConfigurations(organizationID: organization))
            let report = await session.carryOutPendingWrites(organizationID: organization)
            let desktops = preview.countsByClass[.desktop]!
            #expect(report.failures.count == desktops)
            #expect(report.created.count == preview.assets.count - desktops)
            #expect(report.failures.allSatisfy { $0.contains("configuration-type") })
            let refused = preview.assets.filter { DeviceClass.classify(session.workspace.catalog.asset($0)!) == .desktop }
            #expect(refused.allSatisfy { session.workspace.status(ofAsset: $0).state == .unmatched })
            let records = try await harness.synchronizer().itGlue.configurationsWithNotes(inOrganization: organization)
            for assetID in preview.assets {
                let made = records.filter { RemoteWriter.notes($0.notes, carryMarkerOf: assetID) }
                #expect(made.count == (refused.contains(assetID) ? 0 : 1), "asset #\(assetID) exactly once, refused ones never")
                if let configuration = made.first?.configuration {
                    #expect(session.workspace.status(ofAsset: assetID).configurationID == configuration.id)
                }
            }
            for assetID in refused {
                let name = session.workspace.catalog.asset(assetID)!.name
                #expect(report.failures.contains { $0.hasPrefix(name + ":") }, "reported by device")
            }
            let again = await session.carryOutPendingWrites(organizationID: organization)
            #expect(again.isEmpty, "nothing sent twice")
        }
    }
}
