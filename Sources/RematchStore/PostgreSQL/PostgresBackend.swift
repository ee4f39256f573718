#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PostgresNIO
import RematchCore

/// The state in a PostgreSQL database, for a team that shares one account: the same records as the SQLite file
/// (``PostgresSchema``), written in transactions. The process that writes holds a session advisory lock for its
/// whole life, so a second writer is told who holds the state (the server drops the lock when the holder's
/// connection ends, so a crash leaves none behind); readers take no lock.
final class PostgresBackend: StateBackend {
    let link: PostgresLink
    let readingOnly: Bool

    init(_ location: PostgresLocation, readingOnly: Bool) throws(StoreError) {
        self.readingOnly = readingOnly
        let application = "rematch \(OSUser.current)@\(StoredChange.host) pid \(getpid())" + (readingOnly ? " (reading)" : "")
        link = try PostgresLink(location, applicationName: application) { link in
            try PostgresBackend.claim(link, readingOnly: readingOnly, afterLoss: true)
        }
        do {
            try open()
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError("Cannot open the state database \(location.shown): \(error)")
        }
    }

    private var shown: String { link.location.shown }

    private func open() throws {
        let tables = try link.run("""
            SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
            """).map { try $0.decode(String.self) }
        if !tables.isEmpty, !tables.contains("rematch_migration") {
            throw StoreError("The database \(shown) holds tables but not a Rematch state; it was left as it is. Give --state an empty "
                + "database (CREATE DATABASE rematch) or one Rematch made.")
        }
        if readingOnly {
            guard tables.contains("rematch_migration") else {
                throw StoreError("There is no Rematch state in \(shown) yet: rematch sync (or rematch migrate-state) makes it.")
            }
            let applied = try appliedMigrations()
            let known = PostgresSchema.migrations.map(\.id)
            if applied.contains(where: { !known.contains($0) }) {
                throw StoreError("\(shown) was written by a newer Rematch; update Rematch to open it.")
            }
            if applied.count < known.count {
                throw StoreError("\(shown) was written by an older Rematch: run a command that writes (rematch sync) once to bring it up to date.")
            }
            try Self.claim(link, readingOnly: true, afterLoss: false)
            return
        }
        try Self.claim(link, readingOnly: false, afterLoss: false)
        try migrate()
    }

