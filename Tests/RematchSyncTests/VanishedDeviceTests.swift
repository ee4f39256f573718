import Foundation
import RematchCore
import RematchSandbox
import RematchStore
import RematchSync
import Testing

/// Devices deleted in Syncro between two syncs: their matches are kept, however they came about, so their
/// configurations can be retired, and the sync's changes list them.
@Suite("Devices gone from Syncro", .serialized, .timeLimit(.minutes(5)))
struct VanishedDeviceTests {
    @Test("a device matched by MAC + serial and one matched by hand, both deleted in Syncro, are retirable and listed")
    func vanishedMatches() async throws {
        try await withSyncHarness { harness in
            let session = try harness.workbench()
            let first = try await session.sync()
            #expect(first.changes?.isFirstSync == true)
            #expect(try session.lastSyncChanges()?.isFirstSync == true)
            let workspace = session.workspace
            let automatic = workspace.catalog.assets.filter { asset in
                let status = workspace.status(ofAsset: asset.id)
                let evidence = Set(status.suggestion.best?.evidence.map(\.kind) ?? [])
                return status.origin == .automatic && evidence.isSuperset(of: [.mac, .serial])
            }
            #expect(automatic.count >= 2)
            let byMAC = try #require(automatic.first), byHand = try #require(automatic.last)
            let byMACConfiguration = try #require(workspace.status(ofAsset: byMAC.id).configurationID)
            let byHandConfiguration = try #require(workspace.status(ofAsset: byHand.id).configurationID)
            try session.perform(.revertDeviceMatch(assets: [byHand.id]))
            try session.perform(.matchDevice(asset: byHand.id, configurationID: byHandConfiguration))
            #expect(session.workspace.deviceDecisions[byMAC.id] == nil)

            try await harness.sandbox.store.deleteSyncroAsset(byMAC.id)
            try await harness.sandbox.store.deleteSyncroAsset(byHand.id)
            let second = try await session.sync()

            let ids = [byMAC.id, byHand.id].sorted()
            #expect(session.workspace.catalog.asset(byMAC.id) == nil)
            #expect(session.workspace.retirableConfigurations.map(\.assetID) == ids)
            #expect(session.workspace.deviceDecisions[byMAC.id] == .matched(configurationID: byMACConfiguration, origin: .automatic))
            let changes = try #require(try session.lastSyncChanges())
            #expect(changes == second.changes)
            #expect(!changes.isFirstSync)
            #expect(changes.vanishedDevices.map(\.id) == ids)
            let gone = Dictionary(uniqueKeysWithValues: changes.vanishedMatches.map { ($0.assetID, $0) })
            #expect(gone.keys.sorted() == ids)
            #expect(gone[byMAC.id]?.configurationID == byMACConfiguration)
            #expect(gone[byMAC.id]?.origin == .automatic)
            #expect(gone[byMAC.id]?.assetName == byMAC.name)
            #expect(gone[byHand.id]?.configurationID == byHandConfiguration)
            #expect(gone[byHand.id]?.origin == .manual)
            #expect(changes.vanishedDecisions.isEmpty)
            #expect(changes.summary == "2 vanished devices · 2 matched devices gone")
            // The remembered match is committed and audited, and not on the undo stack.
            let audit = try session.store.auditLog(limit: 5)
            #expect(audit.first { $0.subjectID == byMAC.id }?.action == "remember-vanished-match")
            #expect(try session.store.loadWorkspace().deviceDecisions[byMAC.id] == .matched(configurationID: byMACConfiguration, origin: .automatic))
            #expect(session.workspace.history.last?.action == "match-device")

            let report = await session.retireConfigurations()
            #expect(report.failures.isEmpty)
            #expect(report.retired.count == 2)
            #expect(session.workspace.retirableConfigurations.isEmpty)
            let third = try await session.sync()
            #expect(third.changes?.isEmpty == true)
            #expect(session.workspace.catalog.configuration(byMACConfiguration)?.configurationStatusName == "Inactive")
        }
    }
}
