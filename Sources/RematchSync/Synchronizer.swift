import Foundation
import Synchronization
import ITGlueAPI
import RematchConfig
import RematchCore
import RematchHTTP
import RematchStore
import SyncroAPI

/// Where a sync stands: pages read per list, what is left, and how long it may take.
public struct SyncProgress: Sendable, Hashable {
    public var lists: [String: PageProgress] = [:]
    /// Time since the sync began reading.
    public var elapsed: Duration = .zero
    /// A wait for a rate limit under way (cleared by the next page read): said first, so nobody takes it for a hang.
    public var waiting: RateLimitWait?

    /// 0…1 over the lists known so far.
    public var fraction: Double {
        let total = lists.values.reduce(0) { $0 + $1.total }
        let done = lists.values.reduce(0) { $0 + $1.done }
        return total == 0 ? 0 : Double(done) / Double(total)
    }

    /// Pages still to read in the lists known so far: one request each.
    public var requestsLeft: Int { lists.values.reduce(0) { $0 + max(0, $1.total - $1.done) } }

    /// Seconds left, once a few pages give a pace: the pace so far, and never less than the rate limits allow
    /// for what is left beyond one window's worth of requests. Nil until then, and when nothing is left.
    public var secondsLeft: Double? {
        let done = lists.values.reduce(0) { $0 + $1.done }
        let left = requestsLeft
        guard left > 0, done >= 2, elapsed >= .milliseconds(500) else { return nil }
        var syncro = 0, itGlue = 0
        for (name, list) in lists {
            if name.hasPrefix("Syncro") { syncro += max(0, list.total - list.done) } else { itGlue += max(0, list.total - list.done) }
        }
        let floor = max(RequestLimiter.syncroLimit.secondsBeyondWindow(syncro), RequestLimiter.itGlueLimit.secondsBeyondWindow(itGlue))
        return max(elapsed.seconds * Double(left) / Double(done), floor)
    }

    /// "~40 s left · 25 requests left · IT Glue configurations 3/4 · Syncro assets 41/66": what is left first, so
    /// a header or progress line cut to its width still says it.
    public var summary: String {
        var parts: [String] = []
        if let waiting { parts.append(waiting.description) }
        if let seconds = secondsLeft { parts.append("~\(Self.duration(seconds)) left") }
        let left = requestsLeft
        if left > 0 { parts.append("\(left) request\(left == 1 ? "" : "s") left") }
        parts += lists.keys.sorted().map { "\($0) \(lists[$0]!.done)/\(lists[$0]!.total)" }
        return parts.joined(separator: " · ")
    }

    /// "40 s", "3 min", "1 h 5 min".
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        if whole < 60 { return "\(whole) s" }
        let minutes = Int((seconds / 60).rounded())
        return minutes < 60 ? "\(minutes) min" : "\(minutes / 60) h \(minutes % 60) min"
    }
}

/// What a sync brought in.
public struct SyncSummary: Sendable {
    public var customers = 0
    public var assets = 0
    public var organizations = 0
    public var configurations = 0
    public var skipped: [SkippedRecord] = []
    public var seconds = 0.0
    /// What this sync changed, against the snapshot before it.
    public var changes: SyncChanges?

    public init() {}

    init(customers: Int, assets: Int, organizations: Int, configurations: Int, skipped: [SkippedRecord], seconds: Double) {
        (self.customers, self.assets, self.organizations, self.configurations) = (customers, assets, organizations, configurations)
        self.skipped = skipped
        self.seconds = seconds
    }
}

/// Pulls both sides, in parallel, into one snapshot.
public struct Synchronizer: Sendable {
    public let syncro: SyncroClient
    public let itGlue: ITGlueClient

    public init(accounts: Accounts, retry: RetryPolicy = RetryPolicy()) throws(APIError) {
        syncro = try SyncroClient(baseURL: accounts.syncroURL, apiKey: accounts.syncroAPIKey, retry: retry, linkField: accounts.linkField)
        itGlue = try ITGlueClient(baseURL: accounts.itGlueURL, apiKey: accounts.itGlueAPIKey, retry: retry)
    }

    public var syncroHost: String { syncro.host }
    public var itGlueHost: String { itGlue.host }

    public init(syncro: SyncroClient, itGlue: ITGlueClient) {
        self.syncro = syncro
        self.itGlue = itGlue
    }

