import Foundation

/// A PostgreSQL state's address, parsed from a `postgres://` or `postgresql://` URL as libpq writes them:
/// `postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=…&sslrootcert=…`, or `postgres:///DATABASE?host=/run/postgresql`
/// for a Unix socket. The user defaults to the OS user, the database to the user, the port to 5432, and the
/// password to `PGPASSWORD` when the URL has none.
///
/// TLS: a server that is not on this machine (not loopback, not a socket) is always reached over TLS with its
/// certificate and host name verified (trusting the system's roots, or `sslrootcert`); asking for less is refused.
/// A loopback server is reached in clear unless `sslmode` asks for TLS. The password is never shown: ``shown``
/// leaves it out, and no error repeats the URL it was given.
public struct PostgresLocation: Sendable, Hashable {
    public enum Endpoint: Sendable, Hashable {
        case tcp(host: String, port: Int)
        /// The socket file itself (`DIRECTORY/.s.PGSQL.PORT`).
        case socket(path: String)
    }

    public var endpoint: Endpoint
    public var user: String
    public var password: String?
    public var database: String
    /// Whether the connection is encrypted (and the server's certificate verified).
    public var usesTLS: Bool
    /// A PEM file of the certificate authorities to trust instead of the system's.
    public var rootCertificate: String?

    /// The URL without its password, fit for screens, logs and errors.
    public var shown: String {
        let database = self.database.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? self.database
        let user = self.user.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? self.user
        switch endpoint {
        case let .tcp(host, port):
            let shownHost = host.contains(":") ? "[\(host)]" : host
            return "postgres://\(user)@\(shownHost):\(port)/\(database)"
        case let .socket(path):
            return "postgres://\(user)@/\(database)?host=\((path as NSString).deletingLastPathComponent)"
        }
    }

    /// Whether the server is on this machine.
    public var isLocal: Bool {
        switch endpoint {
        case .socket: return true
        case let .tcp(host, _):
            let lowered = host.lowercased()
            return lowered == "localhost" || lowered == "::1" || lowered.hasPrefix("127.")
        }
    }

    /// Whether a state location names a PostgreSQL database rather than a file.
    public static func isDatabaseURL(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
    }

    /// Nil when `text` is not a PostgreSQL URL (a file path); throws when it is one that cannot be used.
    public init?(parsing text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreError) {
        guard Self.isDatabaseURL(text) else { return nil }
        // Errors never repeat the URL: it may hold a password.
        guard let url = URLComponents(string: text) else {
            throw StoreError("The state's PostgreSQL URL cannot be read: write it as postgres://USER@HOST:PORT/DATABASE "
                + "(percent-encode special characters in the user and password).")
        }
        user = url.user.flatMap { $0.isEmpty ? nil : $0 } ?? environment["PGUSER"] ?? OSUser.current
        password = url.password ?? environment["PGPASSWORD"]
        var query: [String: String] = [:]
        for item in url.queryItems ?? [] { query[item.name.lowercased()] = item.value ?? "" }
        let known: Set = ["sslmode", "sslrootcert", "host", "port", "application_name", "connect_timeout"]
        if let unknown = query.keys.sorted().first(where: { !known.contains($0) }) {
            throw StoreError("The state's PostgreSQL URL has a parameter Rematch does not know: \(unknown). It knows "
                + known.sorted().joined(separator: ", ") + ".")
        }
        let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        if path.contains("/") {
            throw StoreError("The state's PostgreSQL URL names a database with a slash in it; give one database: postgres://HOST/DATABASE.")
        }
        database = path.isEmpty ? user : path
        let portText = query["port"] ?? url.port.map(String.init) ?? "5432"
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw StoreError("The state's PostgreSQL URL has a port that is not a number from 1 to 65535.")
        }
        let host = query["host"] ?? url.host.flatMap { $0.isEmpty ? nil : $0 }
        if let host, host.hasPrefix("/") {
            endpoint = .socket(path: (host as NSString).appendingPathComponent(".s.PGSQL.\(port)"))
        } else {
            var host = host ?? "localhost"
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            endpoint = .tcp(host: host, port: port)
        }
        rootCertificate = query["sslrootcert"].flatMap { $0.isEmpty ? nil : $0 }
        let mode = query["sslmode"]?.lowercased()
        switch mode {
        case nil, "prefer", "allow", "disable":
            usesTLS = false
        case "require", "verify-ca", "verify-full":
            usesTLS = true
        case let other?:
            throw StoreError("The state's PostgreSQL URL has sslmode=\(other); Rematch knows disable, require, verify-ca and verify-full.")
        }
        if !isLocal {
            if mode == "disable" {
                throw StoreError("The state's PostgreSQL server is not on this machine, so Rematch reaches it only over TLS: "
                    + "remove sslmode=disable from the URL and enable TLS on the server.")
            }
            usesTLS = true
        }
        if case .socket = endpoint, usesTLS {
            throw StoreError("The state's PostgreSQL URL asks for TLS over a Unix socket, which PostgreSQL does not offer; "
                + "leave out sslmode, or connect by host name.")
        }
    }
}
