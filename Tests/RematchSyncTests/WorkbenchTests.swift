import Foundation
import Synchronization
import ITGlueAPI
import RematchCore
import RematchSandbox
import RematchStore
import RematchSync
import Testing

/// The workbench owns the session: what happens while a sync runs must survive the sync's result.
@Suite("Workbench: one owner of the matching session", .serialized, .timeLimit(.minutes(5)))
struct WorkbenchTests {
    /// Starts a sync that the sandbox holds up (its first IT Glue configurations page answers after 20 s, under the
    /// clients' 30 s timeout: on a loaded machine the work meant for during the sync took longer than the 8 s it had),
    /// runs `meanwhile` once the sync is under way, then waits for the sync.
    private func duringSlowSync(_ harness: SyncHarness, _ session: Workbench,
                                meanwhile: () async throws -> Void) async throws {
        let before = harness.sandbox.stats(.itglue).requests
        let finished = Mutex(false)
        let sync = Task {
            _ = try await session.sync()
            finished.withLock { $0 = true }
        }
        while harness.sandbox.stats(.itglue).requests == before { try await Task.sleep(for: .milliseconds(10)) }
        try await meanwhile()
        #expect(!finished.withLock { $0 }, "the work meant for during the sync finished after it")
        try await sync.value
    }

    private func slowSyncHarness(_ body: (SyncHarness, Workbench) async throws -> Void) async throws {
        try await withSyncHarness(configure: { $0.faults = try! FaultPlan(spec: "slow=20000@itglue/configurations,nth=2") }) { harness in
            let session = try harness.workbench()
            _ = try await session.sync()
            try await body(harness, session)
        }
    }

    @Test("an organization created while a sync runs stays created when the sync's result comes in")
    func writeDuringSync() async throws {
        try await slowSyncHarness { harness, session in
            let customer = try #require(session.workspace.customers(in: .unmatched).first {
                session.workspace.status(ofCustomer: $0).suggestion.best == nil
            })
            try await duringSlowSync(harness, session) {
                try session.perform(.createOrganization(customers: [customer]))
                let report = await session.carryOutPendingWrites()
                #expect(report.created.count == 1)
                #expect(report.failures.isEmpty)
            }
            let status = session.workspace.status(ofCustomer: customer)
            #expect(status.state == .matched)
            #expect(status.origin == .created)
            #expect(status.pendingOrganizationName == nil)
            let organization = try #require(status.organizationID)
            #expect(session.workspace.catalog.organizations.count { $0.id == organization } == 1)
            // Memory and file agree, and the next round finds nothing to do (no false "already has").
            let reopened = try session.store.loadWorkspace()
            #expect(reopened.status(ofCustomer: customer).organizationID == organization)
            #expect(reopened.catalog.organization(organization) != nil)
            #expect(reopened.status(ofCustomer: customer).problem == nil)
            let again = await session.carryOutPendingWrites()
            #expect(again.isEmpty)
        }
    }

    @Test("decisions and the type mapping made while a sync runs are kept over its result")
    func decisionsDuringSync() async throws {
        try await slowSyncHarness { harness, session in
            let customer = session.workspace.customers(in: .unmatched)[0]
            let generation = session.current.generation
            var mapping = session.workspace.typeMapping
            let laptopType = try #require(session.workspace.catalog.snapshot.configurationTypes.last?.id)
            mapping[.laptop] = laptopType
            try await duringSlowSync(harness, session) {
                try session.perform(.ignore(customers: [customer]))
                try session.setTypeMapping(mapping)
            }
            #expect(session.workspace.status(ofCustomer: customer).state == .ignored)
            #expect(session.workspace.typeMapping[.laptop] == laptopType)
            #expect(session.current.generation > generation)
            // Undo still reaches the decision made during the sync.
            try session.undo()
            #expect(session.workspace.status(ofCustomer: customer).state == .unmatched)
        }
    }

    @Test("two rounds of writes asked for at once create each organization once")
    func concurrentRounds() async throws {
        try await withSyncHarness { harness in
            let session = try harness.workbench()
            _ = try await session.sync()
            let customers = Array(session.workspace.customers(in: .unmatched).filter {
                session.workspace.status(ofCustomer: $0).suggestion.best == nil
            }.prefix(3))
            try #require(customers.count == 3)
            try session.perform(.createOrganization(customers: customers))
            async let first = session.carryOutPendingWrites()
            async let second = session.carryOutPendingWrites()
            let reports = await [first, second]
            #expect(reports.map(\.created.count).reduce(0, +) == 3)
            #expect(reports.allSatisfy { $0.failures.isEmpty })
            let itGlue = try harness.synchronizer().itGlue
            for customer in customers {
                let name = try #require(session.workspace.catalog.customer(customer)?.displayName)
                #expect(try await itGlue.organizations(named: name).count == 1)
            }
        }
    }

    @Test("without accounts the workbench works locally and says plainly that it cannot sync")
    func noAccounts() async throws {
        try await withSyncHarness { harness in
            let synced = try harness.workbench()
            _ = try await synced.sync()
            let local = try Workbench(store: synced.store, user: "tech")
            let customer = local.workspace.customers(in: .unmatched)[0]
            try local.perform(.ignore(customers: [customer]))
            await #expect(throws: WorkbenchError.noAccounts) { _ = try await local.sync() }
            try local.perform(.unignore(customers: [customer]))
            try local.perform(.createOrganization(customers: [customer]))
            let report = await local.carryOutPendingWrites()
            #expect(report.failures == [WorkbenchError.noAccounts.description])
        }
    }

    @Test("a decision someone else made meanwhile refuses the step, which names them, and the workbench then shows what is stored")
    func conflictReloads() async throws {
        try await withSyncHarness { harness in
            let synced = try harness.workbench()
            _ = try await synced.sync()
            let workbench = try Workbench(store: synced.store, user: "lee")
            let customer = workbench.workspace.customers(in: .unmatched)[0]
            // Another technician's session on the same state decides the customer first.
            var other = MatchingSession(store: synced.store, user: "dana", workspace: try synced.store.loadWorkspace())
            try other.perform(.ignore(customers: [customer]))
            let generation = workbench.current.generation
            #expect(throws: DecisionConflict.self) { try workbench.perform(.createOrganization(customers: [customer])) }
            #expect(workbench.workspace.status(ofCustomer: customer).state == .ignored)
            #expect(workbench.current.generation > generation, "front ends rebuild what they derived")
            #expect(try synced.store.journal().isEmpty, "nothing of the refused step was journalled")
            // The next step is planned on what is stored, and goes through.
            try workbench.perform(.unignore(customers: [customer]))
            #expect(try synced.store.loadWorkspace().customerDecisions[customer] == nil)
        }
    }
}
