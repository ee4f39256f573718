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
    @Test("a matched device gone from Syncro is offered for retirement, and retired only when asked")
    func retire() async throws {
        try await withSyncHarness { harness in try await Self.retire(harness) }
    }

    private static func retire(_ harness: SyncHarness) async throws {
        var session = try harness.session()
        _ = try await session.sync(with: try harness.synchronizer())
        let asset = try #require(session.workspace.catalog.assets.first { session.workspace.status(ofAsset: $0.id).state == .matched })
        let configuration = try #require(session.workspace.status(ofAsset: asset.id).configurationID)
        // A person's match (an auto-link alone is not remembered once the asset is gone).
        try session.perform(.revertDeviceMatch(assets: [asset.id]))
        try session.perform(.matchDevice(asset: asset.id, configurationID: configuration))
        var snapshot = session.workspace.catalog.snapshot
        snapshot.assets.removeAll { $0.id == asset.id }
        try session.replaceSnapshot(snapshot)
        let retirable = session.workspace.retirableConfigurations.map { $0.assetID }
        #expect(retirable == [asset.id])
        let writer = RemoteWriter(itGlue: try harness.synchronizer().itGlue)
        let report = await writer.retireConfigurations(session: &session)
        #expect(report.failures.isEmpty)
        #expect(report.created.count == 1)
        let organization = session.workspace.catalog.configuration(configuration)?.organizationID ?? ""
        let records = try await writer.itGlue.configurationRecords(inOrganization: organization)
        let status = records.first { $0["id"]?.stringValue == configuration }?["attributes"]?["configuration-status-name"]?.stringValue
        #expect(status == "Inactive")
        #expect(session.workspace.deviceDecisions[asset.id] == nil)
        #expect(session.workspace.retirableConfigurations.isEmpty)
    }

    @Test("links are written into the Syncro asset once, and not again when unchanged")
    func writeBack() async throws {
        try await withSyncHarness { harness in
            var session = try harness.session()
            _ = try await session.sync(with: try harness.synchronizer())
            let synchronizer = try harness.synchronizer()
            let writer = LinkWriter(syncro: synchronizer.syncro)
            let first = await writer.writeLinks(workspace: session.workspace)
            #expect(first.failures.isEmpty)
            #expect(!first.created.isEmpty)
            let matched = try #require(session.workspace.catalog.assets.first { session.workspace.status(ofAsset: $0.id).configurationID != nil })
            _ = try await session.sync(with: synchronizer)
            let refreshed = try #require(session.workspace.catalog.asset(matched.id))
            let configuration = try #require(session.workspace.catalog.configuration(session.workspace.status(ofAsset: matched.id).configurationID!))
            #expect(refreshed.itGlueLink == LinkWriter.link(for: configuration))
            #expect(refreshed.itGlueLink?.hasPrefix("https://") == true)
            let second = await writer.writeLinks(workspace: session.workspace)
            #expect(second.created.isEmpty)
        }
    }
}
