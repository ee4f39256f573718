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

    // MARK: Snapshot

    /// Replaces the stored snapshot in one transaction: a failure leaves the previous one whole.
    public func saveSnapshot(_ snapshot: Snapshot) throws {
        try database.write { db in
            for table in ["customer", "asset", "organization", "configuration", "configuration_type", "configuration_status"] {
                try db.execute(sql: "DELETE FROM \(table)")
            }
            try insert(customers: snapshot.customers, db)
            try insert(assets: snapshot.assets, db)
            try insert(organizations: snapshot.organizations, db)
            try insert(configurations: snapshot.configurations, db)
            let types = try db.makeStatement(sql: "INSERT OR REPLACE INTO configuration_type (id, name) VALUES (?, ?)")
            for type in snapshot.configurationTypes { try types.execute(arguments: [type.id, type.name]) }
            let statuses = try db.makeStatement(sql: "INSERT OR REPLACE INTO configuration_status (id, name) VALUES (?, ?)")
            for status in snapshot.configurationStatuses { try statuses.execute(arguments: [status.id, status.name]) }
            try db.execute(sql: "INSERT OR REPLACE INTO snapshot_meta (key, value) VALUES ('taken_at', ?)",
                           arguments: [snapshot.takenAt.map { String($0.timeIntervalSince1970) }])
            try Self.bumpRevision(db)
        }
    }

    private func insert(customers: [Customer], _ db: Database) throws {
        let statement = try db.makeStatement(sql: """
            INSERT OR IGNORE INTO customer (id, business_name, first_name, last_name, email, phone, disabled)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for c in customers {
            try statement.execute(arguments: [c.id, c.businessName, c.firstName, c.lastName, c.email, c.phone, c.disabled])
        }
    }

    private func insert(assets: [Asset], _ db: Database) throws {
        let statement = try db.makeStatement(sql: """
            INSERT OR IGNORE INTO asset (id, customer_id, name, asset_serial, agent_serial, adapters, form_factor, os_name,
            manufacturer, model, asset_type, itglue_link) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for a in assets {
            try statement.execute(arguments: [a.id, a.customerID, a.name, a.assetSerial, a.agentSerial,
                                              Packing.pack(a.adapters), a.formFactor, a.osName, a.manufacturer,
                                              a.model, a.assetType, a.itGlueLink])
        }
    }

    private func insert(organizations: [Organization], _ db: Database) throws {
        let statement = try db.makeStatement(sql: """
            INSERT OR IGNORE INTO organization (id, name, type_name, status_name, is_primary, domains, phones) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for o in organizations {
            try statement.execute(arguments: [o.id, o.name, o.typeName, o.statusName, o.isPrimary, Packing.pack(o.domains), Packing.pack(o.phones)])
        }
    }

    /// Adds configurations not yet stored; with `replacing`, overwrites them (a record IT Glue changed, such as a
    /// configuration moved into another organization).
    private func insert(configurations: [RematchCore.Configuration], replacing: Bool = false, _ db: Database) throws {
        guard !configurations.isEmpty else { return }
        let statement = try db.makeStatement(sql: """
            INSERT OR \(replacing ? "REPLACE" : "IGNORE") INTO configuration (id, organization_id, name, hostname, mac_address, interface_macs,
            serial_number, type_id, type_name, status_id, status_name, archived, resource_url, psa_integration)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for c in configurations {
            try statement.execute(arguments: [c.id, c.organizationID, c.name, c.hostname, c.macAddress,
                                              Packing.pack(c.interfaceMACs), c.serialNumber, c.configurationTypeID,
                                              c.configurationTypeName, c.configurationStatusID,
                                              c.configurationStatusName, c.archived, c.resourceURL, c.psaIntegration])
        }
    }

    /// Whether a sync has stored a snapshot yet (without loading it).
    public func hasSnapshot() throws -> Bool {
        try database.read { db in try Row.fetchOne(db, sql: "SELECT 1 FROM snapshot_meta WHERE key = 'taken_at'") != nil }
    }

    /// How many customers and assets the stored snapshot holds, counted without loading it.
    public func snapshotCounts() throws -> (customers: Int, assets: Int) {
        try database.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM customer") ?? 0, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM asset") ?? 0)
        }
    }

    /// The stored snapshot, or nil before the first sync.
    public func loadSnapshot() throws -> Snapshot? {
        try database.read { db -> Snapshot? in
            guard let takenAt = try Row.fetchOne(db, sql: "SELECT value FROM snapshot_meta WHERE key = 'taken_at'") else {
                return nil
            }
            var snapshot = Snapshot()
            snapshot.takenAt = (takenAt["value"] as String?).flatMap(Double.init).map(Date.init(timeIntervalSince1970:))
            // Columns by position, not by name: this is the bulk of opening a large state file.
            let customers = try Row.fetchCursor(db, sql: "SELECT id, business_name, first_name, last_name, email, phone, disabled FROM customer ORDER BY id")
            while let row = try customers.next() {
                snapshot.customers.append(Customer(id: row[0], businessName: row[1], firstName: row[2],
                                                   lastName: row[3], email: row[4], phone: row[5], disabled: row[6]))
            }
            snapshot.assets.reserveCapacity(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM asset") ?? 0)
            let assets = try Row.fetchCursor(db, sql: """
                SELECT id, customer_id, name, asset_serial, agent_serial, adapters, form_factor, os_name, manufacturer, model,
                asset_type, itglue_link FROM asset ORDER BY id
                """)
            while let row = try assets.next() {
                snapshot.assets.append(Asset(
                    id: row[0], customerID: row[1], name: row[2], assetSerial: row[3],
                    agentSerial: row[4], adapters: Packing.unpackAdapters(row[5]),
                    formFactor: row[6], osName: row[7], manufacturer: row[8],
                    model: row[9], assetType: row[10], itGlueLink: row[11]))
            }
            let organizations = try Row.fetchCursor(db, sql: """
                SELECT id, name, type_name, status_name, is_primary, domains, phones FROM organization ORDER BY CAST(id AS INTEGER), id
                """)
            while let row = try organizations.next() {
                snapshot.organizations.append(Organization(id: row[0], name: row[1], typeName: row[2], statusName: row[3],
                                                           isPrimary: row[4], domains: Packing.unpackList(row[5]),
                                                           phones: Packing.unpackList(row[6])))
            }
            snapshot.configurations.reserveCapacity(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM configuration") ?? 0)
            let configurations = try Row.fetchCursor(db, sql: """
                SELECT id, organization_id, name, hostname, mac_address, interface_macs, serial_number, type_id, type_name,
                status_id, status_name, archived, resource_url, psa_integration FROM configuration ORDER BY CAST(id AS INTEGER), id
                """)
            while let row = try configurations.next() {
                snapshot.configurations.append(Configuration(
                    id: row[0], organizationID: row[1], name: row[2], hostname: row[3],
                    macAddress: row[4], interfaceMACs: Packing.unpackList(row[5]),
                    serialNumber: row[6], configurationTypeID: row[7],
                    configurationTypeName: row[8], configurationStatusID: row[9],
                    configurationStatusName: row[10], archived: row[11], resourceURL: row[12],
                    psaIntegration: row[13]))
            }
            snapshot.configurationTypes = try Row.fetchAll(db, sql: "SELECT * FROM configuration_type ORDER BY id")
                .map { ConfigurationType(id: $0["id"], name: $0["name"]) }
            snapshot.configurationStatuses = try Row.fetchAll(db, sql: "SELECT * FROM configuration_status ORDER BY id")
                .map { ConfigurationStatus(id: $0["id"], name: $0["name"]) }
            return snapshot
        }
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
