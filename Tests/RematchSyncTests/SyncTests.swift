import Foundation
import Synchronization
import ITGlueAPI
import RematchCore
import RematchHTTP
import RematchSandbox
import RematchStore
import RematchSync
import RematchConfig
import RematchJSON
import SyncroAPI
import Testing

@Suite("Sync against the sandbox", .serialized, .timeLimit(.minutes(5)))
struct SyncTests {
    @Test("a full sync at medium scale brings everything in, within the rate limits")
    func fullSync() async throws {
        let dataset = SandboxDataset.generated(seed: 6, scale: .medium)
        try await withSyncHarness(dataset) { harness in
            let session = try harness.workbench()
            let progress = ProgressRecorder()
            let summary = try await session.sync(progress: progress.record)
            #expect(summary.customers == dataset.customers.count)
            #expect(summary.assets == dataset.assets.count)
            #expect(summary.organizations == dataset.organizations.count)
            #expect(summary.configurations == dataset.configurations.count)
            #expect(summary.skipped.isEmpty)
            #expect(session.workspace.customerCounts().values.reduce(0, +) > 400)
            #expect(try session.store.syncState().status == .ok)
            #expect(progress.last?.fraction == 1)
            // The realistic asset list has no `meta`: the list ends at the first empty page; once read, the progress
            // counts the pages that held assets.
            #expect(progress.last?.lists["Syncro assets"]?.total == (dataset.assets.count + 49) / 50)
            for server in SandboxServer.allCases {
                #expect(harness.sandbox.stats(server).rateLimited == 0)
            }
            #expect(harness.sandbox.stats(.syncro).peakInWindow <= 180)
            // A second sync keeps decisions.
            let first = session.workspace.customers(in: .unmatched)[0]
            try session.perform(.ignore(customers: [first]))
            _ = try await session.sync()
            #expect(session.workspace.status(ofCustomer: first).state == .ignored)
        }
    }

    @Test("a rate limit other integrations hold for longer than the old retries lasted is waited out, the wait shown, and the sync succeeds")
    func sharedRateLimit() async throws {
        let faults = try FaultPlan(spec: "429@syncro/customer_assets,times=9;429@itglue/configurations,times=9")
        try await withSyncHarness(configure: { $0.faults = faults }) { harness in
            let progress = ProgressRecorder()
            let summary = try await harness.workbench().sync(progress: progress.record)
            #expect(summary.assets > 0 && summary.configurations > 0)
            let waits = progress.all.compactMap(\.waiting)
            #expect(Set(waits.map(\.service)) == ["Syncro", "IT Glue"])
            #expect(progress.all.contains { $0.summary.hasPrefix("waiting ") && $0.summary.contains("rate limit (shared with other integrations)") })
            #expect(progress.last?.waiting == nil, "cleared once pages come again")
        }
    }

    @Test("IT Glue pages that time out when large are read again smaller, and the sync is complete")
    func largePagesTimeOut() async throws {
        let dataset = SandboxDataset.generated(seed: 4, scale: .small)
        try await withSyncHarness(dataset, configure: { $0.behaviour.gatewayTimeoutAbovePageSize = 100 }) { harness in
            let summary = try await harness.workbench().sync()
            #expect(summary.configurations == dataset.configurations.count)
            #expect(summary.organizations == dataset.organizations.count)
            #expect(dataset.configurations.count > 100, "large enough to time out")
        }
    }