    /// Reads everything; throws the first failure, having cancelled the rest.
    public func fetch(progress: @escaping @Sendable (SyncProgress) -> Void = { _ in }) async throws -> (Snapshot, [SkippedRecord]) {
        let tracker = ProgressTracker(report: progress)
        let syncro = self.syncro, itGlue = self.itGlue
        syncro.transport.waits.listen(tracker.waited)
        itGlue.transport.waits.listen(tracker.waited)
        defer {
            syncro.transport.waits.listen(nil)
            itGlue.transport.waits.listen(nil)
        }
        async let customers = syncro.customers(progress: tracker.update)
        async let assets = syncro.assets(progress: tracker.update)
        async let organizations = itGlue.organizations(progress: tracker.update)
        async let configurations = itGlue.configurations(progress: tracker.update)
        async let types = itGlue.configurationTypes()
        async let statuses = itGlue.configurationStatuses()
        async let contacts = itGlue.contacts(progress: tracker.update)
        let (c, a, o, k) = try await (customers, assets, organizations, configurations)
        let (domains, phones) = try await contacts
        var withContacts = o.0
        for index in withContacts.indices {
            withContacts[index].domains = domains[withContacts[index].id] ?? []
            withContacts[index].phones = phones[withContacts[index].id] ?? []
        }
        let snapshot = Snapshot(customers: c.customers, assets: a.assets, organizations: withContacts, configurations: k.0,
                                configurationTypes: try await types, configurationStatuses: try await statuses, takenAt: Date())
        return (snapshot, c.skipped + a.skipped + o.1 + k.1)
    }

    /// Matched devices the paged asset read did not bring. Syncro documents no page order and agents update assets
    /// while they are paged, so a device can fall between two pages: each is asked for by id (at most `limit`,
    /// a third of a minute of Syncro's rate) and put back when Syncro still has it, so the changes never call it
    /// gone. One that cannot be checked stays missing, as before: its match is kept and retiring asks by id again.
    public func recoverMissed(_ ids: [Int], in snapshot: inout Snapshot, limit: Int = 60) async -> Int {
        let present = Set(snapshot.assets.map(\.id))
        var recovered = 0
        for id in ids.filter({ !present.contains($0) }).prefix(limit) {
            guard let asset = try? await syncro.asset(id) else { continue }
            snapshot.assets.append(asset)
            recovered += 1
        }
        return recovered
    }

    /// Tests both connections and keys, each answering within `deadline` whatever the network does (one attempt,
    /// no retry): the setup screen and `rematch check`, where a person waits for the answer.
    public static func check(_ accounts: Accounts, within deadline: Duration = .seconds(10)) async -> (syncro: APIError?, itGlue: APIError?) {
        let timeout = max(Duration.seconds(1), deadline - .seconds(1))
        let synchronizer: Synchronizer
        do {
            synchronizer = Synchronizer(
                syncro: try SyncroClient(baseURL: accounts.syncroURL, apiKey: accounts.syncroAPIKey, retry: .none, timeout: timeout),
                itGlue: try ITGlueClient(baseURL: accounts.itGlueURL, apiKey: accounts.itGlueAPIKey, retry: .none, timeout: timeout))
        } catch {
            return (error.service == "Syncro" ? error : nil, error.service == "Syncro" ? nil : error)
        }
        async let syncro = Self.answer(within: deadline, service: "Syncro", host: synchronizer.syncroHost) {
            await Self.failure { () throws(APIError) in try await synchronizer.syncro.check() }
        }
        async let itGlue = Self.answer(within: deadline, service: "IT Glue", host: synchronizer.itGlueHost) {
            await Self.failure { () throws(APIError) in try await synchronizer.itGlue.check() }
        }
        return (await syncro, await itGlue)
    }

    /// The check's outcome, or a timeout at the deadline even when the request itself will not stop (a DNS
    /// lookup that hangs): the request is left to end on its own.
    private static func answer(within deadline: Duration, service: String, host: String,
                               _ body: @escaping @Sendable () async -> APIError?) async -> APIError? {
        let outcome = Mutex<CheckedContinuation<APIError?, Never>?>(nil)
        return await withCheckedContinuation { (continuation: CheckedContinuation<APIError?, Never>) in
            outcome.withLock { $0 = continuation }
            let finish = { @Sendable (error: APIError?) in outcome.withLock { $0.take() }?.resume(returning: error) }
            Task { finish(await body()) }
            Task {
                try? await Task.sleep(for: deadline)
                finish(APIError(.timeout, service: service, message: "\(service) at \(host) did not answer within \(deadline.components.seconds) s"))
            }
        }
    }

    private static func failure(_ body: () async throws(APIError) -> Void) async -> APIError? {
        do {
            try await body()
            return nil
        } catch {
            return error
        }
    }
}

/// Collects page progress from the concurrent lists.
final class ProgressTracker: Sendable {
    private let state = Mutex(SyncProgress())
    private let started = ContinuousClock.now
    private let report: @Sendable (SyncProgress) -> Void

    init(report: @escaping @Sendable (SyncProgress) -> Void) { self.report = report }

    var update: @Sendable (PageProgress) -> Void {
        { [self] page in
            let snapshot = state.withLock { progress in
                progress.lists[page.list] = page
                progress.waiting = nil
                progress.elapsed = ContinuousClock.now - started
                return progress
            }
            report(snapshot)
        }
    }

    var waited: @Sendable (RateLimitWait) -> Void {
        { [self] wait in
            let snapshot = state.withLock { progress in
                progress.waiting = wait
                progress.elapsed = ContinuousClock.now - started
                return progress
            }
            report(snapshot)
        }
    }
}
