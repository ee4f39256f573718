import GRDB

/// Versioned migrations of the state file. Add a new migration for every change; never edit a shipped one.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: snapshot, decisions, audit log, undo history") { db in
            try db.create(table: "customer") { t in
                t.primaryKey("id", .integer)
                t.column("business_name", .text)
                t.column("first_name", .text)
                t.column("last_name", .text)
                t.column("email", .text)
                t.column("phone", .text)
            }
            try db.create(table: "asset") { t in
                t.primaryKey("id", .integer)
                t.column("customer_id", .integer).notNull().indexed()
                t.column("name", .text).notNull()
                t.column("asset_serial", .text)
                t.column("agent_serial", .text)
                t.column("adapters", .text).notNull()
                t.column("form_factor", .text)
                t.column("os_name", .text)
                t.column("manufacturer", .text)
                t.column("model", .text)
                t.column("asset_type", .text)
            }
            try db.create(table: "organization") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("type_name", .text)
                t.column("status_name", .text)
            }
            try db.create(table: "configuration") { t in
                t.primaryKey("id", .text)
                t.column("organization_id", .text).notNull().indexed()
                t.column("name", .text).notNull()
                t.column("hostname", .text)
                t.column("mac_address", .text)
                t.column("interface_macs", .text).notNull()
                t.column("serial_number", .text)
                t.column("type_id", .text)
                t.column("type_name", .text)
                t.column("status_id", .text)
                t.column("status_name", .text)
                t.column("archived", .boolean).notNull()
            }
            try db.create(table: "configuration_type") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
            }
            try db.create(table: "configuration_status") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
            }
            try db.create(table: "snapshot_meta") { t in
                t.primaryKey("key", .text)
                t.column("value", .text)
            }
            try db.create(table: "customer_decision") { t in
                t.primaryKey("customer_id", .integer)
                t.column("decision", .text).notNull()
                t.column("decided_at", .datetime).notNull()
            }
            try db.create(table: "asset_decision") { t in
                t.primaryKey("asset_id", .integer)
                t.column("decision", .text).notNull()
                t.column("decided_at", .datetime).notNull()
            }
            try db.create(table: "audit_log") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .datetime).notNull()
                t.column("user", .text).notNull()
                t.column("action", .text).notNull()
                t.column("subject_kind", .text).notNull()
                t.column("subject_id", .integer).notNull()
                t.column("before", .text)
                t.column("after", .text)
                t.column("summary", .text).notNull()
            }
            try db.create(table: "history") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("change_id", .text).notNull().unique()
                t.column("body", .text).notNull()
            }
            try db.create(table: "type_mapping") { t in
                t.primaryKey("device_class", .text)
                t.column("configuration_type_id", .text).notNull()
            }
        }
        migrator.registerMigration("v2: audit log by subject") { db in
            try db.create(index: "audit_log_subject", on: "audit_log", columns: ["subject_kind", "subject_id"])
        }
        migrator.registerMigration("v3: sync state and write journal") { db in
            try db.create(table: "sync_state") { t in
                t.primaryKey("key", .text)
                t.column("value", .text)
            }
            try db.create(table: "write_journal") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("kind", .text).notNull()
                t.column("subject_id", .integer).notNull()
                t.column("organization_id", .text)
                t.column("name", .text).notNull()
                t.column("state", .text).notNull()
                t.column("remote_id", .text)
                t.column("message", .text)
                t.column("created_at", .datetime).notNull()
                t.column("updated_at", .datetime).notNull()
            }
            try db.create(index: "write_journal_subject", on: "write_journal", columns: ["kind", "subject_id"])
        }
        migrator.registerMigration("v4: IT Glue links") { db in
            try db.alter(table: "asset") { t in t.add(column: "itglue_link", .text) }
            try db.alter(table: "configuration") { t in t.add(column: "resource_url", .text) }
        }
        migrator.registerMigration("v5: customer list for a fast start") { db in
            // Bumped by every write that changes what the list shows; the list is trusted only at its revision.
            try db.create(table: "revision") { t in
                t.primaryKey("id", .integer).check { $0 == 1 }
                t.column("value", .integer).notNull()
            }
            try db.execute(sql: "INSERT INTO revision (id, value) VALUES (1, 0)")
            try db.create(table: "customer_list_meta") { t in
                t.primaryKey("id", .integer).check { $0 == 1 }
                t.column("revision", .integer).notNull()
                t.column("devices", .integer).notNull()
            }
            try db.create(table: "customer_list") { t in
                t.primaryKey("position", .integer)
                t.column("customer_id", .integer).notNull()
                t.column("name", .text).notNull()
                t.column("state", .text).notNull()
                t.column("email", .text)
                t.column("phone", .text)
                t.column("devices", .integer).notNull()
                t.column("matched_devices", .integer).notNull()
                t.column("device_classes", .text).notNull()
                t.column("organization_name", .text)
                t.column("pending_organization_name", .text)
                t.column("origin", .text)
                t.column("problem", .text)
                t.column("suggestion_id", .text)
                t.column("suggestion_name", .text)
                t.column("suggestion_score", .double)
                t.column("suggestion_reason", .text)
                t.column("suggestion_facts", .text).notNull()
                t.column("ambiguous", .boolean).notNull()
                t.column("alternatives", .text).notNull()
            }
        }
        migrator.registerMigration("v6: the kept list as one value the console owns") { db in
            try db.drop(table: "customer_list")
            try db.drop(table: "customer_list_meta")
            try db.create(table: "kept_list") { t in
                t.primaryKey("id", .integer).check { $0 == 1 }
                t.column("revision", .integer).notNull()
                t.column("body", .blob).notNull()
            }
        }
        migrator.registerMigration("v7: the last sync's changes") { db in
            try db.create(table: "sync_changes") { t in
                t.primaryKey("id", .integer).check { $0 == 1 }
                t.column("body", .blob).notNull()
            }
        }
        migrator.registerMigration("v8: disabled customers and the account's own organization (#11)") { db in
            try db.alter(table: "customer") { t in t.add(column: "disabled", .boolean).notNull().defaults(to: false) }
            try db.alter(table: "organization") { t in t.add(column: "is_primary", .boolean).notNull().defaults(to: false) }
            try db.create(table: "asset_type_class") { t in
                t.primaryKey("asset_type", .text)
                t.column("device_class", .text).notNull()
            }
        }
        migrator.registerMigration("v9: configurations a PSA keeps (#11)") { db in
            try db.alter(table: "configuration") { t in t.add(column: "psa_integration", .text) }
        }
        migrator.registerMigration("v10: organizations' domains and location phones (#12)") { db in
            try db.alter(table: "organization") { t in
                t.add(column: "domains", .text).notNull().defaults(to: "")
                t.add(column: "phones", .text).notNull().defaults(to: "")
            }
        }
        migrator.registerMigration("v11: when each unanswered write was sent (#13)") { db in
            try db.alter(table: "write_journal") { t in t.add(column: "sent_at", .datetime) }
            try db.execute(sql: "UPDATE write_journal SET sent_at = updated_at WHERE state = 'sent'")
        }
        migrator.registerMigration("v12: who decided, and on which machine (#27)") { db in
            try db.alter(table: "audit_log") { t in t.add(column: "host", .text) }
            for table in ["customer_decision", "asset_decision"] {
                try db.alter(table: table) { t in
                    t.add(column: "decided_by", .text)
                    t.add(column: "decided_on", .text)
                }
            }
        }
        return migrator
    }
}
