import Foundation
import PostgresNIO
import RematchCore

/// The snapshot: what the last sync read, replaced whole in one transaction, in statements of thousands of rows.
extension PostgresBackend {
    func saveSnapshot(_ snapshot: Snapshot) throws {
        try link.transaction { tx in try write(snapshot, tx) }
    }

    func write(_ snapshot: Snapshot, _ tx: PostgresLink.Transaction) throws {
        // DELETE rather than TRUNCATE: a console reading meanwhile keeps reading the old snapshot instead of waiting.
        for table in ["customer", "asset", "organization", "configuration", "configuration_type", "configuration_status"] {
            try tx.query("DELETE FROM \(unescaped: table)")
        }
        let customers = snapshot.customers
        try tx.insert(into: "customer", columns: ["id", "business_name", "first_name", "last_name", "email", "phone", "disabled"],
                      conflict: "ON CONFLICT DO NOTHING", rows: customers.count) { index, binds in
            let c = customers[index]
            binds.append(c.id)
            binds.append(c.businessName)
            binds.append(c.firstName)
            binds.append(c.lastName)
            binds.append(c.email)
            binds.append(c.phone)
            binds.append(c.disabled)
        }
        let assets = snapshot.assets
        try tx.insert(into: "asset", columns: ["id", "customer_id", "name", "asset_serial", "agent_serial", "adapters", "form_factor",
                                               "os_name", "manufacturer", "model", "asset_type", "itglue_link"],
                      conflict: "ON CONFLICT DO NOTHING", rows: assets.count) { index, binds in
            let a = assets[index]
            binds.append(a.id)
            binds.append(a.customerID)
            binds.append(a.name)
            binds.append(a.assetSerial)
            binds.append(a.agentSerial)
            binds.append(Packing.pack(a.adapters))
            binds.append(a.formFactor)
            binds.append(a.osName)
            binds.append(a.manufacturer)
            binds.append(a.model)
            binds.append(a.assetType)
            binds.append(a.itGlueLink)
        }
        try Self.insert(organizations: snapshot.organizations, tx)
        try Self.insert(configurations: snapshot.configurations, tx)
        let types = snapshot.configurationTypes
        try tx.insert(into: "configuration_type", columns: ["id", "name"], conflict: "ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name",
                      rows: types.count) { index, binds in
            binds.append(types[index].id)
            binds.append(types[index].name)
        }
        let statuses = snapshot.configurationStatuses
        try tx.insert(into: "configuration_status", columns: ["id", "name"],
                      conflict: "ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name", rows: statuses.count) { index, binds in
            binds.append(statuses[index].id)
            binds.append(statuses[index].name)
        }
        let takenAt = snapshot.takenAt.map { String($0.timeIntervalSince1970) }
        try tx.query("""
            INSERT INTO snapshot_meta (key, value) VALUES ('taken_at', \(takenAt)) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
            """)
        try Self.bumpRevision(tx)
    }

    static func insert(organizations: [Organization], _ tx: PostgresLink.Transaction) throws {
        try tx.insert(into: "organization", columns: ["id", "name", "type_name", "status_name", "is_primary", "domains", "phones"],
                      conflict: "ON CONFLICT DO NOTHING", rows: organizations.count) { index, binds in
            let o = organizations[index]
            binds.append(o.id)
            binds.append(o.name)
            binds.append(o.typeName)
            binds.append(o.statusName)
            binds.append(o.isPrimary)
            binds.append(Packing.pack(o.domains))
            binds.append(Packing.pack(o.phones))
        }
    }

    /// Adds configurations not yet stored; with `replacing`, overwrites them (a record IT Glue changed, such as a
    /// configuration moved into another organization).
    static func insert(configurations: [RematchCore.Configuration], replacing: Bool = false, _ tx: PostgresLink.Transaction) throws {
        let columns = ["id", "organization_id", "name", "hostname", "mac_address", "interface_macs", "serial_number", "type_id",
                       "type_name", "status_id", "status_name", "archived", "resource_url", "psa_integration"]
        // One statement cannot update a row twice: the last version of a record given twice wins, as one by one.
        var rows = configurations
        if replacing {
            var last: [String: Int] = [:]
            for (index, configuration) in configurations.enumerated() { last[configuration.id] = index }
            rows = configurations.enumerated().filter { last[$0.element.id] == $0.offset }.map(\.element)
        }
        let conflict = replacing
            ? "ON CONFLICT (id) DO UPDATE SET " + columns.dropFirst().map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")
            : "ON CONFLICT DO NOTHING"
        try tx.insert(into: "configuration", columns: columns, conflict: conflict, rows: rows.count) { index, binds in
            let c = rows[index]
            binds.append(c.id)
            binds.append(c.organizationID)
            binds.append(c.name)
            binds.append(c.hostname)
            binds.append(c.macAddress)
            binds.append(Packing.pack(c.interfaceMACs))
            binds.append(c.serialNumber)
            binds.append(c.configurationTypeID)
            binds.append(c.configurationTypeName)
            binds.append(c.configurationStatusID)
            binds.append(c.configurationStatusName)
            binds.append(c.archived)
            binds.append(c.resourceURL)
            binds.append(c.psaIntegration)
        }
    }

