import Foundation
import GRDB
import RematchCore

/// The snapshot: what the last sync read, replaced whole in one transaction.
extension SQLiteBackend {
    // MARK: Snapshot

    /// Replaces the stored snapshot in one transaction: a failure leaves the previous one whole.
    func saveSnapshot(_ snapshot: Snapshot) throws {
        try database.write { db in try write(snapshot, db) }
    }

    func write(_ snapshot: Snapshot, _ db: Database) throws {
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

    func insert(customers: [Customer], _ db: Database) throws {
        let statement = try db.makeStatement(sql: """
            INSERT OR IGNORE INTO customer (id, business_name, first_name, last_name, email, phone, disabled)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for c in customers {
            try statement.execute(arguments: [c.id, c.businessName, c.firstName, c.lastName, c.email, c.phone, c.disabled])
        }
    }

    func insert(assets: [Asset], _ db: Database) throws {
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

    func insert(organizations: [Organization], _ db: Database) throws {
        let statement = try db.makeStatement(sql: """
            INSERT OR IGNORE INTO organization (id, name, type_name, status_name, is_primary, domains, phones) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for o in organizations {
            try statement.execute(arguments: [o.id, o.name, o.typeName, o.statusName, o.isPrimary, Packing.pack(o.domains), Packing.pack(o.phones)])
        }
    }

    /// Adds configurations not yet stored; with `replacing`, overwrites them (a record IT Glue changed, such as a
    /// configuration moved into another organization).
    func insert(configurations: [RematchCore.Configuration], replacing: Bool = false, _ db: Database) throws {
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
    func hasSnapshot() throws -> Bool {
        try database.read { db in try Row.fetchOne(db, sql: "SELECT 1 FROM snapshot_meta WHERE key = 'taken_at'") != nil }
    }

    /// How many customers and assets the stored snapshot holds, counted without loading it.
    func snapshotCounts() throws -> (customers: Int, assets: Int) {
        try database.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM customer") ?? 0, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM asset") ?? 0)
        }
    }

    /// The stored snapshot, or nil before the first sync.
    func loadSnapshot() throws -> Snapshot? {
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
}
