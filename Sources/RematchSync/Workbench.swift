import Foundation
import Synchronization
import ITGlueAPI
import RematchCore
import RematchStore
import SyncroAPI

/// The only owner of the matching session. The console and every command go through it, so a sync, a round
/// of writes or a decision does the same thing wherever it starts.
///
/// Local work (perform, undo, type mapping) is planned, committed and applied under one lock, in the order it
/// happens, and each step gets the next number in one ordered log. Network work runs outside the lock and
/// hands its facts back through the same path. A sync builds its fresh workspace off the lock, then lays
/// every change numbered after its start over it, remote changes included, before it takes its place.
public final class Workbench: Sendable {
    public let store: StateStore
    public let user: String
    /// Nil when there are no accounts (a state file opened without a configuration).
    public let synchronizer: Synchronizer?
    /// Whether a round of writes also writes each matched device's IT Glue link into its Syncro asset.
    public let writeBackLinks: Bool
    /// How long an unanswered create may still land in IT Glue before it is sent again (``UnansweredWrite``).
    public let writeSettle: TimeInterval
    /// The lowest score accepting suggestions in bulk takes, unless a caller names another.
    public let bulkAcceptMinimumScore: Double

    private let state: Mutex<State>
    private let syncs = SerialQueue()
    private let writes = SerialQueue()

    private struct State: Sendable {
        var session: MatchingSession
        /// The number of the last step: every committed change, type mapping and adopted sync bumps it.
        var sequence = 0
        /// Steps numbered after `syncStart`, kept only while a sync runs (it lays them over its result).
        var log: [(sequence: Int, step: Step)] = []
        var syncStart: Int?
    }

    private enum Step: Sendable {
        case change(Change)
        case typeMapping(DeviceTypeMapping)
    }

    /// Opens the state file's workspace (every suggestion and device match: the slow part of opening).
    public init(store: StateStore, user: String = OSUser.current, synchronizer: Synchronizer? = nil,
                writeBackLinks: Bool = false, bulkAcceptMinimumScore: Double = BulkAcceptPlan.defaultMinimumScore,
                writeSettle: TimeInterval = UnansweredWrite.defaultSettle) throws {
        self.store = store
        self.writeSettle = writeSettle
        self.user = user
        self.synchronizer = synchronizer
        self.writeBackLinks = writeBackLinks
        self.bulkAcceptMinimumScore = bulkAcceptMinimumScore
        state = Mutex(State(session: try MatchingSession(store: store, user: user)))
    }

    /// The current workspace: a value, so a caller may read it at leisure while work goes on.
    public var workspace: Workspace { state.withLock { $0.session.workspace } }

    /// The workspace and its generation (bumped by every change to it: a front end rebuilds what it derived
    /// when the generation moves), read together.
    public var current: (workspace: Workspace, generation: Int) {
        state.withLock { ($0.session.workspace, $0.sequence) }
    }

    // MARK: Local work

    /// Plans, commits and applies an action. Throws `ActionError` when it does not apply, or the store's error
    /// when the commit fails; either way nothing changed.
    @discardableResult
    public func perform(_ action: Action) throws -> Change {
        try state.withLock { state in
            let change = try reloadingOnConflict(&state) { try $0.perform(action) }
            Self.record(.change(change), in: &state)
            return change
        }
    }

    @discardableResult
    public func undo() throws -> Change {
        try state.withLock { state in
            let change = try reloadingOnConflict(&state) { try $0.undo() }
            Self.record(.change(change), in: &state)
            return change
        }
    }

    /// Runs a step on the session; when the store refuses it because someone else decided a record meanwhile, the
    /// workspace is read again from the store (so what is shown, and the next step, is planned on what is decided
    /// now), and the conflict is passed on for the front end to say.
    private func reloadingOnConflict(_ state: inout State, _ step: (inout MatchingSession) throws -> Change) throws -> Change {
        do {
            return try step(&state.session)
        } catch let conflict as DecisionConflict {
            state.session = try MatchingSession(store: store, user: user)
            state.sequence += 1
            throw conflict
        }
    }

    public func setTypeMapping(_ mapping: DeviceTypeMapping) throws {
        try state.withLock { state in
            try state.session.setTypeMapping(mapping)
            Self.record(.typeMapping(mapping), in: &state)
        }
    }

    private static func record(_ step: Step, in state: inout State) {
        state.sequence += 1
        if state.syncStart != nil { state.log.append((state.sequence, step)) }
    }

    // MARK: Sync

