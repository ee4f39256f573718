import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// One connection to the PostgreSQL state, used synchronously. The store's callers are synchronous (they commit
/// while holding the workbench's lock), so a query waits for its answer on the calling thread while SwiftNIO's own
/// event-loop thread does the I/O; no caller ever runs on that thread. One query or transaction at a time.
///
/// A connection the server or the network dropped while idle (a restart, a failover, an idle timeout) is made
/// again before the next statement, and `reopened` runs on it first (the writer's lock is taken again there); a
/// statement or transaction that had not begun is then sent once more. One that was under way is never resent:
/// the server rolled it back, and the caller is told.
final class PostgresLink: @unchecked Sendable {
    /// Guarded by `gate`.
    private var connection: PostgresConnection
    private let gate = NSLock()
    private let logger: Logger
    private let configuration: PostgresConnection.Configuration
    let location: PostgresLocation
    /// Runs on every new connection after the first, before anything else is sent on it.
    private let reopened: @Sendable (PostgresLink) throws -> Void

    /// Connects, sending the application name the server shows in `pg_stat_activity` (and so in the message a
    /// second writer gets): who and where, never a secret.
    init(_ location: PostgresLocation, applicationName: String,
         reopened: @escaping @Sendable (PostgresLink) throws -> Void = { _ in }) throws(StoreError) {
        self.location = location
        self.reopened = reopened
        var logger = Logger(label: "rematch.state")
        logger.logLevel = .critical
        self.logger = logger
        var configuration: PostgresConnection.Configuration
        switch location.endpoint {
        case let .tcp(host, port):
            var tls = PostgresConnection.Configuration.TLS.disable
            if location.usesTLS {
                var settings = TLSConfiguration.makeClientConfiguration()
                settings.certificateVerification = .fullVerification
                if let root = location.rootCertificate { settings.trustRoots = .file(root) }
                do {
                    tls = .require(try NIOSSLContext(configuration: settings))
                } catch {
                    throw StoreError("Cannot set up TLS for the state database \(location.shown): \(error)")
                }
            }
            configuration = .init(host: host, port: port, username: location.user, password: location.password,
                                  database: location.database, tls: tls)
        case let .socket(path):
            configuration = .init(unixSocketPath: path, username: location.user, password: location.password,
                                  database: location.database)
        }
        configuration.options.additionalStartupParameters = [("application_name", String(applicationName.prefix(63)))]
        self.configuration = configuration
        connection = try Self.connect(configuration, location: location, logger: logger)
    }