    @Test("pages: exactly one full page, exactly two, and an empty account; with Syncro's meta, and without it (read to an empty page)",
          arguments: [false, true])
    func pageEdges(withoutMeta: Bool) async throws {
        for count in [0, 100, 200] {
            var dataset = SandboxDataset.generated(seed: 1, scale: .medium)
            dataset.customers = Array(dataset.customers.prefix(count))
            let ids = Set(dataset.customers.compactMap { $0["id"]?.intValue })
            dataset.assets = dataset.assets.filter { ids.contains($0["customer_id"]?.intValue ?? -1) }.prefix(count == 0 ? 0 : 50).map { $0 }
            try await withSyncHarness(dataset, configure: { $0.behaviour.assetListWithoutMeta = withoutMeta }) { harness in
                let (snapshot, _) = try await harness.synchronizer().fetch()
                #expect(snapshot.customers.count == count)
                #expect(Set(snapshot.customers.map(\.id)).count == count)
                #expect(snapshot.assets.count == dataset.assets.count)
                let assetPages = (dataset.assets.count + 49) / 50
                let assetRequests = harness.sandbox.stats(.syncro).requests - max(1, (count + 99) / 100)
                if withoutMeta, assetPages > 0 {
                    // Without a page count, pages past the last full one are asked for a few at a time: at least the
                    // empty page that ends the list, at most the read-ahead.
                    #expect((assetPages + 1)...(assetPages + SyncroClient.readAhead) ~= assetRequests, "\(assetRequests) requests")
                } else {
                    #expect(assetRequests == max(1, assetPages))
                }
            }
        }
    }

    @Test("a list that grows between pages is read to its new end, without duplicates")
    func growingList() async throws {
        let served = Counter()
        let items = try await Pager.all(list: "test", concurrency: 2, progress: { _ in }) { page -> Pager.Page<Int> in
            served.increment()
            // Page 1 says 2 pages; by the time page 2 is read a third page exists.
            switch page {
            case 1: return .init(items: [1, 2], totalPages: 2)
            case 2: return .init(items: [3, 4], totalPages: 3)
            case 3: return .init(items: [5], totalPages: 3)
            default: return .init(items: [], totalPages: 3)
            }
        }
        #expect(items == [1, 2, 3, 4, 5])
        #expect(served.value == 3)
    }

    @Test("pages asked for past the end wait for the rate limit no longer: the empty page that ends the list cancels them",
          .timeLimit(.minutes(1)))
    func pagesPastTheEndAreCancelled() async throws {
        // Six requests a ten-minute window: pages 1–6 take them, 7 and 8 would wait ten minutes for a place. (Which
        // concurrent page gets a place first is up to the scheduler: 7 and 8 ask only once 1–6 have theirs.)
        let limiter = RequestLimiter(limit: 6, window: 600)
        let cancelled = Counter(), admitted = Counter()
        let items = try await Pager.all(list: "test", concurrency: 8, progress: { _ in }) { page -> Pager.Page<Int> in
            do {
                while page > 6, admitted.value < 6 { try await Task.sleep(for: .milliseconds(5)) }
                try await limiter.acquire()
            } catch {
                cancelled.increment()
                throw error
            }
            admitted.increment()
            await limiter.finished()
            // The service said eight pages; the list ends at page 5 (page 6 is empty).
            if page == 6 { try await Task.sleep(for: .milliseconds(100)) }
            return .init(items: page <= 5 ? [page * 10, page * 10 + 1] : [], totalPages: 8)
        }
        #expect(items == [10, 11, 20, 21, 30, 31, 40, 41, 50, 51])
        #expect(cancelled.value == 2, "pages 7 and 8 were waiting for a place and were cancelled")
    }

    @Test("transient faults are retried and the sync succeeds", arguments: [
        "429@syncro/customers,nth=1", "429+retry=1@itglue/organizations,nth=1", "502@itglue,nth=2", "503@syncro,nth=2",
        "504@itglue/configurations,nth=1", "close@itglue/configurations,nth=1", "truncate@syncro/customer_assets,nth=1",
        "slow=3000@itglue/organizations,nth=1",
    ])
    func transientFaults(spec: String) async throws {
        try await withSyncHarness(configure: { $0.faults = try! FaultPlan(spec: spec) }) { harness in
            let session = try harness.workbench(timeout: .seconds(1))
            let summary = try await session.sync()
            #expect(summary.customers == 61)  // the small demo: 50 customers, the 6 of the trap classes (#12) and the 5 of #26
            #expect(harness.sandbox.stats(.syncro).faults + harness.sandbox.stats(.itglue).faults == 1)
        }
    }