    /// Reads both accounts and swaps the new snapshot in (one transaction); decisions are kept. One sync runs
    /// at a time: a second call waits for the first. A failed or cancelled sync changes nothing but the
    /// recorded sync status, which says why.
    public func sync(progress: @escaping @Sendable (SyncProgress) -> Void = { _ in }) async throws -> SyncSummary {
        guard let synchronizer else { throw WorkbenchError.noAccounts }
        return try await syncs.run { [self] in
            let started = ContinuousClock.now
            state.withLock { state in
                state.syncStart = state.sequence
                state.log = []
            }
            do {
                try store.recordSyncStarted()
                var (snapshot, skipped) = try await synchronizer.fetch(progress: progress)
                let matched = state.withLock { state in
                    let workspace = state.session.workspace
                    return workspace.catalog.assets.map(\.id).filter { workspace.status(ofAsset: $0).configurationID != nil }
                }
                _ = await synchronizer.recoverMissed(matched, in: &snapshot)
                Failpoint.hit("sync.after-fetch")
                try Task.checkCancellation()
                let changes = try adopt(snapshot)
                try store.recordSync(success: true, error: nil)
                var summary = SyncSummary(customers: snapshot.customers.count, assets: snapshot.assets.count,
                                          organizations: snapshot.organizations.count,
                                          configurations: snapshot.configurations.count, skipped: skipped,
                                          seconds: (ContinuousClock.now - started).seconds)
                summary.changes = changes
                return summary
            } catch {
                state.withLock { state in
                    state.syncStart = nil
                    state.log = []
                }
                try? store.recordSync(success: false, error: error is CancellationError ? "cancelled" : "\(error)")
                throw error
            }
        }
    }

    /// Puts the fetched snapshot in place. Records created since the fetch began may be missing from the lists it
    /// read, so they are added to it; the snapshot is stored and the workspace built over it, both off the
    /// lock; then the steps taken meanwhile are laid over it, and it takes the session's place.
    private func adopt(_ fetched: Snapshot) throws -> SyncChanges {
        try rememberVanishedMatches(in: fetched)
        let (base, mark, created) = state.withLock { state in
            (state.session.workspace, state.sequence, Self.createdRecords(state.log.map(\.step)))
        }
        var snapshot = fetched
        Self.add(created.organizations, to: &snapshot.organizations)
        Self.add(created.configurations, to: &snapshot.configurations)
        // A configuration moved since the last sync: the read may have started before the move landed.
        if !created.updated.isEmpty {
            let updated = Dictionary(created.updated.map { ($0.id, $0) }, uniquingKeysWith: { $1 })
            snapshot.configurations = snapshot.configurations.map { updated[$0.id] ?? $0 }
        }
        try store.saveSnapshot(snapshot)
        var fresh = base.resynced(with: snapshot)
        let changes = SyncChanges(before: base, after: fresh, at: Date())
        try store.saveSyncChanges(changes)
        try state.withLock { state in
            let meanwhile = state.log.filter { $0.sequence > mark }.map(\.step)
            // A commit between the mark and the snapshot's transaction wrote its records before they were replaced.
            let late = Self.createdRecords(meanwhile)
            try store.insertCreatedRecords(organizations: late.organizations, configurations: late.configurations, updated: late.updated)
            for step in meanwhile {
                switch step {
                case .change(let change): fresh.apply(change)
                case .typeMapping(let mapping): fresh.typeMapping = mapping
                }
            }
            state.session = MatchingSession(store: store, user: user, workspace: fresh)
            state.syncStart = nil
            state.log = []
            state.sequence += 1
        }
        return changes
    }

    /// Adds the records `records` has that `list` lacks. Appended to only when something is missing: an append, even
    /// of nothing, copies an array the caller still shares (80,000 configurations are over 20 MB, held twice while
    /// the workspace is built).
    private static func add<Record: Identifiable>(_ records: [Record], to list: inout [Record]) {
        guard !records.isEmpty else { return }
        let present = Set(list.map(\.id))
        let missing = records.filter { !present.contains($0.id) }
        if !missing.isEmpty { list += missing }
    }

    /// An automatic device match is derived from the snapshot, so a device gone from the new one would take its
    /// match along and its configuration could never be retired: each such match is stored first, as a decision
    /// committed and audited like any other (not undoable). Matches whose configuration is gone too are left.
    private func rememberVanishedMatches(in snapshot: Snapshot) throws {
        let workspace = self.workspace
        let customers = Set(snapshot.customers.map(\.id))
        var present = Set<Int>()
        for asset in snapshot.assets where customers.contains(asset.customerID) { present.insert(asset.id) }
        let configurations = Set(snapshot.configurations.map(\.id))
        var vanished: [Int: String] = [:]
        for asset in workspace.catalog.assets where !present.contains(asset.id) && workspace.deviceDecisions[asset.id] == nil {
            let status = workspace.status(ofAsset: asset.id)
            if status.origin == .automatic, let configuration = status.configurationID, configurations.contains(configuration) {
                vanished[asset.id] = configuration
            }
        }
        guard !vanished.isEmpty else { return }
        do {
            try perform(.rememberVanishedMatches(vanished))
        } catch is ActionError {
            // A person changed each of them meanwhile: their decisions stand.
        }
    }

    /// What the last successful sync changed (nil before the first one).
    public func lastSyncChanges() throws -> SyncChanges? { try store.syncChanges() }

