import Foundation
import RematchCore

/// The outcome of the last sync, for the header and `rematch status`.
public struct SyncState: Sendable, Hashable {
    /// `running`: a sync began and recorded no end, because it still runs in another process or because it was
    /// killed, interrupted or could not write its outcome (a full disk).
    public enum Status: String, Sendable { case never, ok, failed, running }
    public var status: Status
    public var error: String?
    public var lastSyncAt: Date?
    /// When the snapshot in the file was taken (the last successful sync).
    public var lastSuccessAt: Date?
}

/// One remote write Rematch intends to make, journalled before the request so a crash, restart or timeout
/// never sends it twice.
public struct JournalEntry: Sendable, Hashable {
    public enum Kind: String, Sendable { case organization, configuration }
    /// pending: not yet sent; sent: the request may have reached IT Glue; done; failed.
    public enum State: String, Sendable { case pending, sent, done, failed }
    public var id: Int64
    public var kind: Kind
    /// The customer (organizations) or asset (configurations).
    public var subjectID: Int
    public var organizationID: String?
    public var name: String
    public var state: State
    public var remoteID: String?
    public var message: String?
    /// When the request was last sent (state `sent`): until the settling time has passed since, IT Glue may still
    /// act on it, so it is looked for and never sent again (``UnansweredWrite``).
    public var sentAt: Date?

    /// The entry with its time to the millisecond, the precision both stores keep.
    var comparable: JournalEntry {
        var entry = self
        entry.sentAt = sentAt.map { Date(timeIntervalSince1970: ($0.timeIntervalSince1970 * 1000).rounded() / 1000) }
        return entry
    }
}

/// What to do with a journalled write whose request got no answer (a timeout, a dropped connection, a kill), once
/// IT Glue has been searched for what it would have made and nothing was found. A request can land long after the
/// client gave up on it; it is sent again only when a search begun after `settle` had passed since it was sent
/// still finds nothing. A pure rule, tested on its own as a state machine (`WriteJournalModelTests`).
public enum UnansweredWrite {
    public enum Verdict: Sendable, Hashable {
        /// The request can no longer land: send it again.
        case sendAgain
        /// The request may still land: send nothing, and search again from this moment on.
        case wait(until: Date)
    }

    /// How long after it was sent an unanswered request may still land, unless configured
    /// (`write_settle_seconds`): five times the longest a client waits for an answer.
    public static let defaultSettle: TimeInterval = 300

    /// - Parameters:
    ///   - sentAt: when the request was last sent (nil only for a journal older than the record: long ago).
    ///   - searchedAt: when the search that found nothing began.
    public static func verdict(sentAt: Date?, searchedAt: Date, settle: TimeInterval) -> Verdict {
        guard let sentAt else { return .sendAgain }
        let settled = sentAt.addingTimeInterval(settle)
        return searchedAt >= settled ? .sendAgain : .wait(until: settled)
    }
}

extension StateStore {
    public func syncState() throws -> SyncState {
        let values = try backend.syncStateValues()
        let date = { (key: String) in values[key].flatMap(Double.init).map(Date.init(timeIntervalSince1970:)) }
        return SyncState(status: values["status"].flatMap(SyncState.Status.init) ?? .never, error: values["error"],
                         lastSyncAt: date("last_sync_at"), lastSuccessAt: date("last_success_at"))
    }

    /// A sync begins: until it records its end, the state says so (not the last sync's "OK").
    public func recordSyncStarted(at date: Date = Date()) throws {
        try backend.setSyncState([("status", "running"), ("error", nil), ("last_sync_at", String(date.timeIntervalSince1970))])
    }

    public func recordSync(success: Bool, error: String?, at date: Date = Date()) throws {
        var values: [(key: String, value: String?)] = [("status", success ? "ok" : "failed"), ("error", error),
                                                        ("last_sync_at", String(date.timeIntervalSince1970))]
        if success { values.append(("last_success_at", String(date.timeIntervalSince1970))) }
        try backend.setSyncState(values)
    }

    /// Keeps what the last sync changed, replacing what the one before it changed.
    public func saveSyncChanges(_ changes: SyncChanges) throws {
        try backend.saveSyncChanges(try JSONEncoder().encode(changes))
    }

    /// What the last successful sync changed; nil before the first one (or in a state synced by a Rematch
    /// older than the record).
    public func syncChanges() throws -> SyncChanges? {
        guard let body = try backend.syncChangesBody() else { return nil }
        do {
            return try JSONDecoder().decode(SyncChanges.self, from: body)
        } catch {
            throw StoreError("The last sync's changes in \(path) cannot be read: \(error)")
        }
    }

    public func journal(kind: JournalEntry.Kind? = nil, states: [JournalEntry.State] = [.pending, .sent]) throws -> [JournalEntry] {
        try backend.journal(kind: kind, states: states)
    }

    /// Journals intents (state pending) and returns them with their ids.
    public func addJournalEntries(_ entries: [JournalIntent]) throws -> [JournalEntry] {
        guard !entries.isEmpty else { return [] }
        return try backend.addJournalEntries(entries)
    }

    /// Moves entries to `state`; only a move to `sent` moves their `sentAt`.
    public func updateJournal(_ ids: [Int64], state: JournalEntry.State, remoteID: String? = nil, message: String? = nil) throws {
        guard !ids.isEmpty else { return }
        try backend.updateJournal(ids, state: state, remoteID: remoteID, message: message)
    }
}
