import Foundation
import PostgresNIO
import RematchCore

/// A whole state out of and into the database, for `migrate-state`.
extension PostgresBackend {
    func isEmpty() throws -> Bool {
        try link.transaction(readOnly: true) { tx in
            try ["snapshot_meta", "customer_decision", "asset_decision", "audit_log", "history", "write_journal"].allSatisfy {
                try tx.query("SELECT 1 FROM \(unescaped: $0) LIMIT 1").isEmpty
            }
        }
    }

    func dump() throws -> StateDump {
        var dump = StateDump()
        dump.snapshot = try loadSnapshot()
        try link.transaction(readOnly: true) { tx in
            for subject in DecisionSubject.allCases {
                dump.decisions[subject] = try tx.query("""
                    SELECT \(unescaped: subject.key), decision, decided_at, decided_by, decided_on FROM \(unescaped: subject.table)
                    ORDER BY \(unescaped: subject.key)
                    """).map {
                    let (id, decision, at, by, on) = try $0.decode((Int, String, Date, String?, String?).self)
                    return StateDump.Decision(id: id, decision: decision, decidedAt: at, decidedBy: by, decidedOn: on)
                }
            }
            dump.history = try tx.pairs("SELECT change_id, body FROM history ORDER BY seq", as: (String, String).self)
                .map { (id: $0.0, body: $0.1) }
            dump.audit = try tx.query("""
                SELECT at, user_name, action, subject_kind, subject_id, before_text, after_text, summary, host FROM audit_log ORDER BY id
                """).map(Self.auditEntry)
            let stored = try storedDecisions(tx)
            dump.typeIDs = stored.typeIDs
            dump.assetTypeClasses = stored.assetTypeClasses
            for row in try tx.query("SELECT key, value FROM sync_state") {
                let (key, value) = try row.decode((String, String?).self)
                dump.syncState[key] = value
            }
            dump.syncChanges = try tx.query("SELECT body FROM sync_changes WHERE id = 1").first?.decode(Data.self)
            dump.journal = try tx.query("SELECT \(unescaped: Self.journalColumns) FROM write_journal ORDER BY id").map(Self.journalRow)
        }
        return dump
    }

    func restore(_ dump: StateDump) throws {
        try link.transaction { tx in
            if let snapshot = dump.snapshot { try write(snapshot, tx) }
            for (subject, rows) in dump.decisions {
                try tx.insert(into: subject.table, columns: [subject.key, "decision", "decided_at", "decided_by", "decided_on"],
                              rows: rows.count) { index, binds in
                    binds.append(rows[index].id)
                    binds.append(rows[index].decision)
                    binds.append(rows[index].decidedAt)
                    binds.append(rows[index].decidedBy)
                    binds.append(rows[index].decidedOn)
                }
            }
            let history = dump.history
            try tx.insert(into: "history", columns: ["change_id", "body"], rows: history.count) { index, binds in
                binds.append(history[index].id)
                binds.append(history[index].body)
            }
            try Self.insert(audit: dump.audit, tx)
            let types = dump.typeIDs, classes = dump.assetTypeClasses
            try tx.insert(into: "type_mapping", columns: ["device_class", "configuration_type_id"], rows: types.count) { index, binds in
                binds.append(types[index].deviceClass)
                binds.append(types[index].typeID)
            }
            try tx.insert(into: "asset_type_class", columns: ["asset_type", "device_class"], rows: classes.count) { index, binds in
                binds.append(classes[index].assetType)
                binds.append(classes[index].deviceClass)
            }
            let state = dump.syncState.sorted { $0.key < $1.key }
            try tx.insert(into: "sync_state", columns: ["key", "value"], conflict: "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                          rows: state.count) { index, binds in
                binds.append(state[index].key)
                binds.append(state[index].value)
            }
            if let body = dump.syncChanges {
                try tx.query("INSERT INTO sync_changes (id, body) VALUES (1, \(body)) ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body")
            }
            let journal = dump.journal
            try tx.insert(into: "write_journal", columns: ["id", "kind", "subject_id", "organization_id", "name", "state", "remote_id", "message",
                                                           "created_at", "updated_at", "sent_at"], rows: journal.count) { index, binds in
                let row = journal[index], entry = row.entry
                binds.append(entry.id)
                binds.append(entry.kind.rawValue)
                binds.append(entry.subjectID)
                binds.append(entry.organizationID)
                binds.append(entry.name)
                binds.append(entry.state.rawValue)
                binds.append(entry.remoteID)
                binds.append(entry.message)
                binds.append(row.createdAt)
                binds.append(row.updatedAt)
                binds.append(entry.sentAt)
            }
            // New entries are numbered after the copied ones.
            try tx.query("SELECT setval(pg_get_serial_sequence('write_journal', 'id'), GREATEST((SELECT MAX(id) FROM write_journal), 1))")
            try Self.bumpRevision(tx)
        }
    }
}