    private static func createdRecords(_ steps: [Step]) -> (organizations: [Organization], configurations: [Configuration],
                                                            updated: [Configuration]) {
        var organizations: [Organization] = []
        var configurations: [Configuration] = []
        var updated: [Configuration] = []
        for case .change(let change) in steps {
            organizations += change.createdOrganizations
            configurations += change.createdConfigurations
            updated += change.updatedConfigurations
        }
        return (organizations, configurations, updated)
    }

    /// A sync followed by a round of writes: what `rematch sync` and the console's `s` both do.
    public func syncAndWrite(progress: @escaping @Sendable (SyncProgress) -> Void = { _ in }) async throws -> (SyncSummary, WriteReport) {
        let summary = try await sync(progress: progress)
        return (summary, await carryOutPendingWrites())
    }

    // MARK: Writes

    /// Whether any organization or configuration waits to be created.
    public var hasPendingCreations: Bool {
        let workspace = self.workspace
        return workspace.customerDecisions.values.contains { if case .createOrganization = $0 { true } else { false } }
            || workspace.deviceDecisions.values.contains {
                switch $0 {
                case .createConfiguration, .moveConfiguration: true
                default: false
                }
            }
    }

    /// Creates the organizations and configurations waiting to be created, each exactly once, and moves the
    /// configurations waiting to move, then writes IT Glue links back to Syncro when that is configured. Given an
    /// organization, only its configurations are moved and created.
    /// Rounds run one at a time, so no two rounds ever send the same journalled request.
    public func carryOutPendingWrites(organizationID: String? = nil) async -> WriteReport {
        guard let synchronizer else {
            var report = WriteReport()
            if hasPendingCreations { report.failures.append(WorkbenchError.noAccounts.description) }
            return report
        }
        return await writes.run { [self] in
            let writer = RemoteWriter(itGlue: synchronizer.itGlue, settle: writeSettle)
            var report = WriteReport()
            if organizationID == nil { report.merge(await writer.createOrganizations(in: self)) }
            report.merge(await writer.moveConfigurations(in: self, organizationID: organizationID))
            report.merge(await writer.createConfigurations(in: self, organizationID: organizationID))
            if writeBackLinks, organizationID == nil {
                report.merge(await LinkWriter(syncro: synchronizer.syncro).writeLinks(workspace: workspace))
            }
            return report
        }
    }

    /// Moves the configurations waiting to move (all, or into one organization), and nothing else.
    public func carryOutPendingMoves(organizationID: String? = nil) async -> WriteReport {
        guard let synchronizer else {
            var report = WriteReport()
            report.failures.append(WorkbenchError.noAccounts.description)
            return report
        }
        return await writes.run { [self] in
            await RemoteWriter(itGlue: synchronizer.itGlue, settle: writeSettle).moveConfigurations(in: self, organizationID: organizationID)
        }
    }

    /// Marks Inactive the configurations whose Syncro asset is gone (only when asked).
    public func retireConfigurations() async -> WriteReport {
        guard let synchronizer else {
            var report = WriteReport()
            report.failures.append(WorkbenchError.noAccounts.description)
            return report
        }
        return await writes.run { [self] in
            await Retirement(itGlue: synchronizer.itGlue, syncro: synchronizer.syncro).retireConfigurations(in: self)
        }
    }

    // MARK: Reports

    /// The last sync and how far matching has come.
    public func status() throws -> StatusReport {
        StatusReport(workspace: workspace, sync: try store.syncState())
    }

    /// What creating every remaining device of an organization would do; devices with a possible match only
    /// when included on purpose.
    public func bulkCreatePlan(organizationID: String, includingSuggested: Bool = false) -> BulkCreatePlan {
        BulkCreatePlan(workspace: workspace, organizationID: organizationID, includingSuggested: includingSuggested)
    }

    /// What accepting the suggestions of these customers (all unmatched ones by default) would take and leave,
    /// at the configured threshold unless another is named.
    public func bulkAcceptPlan(customers: [Int]? = nil, minimumScore: Double? = nil) -> BulkAcceptPlan {
        let workspace = self.workspace
        return workspace.bulkAcceptPlan(customers: customers ?? workspace.customers(in: .unmatched),
                                        minimumScore: minimumScore ?? bulkAcceptMinimumScore)
    }
}

/// Why the workbench could not do something.
public enum WorkbenchError: Error, Sendable, Hashable, CustomStringConvertible {
    case noAccounts

    public var description: String {
        switch self {
        case .noAccounts: "No accounts are configured to sync or write with."
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// Runs async jobs one after another, in the order they were asked for.
actor SerialQueue {
    private var last: Task<Void, Never>?

    func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let previous = last
        let job = Task { () async throws -> T in
            _ = await previous?.value
            return try await body()
        }
        last = Task { _ = try? await job.value }
        return try await withTaskCancellationHandler { try await job.value } onCancel: { job.cancel() }
    }

    func run<T: Sendable>(_ body: @escaping @Sendable () async -> T) async -> T {
        let previous = last
        let job = Task { () async -> T in
            _ = await previous?.value
            return await body()
        }
        last = Task { _ = await job.value }
        return await job.value
    }
}
