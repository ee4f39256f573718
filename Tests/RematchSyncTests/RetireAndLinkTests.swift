import Foundation
import ITGlueAPI
import RematchConfig
import RematchCore
import RematchHTTP
import RematchJSON
import RematchSandbox
import RematchStore
import RematchSync
import SyncroAPI
import Testing

@Suite("Retiring configurations and writing links back", .serialized, .timeLimit(.minutes(5)))
struct RetireAndLinkTests {
    @Test("a matched device gone from Syncro is offered for retirement, and retired only when asked and Syncro answers 404 for it")
    func retire() async throws {
        try await withSyncHarness { harness in try await Self.retire(harness, goneFromSyncro: true) }
    }

    @Test("a configuration synced from a PSA refuses the status change (422): it is archived instead, and never offered again")
    func psaSynced() async throws {
        try await withSyncHarness { harness in try await Self.retire(harness, goneFromSyncro: true, syncedFromPSA: true) }
    }

    @Test("a status change refused for another reason (the status is gone) is reported; nothing is archived or retired")
    func otherRefusal() async throws {
        try await withSyncHarness { harness in try await Self.retire(harness, goneFromSyncro: true, statusRemoved: true) }
    }

    @Test("a device only missing from a list read (pages shift while agents update assets) is never retired")
    func missedByTheListIsKept() async throws {
        try await withSyncHarness { harness in try await Self.retire(harness, goneFromSyncro: false) }
    }

    @Test("with agents checking in while assets are paged, a matched device the read missed is asked for by id and kept: none is called gone or retired")
    func churnNeverRetires() async throws {
        try await withSyncHarness(configure: { $0.behaviour.assetPageChurn = true }) { harness in
            let session = try harness.workbench()
            _ = try await session.sync()
            let matched = Set(session.workspace.catalog.assets.map(\.id).filter { session.workspace.status(ofAsset: $0).configurationID != nil })
            // Pages are read eight at a time, so which shift a read sees is the scheduler's: a read that misses
            // nothing is possible (on a loaded machine); a few reads show that churn makes them miss.
            var missedOnce = false
            for _ in 0..<8 where !missedOnce {
                let (read, _) = try await harness.synchronizer().syncro.assets()
                missedOnce = !matched.subtracting(read.map(\.id)).isEmpty
            }
            try #require(missedOnce, "a paged read under churn misses matched devices")
            let summary = try await session.sync()
            // Whatever this read missed (pages shift differently each time): every matched device is still there.
            #expect(matched.allSatisfy { session.workspace.catalog.asset($0) != nil }, "every matched device is in the snapshot")
            #expect(!(summary.changes?.vanishedDevices ?? []).contains { matched.contains($0.id) }, "none of them is called gone")
            #expect(session.workspace.retirableConfigurations.isEmpty)
            let report = await session.retireConfigurations()
            #expect(report.retired.isEmpty && report.failures.isEmpty)
        }
    }

