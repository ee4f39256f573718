import Foundation
import ITGlueAPI
import RematchCore
import RematchSandbox
import RematchStore
import RematchSync
import Testing

/// IT Glue acts on a create after Rematch gave up waiting for the answer (the sandbox's `slow` fault holds the
/// request, then carries it out). A rerun before the request landed must send nothing; once it has landed, the
/// record is adopted: each organization and configuration exists once.
@Suite("Writes that land after the client gave up", .serialized, .timeLimit(.minutes(5)))
struct LateCompletionTests {
    /// The sandbox carries the first create out 12 s after it arrived; the client waits 1 s; a request may land for
    /// 16 s. The margins leave a machine running every suite at once ten seconds between the steps.
    static let faults = "slow=12000@itglue/organizations,method=POST,nth=1"
    static let settle: TimeInterval = 16

    private func synced(_ harness: SyncHarness) async throws {
        let workbench = try harness.workbench()
        _ = try await workbench.sync()
    }

    @Test("a bulk create answered late: nothing sent again while it may land, then adopted, each configuration once")
    func configurations() async throws {
        try await withSyncHarness(configure: { $0.faults = try! FaultPlan(spec: Self.faults) }) { harness in
            try await synced(harness)
            let session = try harness.workbench(timeout: .seconds(1), writeSettle: Self.settle)
            let organization = try #require(session.workspace.catalog.organizations.first { organization in
                session.workspace.bulkCreatePreview(organizationID: organization.id).assets.count >= 2
            }?.id)
            let assets = session.workspace.bulkCreatePreview(organizationID: organization).assets
            try session.perform(.createAllConfigurations(organizationID: organization))
            let sent = Date()
            let first = await session.carryOutPendingWrites(organizationID: organization)
            #expect(first.created.isEmpty && !first.failures.isEmpty, "the answer should have come too late: \(first)")
            let rerun = await session.carryOutPendingWrites(organizationID: organization)
            #expect(rerun.created.isEmpty && rerun.found.isEmpty, "\(rerun)")
            #expect(rerun.waiting.count == assets.count, "every device waits for the request that may still land: \(rerun)")
            #expect(rerun.waitingUntil.map { $0 > sent.addingTimeInterval(Self.settle - 1) } == true)
            // Wait until the request has landed (the slow answer's clock starts when the sandbox gets it, which a
            // loaded machine delays); the settling time may still run on.
            let itGlue = try harness.synchronizer().itGlue
            for _ in 0..<600 {
                let made = try await itGlue.configurationsWithNotes(inOrganization: organization)
                if assets.allSatisfy({ asset in made.contains { RemoteWriter.notes($0.notes, carryMarkerOf: asset) } }) { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            let landed = await session.carryOutPendingWrites(organizationID: organization)
            #expect(landed.found.count == assets.count, "\(landed)")
            #expect(landed.waiting.isEmpty && landed.failures.isEmpty, "\(landed)")
            let records = try await harness.synchronizer().itGlue.configurationsWithNotes(inOrganization: organization)
            for asset in assets {
                #expect(records.filter { RemoteWriter.notes($0.notes, carryMarkerOf: asset) }.count == 1, "asset \(asset)")
                #expect(session.workspace.status(ofAsset: asset).origin == .created)
            }
        }
    }

    @Test("an organization create answered late is never made twice, and the exact-name check is never bypassed")
    func organization() async throws {
        try await withSyncHarness(configure: { $0.faults = try! FaultPlan(spec: Self.faults) }) { harness in
            try await synced(harness)
            let session = try harness.workbench(timeout: .seconds(1), writeSettle: Self.settle)
            let customer = try #require(session.workspace.customers(in: .unmatched).first {
                session.workspace.status(ofCustomer: $0).suggestion.best == nil
            })
            let name = session.workspace.catalog.customer(customer)!.displayName
            try session.perform(.createOrganization(customers: [customer]))
            let first = await session.carryOutPendingWrites()
            #expect(first.created.isEmpty && !first.failures.isEmpty, "\(first)")
            let rerun = await session.carryOutPendingWrites()
            #expect(rerun.created.isEmpty && rerun.waiting.count == 1, "\(rerun)")
            let itGlue = try harness.synchronizer().itGlue
            for _ in 0..<600 where try await itGlue.organizations(named: name).isEmpty {
                try await Task.sleep(for: .milliseconds(100))
            }
            let landed = await session.carryOutPendingWrites()
            #expect(landed.found.count == 1 && landed.waiting.isEmpty && landed.failures.isEmpty, "\(landed)")
            #expect(try await harness.synchronizer().itGlue.organizations(named: name).count == 1)
            #expect(session.workspace.status(ofCustomer: customer).origin == .created)
        }
    }

    @Test("a request that never landed is sent again once the settling time has passed, and only then")
    func neverLanded() async throws {
        // The first create fails with a 503 before IT Glue acted on it; Rematch cannot know it did not land.
        try await withSyncHarness(configure: { $0.faults = try! FaultPlan(spec: "503@itglue/organizations,method=POST,nth=1") }) { harness in
            try await synced(harness)
            let session = try harness.workbench(writeSettle: 10)
            let customer = try #require(session.workspace.customers(in: .unmatched).first {
                session.workspace.status(ofCustomer: $0).suggestion.best == nil
            })
            let name = session.workspace.catalog.customer(customer)!.displayName
            try session.perform(.createOrganization(customers: [customer]))
            _ = await session.carryOutPendingWrites()
            let rerun = await session.carryOutPendingWrites()
            #expect(rerun.waiting.count == 1 && rerun.created.isEmpty, "\(rerun)")
            try await Task.sleep(for: .seconds(10.5))
            let again = await session.carryOutPendingWrites()
            #expect(again.created.count == 1 && again.waiting.isEmpty, "\(again)")
            #expect(try await harness.synchronizer().itGlue.organizations(named: name).count == 1)
        }
    }
}
