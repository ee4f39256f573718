import Foundation
import ITGlueAPI
import RematchCore
import RematchSandbox
import RematchStore
import RematchSync
import Testing

/// Moving a configuration documented in another customer's organization, against the sandbox in each way IT Glue
/// may answer a PATCH of `organization-id`.
@Suite("Moving devices' configurations in IT Glue")
struct MoveDeviceTests {
    /// The first unmatched device of a matched customer that is flagged "possibly moved", once the suggestions a
    /// bulk accept takes are taken (moved devices belong to customers of the trap classes, often not auto-linked).
    private func flagged(_ session: Workbench) throws -> (asset: Int, moved: MovedDevice, into: String) {
        let accepted = session.bulkAcceptPlan().accepted.map(\.customer)
        if !accepted.isEmpty { try session.perform(.acceptSuggestion(customers: accepted)) }
        let workspace = session.workspace
        for customer in workspace.customerIDs {
            guard let organization = workspace.status(ofCustomer: customer).organizationID else { continue }
            for asset in workspace.assets(ofCustomer: customer, in: .unmatched) {
                if let moved = workspace.status(ofAsset: asset.id).suggestion.moved, moved.organizationID != organization,
                   workspace.catalog.configuration(moved.configurationID)?.psaIntegration == nil {
                    return (asset.id, moved, organization)
                }
            }
        }
        throw ActionError("the generated account has no moved device")
    }

    @Test("a move IT Glue carries out: the configuration is in the device's organization, the device matched to it, the audit log says so")
    func moves() async throws {
        try await withSyncHarness { harness in
            let (asset, moved, into) = try await movedOnce(harness)
            // A reopened state and a fresh sync agree.
            let reopened = try harness.workbench()
            #expect(reopened.workspace.catalog.configuration(moved.configurationID)?.organizationID == into)
            _ = try await reopened.sync()
            let after = reopened.workspace.status(ofAsset: asset)
            #expect(after.state == .matched && after.configurationID == moved.configurationID && after.problem == nil)
            #expect(after.suggestion.moved == nil)
        }
    }

    /// Moves one flagged device's configuration and checks what the round did; the workbench is closed after.
    private func movedOnce(_ harness: SyncHarness) async throws -> (asset: Int, moved: MovedDevice, into: String) {
        let session = try harness.workbench()
        _ = try await session.sync()
        let (asset, moved, into) = try flagged(session)
        try session.perform(.moveDevice(assets: [asset]))
        let report = await session.carryOutPendingWrites(organizationID: into)
        #expect(report.failures.isEmpty, "\(report.failures)")
        #expect(report.moved.count == 1 && report.moved[0].contains("(#\(moved.configurationID)) moved into"))
        let status = session.workspace.status(ofAsset: asset)
        #expect(status.state == .matched && status.origin == .moved && status.configurationID == moved.configurationID && status.problem == nil)
        let inIT = try await harness.synchronizer().itGlue.configurationsWithNotes(inOrganization: into)
        #expect(inIT.contains { $0.configuration.id == moved.configurationID }, "IT Glue holds it in the new organization")
        #expect(try session.store.auditLog(limit: 10).contains { $0.action == "configuration-moved" })
        #expect(try session.store.auditLog(limit: 10).contains { $0.action == "move-device" })
        #expect(await session.carryOutPendingWrites(organizationID: into).isEmpty, "nothing is sent again")
        return (asset, moved, into)
    }

    @Test("IT Glue keeps the record where it was (200) or refuses it (422): the device is unmatched again, the report says why",
          arguments: [SandboxBehaviour.ConfigurationMove.kept, .refused])
    func notMoved(_ answer: SandboxBehaviour.ConfigurationMove) async throws {
        try await withSyncHarness(configure: { $0.behaviour.configurationMove = answer }) { harness in
            let session = try harness.workbench()
            _ = try await session.sync()
            let (asset, moved, into) = try flagged(session)
            try session.perform(.moveDevice(assets: [asset]))
            let report = await session.carryOutPendingWrites(organizationID: into)
            #expect(report.moved.isEmpty && report.failures.count == 1)
            let why = answer == .kept ? "IT Glue answered but kept it in \(moved.organizationName)" : "IT Glue did not move it"
            #expect(report.failures.first?.contains(why) == true, "\(report.failures)")
            #expect(session.workspace.status(ofAsset: asset).state == .unmatched)
            #expect(session.workspace.status(ofAsset: asset).suggestion.moved?.configurationID == moved.configurationID)
            let still = try await harness.synchronizer().itGlue.configurationsWithNotes(inOrganization: moved.organizationID)
            #expect(still.contains { $0.configuration.id == moved.configurationID })
            #expect(await session.carryOutPendingWrites(organizationID: into).isEmpty, "not sent again")
        }
    }
}
