import Foundation
import RematchTestSupport
import Testing
@testable import RematchCore
@testable import RematchStore

@Suite("The PostgreSQL state", .serialized)
struct PostgresStoreTests {
    @Test("a URL is read as libpq reads it; a remote server is reached only over TLS; the password is never shown")
    func location() throws {
        let environment = ["PGUSER": "", "PGPASSWORD": ""]
        let local = try #require(try PostgresLocation(parsing: "postgres://tech:s3cr%40t@127.0.0.1:6543/msp", environment: [:]))
        #expect(local.endpoint == .tcp(host: "127.0.0.1", port: 6543))
        #expect(local.user == "tech" && local.password == "s3cr@t" && local.database == "msp")
        #expect(!local.usesTLS && local.isLocal)
        #expect(local.shown == "postgres://tech@127.0.0.1:6543/msp")
        let remote = try #require(try PostgresLocation(parsing: "postgresql://tech:pw@db.example.net/rematch", environment: environment))
        #expect(remote.usesTLS && !remote.isLocal && remote.endpoint == .tcp(host: "db.example.net", port: 5432))
        #expect(!remote.shown.contains("pw"))
        let socket = try #require(try PostgresLocation(parsing: "postgres:///msp?host=/run/postgresql", environment: ["PGUSER": "ops"]))
        #expect(socket.endpoint == .socket(path: "/run/postgresql/.s.PGSQL.5432") && socket.user == "ops" && socket.isLocal)
        let password = try #require(try PostgresLocation(parsing: "postgres://localhost/x", environment: ["PGPASSWORD": "from-env"]))
        #expect(password.password == "from-env" && password.user == OSUser.current)
        #expect(try PostgresLocation(parsing: "/var/lib/rematch/state.sqlite") == nil)
        for refused in ["postgres://tech:hunter2@db.example.net/x?sslmode=disable", "postgres://tech:hunter2@localhost/x?sslmode=sometimes",
                        "postgres://tech:hunter2@localhost/x?password_file=y", "postgres://tech:hunter2@localhost:99999/x",
                        "postgres://tech:hunter2@host name/x"] {
            #expect {
                _ = try PostgresLocation(parsing: refused)
            } throws: { error in
                !"\(error)".contains("hunter2") && !"\(error)".isEmpty
            }
        }
    }

    @Test("a server that cannot be reached is named without the password")
    func unreachable() throws {
        #expect {
            _ = try StateStore(path: "postgres://tech:hunter2@127.0.0.1:1/rematch")
        } throws: { error in
            "\(error)".contains("Cannot reach the state database postgres://tech@127.0.0.1:1/rematch") && !"\(error)".contains("hunter2")
        }
    }

    @Test("migrations are recorded; a newer database and another program's database are refused and left as they are")
    func migrations() throws {
        let state = try TestState(.postgres)
        defer { state.cleanUp() }
        #expect {
            _ = try StateStore(readingOnly: state.location)
        } throws: { error in
            "\(error)".contains("There is no Rematch state in")
        }
        do {
            let store = try StateStore(path: state.location)
            #expect(try store.appliedMigrations() == PostgresSchema.migrations.map(\.id))
        }
        // Opening again applies nothing twice.
        do { _ = try StateStore(path: state.location) }
        #expect(try TestPostgres.psql(state.location, "SELECT COUNT(*) FROM rematch_migration").trimmingCharacters(in: .whitespacesAndNewlines)
            == "\(PostgresSchema.migrations.count)")
        try state.sabotage("INSERT INTO rematch_migration (identifier, applied_at) VALUES ('p99: from the future', now())")
        for open in [{ _ = try StateStore(path: state.location) }, { _ = try StateStore(readingOnly: state.location) }] {
            #expect {
                try open()
            } throws: { error in
                "\(error)".contains("written by a newer Rematch")
            }
        }

        let other = try TestState(.postgres)
        defer { other.cleanUp() }
        try other.sabotage("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        #expect {
            _ = try StateStore(path: other.location)
        } throws: { error in
            "\(error)".contains("holds tables but not a Rematch state")
        }
        let tables = try TestPostgres.psql(other.location, "SELECT string_agg(table_name, ',') FROM information_schema.tables WHERE table_schema = 'public'")
        #expect(tables.trimmingCharacters(in: .whitespacesAndNewlines) == "invoices", "the database was migrated")
    }

    @Test("a connection the server drops while idle is made again, the writer's lock with it; if another writer took the state meanwhile, it says so")
    func droppedConnection() throws {
        let state = try TestState(.postgres)
        defer { state.cleanUp() }
        /// Ends every session on the database but psql's own, as a server restart or a failover would.
        func dropSessions() throws {
            try state.sabotage("""
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
                """)
        }
        let store = try StateStore(path: state.location)
        try store.saveSnapshot(sampleSnapshot)
        let reader = try StateStore(readingOnly: state.location)
        try dropSessions()
        var session = try MatchingSession(store: store, user: "tech")
        try session.perform(.ignore(customers: [2]))
        #expect(try reader.loadWorkspace().customerDecisions[2] == .ignored)
        // Still the one writer, and the reader still cannot write.
        #expect {
            _ = try StateStore(path: state.location)
        } throws: { error in
            "\(error)".contains("Another Rematch process")
        }
        #expect(throws: (any Error).self) { try reader.saveTypeMapping(DeviceTypeMapping()) }
        // Dropped, and another writer takes the state before this one comes back: it is told, and writes nothing.
        try dropSessions()
        let other = try StateStore(path: state.location)
        #expect {
            try session.perform(.unignore(customers: [2]))
        } throws: { error in
            "\(error)".contains("was lost, and another Rematch process") && "\(error)".contains("took the state meanwhile")
        }
        #expect(try other.loadWorkspace().customerDecisions[2] == .ignored)
    }
}
