/// Versioned migrations of a PostgreSQL state, applied in order and recorded in `rematch_migration`. Add a new
/// migration for every change; never edit a shipped one. The first one holds what the SQLite file holds after
/// its eleven (``Schema``), so `migrate-state` moves everything both ways.
enum PostgresSchema {
    static let migrations: [(id: String, statements: [String])] = [
        ("p1: snapshot, decisions, audit log, undo history, sync state, write journal, kept list", [
            """
            CREATE TABLE customer (
                id BIGINT PRIMARY KEY, business_name TEXT, first_name TEXT, last_name TEXT, email TEXT, phone TEXT,
                disabled BOOLEAN NOT NULL DEFAULT FALSE)
            """,
            """
            CREATE TABLE asset (
                id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL, name TEXT NOT NULL, asset_serial TEXT, agent_serial TEXT,
                adapters TEXT NOT NULL, form_factor TEXT, os_name TEXT, manufacturer TEXT, model TEXT, asset_type TEXT,
                itglue_link TEXT)
            """,
            "CREATE INDEX asset_customer ON asset (customer_id)",
            """
            CREATE TABLE organization (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, type_name TEXT, status_name TEXT,
                is_primary BOOLEAN NOT NULL DEFAULT FALSE, domains TEXT NOT NULL DEFAULT '', phones TEXT NOT NULL DEFAULT '')
            """,
            """
            CREATE TABLE configuration (
                id TEXT PRIMARY KEY, organization_id TEXT NOT NULL, name TEXT NOT NULL, hostname TEXT, mac_address TEXT,
                interface_macs TEXT NOT NULL, serial_number TEXT, type_id TEXT, type_name TEXT, status_id TEXT,
                status_name TEXT, archived BOOLEAN NOT NULL, resource_url TEXT, psa_integration TEXT)
            """,
            "CREATE INDEX configuration_organization ON configuration (organization_id)",
            "CREATE TABLE configuration_type (id TEXT PRIMARY KEY, name TEXT NOT NULL)",
            "CREATE TABLE configuration_status (id TEXT PRIMARY KEY, name TEXT NOT NULL)",
            "CREATE TABLE snapshot_meta (key TEXT PRIMARY KEY, value TEXT)",
            // Who decided and from where, for the message a second technician gets when both decide one record.
            """
            CREATE TABLE customer_decision (
                customer_id BIGINT PRIMARY KEY, decision TEXT NOT NULL, decided_at TIMESTAMPTZ NOT NULL,
                decided_by TEXT, decided_on TEXT)
            """,
            """
            CREATE TABLE asset_decision (
                asset_id BIGINT PRIMARY KEY, decision TEXT NOT NULL, decided_at TIMESTAMPTZ NOT NULL,
                decided_by TEXT, decided_on TEXT)
            """,
            """
            CREATE TABLE audit_log (
                id BIGSERIAL PRIMARY KEY, at TIMESTAMPTZ NOT NULL, user_name TEXT NOT NULL, host TEXT, action TEXT NOT NULL,
                subject_kind TEXT NOT NULL, subject_id BIGINT NOT NULL, before_text TEXT, after_text TEXT, summary TEXT NOT NULL)
            """,
            "CREATE INDEX audit_log_subject ON audit_log (subject_kind, subject_id)",
            "CREATE INDEX audit_log_at ON audit_log (at)",
            "CREATE TABLE history (seq BIGSERIAL PRIMARY KEY, change_id TEXT NOT NULL UNIQUE, body TEXT NOT NULL)",
            "CREATE TABLE type_mapping (device_class TEXT PRIMARY KEY, configuration_type_id TEXT NOT NULL)",
            "CREATE TABLE asset_type_class (asset_type TEXT PRIMARY KEY, device_class TEXT NOT NULL)",
            "CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT)",
            """
            CREATE TABLE write_journal (
                id BIGSERIAL PRIMARY KEY, kind TEXT NOT NULL, subject_id BIGINT NOT NULL, organization_id TEXT,
                name TEXT NOT NULL, state TEXT NOT NULL, remote_id TEXT, message TEXT, created_at TIMESTAMPTZ NOT NULL,
                updated_at TIMESTAMPTZ NOT NULL, sent_at TIMESTAMPTZ)
            """,
            "CREATE INDEX write_journal_subject ON write_journal (kind, subject_id)",
            "CREATE TABLE revision (id INTEGER PRIMARY KEY CHECK (id = 1), value BIGINT NOT NULL)",
            "INSERT INTO revision (id, value) VALUES (1, 0)",
            "CREATE TABLE kept_list (id INTEGER PRIMARY KEY CHECK (id = 1), revision BIGINT NOT NULL, body BYTEA NOT NULL)",
            "CREATE TABLE sync_changes (id INTEGER PRIMARY KEY CHECK (id = 1), body BYTEA NOT NULL)",
        ]),
    ]

    /// Advisory-lock keys (one database holds one state, so constants suffice).
    enum LockKey {
        /// Held for its whole life by the one process that writes the state.
        static let writer: Int64 = 0x5245_4D41  // "REMA"
        /// Held while migrations run, so two processes opening a new database do not both create it.
        static let migration: Int64 = 0x5245_4D4D  // "REMM"
    }
}