    private static func retire(_ harness: SyncHarness, goneFromSyncro: Bool, syncedFromPSA: Bool = false,
                               statusRemoved: Bool = false) async throws {
        let synced = try harness.workbench()
        _ = try await synced.sync()
        // A configuration no PSA keeps (the demo account has a few that are): the PSA case is made on purpose below.
        let asset = try #require(synced.workspace.catalog.assets.first { asset in
            synced.workspace.status(ofAsset: asset.id).state == .matched
                && synced.workspace.status(ofAsset: asset.id).configurationID.flatMap(synced.workspace.catalog.configuration)?.psaIntegration == nil
        })
        let configuration = try #require(synced.workspace.status(ofAsset: asset.id).configurationID)
        // A person's match (an auto-link alone is not remembered once the asset is gone).
        try synced.perform(.revertDeviceMatch(assets: [asset.id]))
        try synced.perform(.matchDevice(asset: asset.id, configurationID: configuration))
        // The asset vanishes from the next snapshot: the file is opened again on it.
        var snapshot = synced.workspace.catalog.snapshot
        snapshot.assets.removeAll { $0.id == asset.id }
        try synced.store.saveSnapshot(snapshot)
        if goneFromSyncro { try await harness.sandbox.store.deleteSyncroAsset(asset.id) }
        if syncedFromPSA { try await harness.sandbox.store.markSyncedFromPSA(configuration: Int(configuration)!) }
        if statusRemoved { try await harness.sandbox.store.deleteConfigurationStatus(named: "Inactive") }
        let session = try Workbench(store: synced.store, user: "tech", synchronizer: try harness.synchronizer())
        let retirable = session.workspace.retirableConfigurations.map { $0.assetID }
        #expect(retirable == [asset.id])
        let report = await session.retireConfigurations()
        if statusRemoved {
            #expect(report.retired.isEmpty)
            #expect(report.failures.count == 1)
            #expect(report.failures.first?.contains("must exist") == true, "the refusal is reported as IT Glue gave it")
            let organization = session.workspace.catalog.configuration(configuration)?.organizationID ?? ""
            let records = try await harness.synchronizer().itGlue.configurationsWithNotes(inOrganization: organization)
            #expect(records.first { $0.configuration.id == configuration }?.configuration.archived == false)
            #expect(session.workspace.retirableConfigurations.map(\.assetID) == [asset.id], "still to retire once the status is back")
            return
        }
        #expect(report.failures.isEmpty)
        #expect(report.retired.count == (goneFromSyncro ? 1 : 0))
        #expect(report.kept.count == (goneFromSyncro ? 0 : 1))
        let organization = session.workspace.catalog.configuration(configuration)?.organizationID ?? ""
        let records = try await harness.synchronizer().itGlue.configurationsWithNotes(inOrganization: organization)
        let status = records.first { $0.configuration.id == configuration }?.configuration.configurationStatusName
        if syncedFromPSA {
            #expect(status == "Active")
            #expect(records.first { $0.configuration.id == configuration }?.configuration.archived == true)
            #expect(records.first { $0.configuration.id == configuration }?.configuration.psaIntegration == "enabled")
            #expect(report.retired.first?.contains("archived: IT Glue refuses status changes on it") == true)
            #expect(session.workspace.retirableConfigurations.isEmpty)
        } else if goneFromSyncro {
            #expect(status == "Inactive")
            #expect(session.workspace.deviceDecisions[asset.id] == nil)
            #expect(session.workspace.retirableConfigurations.isEmpty)
        } else {
            #expect(status == "Active")
            #expect(report.kept.first?.contains("Syncro still has asset #\(asset.id)") == true)
            #expect(session.workspace.deviceDecisions[asset.id] != nil, "the match is kept")
            _ = try await session.sync()
            #expect(session.workspace.status(ofAsset: asset.id).configurationID == configuration, "back in the next read, still matched")
        }
    }

    @Test("a sync with write_back_links writes each link into the Syncro asset once, and not again when unchanged")
    func writeBack() async throws {
        try await withSyncHarness { harness in
            let session = try harness.workbench(writeBackLinks: true)
            let (_, first) = try await session.syncAndWrite()
            #expect(first.failures.isEmpty)
            #expect(!first.linked.isEmpty)
            let matched = try #require(session.workspace.catalog.assets.first { session.workspace.status(ofAsset: $0.id).configurationID != nil })
            let (_, second) = try await session.syncAndWrite()
            let refreshed = try #require(session.workspace.catalog.asset(matched.id))
            let configuration = try #require(session.workspace.catalog.configuration(session.workspace.status(ofAsset: matched.id).configurationID!))
            #expect(refreshed.itGlueLink == LinkWriter.link(for: configuration))
            #expect(refreshed.itGlueLink?.hasPrefix("https://") == true)
            #expect(second.linked.isEmpty)
        }
    }

    @Test("without write_back_links, a sync writes no link")
    func noWriteBack() async throws {
        try await withSyncHarness { harness in
            let session = try harness.workbench()
            let (_, report) = try await session.syncAndWrite()
            #expect(report.linked.isEmpty)
            let before = session.workspace.catalog.assets.map(\.itGlueLink)
            _ = try await session.sync()
            #expect(session.workspace.catalog.assets.map(\.itGlueLink) == before)
        }
    }
}
