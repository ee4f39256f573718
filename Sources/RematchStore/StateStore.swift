#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GRDB
import RematchCore

/// One line of the audit log.
public struct AuditEntry: Sendable, Hashable {
    public var at: Date
    public var user: String
    public var action: String
    public var subjectKind: String
    public var subjectID: Int
    public var before: String?
    public var after: String?
    public var summary: String
}

/// The state file: the last snapshot, every decision, the audit log and the undo history, in one SQLite
/// database. A decision is committed (fsynced) before `commit` returns; only one process may open it.
public final class StateStore: Sendable {
    public let path: String
    let database: DatabaseQueue
    /// Held by the one process that may write; nil for a reader.
    private let lock: ProcessLock?

    /// Opens a state file that another process (a console) may hold, to read it only: no lock is taken, and
    /// a file that is not up to date is not migrated but refused. For `status` and `export`.
    public init(readingOnly path: String) throws(StoreError) {
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

    public init(path: String) throws(StoreError) {
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
    public func appliedMigrations() throws -> [String] {
        // In the order they were registered ("v10" after "v9", not after "v1").
        let order = Schema.migrator.migrations
        return try database.read { try Schema.migrator.appliedIdentifiers($0) }
            .sorted { (order.firstIndex(of: $0) ?? .max, $0) < (order.firstIndex(of: $1) ?? .max, $1) }
    }

    // MARK: Decisions

    /// The workspace as stored: the snapshot (empty before the first sync) with every decision,
    /// the undo history and the type mapping.
    public func loadWorkspace() throws -> Workspace {
        let snapshot = try loadSnapshot() ?? Snapshot()
        let decoder = JSONDecoder()
        return try database.read { db in
            /// A decision the store cannot read is named, so a person can find it; it is never dropped silently.
            func decode<T: Decodable>(_ type: T.Type, _ text: String, what: String) throws -> T {
                do { return try decoder.decode(type, from: Data(text.utf8)) } catch {
                    throw StoreError("\(path) holds a \(what) this version of Rematch cannot read (\(text.prefix(60))). "
                        + "Is the file from a newer Rematch?")
                }
            }
            var customers: [Int: CustomerDecision] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT customer_id, decision FROM customer_decision") {
                let id: Int = row["customer_id"]
                customers[id] = try decode(CustomerDecision.self, row["decision"], what: "decision about Syncro customer #\(id)")
            }
            var devices: [Int: DeviceDecision] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT asset_id, decision FROM asset_decision") {
                let id: Int = row["asset_id"]
                devices[id] = try decode(DeviceDecision.self, row["decision"], what: "decision about Syncro asset #\(id)")
            }
            let history = try String.fetchAll(db, sql: "SELECT body FROM history ORDER BY seq")
                .map { try decoder.decode(Change.self, from: Data($0.utf8)) }
            var mapping: DeviceTypeMapping?
            let rows = try Row.fetchAll(db, sql: "SELECT device_class, configuration_type_id FROM type_mapping")
            let typeRows = try Row.fetchAll(db, sql: "SELECT asset_type, device_class FROM asset_type_class")
            if !rows.isEmpty || !typeRows.isEmpty {
                var stored = DeviceTypeMapping()
                for row in rows {
                    if let deviceClass = DeviceClass(rawValue: row["device_class"]) { stored[deviceClass] = row["configuration_type_id"] }
                }
                for row in typeRows {
                    if let deviceClass = DeviceClass(rawValue: row["device_class"]) { stored.assetTypeClasses[row["asset_type"]] = deviceClass }
                }
                mapping = stored
            }
            return Workspace(snapshot: snapshot, customerDecisions: customers, deviceDecisions: devices,
                             history: history, typeMapping: mapping)
        }
    }

    /// Adds records Rematch created in IT Glue that a snapshot stored since did not have (each once).
    public func insertCreatedRecords(organizations: [Organization], configurations: [RematchCore.Configuration],
                                     updated: [RematchCore.Configuration] = []) throws {
        guard !organizations.isEmpty || !configurations.isEmpty || !updated.isEmpty else { return }
        try database.write { db in
            try Self.bumpRevision(db)
            try insert(organizations: organizations, db)
            try insert(configurations: configurations, db)
            try insert(configurations: updated, replacing: true, db)
        }
    }

