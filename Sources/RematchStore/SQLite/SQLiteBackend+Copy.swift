import Foundation
import GRDB
import RematchCore

/// A whole state out of and into the file, for `migrate-state`.
extension SQLiteBackend {
    func isEmpty() throws -> Bool {
        try database.read { db in
            try ["snapshot_meta", "customer_decision", "asset_decision", "audit_log", "history", "write_journal"].allSatisfy {
                try Row.fetchOne(db, sql: "SELECT 1 FROM \($0) LIMIT 1") == nil
            }
        }
    }

    func dump() throws -> StateDump {
        var dump = StateDump()
        dump.snapshot = try loadSnapshot()
        try database.read { db in
            let decision = { (row: Row) in
                StateDump.Decision(id: row[0], decision: row[1], decidedAt: row[2], decidedBy: row[3], decidedOn: row[4])
            }
            for subject in DecisionSubject.allCases {
                dump.decisions[subject] = try Row.fetchAll(db, sql: """
                    SELECT \(subject.key), decision, decided_at, decided_by, decided_on FROM \(subject.table) ORDER BY \(subject.key)
                    """).map(decision)
            }
            dump.history = try Row.fetchAll(db, sql: "SELECT change_id, body FROM history ORDER BY seq").map { ($0[0], $0[1]) }
            dump.audit = try Row.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY id").map(Self.auditEntry)
            let stored = try storedDecisions(db)
            dump.typeIDs = stored.typeIDs
            dump.assetTypeClasses = stored.assetTypeClasses
            for row in try Row.fetchAll(db, sql: "SELECT key, value FROM sync_state") { dump.syncState[row["key"]] = row["value"] }
            dump.syncChanges = try Data.fetchOne(db, sql: "SELECT body FROM sync_changes WHERE id = 1")
            dump.journal = try Row.fetchAll(db, sql: "SELECT * FROM write_journal ORDER BY id").map(Self.journalRow)
        }
        return dump
    }

    func restore(_ dump: StateDump) throws {
        try database.write { db in
            if let snapshot = dump.snapshot { try write(snapshot, db) }
            for (subject, rows) in dump.decisions {
                let statement = try db.makeStatement(sql: """
                    INSERT OR REPLACE INTO \(subject.table) (\(subject.key), decision, decided_at, decided_by, decided_on) VALUES (?, ?, ?, ?, ?)
                    """)
                for row in rows { try statement.execute(arguments: [row.id, row.decision, row.decidedAt, row.decidedBy, row.decidedOn]) }
            }
            for (id, body) in dump.history {
                try db.execute(sql: "INSERT INTO history (change_id, body) VALUES (?, ?)", arguments: [id, body])
            }
            try Self.insert(audit: dump.audit, db)
            for (deviceClass, typeID) in dump.typeIDs {
                try db.execute(sql: "INSERT OR REPLACE INTO type_mapping (device_class, configuration_type_id) VALUES (?, ?)",
                               arguments: [deviceClass, typeID])
            }
            for (assetType, deviceClass) in dump.assetTypeClasses {
                try db.execute(sql: "INSERT OR REPLACE INTO asset_type_class (asset_type, device_class) VALUES (?, ?)",
                               arguments: [assetType, deviceClass])
            }
            for (key, value) in dump.syncState {
                try db.execute(sql: "INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)", arguments: [key, value])
            }
            if let body = dump.syncChanges {
                try db.execute(sql: "INSERT OR REPLACE INTO sync_changes (id, body) VALUES (1, ?)", arguments: [body])
            }
            for row in dump.journal {
                let entry = row.entry
                try db.execute(sql: """
                    INSERT INTO write_journal (id, kind, subject_id, organization_id, name, state, remote_id, message, created_at,
                    updated_at, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [entry.id, entry.kind.rawValue, entry.subjectID, entry.organizationID, entry.name, entry.state.rawValue,
                                     entry.remoteID, entry.message, row.createdAt, row.updatedAt, entry.sentAt])
            }
            try Self.bumpRevision(db)
        }
    }
}