    @Test("a failed sync keeps the previous snapshot and every decision, and says why")
    func failedSync() async throws {
        try await withSyncHarness(configure: { $0.faults = try! FaultPlan(spec: "500@itglue/organizations,nth=2") }) { harness in
            let session = try harness.workbench()
            _ = try await session.sync()
            let customer = session.workspace.customers(in: .unmatched)[0]
            try session.perform(.ignore(customers: [customer]))
            let before = session.workspace.catalog.snapshot
            await #expect(throws: (any Error).self) { _ = try await session.sync() }
            let state = try session.store.syncState()
            #expect(state.status == .failed)
            #expect(state.error?.contains("IT Glue answered 500") == true)
            let reopened = try session.store.loadWorkspace()
            #expect(reopened.catalog.snapshot.customers == before.customers)
            #expect(reopened.status(ofCustomer: customer).state == .ignored)
        }
    }

    @Test("the connection check answers within its deadline, with the cause: refused, no answer, wrong key, OK")
    func checkWithinDeadline() async throws {
        try await withSyncHarness(configure: { $0.faults = try! FaultPlan(spec: "slow=20000@itglue") }) { harness in
            let clock = ContinuousClock()
            // Nothing listens on the discard port: refused, at once.
            var refused = harness.accounts
            refused.syncroURL = "http://127.0.0.1:9/api/v1"
            var started = clock.now
            let (syncro, itGlue) = await Synchronizer.check(refused, within: .seconds(3))
            #expect(clock.now - started < .seconds(4))
            #expect(syncro?.message.contains("refused") == true, "\(syncro?.message ?? "")")
            // IT Glue is held for 20 s by the sandbox: the check says so by its deadline instead of waiting.
            #expect(itGlue?.kind == .timeout)
            #expect(itGlue?.message.contains("did not answer") == true)
            // A wrong key is named as such, and the key never appears.
            var wrongKey = harness.accounts
            wrongKey.syncroAPIKey = "wrong-key-123"
            started = clock.now
            let (badKey, _) = await Synchronizer.check(wrongKey, within: .seconds(3))
            #expect(clock.now - started < .seconds(4))
            #expect(badKey?.message.hasPrefix("Syncro rejected the API key (401)") == true)
            #expect(badKey?.message.contains("wrong-key-123") == false)
            let (good, _) = await Synchronizer.check(harness.accounts, within: .seconds(3))
            #expect(good?.message == nil)
        }
    }

    @Test("a name that does not resolve is reported as DNS, within the deadline")
    func checkDNS() async throws {
        let accounts = Accounts(syncroURL: "https://rematch-test-host.invalid/api/v1", syncroAPIKey: "k",
                                itGlueURL: "https://rematch-test-host.invalid", itGlueAPIKey: "ITG.k")
        let clock = ContinuousClock()
        let started = clock.now
        let (syncro, _) = await Synchronizer.check(accounts, within: .seconds(5))
        #expect(clock.now - started < .seconds(6))
        let message = syncro?.message ?? ""
        // Without a resolver the lookup may hang: then the deadline answers instead.
        #expect(message.contains("DNS: no address found for rematch-test-host.invalid") || message.contains("did not answer within 5 s"),
                "\(message)")
    }

    @Test("a rejected key is reported with what to check")
    func badKeys() async throws {
        try await withSyncHarness { harness in
            var wrong = harness.accounts
            wrong.syncroAPIKey = "key-xyzzy"
            wrong.itGlueAPIKey = "ITG.wrong"
            let (syncro, itGlue) = await Synchronizer.check(wrong)
            #expect(syncro?.message.hasPrefix("Syncro rejected the API key (401)") == true)
            #expect(itGlue?.message == "IT Glue refused the API key (403). Check the key and the region (US/EU/AU).")
            #expect(syncro?.message.contains("xyzzy") == false)
            #expect(syncro?.message.contains("the token is wrong, or its group lacks the permission Customers - List/Search") == true)
        }
    }
}

final class ProgressRecorder: Sendable {
    private let values = Mutex<[SyncProgress]>([])
    var record: @Sendable (SyncProgress) -> Void { { [self] progress in values.withLock { $0.append(progress) } } }
    var last: SyncProgress? { values.withLock { $0.last } }
    var all: [SyncProgress] { values.withLock { $0 } }
}

final class Counter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
