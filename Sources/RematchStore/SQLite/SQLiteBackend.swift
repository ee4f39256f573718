#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GRDB
import RematchCore

/// The state in one SQLite file, the embedded default: a decision is committed (fsynced) before `commit`
/// returns; only one process may open it to write (``ProcessLock``).
final class SQLiteBackend: StateBackend {
    let path: String
    let database: DatabaseQueue
    /// Held by the one process that may write; nil for a reader.
    private let lock: ProcessLock?

    /// Opens a state file that another process (a console) may hold, to read it only: no lock is taken, and
    /// a file that is not up to date is not migrated but refused. For `status` and `export`.
    init(readingOnly path: String) throws(StoreError) {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError("There is no state file at \(path) yet: rematch sync makes it.")
        }
        lock = nil
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        do {
            database = try DatabaseQueue(path: path, configuration: configuration)
            let migrator = Schema.migrator
            if try database.read(Self.isForeign) {
                throw StoreError("\(path) is an SQLite database but not a Rematch state file.")
            }
            let (superseded, complete) = try database.read { db in
                (try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db))
            }
            if superseded { throw StoreError("\(path) was written by a newer Rematch; update Rematch to open it.") }
            if !complete {
                throw StoreError("\(path) was written by an older Rematch: run a command that writes (rematch sync) once to bring it up to date.")
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError("Cannot read the state file \(path): \(error)")
        }
    }

    init(path: String) throws(StoreError) {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw StoreError("Cannot create \(directory) for the state file: \(error.localizedDescription)")
            }
        }
        lock = try ProcessLock(statePath: path)
        var configuration = GRDB.Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            database = try DatabaseQueue(path: path, configuration: configuration)
            try database.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
            }
            let migrator = Schema.migrator
            if try database.read(Self.isForeign) {
                throw StoreError("\(path) is an SQLite database but not a Rematch state file; it was left as it is. Give --state "
                    + "a Rematch state file, or a path where none exists yet.")
            }
            let superseded = try database.read { try migrator.hasBeenSuperseded($0) }
            if superseded {
                throw StoreError("\(path) was written by a newer Rematch; update Rematch to open it.")
            }
            try migrator.migrate(database)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError("Cannot open the state file \(path): \(error)")
        }
        // Private to its owner: group and others lose what they had; the owner's own bits are left as they are.
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & 0o077 != 0 { _ = chmod(path, status.st_mode & 0o700) }
    }

    /// Whether a database holds tables but not Rematch's: another program's file, never to be migrated.
    static func isForeign(_ db: Database) throws -> Bool {
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        guard !tables.isEmpty else { return false }
        guard tables.contains("grdb_migrations") else { return true }
        let applied = try Schema.migrator.appliedIdentifiers(db)
        return Schema.migrator.migrations.first.map { !applied.contains($0) } ?? false
    }

    /// Names of the migrations applied, oldest first.
    func appliedMigrations() throws -> [String] {
        // In the order they were registered ("v10" after "v9", not after "v1").
        let order = Schema.migrator.migrations
        return try database.read { try Schema.migrator.appliedIdentifiers($0) }
            .sorted { (order.firstIndex(of: $0) ?? .max, $0) < (order.firstIndex(of: $1) ?? .max, $1) }
    }

    // MARK: Decisions

    func storedDecisions() throws -> StoredDecisions {
        try database.read(storedDecisions)
    }

    func storedDecisions(_ db: Database) throws -> StoredDecisions {
        var stored = StoredDecisions()
        stored.customers = try Row.fetchAll(db, sql: "SELECT customer_id, decision FROM customer_decision").map { ($0[0], $0[1]) }
        stored.assets = try Row.fetchAll(db, sql: "SELECT asset_id, decision FROM asset_decision").map { ($0[0], $0[1]) }
        stored.history = try String.fetchAll(db, sql: "SELECT body FROM history ORDER BY seq")
        stored.typeIDs = try Row.fetchAll(db, sql: "SELECT device_class, configuration_type_id FROM type_mapping").map { ($0[0], $0[1]) }
        stored.assetTypeClasses = try Row.fetchAll(db, sql: "SELECT asset_type, device_class FROM asset_type_class").map { ($0[0], $0[1]) }
        return stored
    }

    func insertCreatedRecords(organizations: [Organization], configurations: [RematchCore.Configuration],
                              updated: [RematchCore.Configuration]) throws {
        try database.write { db in try insertRecords(organizations: organizations, configurations: configurations, updated: updated, db) }
    }

    /// Records Rematch created (or changed) in IT Glue, with the revision bumped: a commit's or on their own.
    private func insertRecords(organizations: [Organization], configurations: [RematchCore.Configuration],
                               updated: [RematchCore.Configuration], _ db: Database) throws {
        try Self.bumpRevision(db)
        try insert(organizations: organizations, db)
        try insert(configurations: configurations, db)
        try insert(configurations: updated, replacing: true, db)
    }

    func commit(_ change: StoredChange) throws {
        try database.write { db in
            try insertRecords(organizations: change.createdOrganizations, configurations: change.createdConfigurations,
                              updated: change.updatedConfigurations, db)
            for edit in change.edits {
                let (table, key) = (edit.kind.table, edit.kind.key)
                let stored = try Row.fetchOne(db, sql: "SELECT decision, decided_by, decided_on, decided_at FROM \(table) WHERE \(key) = ?",
                                              arguments: [edit.id])
                guard edit.isCurrent(stored?[0]) else {
                    throw StoredConflict(kind: edit.kind, id: edit.id, decision: stored?[0], decidedBy: stored?[1], decidedOn: stored?[2],
                                         decidedAt: stored?[3])
                }
                if let decision = edit.decision {
                    try db.execute(sql: """
                        INSERT OR REPLACE INTO \(table) (\(key), decision, decided_at, decided_by, decided_on) VALUES (?, ?, ?, ?, ?)
                        """, arguments: [edit.id, decision, change.at, change.user, change.host])
                } else {
                    try db.execute(sql: "DELETE FROM \(table) WHERE \(key) = ?", arguments: [edit.id])
                }
            }
            try Self.insert(audit: change.auditLines, db)
            switch change.history {
            case let .push(id, body):
                try db.execute(sql: "INSERT INTO history (change_id, body) VALUES (?, ?)", arguments: [id, body])
            case .pop(let id):
                try db.execute(sql: "DELETE FROM history WHERE change_id = ?", arguments: [id])
            case .none:
                break
            }
        }
    }

    func saveTypeMapping(_ mapping: DeviceTypeMapping) throws {
        try database.write { db in
            try Self.bumpRevision(db)
            try db.execute(sql: "DELETE FROM type_mapping")
            for (deviceClass, typeID) in mapping.typeIDs {
                try db.execute(sql: "INSERT INTO type_mapping (device_class, configuration_type_id) VALUES (?, ?)",
                               arguments: [deviceClass.rawValue, typeID])
            }
            try db.execute(sql: "DELETE FROM asset_type_class")
            for (assetType, deviceClass) in mapping.assetTypeClasses {
                try db.execute(sql: "INSERT INTO asset_type_class (asset_type, device_class) VALUES (?, ?)",
                               arguments: [assetType, deviceClass.rawValue])
            }
        }
    }

    func auditLog(limit: Int, since: Date?) throws -> [AuditEntry] {
        try database.read { db in
            let rows = if let since {
                try Row.fetchAll(db, sql: "SELECT * FROM audit_log WHERE at >= ? ORDER BY id DESC LIMIT ?", arguments: [since, limit])
            } else {
                try Row.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", arguments: [limit])
            }
            return rows.map(Self.auditEntry)
        }
    }

    /// Adds audit lines, numbered in their order.
    static func insert(audit: [AuditEntry], _ db: Database) throws {
        let statement = try db.makeStatement(sql: """
            INSERT INTO audit_log (at, user, host, action, subject_kind, subject_id, before, after, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for line in audit {
            try statement.execute(arguments: [line.at, line.user, line.host, line.action, line.subjectKind, line.subjectID, line.before,
                                              line.after, line.summary])
        }
    }

    static func auditEntry(_ row: Row) -> AuditEntry {
        AuditEntry(at: row["at"], user: row["user"], host: row["host"], action: row["action"], subjectKind: row["subject_kind"],
                   subjectID: row["subject_id"], before: row["before"], after: row["after"], summary: row["summary"])
    }

    // MARK: Sync state

    func syncStateValues() throws -> [String: String] {
        try database.read { db in
            var values: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT key, value FROM sync_state") { values[row["key"]] = row["value"] }
            return values
        }
    }

    func setSyncState(_ values: [(key: String, value: String?)]) throws {
        try database.write { db in
            for (key, value) in values {
                try db.execute(sql: "INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)", arguments: [key, value])
            }
        }
    }

    func saveSyncChanges(_ body: Data) throws {
        try database.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO sync_changes (id, body) VALUES (1, ?)", arguments: [body])
        }
    }

    func syncChangesBody() throws -> Data? {
        try database.read { db in try Data.fetchOne(db, sql: "SELECT body FROM sync_changes WHERE id = 1") }
    }

    // MARK: Write journal

    func journal(kind: JournalEntry.Kind?, states: [JournalEntry.State]) throws -> [JournalEntry] {
        try database.read { db in
            var sql = "SELECT * FROM write_journal WHERE state IN (\(states.map { "'\($0.rawValue)'" }.joined(separator: ",")))"
            if let kind { sql += " AND kind = '\(kind.rawValue)'" }
            return try Row.fetchAll(db, sql: sql + " ORDER BY id").map { Self.journalRow($0).entry }
        }
    }

    static func journalRow(_ row: Row) -> StateDump.JournalRow {
        StateDump.JournalRow(
            entry: JournalEntry(id: row["id"], kind: JournalEntry.Kind(rawValue: row["kind"]) ?? .configuration, subjectID: row["subject_id"],
                                organizationID: row["organization_id"], name: row["name"],
                                state: JournalEntry.State(rawValue: row["state"]) ?? .pending, remoteID: row["remote_id"],
                                message: row["message"], sentAt: row["sent_at"]),
            createdAt: row["created_at"], updatedAt: row["updated_at"])
    }

    func addJournalEntries(_ entries: [JournalIntent]) throws -> [JournalEntry] {
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

    func updateJournal(_ ids: [Int64], state: JournalEntry.State, remoteID: String?, message: String?) throws {
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

    // MARK: The kept list

    static func bumpRevision(_ db: Database) throws {
        try db.execute(sql: "UPDATE revision SET value = value + 1 WHERE id = 1")
    }

    func revision() throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT value FROM revision WHERE id = 1") ?? 0 }
    }

    func saveKeptList(_ body: Data, revision: Int) throws -> Bool {
        try database.write { db in
            guard try Int.fetchOne(db, sql: "SELECT value FROM revision WHERE id = 1") == revision else { return false }
            try db.execute(sql: "INSERT OR REPLACE INTO kept_list (id, revision, body) VALUES (1, ?, ?)", arguments: [revision, body])
            return true
        }
    }

    func keptListRevision() throws -> Int? {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT revision FROM kept_list WHERE id = 1") }
    }

    func keptList() throws -> Data? {
        try database.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT revision, body FROM kept_list WHERE id = 1"),
                  try Int.fetchOne(db, sql: "SELECT value FROM revision WHERE id = 1") == row[0] as Int else { return nil }
            return row[1]
        }
    }
}
