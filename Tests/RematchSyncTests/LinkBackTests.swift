import Foundation
import ITGlueAPI
import RematchCore
import RematchHTTP
import RematchJSON
import RematchSandbox
import RematchSync
import RematchStore
import SyncroAPI
import Synchronization
import Testing

/// Link-back against a Syncro whose asset `properties` are the asset types' custom fields: a field that does not
/// exist is said once per type (with what to create), a token that may not edit assets stops the run, and the
/// field is configurable.
@Suite("Writing links back to Syncro", .serialized, .timeLimit(.minutes(5)))
struct LinkBackTests {
    /// Counts the sandbox's `PUT /customer_assets` requests.
    final class Puts: Sendable {
        private let count = Mutex(0)
        var value: Int { count.withLock { $0 } }
        var log: @Sendable (String) -> Void {
            { [self] line in if line.hasPrefix("syncro PUT /api/v1/customer_assets/") { count.withLock { $0 += 1 } } }
        }
    }

    private static func withLinkHarness(types: (inout [String: [String]]) -> Void = { _ in },
                                        assets: (inout [JSONValue]) -> Void = { _ in },
                                        behaviour: (inout SandboxBehaviour) -> Void = { _ in },
                                        _ body: (SyncHarness, Puts) async throws -> Void) async throws {
        // A third of the small demo: enough devices of every asset type, few enough PUTs to stay under a minute's limit.
        var dataset = SandboxDataset.generated(seed: 4, scale: .small)
        dataset.customers = Array(dataset.customers.prefix(dataset.customers.count / 3))
        let kept = Set(dataset.customers.compactMap { $0["id"]?.intValue })
        dataset.assets = dataset.assets.filter { kept.contains($0["customer_id"]?.intValue ?? -1) }
        types(&dataset.assetTypes)
        assets(&dataset.assets)
        let puts = Puts()
        try await withSyncHarness(dataset, configure: { configuration in
            behaviour(&configuration.behaviour)
            configuration.log = puts.log
        }) { harness in try await body(harness, puts) }
    }

    private static func workbench(_ harness: SyncHarness, linkField: String = "IT Glue") throws -> Workbench {
        let base = try harness.synchronizer()
        let syncro = try SyncroClient(baseURL: harness.sandbox.syncroURL, apiKey: harness.sandbox.syncroAPIKey, retry: .quick,
                                      timeout: .seconds(30), linkField: linkField)
        return try Workbench(store: try StateStore(path: harness.statePath), user: "tech",
                             synchronizer: Synchronizer(syncro: syncro, itGlue: base.itGlue), writeBackLinks: true)
    }

    @Test("an asset type without the link field: said once, with what to create in Syncro, and not written to again",
          arguments: [SandboxBehaviour.UnknownProperty.dropped, .refused])
    func missingField(unknown: SandboxBehaviour.UnknownProperty) async throws {
        try await Self.withLinkHarness(types: { $0["Syncro Device"] = ["Warranty"] }, behaviour: { $0.unknownAssetProperty = unknown }) { harness, puts in
            let session = try Self.workbench(harness)
            let (_, report) = try await session.syncAndWrite()
            let agentFailures = report.failures.filter { $0.contains("Syncro Device assets have no custom field named \"IT Glue\"") }
            #expect(agentFailures.count == 1, "\(report.failures)")
            #expect(agentFailures.first?.contains("Manage Types → Syncro Device → New Field: a Web Link named \"IT Glue\"") == true)
            #expect(report.kept.contains { $0.hasSuffix("Syncro Device assets without a link, for the same reason") })
            #expect(!report.linked.isEmpty, "the other asset types have the field")
            let linkedTypes = Set(report.linked.compactMap { line in
                session.workspace.catalog.assets.first { line.hasPrefix("Link on \($0.name) ") }?.assetType
            })
            #expect(!linkedTypes.contains("Syncro Device"))
            #expect(puts.value == report.linked.count + 1, "one PUT for the type without the field, not one per asset")
        }
    }

    @Test("a refusal about one asset, not the field (Syncro validates the whole record): that asset is reported, its type's others are linked")
    func assetRefused() async throws {
        var blank = 0
        try await Self.withLinkHarness(types: { types in types["Syncro Device"] = ["IT Glue"] }, assets: { assets in
            // An agent asset saved without a name by another path, in a customer with other agent assets: blank as Rails
            // means it, a tab and a line break.
            let index = assets.indices.first { assets[$0]["asset_type"]?.stringValue == "Syncro Device" }!
            blank = assets[index]["id"]!.intValue!
            assets[index]["name"] = "\t\n"
        }, behaviour: { $0.unknownAssetProperty = .refused }) { harness, _ in
            let session = try Self.workbench(harness)
            let (_, report) = try await session.syncAndWrite()
            let refused = report.failures.filter { $0.contains("Syncro asset #\(blank)") }
            try #require(session.workspace.status(ofAsset: blank).configurationID != nil, "the blank-named asset is matched")
            #expect(refused.count == 1, "\(report.failures)")
            #expect(refused.first?.contains("Syncro refused the link: Name can't be blank") == true)
            #expect(!report.failures.contains { $0.contains("no custom field") }, "\(report.failures)")
            #expect(!report.kept.contains { $0.contains("for the same reason") })
            let linked = report.linked.compactMap { line in session.workspace.catalog.assets.first { line.hasPrefix("Link on \($0.name) ") } }
            #expect(linked.contains { $0.assetType == "Syncro Device" }, "the type's other assets are linked")
        }
    }

    @Test("a token whose group may not edit assets: one refusal naming the permission, and the run stops")
    func noEditPermission() async throws {
        try await Self.withLinkHarness(behaviour: { $0.syncroDeniedPermissions = ["Assets - Edit"] }) { harness, puts in
            let session = try Self.workbench(harness)
            let (summary, report) = try await session.syncAndWrite()
            #expect(summary.assets > 0, "reading is allowed")
            #expect(report.linked.isEmpty)
            #expect(report.failures.count == 1)
            let failure = try #require(report.failures.first)
            #expect(failure.contains("the API token's group lacks the permission Assets - Edit"))
            #expect(failure.contains("No more links were written"))
            #expect(!failure.contains("rejected the API key"))
            #expect(puts.value == 1)
        }
    }

    @Test("link_field names another existing field: the link goes there and is read back, so the next sync writes nothing")
    func configuredField() async throws {
        try await Self.withLinkHarness(types: { types in
            for key in types.keys { types[key] = ["Documentation"] }
        }) { harness, puts in
            let session = try Self.workbench(harness, linkField: "Documentation")
            let (_, first) = try await session.syncAndWrite()
            #expect(first.failures.isEmpty, "\(first.failures.prefix(2))")
            #expect(!first.linked.isEmpty)
            let written = puts.value
            let (_, second) = try await session.syncAndWrite()
            #expect(second.linked.isEmpty && second.failures.isEmpty)
            #expect(puts.value == written)
            let asset = try #require(session.workspace.catalog.assets.first { $0.itGlueLink != nil })
            #expect(asset.itGlueLink?.hasPrefix("https://") == true)
        }
    }
}
