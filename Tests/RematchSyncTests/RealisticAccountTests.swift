import Foundation
import ITGlueAPI
import RematchCore
import RematchJSON
import RematchSandbox
import RematchStore
import RematchSync
import Testing

/// The whole round against a realistic account: a sync, bulk creates in every matched organization (answered out
/// of order, partly applied, refusals pointing at no item), link-back and retirement. Every device ends up in IT
/// Glue at most once, each refusal is reported by device, and nothing that still exists in Syncro is retired.
@Suite("A realistic account, end to end", .serialized, .timeLimit(.minutes(5)))
struct RealisticAccountTests {
    @Test("sync, bulk create everywhere, link back, retire: every device exactly once, refusals by device, nothing alive retired")
    func wholeRound() async throws {
        var dataset = SandboxDataset.generated(seed: 4, scale: .small)
        dataset.customers = Array(dataset.customers.prefix(dataset.customers.count / 3))
        let kept = Set(dataset.customers.compactMap { $0["id"]?.intValue })
        dataset.assets = dataset.assets.filter { kept.contains($0["customer_id"]?.intValue ?? -1) }
        try await withSyncHarness(dataset) { harness in
            let session = try harness.workbench(writeBackLinks: true)
            _ = try await session.sync()
            // Syncro's own integration made some configurations: each is matched to its device, never created again.
            let integrationMade = dataset.configurations.compactMap { record -> (configuration: String, asset: Int, organization: String)? in
                guard let attributes = record["attributes"], attributes["rmm-integration-type"] == "syncro",
                      let asset = attributes["rmm-id"]?.text.flatMap(Int.init), kept.contains(session.workspace.catalog.asset(asset)?.customerID ?? -1),
                      let id = record["id"]?.text, let organization = attributes["organization-id"]?.text else { return nil }
                return (id, asset, organization)
            }
            let inMatchedOrganizations = integrationMade.filter { made in
                session.workspace.status(ofCustomer: session.workspace.catalog.asset(made.asset)!.customerID).organizationID == made.organization
            }
            try #require(!inMatchedOrganizations.isEmpty, "the demo account holds integration-made configurations")
            for made in inMatchedOrganizations {
                #expect(session.workspace.status(ofAsset: made.asset).configurationID == made.configuration, "asset #\(made.asset)")
            }
            var mapping = session.workspace.typeMapping
            mapping[.laptop] = "999"  // a type IT Glue does not have: every laptop is refused
            try session.setTypeMapping(mapping)
            let organizations = Set(session.workspace.customers(in: .matched).compactMap { session.workspace.status(ofCustomer: $0).organizationID })
            var waiting: [Int] = []
            for organization in organizations.sorted() {
                let preview = session.workspace.bulkCreatePreview(organizationID: organization)
                guard !preview.assets.isEmpty else { continue }
                waiting += preview.assets
                try session.perform(.createAllConfigurations(organizationID: organization))
            }
            try #require(waiting.count >= 10)
            let report = await session.carryOutPendingWrites()
            let refused = waiting.filter { DeviceClass.classify(session.workspace.catalog.asset($0)!) == .laptop }
            for assetID in refused {
                let name = session.workspace.catalog.asset(assetID)!.name
                #expect(report.failures.contains { $0.hasPrefix(name + ":") }, "refusal of \(name) reported by device")
            }
            // Links went back in the same round, verified; the next round writes none again. Then two matched devices
            // are deleted in Syncro and one only goes missing from a read.
            #expect(!report.linked.isEmpty)
            let (_, linking) = try await session.syncAndWrite()
            #expect(linking.linked.isEmpty && linking.failures.isEmpty, "\(linking.failures.prefix(2))")
            let matched = session.workspace.catalog.assets.filter { session.workspace.status(ofAsset: $0.id).configurationID != nil }
            let gone = Array(matched.prefix(2)), missed = matched[2]
            for asset in gone { try await harness.sandbox.store.deleteSyncroAsset(asset.id) }
            let missedConfiguration = try #require(session.workspace.status(ofAsset: missed.id).configurationID)
            if session.workspace.deviceDecisions[missed.id] == nil {  // an automatic link: made a person's, as in the retire test
                try session.perform(.revertDeviceMatch(assets: [missed.id]))
                try session.perform(.matchDevice(asset: missed.id, configurationID: missedConfiguration))
            }
            _ = try await session.sync()
            var snapshot = session.workspace.catalog.snapshot
            snapshot.assets.removeAll { $0.id == missed.id }
            try session.store.saveSnapshot(snapshot)
            let reopened = try Workbench(store: session.store, user: "tech", synchronizer: try harness.synchronizer())
            let retirement = await reopened.retireConfigurations()
            #expect(retirement.retired.count == 2)
            #expect(retirement.kept.count == 1 && retirement.kept[0].contains("#\(missed.id)"))
            // Exactly once: every waiting device that was not refused has one configuration; refused ones none.
            let itGlue = try harness.synchronizer().itGlue
            var marked: [Int: Int] = [:]
            for organization in organizations {
                for record in try await itGlue.configurationsWithNotes(inOrganization: organization) {
                    for assetID in RemoteWriter.markedAssets(in: record.notes) { marked[assetID, default: 0] += 1 }
                }
            }
            for assetID in waiting {
                #expect(marked[assetID, default: 0] == (refused.contains(assetID) ? 0 : 1), "asset #\(assetID)")
            }
        }
    }
}