    /// Commits a change in one transaction: decisions, created records, audit lines and undo history.
    /// Apply it to the workspace only after this returns.
    public func commit(_ change: Change) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try database.write { db in
            try Self.bumpRevision(db)
            try insert(organizations: change.createdOrganizations, db)
            try insert(configurations: change.createdConfigurations, db)
            try insert(configurations: change.updatedConfigurations, replacing: true, db)
            let audit = try db.makeStatement(sql: """
                INSERT INTO audit_log (at, user, action, subject_kind, subject_id, before, after, summary)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            /// Writes one decision row (or deletes it for "no decision") and its audit line.
            func record<Decision: Encodable>(_ kind: String, table: String, key: String, id: Int, after: Decision?,
                                             before beforeText: String?, after afterText: String?) throws {
                if let after {
                    try db.execute(sql: "INSERT OR REPLACE INTO \(table) (\(key), decision, decided_at) VALUES (?, ?, ?)",
                                   arguments: [id, String(decoding: try encoder.encode(after), as: UTF8.self), change.at])
                } else {
                    try db.execute(sql: "DELETE FROM \(table) WHERE \(key) = ?", arguments: [id])
                }
                try audit.execute(arguments: [change.at, change.user, change.action, kind, id, beforeText, afterText, change.summary])
            }
            for edit in change.edits {
                switch edit {
                case let .customer(id, before, after):
                    try record("customer", table: "customer_decision", key: "customer_id", id: id, after: after,
                               before: before?.auditText, after: after?.auditText)
                case let .asset(id, before, after):
                    try record("asset", table: "asset_decision", key: "asset_id", id: id, after: after,
                               before: before?.auditText, after: after?.auditText)
                }
            }
            switch change.history {
            case .push:
                try db.execute(sql: "INSERT INTO history (change_id, body) VALUES (?, ?)",
                               arguments: [change.id.uuidString, String(decoding: try encoder.encode(change), as: UTF8.self)])
            case .pop(let id):
                try db.execute(sql: "DELETE FROM history WHERE change_id = ?", arguments: [id.uuidString])
            case .none:
                break
            }
        }
    }

    public func saveTypeMapping(_ mapping: DeviceTypeMapping) throws {
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

    /// The newest audit lines first, at most `limit`, only those written at or after `since` when given.
    public func auditLog(limit: Int = 100, since: Date? = nil) throws -> [AuditEntry] {
        try database.read { db in
            let rows = if let since {
                try Row.fetchAll(db, sql: "SELECT * FROM audit_log WHERE at >= ? ORDER BY id DESC LIMIT ?", arguments: [since, limit])
            } else {
                try Row.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", arguments: [limit])
            }
            return rows.map {
                AuditEntry(at: $0["at"], user: $0["user"], action: $0["action"], subjectKind: $0["subject_kind"],
                           subjectID: $0["subject_id"], before: $0["before"], after: $0["after"], summary: $0["summary"])
            }
        }
    }
}

/// Compact text forms for the few list fields, faster to load than JSON for 200,000 assets.
enum Packing {
    static let field: Character = "\u{1F}"
    static let record: Character = "\u{1E}"
    private static let fieldByte: UInt8 = 0x1F
    private static let recordByte: UInt8 = 0x1E

    /// Records of fields in one text column: fields split by U+001F, records by U+001E (removed from values).
    static func pack(records: [[String]]) -> String {
        records.map { $0.map(clean).joined(separator: String(field)) }.joined(separator: String(record))
    }

    static func pack(_ adapters: [NetworkAdapter]) -> String {
        pack(records: adapters.map { [$0.name, $0.macAddress ?? ""] })
    }

    /// The two fields of an adapter, on UTF-8 bytes (the separators are ASCII control characters, so no grapheme
    /// breaking is needed), without an array per record: this runs for every asset when a state file is opened.
    static func unpackAdapters(_ text: String) -> [NetworkAdapter] {
        guard !text.isEmpty else { return [] }
        return text.utf8.split(separator: recordByte, omittingEmptySubsequences: false).map { item in
            guard let split = item.firstIndex(of: fieldByte) else { return NetworkAdapter(name: String(decoding: item, as: UTF8.self), macAddress: nil) }
            let mac = item[item.index(after: split)...]
            return NetworkAdapter(name: String(decoding: item[..<split], as: UTF8.self),
                                  macAddress: mac.isEmpty ? nil : String(decoding: mac, as: UTF8.self))
        }
    }

    static func pack(_ list: [String]) -> String { list.map(clean).joined(separator: String(record)) }

    static func unpackList(_ text: String) -> [String] {
        text.isEmpty ? [] : text.utf8.split(separator: recordByte).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The separators cannot appear inside a value.
    private static func clean(_ text: String) -> String {
        text.contains(field) || text.contains(record) ? String(text.filter { $0 != field && $0 != record }) : text
    }
}
