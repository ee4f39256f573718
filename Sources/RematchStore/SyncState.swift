import Foundation
import GRDB
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
        try database.read { db in
            var values: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT key, value FROM sync_state") { values[row["key"]] = row["value"] }
            let date = { (key: String) in values[key].flatMap(Double.init).map(Date.init(timeIntervalSince1970:)) }
            return SyncState(status: values["status"].flatMap(SyncState.Status.init) ?? .never, error: values["error"],
                             lastSyncAt: date("last_sync_at"), lastSuccessAt: date("last_success_at"))
        }
    }

    /// A sync begins: until it records its end, the state says so (not the last sync's "OK").
    public func recordSyncStarted(at date: Date = Date()) throws {
        try database.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO sync_state (key, value) VALUES ('status', 'running')")
            try db.execute(sql: "INSERT OR REPLACE INTO sync_state (key, value) VALUES ('error', NULL)")
            try db.execute(sql: "INSERT OR REPLACE INTO sync_state (key, value) VALUES ('last_sync_at', ?)",
                           arguments: [String(date.timeIntervalSince1970)])
        }
    }

    public func recordSync(success: Bool, error: String?, at date: Date = Date()) throws {
        try database.write { db in
            let set = { (key: String, value: String?) in
                try db.execute(sql: "INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)", arguments: [key, value])
            }
            try set("status", success ? "ok" : "failed")
            try set("error", error)
            try set("last_sync_at", String(date.timeIntervalSince1970))
            if success { try set("last_success_at", String(date.timeIntervalSince1970)) }
        }
    }

    /// Keeps what the last sync changed, replacing what the one before it changed.
    public func saveSyncChanges(_ changes: SyncChanges) throws {
        let body = try JSONEncoder().encode(changes)
        try database.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO sync_changes (id, body) VALUES (1, ?)", arguments: [body])
        }
    }

    /// What the last successful sync changed; nil before the first one (or in a file synced by a Rematch
    /// older than the record).
    public func syncChanges() throws -> SyncChanges? {
        let body = try database.read { db in try Data.fetchOne(db, sql: "SELECT body FROM sync_changes WHERE id = 1") }
        guard let body else { return nil }
        do {
            return try JSONDecoder().decode(SyncChanges.self, from: body)
        } catch {
            throw StoreError("The last sync's changes in \(path) cannot be read: \(error)")
        }
    }

    public func journal(kind: JournalEntry.Kind? = nil, states: [JournalEntry.State] = [.pending, .sent]) throws -> [JournalEntry] {
        try database.read { db in
            var sql = "SELECT * FROM write_journal WHERE state IN (\(states.map { "'\($0.rawValue)'" }.joined(separator: ",")))"
            if let kind { sql += " AND kind = '\(kind.rawValue)'" }
            return try Row.fetchAll(db, sql: sql + " ORDER BY id").map(Self.entry)
        }
    }

    private static func entry(_ row: Row) -> JournalEntry {
        JournalEntry(id: row["id"], kind: JournalEntry.Kind(rawValue: row["kind"]) ?? .configuration, subjectID: row["subject_id"],
                     organizationID: row["organization_id"], name: row["name"],
                     state: JournalEntry.State(rawValue: row["state"]) ?? .pending, remoteID: row["remote_id"], message: row["message"],
                     sentAt: row["sent_at"])
    }

    /// Journals intents (state pending) and returns them with their ids.
    public func addJournalEntries(_ entries: [(kind: JournalEntry.Kind, subjectID: Int, organizationID: String?, name: String)]) throws -> [JournalEntry] {
        try database.write { db in
            var added: [JournalEntry] = []
            let now = Date()
            for entry in entries {
                try db.execute(sql: """
                    INSERT INTO write_journal (kind, subject_id, organization_id, name, state, created_at, updated_at)
                    VALUES (?, ?, ?, ?, 'pending', ?, ?)
                    """, arguments: [entry.kind.rawValue, entry.subjectID, entry.organizationID, entry.name, now, now])
                added.append(JournalEntry(id: db.lastInsertedRowID, kind: entry.kind, subjectID: entry.subjectID,
                                          organizationID: entry.organizationID, name: entry.name, state: .pending))
            }
            return added
        }
    }

    public func updateJournal(_ ids: [Int64], state: JournalEntry.State, remoteID: String? = nil, message: String? = nil) throws {
        guard !ids.isEmpty else { return }
        try database.write { db in
            let now = Date()
            for id in ids {
                // Only a send moves `sent_at`: a note on an entry that waits must not push its settling further off.
                try db.execute(sql: """
                    UPDATE write_journal SET state = ?, remote_id = COALESCE(?, remote_id), message = ?, updated_at = ?,
                        sent_at = CASE WHEN ? THEN ? ELSE sent_at END
                    WHERE id = ?
                    """, arguments: [state.rawValue, remoteID, message, now, state == .sent, now, id])
            }
        }
    }
}