    func hasSnapshot() throws -> Bool {
        try !link.run("SELECT 1 FROM snapshot_meta WHERE key = 'taken_at'").isEmpty
    }

    func snapshotCounts() throws -> (customers: Int, assets: Int) {
        let row = try link.run("SELECT (SELECT COUNT(*) FROM customer), (SELECT COUNT(*) FROM asset)").first
        let (customers, assets) = try row?.decode((Int, Int).self) ?? (0, 0)
        return (customers, assets)
    }

    func loadSnapshot() throws -> Snapshot? {
        try link.transaction(readOnly: true) { tx -> Snapshot? in
            guard let taken = try tx.query("SELECT value FROM snapshot_meta WHERE key = 'taken_at'").first else { return nil }
            var snapshot = Snapshot()
            snapshot.takenAt = try taken.decode(String?.self).flatMap(Double.init).map(Date.init(timeIntervalSince1970:))
            snapshot.customers = try tx.query("""
                SELECT id, business_name, first_name, last_name, email, phone, disabled FROM customer ORDER BY id
                """).map {
                let (id, business, first, last, email, phone, disabled) = try $0.decode(
                    (Int, String?, String?, String?, String?, String?, Bool).self)
                return Customer(id: id, businessName: business, firstName: first, lastName: last, email: email, phone: phone,
                                disabled: disabled)
            }
            snapshot.assets = try tx.query("""
                SELECT id, customer_id, name, asset_serial, agent_serial, adapters, form_factor, os_name, manufacturer, model,
                asset_type, itglue_link FROM asset ORDER BY id
                """).map {
                let (id, customer, name, assetSerial, agentSerial, adapters, formFactor, os, manufacturer, model, type, link) =
                    try $0.decode((Int, Int, String, String?, String?, String, String?, String?, String?, String?, String?, String?).self)
                return Asset(id: id, customerID: customer, name: name, assetSerial: assetSerial, agentSerial: agentSerial,
                             adapters: Packing.unpackAdapters(adapters), formFactor: formFactor, osName: os, manufacturer: manufacturer,
                             model: model, assetType: type, itGlueLink: link)
            }
            // Numeric ids in numeric order, as the SQLite file keeps them.
            let order = "CASE WHEN id ~ '^[0-9]{1,18}$' THEN id::BIGINT ELSE 0 END, id"
            snapshot.organizations = try tx.query("""
                SELECT id, name, type_name, status_name, is_primary, domains, phones FROM organization ORDER BY \(unescaped: order)
                """).map {
                let (id, name, type, status, primary, domains, phones) = try $0.decode(
                    (String, String, String?, String?, Bool, String, String).self)
                return Organization(id: id, name: name, typeName: type, statusName: status, isPrimary: primary,
                                    domains: Packing.unpackList(domains), phones: Packing.unpackList(phones))
            }
            snapshot.configurations = try tx.query("""
                SELECT id, organization_id, name, hostname, mac_address, interface_macs, serial_number, type_id, type_name,
                status_id, status_name, archived, resource_url, psa_integration FROM configuration ORDER BY \(unescaped: order)
                """).map {
                let (id, organization, name, hostname, mac, interfaces, serial, typeID, typeName, statusID, statusName, archived,
                     url, psa) = try $0.decode((String, String, String, String?, String?, String, String?, String?, String?, String?,
                                                String?, Bool, String?, String?).self)
                return Configuration(id: id, organizationID: organization, name: name, hostname: hostname, macAddress: mac,
                                     interfaceMACs: Packing.unpackList(interfaces), serialNumber: serial, configurationTypeID: typeID,
                                     configurationTypeName: typeName, configurationStatusID: statusID,
                                     configurationStatusName: statusName, archived: archived, resourceURL: url, psaIntegration: psa)
            }
            snapshot.configurationTypes = try tx.query("SELECT id, name FROM configuration_type ORDER BY id").map {
                let (id, name) = try $0.decode((String, String).self)
                return ConfigurationType(id: id, name: name)
            }
            snapshot.configurationStatuses = try tx.query("SELECT id, name FROM configuration_status ORDER BY id").map {
                let (id, name) = try $0.decode((String, String).self)
                return ConfigurationStatus(id: id, name: name)
            }
            return snapshot
        }
    }
}
