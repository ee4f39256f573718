#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// A real PostgreSQL server for the tests, on loopback only: the one `REMATCH_TEST_POSTGRES` names (`.ci/run`
/// starts a throwaway cluster and sets it), or else a throwaway cluster this test process starts from the
/// installed PostgreSQL (Debian's `postgresql` package) and stops when it exits. Each test gets a database of
/// its own (``freshDatabase()``), so tests never see each other's state.
public enum TestPostgres {
    /// The server's URL (its `postgres` database), starting a cluster the first time when none is given.
    public static func server() throws -> String {
        try started.withLock { server in
            if let server { return server }
            let url: String
            if let given = ProcessInfo.processInfo.environment["REMATCH_TEST_POSTGRES"], !given.isEmpty {
                url = given
            } else {
                url = try startCluster()
            }
            server = url
            return url
        }
    }

    /// A new empty database on the server; its URL.
    public static func freshDatabase(_ prefix: String = "rematch_test") throws -> String {
        let server = try server()
        let name = "\(prefix)_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())"
        try psql(server, "CREATE DATABASE \(name)")
        return replacingDatabase(in: server, with: name)
    }

    /// Drops a database made by ``freshDatabase(_:)``, closing any connection a test left open.
    public static func dropDatabase(_ url: String) {
        guard let server = try? server(), let name = URLComponents(string: url)?.path.dropFirst(), !name.isEmpty else { return }
        _ = try? psql(server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// Runs SQL on a database through `psql`, as another program (or a saboteur) would; returns its output.
    @discardableResult
    public static func psql(_ url: String, _ sql: String) throws -> String {
        try run(["psql", "--no-psqlrc", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", url, "-c", sql])
    }

    private static let started = Mutex<String?>(nil)
    /// The cluster this process started: where it is and the command that stops it.
    private struct Cluster: Sendable {
        var directory: String
        var stop: [String]
    }

    private static let cluster = Mutex<Cluster?>(nil)

    private static func replacingDatabase(in url: String, with name: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.path = "/" + name
        return components.string ?? url
    }

    /// initdb and pg_ctl from the newest installed PostgreSQL, as the `postgres` user when the tests run as root
    /// (PostgreSQL refuses to run as root), trusting loopback connections only.
    private static func startCluster() throws -> String {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let version = versions.compactMap(Int.init).max() else {
            throw TestPostgresError("No PostgreSQL server is installed (apt-get install postgresql), and REMATCH_TEST_POSTGRES is not set.")
        }
        let bin = "/usr/lib/postgresql/\(version)/bin"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rematch-pg-\(getpid())-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let asRoot = getuid() == 0
        if asRoot { _ = try run(["chown", "postgres:postgres", directory]) }
        let owner = asRoot ? ["runuser", "-u", "postgres", "--"] : []
        _ = try run(owner + ["\(bin)/initdb", "-D", directory + "/data", "-U", "rematch", "-A", "trust", "-E", "UTF8", "--no-sync",
                             "--locale=C"])
        let port = freePort()
        // The server it leaves behind keeps what it inherits open: started detached, its log in a file.
        _ = try run(owner + ["\(bin)/pg_ctl", "-D", directory + "/data", "-l", directory + "/server.log", "-w", "-t", "60", "-o",
                             "-c listen_addresses=127.0.0.1 -p \(port) -k \(directory) -c fsync=off -c max_connections=200", "start"],
                    detached: true)
        cluster.withLock {
            $0 = Cluster(directory: directory, stop: owner + ["\(bin)/pg_ctl", "-D", directory + "/data", "-m", "immediate", "stop"])
        }
        atexit {
            guard let cluster = TestPostgres.cluster.withLock({ $0 }) else { return }
            _ = try? TestPostgres.run(cluster.stop, detached: true)
            try? FileManager.default.removeItem(atPath: cluster.directory)
        }
        return "postgres://rematch@127.0.0.1:\(port)/postgres"
    }

    /// A TCP port nothing listens on now.
    private static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Runs a program found on PATH; its standard output, or an error with its standard error.
    /// `detached`: for a program that leaves a server behind, which would hold a pipe open for ever; its output
    /// is not kept.
    static func run(_ arguments: [String], detached: Bool = false) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if detached {
            // Not Foundation's Process: it learns of an exit from a socket the child inherits, which a server left
            // behind keeps open, so it would wait for ever.
            let status = spawnAndWait(arguments)
            guard status == 0 else { throw TestPostgresError("\(arguments.joined(separator: " ")) failed (\(status))") }
            return ""
        }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestPostgresError("\(arguments.first ?? "") failed (\(process.terminationStatus)): \(String(decoding: err, as: UTF8.self))")
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Runs a program with no input and its output discarded, and waits for it alone: its exit status.
private func spawnAndWait(_ arguments: [String]) -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for descriptor: Int32 in [0, 1, 2] {
        posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
    }
    let argv = arguments.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    guard posix_spawnp(&pid, arguments[0], &actions, nil, argv, environ) == 0 else { return -1 }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
}

public struct TestPostgresError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