    private static func connect(_ configuration: PostgresConnection.Configuration, location: PostgresLocation,
                                logger: Logger) throws(StoreError) -> PostgresConnection {
        do {
            return try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(),
                                                  configuration: configuration, id: 1, logger: logger).wait()
        } catch {
            throw StoreError("Cannot reach the state database \(location.shown): \(describe(error)).")
        }
    }

    /// Makes the connection again. Called holding `gate`.
    private func reopen() throws {
        _ = try? connection.close().wait()
        connection = try Self.connect(configuration, location: location, logger: logger)
        try reopened(self)
    }

    /// Whether an error says the connection was gone before the statement reached the server.
    private static func isClosedConnection(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError else { return false }
        return [.serverClosedConnection, .clientClosedConnection, .uncleanShutdown].contains(error.code)
    }

    deinit {
        _ = try? connection.close().wait()
    }

    /// A database error in words, never the query's bound values (they may be a customer's data) nor the URL.
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let info = error.serverInfo, let message = info[.message] {
                let state = info[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
                let detail = info[.detail].map { ": \($0)" } ?? ""
                return message + detail + state
            }
            switch error.code {
            case .connectionError: return error.underlying.map { "cannot connect (\($0))" } ?? "cannot connect"
            case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown: return "the connection was closed"
            case .sslUnsupported: return "the server does not offer TLS"
            case .authMechanismRequiresPassword: return "the server asks for a password: put it in the URL or in PGPASSWORD"
            default: return "\(error.code)" + (error.underlying.map { " (\($0))" } ?? "")
            }
        }
        return "\(error)"
    }

    /// The SQLSTATE of a server error, if it is one.
    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// Runs one statement outside any transaction the caller sees (it is its own).
    @discardableResult
    func run(_ query: PostgresQuery) throws -> PostgresQueryResult {
        gate.lock()
        defer { gate.unlock() }
        return try sendOnLiveConnection(query)
    }

    /// Runs one statement only if the connection is still up (never making it again): for letting go at the end.
    func runIfConnected(_ query: PostgresQuery) {
        gate.lock()
        defer { gate.unlock() }
        guard !connection.isClosed else { return }
        _ = try? send(query)
    }

    /// Sends a statement that is not inside a transaction, making the connection again first when it was dropped,
    /// and once more when the drop is noticed only by this statement (it never reached the server).
    @discardableResult
    private func sendOnLiveConnection(_ query: PostgresQuery) throws -> PostgresQueryResult {
        if connection.isClosed { try reopen() }
        do {
            return try connection.query(query, logger: logger).wait()
        } catch where Self.isClosedConnection(error) {
            try reopen()
            return try send(query)
        } catch {
            throw PostgresFailure(sqlState: Self.sqlState(error), message: Self.describe(error), location: location.shown)
        }
    }

    /// Runs the statement on the connection as it is (the link statement used by `reopened`, and everything inside
    /// a transaction).
    @discardableResult
    func send(_ query: PostgresQuery) throws -> PostgresQueryResult {
        do {
            return try connection.query(query, logger: logger).wait()
        } catch {
            throw PostgresFailure(sqlState: Self.sqlState(error), message: Self.describe(error), location: location.shown)
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(readOnly: Bool = false, _ body: (Transaction) throws -> T) throws -> T {
        gate.lock()
        defer { gate.unlock() }
        try sendOnLiveConnection(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN")
        do {
            let value = try body(Transaction(link: self))
            try send("COMMIT")
            return value
        } catch {
            _ = try? send("ROLLBACK")
            throw error
        }
    }

    /// The connection inside ``transaction(readOnly:_:)``.
    struct Transaction {
        fileprivate let link: PostgresLink

        @discardableResult
        func query(_ query: PostgresQuery) throws -> PostgresQueryResult { try link.send(query) }

        /// The rows of a two-column query.
        func pairs<First: PostgresDecodable, Second: PostgresDecodable>(_ query: PostgresQuery, as _: (First, Second).Type)
            throws -> [(First, Second)] {
            try link.send(query).map { try $0.decode((First, Second).self) }
        }

        /// Inserts rows in as few statements as the protocol's limit on bound values allows; with `returning`, the
        /// rows it names, in the order of the rows inserted.
        @discardableResult
        func insert(into table: String, columns: [String], conflict: String = "", returning: String? = nil, rows: Int,
                    bind: (Int, inout PostgresBindings) throws -> Void) throws -> [PostgresRow] {
            guard rows > 0 else { return [] }
            var returned: [PostgresRow] = []
            let perStatement = max(1, 60_000 / columns.count)
            var start = 0
            while start < rows {
                let end = min(rows, start + perStatement)
                var bindings = PostgresBindings(capacity: (end - start) * columns.count)
                var values: [String] = []
                values.reserveCapacity(end - start)
                var number = 0
                for row in start..<end {
                    try bind(row, &bindings)
                    values.append("(" + columns.indices.map { _ in number += 1; return "$\(number)" }.joined(separator: ",") + ")")
                }
                let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES \(values.joined(separator: ",")) \(conflict)"
                    + (returning.map { " RETURNING \($0)" } ?? "")
                returned += try query(PostgresQuery(unsafeSQL: sql, binds: bindings))
                start = end
            }
            return returned
        }
    }
}

/// A statement the state database refused or could not run.
struct PostgresFailure: Error, CustomStringConvertible {
    var sqlState: String?
    var message: String
    var location: String
    var description: String { "The state database \(location) answered: \(message)" }
}
