import Foundation
import RematchHTTP
import RematchJSON
import RematchSandbox
import RematchSync
import SyncroAPI
import Testing

/// `rematch check --deep`: each probe reads what the account does, so the realistic and the ideal sandbox give
/// different answers where they play an undocumented behaviour differently.
@Suite("Probing an account's undocumented behaviours", .timeLimit(.minutes(5)))
struct ProbeTests {
    private func answers(_ behaviour: SandboxBehaviour) async throws -> [String: ProbeResult] {
        var answers: [String: ProbeResult] = [:]
        try await withSyncHarness(configure: { $0.behaviour = behaviour }) { harness in
            let synchronizer = try harness.synchronizer()
            let results = await AccountProbes(syncro: synchronizer.syncro, itGlue: synchronizer.itGlue).run()
            answers = Dictionary(results.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            #expect(answers.count == results.count, "one result per probe")
        }
        return answers
    }

    @Test("realistic and ideal accounts answer the probes as they play each behaviour")
    func realisticAndIdeal() async throws {
        let realistic = try await answers(.realistic)
        let ideal = try await answers(.ideal)
        #expect(realistic["syncro.permission.customers"]?.answer == "yes")
        #expect(realistic["syncro.permission.assets"]?.answer == "yes")
        #expect(realistic["syncro.assets.meta"]?.answer == "no")
        #expect(ideal["syncro.assets.meta"]?.answer == "yes")
        #expect(realistic["syncro.assets.per_page"]?.answer == "no", "the sandbox keeps its 50 a page")
        #expect(realistic["syncro.link_field"]?.answer == "unknown", "no asset holds a link yet: absence proves nothing")
        #expect(realistic["itglue.page_size"]?.answer == "yes")
        #expect(realistic["itglue.filter_case"]?.answer == "no")
        #expect(ideal["itglue.filter_case"]?.answer == "yes")
        #expect(realistic["itglue.included"]?.answer == "inside records")
        #expect(ideal["itglue.included"]?.answer == "top-level")
        #expect(realistic["retry_after"]?.answer == "unknown")
    }

    @Test("the link field is unknown until an asset of page 1 holds it, then yes, naming the asset's type")
    func linkField() async throws {
        try await withSyncHarness { harness in
            let synchronizer = try harness.synchronizer()
            let probes = AccountProbes(syncro: synchronizer.syncro, itGlue: synchronizer.itGlue)
            #expect(await probes.run().first { $0.id == "syncro.link_field" }?.answer == "unknown")
            let page = try await synchronizer.syncro.transport.get("/customer_assets?page=1")
            let first = try #require(page.json["assets"]?.arrayValue?.first)
            let id = try #require(first["id"]?.intValue), type = try #require(first["asset_type"]?.stringValue)
            #expect(try await synchronizer.syncro.writeLink(id, "https://example.itglue.com/1/configurations/2"))
            let after = try #require(await probes.run().first { $0.id == "syncro.link_field" })
            #expect(after.answer == "yes")
            #expect(after.detail.contains("seen on \(type)"), "\(after.detail)")
        }
    }

    @Test("a token without a permission is answered no, with the permission named")
    func deniedPermission() async throws {
        var behaviour = SandboxBehaviour.realistic
        behaviour.syncroDeniedPermissions = ["Assets - List/Search"]
        let answers = try await answers(behaviour)
        #expect(answers["syncro.permission.customers"]?.answer == "yes")
        #expect(answers["syncro.permission.assets"]?.answer == "no")
        #expect(answers["syncro.permission.assets"]?.detail.contains("Assets - List/Search") == true)
    }
}
