import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// One connection to the PostgreSQL state, used synchronously. The store's callers are synchronous (they commit
/// while holding the workbench's lock), so a query waits for its answer on the calling thread while SwiftNIO's own
/// event-loop thread does the I/O; no caller ever runs on that thread. One query or transaction at a time.
final class PostgresLink: Sendable {
    private let connection: PostgresConnection
    private let gate = NSLock()
    private let logger: Logger
    let location: PostgresLocation

    /// Connects, sending the application name the server shows in `pg_stat_activity` (and so in the message a
    /// second writer gets): who and where, never a secret.
    init(_ location: PostgresLocation, applicationName: String) throws(StoreError) {
        self.location = location
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
        do {
            connection = try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(),
                                                        configuration: configuration, id: 1, logger: logger).wait()
        } catch {
            throw StoreError("Cannot reach the state database \(location.shown): \(Self.describe(error)).")
        }
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
        return try send(query)
    }

    @discardableResult
    private func send(_ query: PostgresQuery) throws -> PostgresQueryResult {
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
        try send(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN")
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

        /// Inserts rows in as few statements as the protocol's limit on bound values allows.
        func insert(into table: String, columns: [String], conflict: String = "", rows: Int,
                    bind: (Int, inout PostgresBindings) throws -> Void) throws {
            guard rows > 0 else { return }
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
                try query(PostgresQuery(unsafeSQL: sql, binds: bindings))
                start = end
            }
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
