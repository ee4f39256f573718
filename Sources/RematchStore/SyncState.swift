import Foundation
import GRDB
import RematchCore

/// The outcome of the last sync, for the header and `rematch status`.
public struct SyncState: Sendable, Hashable {
    public enum Status: String, Sendable { case never, ok, failed }
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
                     state: JournalEntry.State(rawValue: row["state"]) ?? .pending, remoteID: row["remote_id"], message: row["message"])
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
            for id in ids {
                try db.execute(sql: "UPDATE write_journal SET state = ?, remote_id = COALESCE(?, remote_id), message = ?, updated_at = ? WHERE id = ?",
                               arguments: [state.rawValue, remoteID, message, Date(), id])
            }
        }
    }
}
