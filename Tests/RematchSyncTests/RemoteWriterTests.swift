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
    /// Syncs, and returns a session over the sandbox's data.
    private func synced(_ harness: SyncHarness) async throws -> MatchingSession {
        var session = try harness.session()
        _ = try await session.sync(with: try harness.synchronizer())
        return session
    }

    @Test("create organization: created once, the customer matched to it; nothing twice on a second run")
    func createOrganization() async throws {
        try await withSyncHarness { harness in
            var session = try await synced(harness)
            let customer = try #require(session.workspace.customers(in: .unmatched).first { session.workspace.status(ofCustomer: $0).suggestion.best == nil })
            let name = session.workspace.catalog.customer(customer)!.displayName
            try session.perform(.createOrganization(customers: [customer]))
            let writer = RemoteWriter(itGlue: try harness.synchronizer().itGlue)
            let report = await writer.createOrganizations(session: &session)
            #expect(report.failures.isEmpty)
            #expect(report.created.count == 1)
            let found = try await writer.itGlue.organizations(named: name)
            #expect(found.count == 1)
            #expect(session.workspace.status(ofCustomer: customer).organizationID == found.first?.id)
            #expect(session.workspace.status(ofCustomer: customer).origin == .created)
            let again = await writer.createOrganizations(session: &session)
            #expect(again.created.isEmpty && again.failures.isEmpty)
            #expect(try await writer.itGlue.organizations(named: name).count == 1)
            #expect(throws: ActionError.self) { try session.undo() }
        }
    }

    @Test("create organization is refused when IT Glue already has the name, with the closest names")
    func duplicateRefused() async throws {
        try await withSyncHarness { harness in
            var session = try await synced(harness)
            let customer = try #require(session.workspace.customers(in: .unmatched).first { session.workspace.status(ofCustomer: $0).suggestion.best == nil })
            let name = session.workspace.catalog.customer(customer)!.displayName
            try session.perform(.createOrganization(customers: [customer]))
            let writer = RemoteWriter(itGlue: try harness.synchronizer().itGlue)
            _ = try await writer.itGlue.createOrganization(name: name)  // someone else got there first
            let report = await writer.createOrganizations(session: &session)
            #expect(report.created.isEmpty)
            let failure = try #require(report.failures.first)
            #expect(failure.contains("IT Glue already has an organization named"))
            #expect(failure.contains("Use Match To instead"))
            #expect(try await writer.itGlue.organizations(named: name).count == 1)
            #expect(session.workspace.status(ofCustomer: customer).pendingOrganizationName == name)
        }
    }

    @Test("bulk create writes the fields once, typed by class, with a note back to Syncro")
    func bulkCreate() async throws {
        try await withSyncHarness { harness in
            var session = try await synced(harness)
            let organization = try #require(session.workspace.catalog.organizations.first { organization in
                session.workspace.bulkCreatePreview(organizationID: organization.id).assets.count >= 2
            }?.id)
            let preview = session.workspace.bulkCreatePreview(organizationID: organization)
            try session.perform(.createAllConfigurations(organizationID: organization))
            let writer = RemoteWriter(itGlue: try harness.synchronizer().itGlue)
            let report = await writer.createConfigurations(session: &session, organizationID: organization)
            #expect(report.failures.isEmpty)
            #expect(report.created.count == preview.assets.count)
            let records = try await writer.itGlue.configurationRecords(inOrganization: organization)
            for assetID in preview.assets {
                let asset = session.workspace.catalog.asset(assetID)!
                let made = records.filter { ($0["attributes"]?["notes"]?.stringValue ?? "").contains(RemoteWriter.marker(assetID: assetID)) }
                #expect(made.count == 1)
                let attributes = try #require(made.first?["attributes"])
                #expect(attributes["name"]?.stringValue == asset.name)
                #expect(attributes["configuration-status-name"]?.stringValue == "Active")
                let expectedType = session.workspace.typeMapping[DeviceClass.classify(asset)]
                #expect(attributes["configuration-type-id"]?.text == expectedType)
                if let serial = attributes["serial-number"]?.stringValue { #expect(DeviceIdentity.normalizeSerial(serial) != nil) }
                if let mac = attributes["mac-address"]?.stringValue, let normalized = DeviceIdentity.normalizeMAC(mac) {
                    #expect(!DeviceIdentity.isNonIdentityAdapter(mac: normalized, adapterName: ""))
                }
                #expect(session.workspace.status(ofAsset: assetID).origin == .created)
            }
        }
    }

    @Test("a device IT Glue refuses is reported by name; the rest are created")
    func partialFailure() async throws {
        try await withSyncHarness { harness in
            var session = try await synced(harness)
            let organization = try #require(session.workspace.catalog.organizations.first { organization in
                let preview = session.workspace.bulkCreatePreview(organizationID: organization.id)
                return preview.countsByClass.keys.contains(.desktop) && preview.countsByClass.keys.contains { $0 != .desktop }
            }?.id)
            var mapping = session.workspace.typeMapping
            mapping[.desktop] = "999"  // a type IT Glue does not have
            try session.setTypeMapping(mapping)
            let preview = session.workspace.bulkCreatePreview(organizationID: organization)
            try session.perform(.createAllConfigurations(organizationID: organization))
            let writer = RemoteWriter(itGlue: try harness.synchronizer().itGlue)
            let report = await writer.createConfigurations(session: &session, organizationID: organization)
            let desktops = preview.countsByClass[.desktop]!
            #expect(report.failures.count == desktops)
            #expect(report.created.count == preview.assets.count - desktops)
            #expect(report.failures.allSatisfy { $0.contains("configuration-type") })
        }
    }
}