    /// Makes a new session what this store's must be: a reader's read-only on the server, whatever a caller tries; a
    /// writer's holding the writer's lock, or refused with who holds it (after a lost connection too: another
    /// process may have taken the state meanwhile).
    private static func claim(_ link: PostgresLink, readingOnly: Bool, afterLoss: Bool) throws {
        if readingOnly {
            try link.send("SET default_transaction_read_only = on")
            return
        }
        // A holder whose connection just ended (or was ended) keeps the lock until the server has finished its
        // session: a moment, so the server waits for it up to a second and a half before the holder is named.
        try link.send("SET lock_timeout = '1500ms'")
        defer { _ = try? link.send("SET lock_timeout = 0") }
        do {
            try link.send("SELECT pg_advisory_lock(\(PostgresSchema.LockKey.writer))")
            return
        } catch let failure as PostgresFailure where failure.sqlState == "55P03" {}  // lock_not_available
        let holder = try? link.send("""
            SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = \(Int64(PostgresSchema.LockKey.writer))
            AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """).first?.decode(String.self)
        let who = holder.map { String(String.UnicodeScalarView($0.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) })) }
            .flatMap { $0.isEmpty ? nil : " (\($0))" } ?? ""
        let shown = link.location.shown
        if afterLoss {
            throw StoreError("The connection to the state \(shown) was lost, and another Rematch process\(who) took the state "
                + "meanwhile; nothing more was saved here. Restart Rematch once it is done.")
        }
        throw StoreError("Another Rematch process\(who) is using the state \(shown). Close it first, or use another state.")
    }

    deinit {
        // Released before the connection closes, so the next writer need not wait for the server to end the session.
        if !readingOnly { link.runIfConnected("SELECT pg_advisory_unlock(\(PostgresSchema.LockKey.writer))") }
    }

    private func migrate() throws {
        try link.transaction { tx in
            try tx.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.LockKey.migration))")
            try tx.query("CREATE TABLE IF NOT EXISTS rematch_migration (identifier TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)")
            let applied = Set(try tx.query("SELECT identifier FROM rematch_migration").map { try $0.decode(String.self) })
            let known = PostgresSchema.migrations.map(\.id)
            if applied.contains(where: { !known.contains($0) }) {
                throw StoreError("\(shown) was written by a newer Rematch; update Rematch to open it.")
            }
            for migration in PostgresSchema.migrations where !applied.contains(migration.id) {
                for statement in migration.statements { try tx.query(PostgresQuery(unsafeSQL: statement)) }
                try tx.query("INSERT INTO rematch_migration (identifier, applied_at) VALUES (\(migration.id), \(Date()))")
            }
        }
    }

    func appliedMigrations() throws -> [String] {
        let order = PostgresSchema.migrations.map(\.id)
        return try link.run("SELECT identifier FROM rematch_migration").map { try $0.decode(String.self) }
            .sorted { (order.firstIndex(of: $0) ?? .max, $0) < (order.firstIndex(of: $1) ?? .max, $1) }
    }

    // MARK: Decisions

    func storedDecisions() throws -> StoredDecisions {
        try link.transaction(readOnly: true) { tx in try storedDecisions(tx) }
    }

    func storedDecisions(_ tx: PostgresLink.Transaction) throws -> StoredDecisions {
        var stored = StoredDecisions()
        stored.customers = try tx.pairs("SELECT customer_id, decision FROM customer_decision", as: (Int, String).self)
            .map { (id: $0.0, decision: $0.1) }
        stored.assets = try tx.pairs("SELECT asset_id, decision FROM asset_decision", as: (Int, String).self)
            .map { (id: $0.0, decision: $0.1) }
        stored.history = try tx.query("SELECT body FROM history ORDER BY seq").map { try $0.decode(String.self) }
        stored.typeIDs = try tx.pairs("SELECT device_class, configuration_type_id FROM type_mapping", as: (String, String).self)
            .map { (deviceClass: $0.0, typeID: $0.1) }
        stored.assetTypeClasses = try tx.pairs("SELECT asset_type, device_class FROM asset_type_class", as: (String, String).self)
            .map { (assetType: $0.0, deviceClass: $0.1) }
        return stored
    }

    func insertCreatedRecords(organizations: [Organization], configurations: [RematchCore.Configuration],
                              updated: [RematchCore.Configuration]) throws {
        try link.transaction { tx in try Self.insertRecords(organizations: organizations, configurations: configurations, updated: updated, tx) }
    }

    /// Records Rematch created (or changed) in IT Glue, with the revision bumped: a commit's or on their own.
    private static func insertRecords(organizations: [Organization], configurations: [RematchCore.Configuration],
                                      updated: [RematchCore.Configuration], _ tx: PostgresLink.Transaction) throws {
        try bumpRevision(tx)
        try insert(organizations: organizations, tx)
        try insert(configurations: configurations, tx)
        try insert(configurations: updated, replacing: true, tx)
    }

    func commit(_ change: StoredChange) throws {
        try link.transaction { tx in
            try Self.insertRecords(organizations: change.createdOrganizations, configurations: change.createdConfigurations,
                                   updated: change.updatedConfigurations, tx)
            // A few statements per change, not a few per record: a team's server may be far away.
            for subject in DecisionSubject.allCases {
                try Self.write(change.edits.filter { $0.kind == subject }, of: subject, change: change, tx)
            }
            try Self.insert(audit: change.auditLines, tx)
            switch change.history {
            case let .push(id, body):
                try tx.query("INSERT INTO history (change_id, body) VALUES (\(id), \(body))")
            case .pop(let id):
                try tx.query("DELETE FROM history WHERE change_id = \(id)")
            case .none:
                break
            }
        }
    }

    /// Adds audit lines in as few statements as can hold them, numbered in their order.
    static func insert(audit: [AuditEntry], _ tx: PostgresLink.Transaction) throws {
        try tx.insert(into: "audit_log", columns: ["at", "user_name", "host", "action", "subject_kind", "subject_id", "before_text",
                                                   "after_text", "summary"], rows: audit.count) { index, binds in
            let line = audit[index]
            binds.append(line.at)
            binds.append(line.user)
            binds.append(line.host)
            binds.append(line.action)
            binds.append(line.subjectKind)
            binds.append(line.subjectID)
            binds.append(line.before)
            binds.append(line.after)
            binds.append(line.summary)
        }
    }

    /// Checks that each record's stored decision is the one the change was planned on, with the rows locked until
    /// the transaction ends (so two writers deciding one record are told apart, never merged), then writes them.
    private static func write(_ edits: [StoredChange.Edit], of subject: DecisionSubject, change: StoredChange,
                              _ tx: PostgresLink.Transaction) throws {
        guard !edits.isEmpty else { return }
        let (table, key) = (subject.table, subject.key)
        let ids = edits.map(\.id)
        var stored: [Int: (decision: String, by: String?, on: String?, at: Date)] = [:]
        for row in try tx.query("""
            SELECT \(unescaped: key), decision, decided_by, decided_on, decided_at FROM \(unescaped: table)
            WHERE \(unescaped: key) = ANY(\(ids)) ORDER BY \(unescaped: key) FOR UPDATE
            """) {
            let (id, decision, by, on, at) = try row.decode((Int, String, String?, String?, Date).self)
            stored[id] = (decision, by, on, at)
        }
        // A record edited twice in one change is checked against the stored decision first, then against its own
        // earlier edit; its last decision is the one written.
        var planned: [Int: String?] = [:]
        for edit in edits {
            let current: String? = if let earlier = planned[edit.id] { earlier } else { stored[edit.id]?.decision }
            guard edit.isCurrent(current) else {
                let found = stored[edit.id]
                throw StoredConflict(kind: edit.kind, id: edit.id, decision: found?.decision, decidedBy: found?.by, decidedOn: found?.on,
                                     decidedAt: found?.at)
            }
            planned[edit.id] = .some(edit.decision)
        }
        let decided = planned.compactMap { id, decision in decision.map { (id: id, decision: $0) } }.sorted { $0.id < $1.id }
        try tx.insert(into: table, columns: [key, "decision", "decided_at", "decided_by", "decided_on"],
                      conflict: """
                          ON CONFLICT (\(key)) DO UPDATE SET decision = EXCLUDED.decision, decided_at = EXCLUDED.decided_at,
                          decided_by = EXCLUDED.decided_by, decided_on = EXCLUDED.decided_on
                          """, rows: decided.count) { index, binds in
            binds.append(decided[index].id)
            binds.append(decided[index].decision)
            binds.append(change.at)
            binds.append(change.user)
            binds.append(change.host)
        }
        let cleared = planned.filter { $0.value == nil }.map(\.key)
        if !cleared.isEmpty { try tx.query("DELETE FROM \(unescaped: table) WHERE \(unescaped: key) = ANY(\(cleared))") }
    }

    func saveTypeMapping(_ mapping: DeviceTypeMapping) throws {
        try link.transaction { tx in
            try Self.bumpRevision(tx)
            try tx.query("DELETE FROM type_mapping")
            let types = mapping.typeIDs.map { ($0.key.rawValue, $0.value) }
            try tx.insert(into: "type_mapping", columns: ["device_class", "configuration_type_id"], rows: types.count) { index, binds in
                binds.append(types[index].0)
                binds.append(types[index].1)
            }
            try tx.query("DELETE FROM asset_type_class")
            let classes = mapping.assetTypeClasses.map { ($0.key, $0.value.rawValue) }
            try tx.insert(into: "asset_type_class", columns: ["asset_type", "device_class"], rows: classes.count) { index, binds in
                binds.append(classes[index].0)
                binds.append(classes[index].1)
            }
        }
    }

    func auditLog(limit: Int, since: Date?) throws -> [AuditEntry] {
        let columns = "at, user_name, action, subject_kind, subject_id, before_text, after_text, summary, host"
        let rows = if let since {
            try link.run("SELECT \(unescaped: columns) FROM audit_log WHERE at >= \(since) ORDER BY id DESC LIMIT \(limit)")
        } else {
            try link.run("SELECT \(unescaped: columns) FROM audit_log ORDER BY id DESC LIMIT \(limit)")
        }
        return try rows.map(Self.auditEntry)
    }

    /// A row of `at, user_name, action, subject_kind, subject_id, before_text, after_text, summary, host`.
    static func auditEntry(_ row: PostgresRow) throws -> AuditEntry {
        let (at, user, action, kind, id, before, after, summary, host) = try row.decode(
            (Date, String, String, String, Int, String?, String?, String, String?).self)
        return AuditEntry(at: at, user: user, host: host, action: action, subjectKind: kind, subjectID: id, before: before,
                          after: after, summary: summary)
    }

    // MARK: Sync state

    func syncStateValues() throws -> [String: String] {
        var values: [String: String] = [:]
        for row in try link.run("SELECT key, value FROM sync_state") {
            let (key, value) = try row.decode((String, String?).self)
            values[key] = value
        }
        return values
    }

    func setSyncState(_ values: [(key: String, value: String?)]) throws {
        try link.transaction { tx in
            for (key, value) in values {
                try tx.query("""
                    INSERT INTO sync_state (key, value) VALUES (\(key), \(value)) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
                    """)
            }
        }
    }

    func saveSyncChanges(_ body: Data) throws {
        try link.run("INSERT INTO sync_changes (id, body) VALUES (1, \(body)) ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body")
    }

    func syncChangesBody() throws -> Data? {
        try link.run("SELECT body FROM sync_changes WHERE id = 1").first?.decode(Data.self)
    }

    // MARK: Write journal

    func journal(kind: JournalEntry.Kind?, states: [JournalEntry.State]) throws -> [JournalEntry] {
        let stateNames = states.map(\.rawValue)
        let columns = Self.journalColumns
        let rows = if let kind {
            try link.run("""
                SELECT \(unescaped: columns) FROM write_journal WHERE state = ANY(\(stateNames)) AND kind = \(kind.rawValue) ORDER BY id
                """)
        } else {
            try link.run("SELECT \(unescaped: columns) FROM write_journal WHERE state = ANY(\(stateNames)) ORDER BY id")
        }
        return try rows.map { try Self.journalRow($0).entry }
    }

    static let journalColumns = "id, kind, subject_id, organization_id, name, state, remote_id, message, sent_at, created_at, updated_at"

    /// A row of ``journalColumns``.
    static func journalRow(_ row: PostgresRow) throws -> StateDump.JournalRow {
        let (id, kind, subject, organization, name, state, remote, message, sentAt, created, updated) = try row.decode(
            (Int64, String, Int, String?, String, String, String?, String?, Date?, Date, Date).self)
        return StateDump.JournalRow(
            entry: JournalEntry(id: id, kind: JournalEntry.Kind(rawValue: kind) ?? .configuration, subjectID: subject,
                                organizationID: organization, name: name, state: JournalEntry.State(rawValue: state) ?? .pending,
                                remoteID: remote, message: message, sentAt: sentAt),
            createdAt: created, updatedAt: updated)
    }

    func addJournalEntries(_ entries: [JournalIntent]) throws -> [JournalEntry] {
        try link.transaction { tx in
            let now = Date()
            // PostgreSQL numbers the rows of one INSERT in the order of its VALUES, and RETURNING answers in that order.
            let ids = try tx.insert(into: "write_journal", columns: ["kind", "subject_id", "organization_id", "name", "state", "created_at",
                                                                     "updated_at"], returning: "id", rows: entries.count) { index, binds in
                let entry = entries[index]
                binds.append(entry.kind.rawValue)
                binds.append(entry.subjectID)
                binds.append(entry.organizationID)
                binds.append(entry.name)
                binds.append(JournalEntry.State.pending.rawValue)
                binds.append(now)
                binds.append(now)
            }.map { try $0.decode(Int64.self) }
            guard ids.count == entries.count else {
                throw StoreError("The state database answered \(ids.count) journal entries for \(entries.count) written; nothing was journalled.")
            }
            return zip(entries, ids).map { entry, id in
                JournalEntry(id: id, kind: entry.kind, subjectID: entry.subjectID, organizationID: entry.organizationID, name: entry.name,
                             state: .pending)
            }
        }
    }

    func updateJournal(_ ids: [Int64], state: JournalEntry.State, remoteID: String?, message: String?) throws {
        let now = Date()
        // Only a send moves `sent_at`: a note on an entry that waits must not push its settling further off.
        try link.run("""
            UPDATE write_journal SET state = \(state.rawValue), remote_id = COALESCE(\(remoteID), remote_id), message = \(message),
                updated_at = \(now), sent_at = CASE WHEN \(state == .sent) THEN \(now) ELSE sent_at END
            WHERE id = ANY(\(ids))
            """)
    }

    // MARK: The kept list

    static func bumpRevision(_ tx: PostgresLink.Transaction) throws {
        try tx.query("UPDATE revision SET value = value + 1 WHERE id = 1")
    }

    func revision() throws -> Int {
        try link.run("SELECT value FROM revision WHERE id = 1").first?.decode(Int.self) ?? 0
    }

    func saveKeptList(_ body: Data, revision: Int) throws -> Bool {
        try link.transaction { tx in
            guard try tx.query("SELECT value FROM revision WHERE id = 1 FOR SHARE").first?.decode(Int.self) == revision else { return false }
            try tx.query("""
                INSERT INTO kept_list (id, revision, body) VALUES (1, \(revision), \(body))
                ON CONFLICT (id) DO UPDATE SET revision = EXCLUDED.revision, body = EXCLUDED.body
                """)
            return true
        }
    }

    func keptListRevision() throws -> Int? {
        try link.run("SELECT revision FROM kept_list WHERE id = 1").first?.decode(Int.self)
    }

    func keptList() throws -> Data? {
        try link.run("""
            SELECT k.body FROM kept_list k JOIN revision r ON r.id = 1 AND r.value = k.revision WHERE k.id = 1
            """).first?.decode(Data.self)
    }
}
