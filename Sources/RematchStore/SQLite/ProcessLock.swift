#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// An exclusive advisory lock on the state file itself, so a second Rematch on the same state gets a clear
/// message instead of two writers, whatever name it reaches the file by: a symlink, a hard link or a relative path
/// all lead to the one inode the lock is on. The kernel drops it when the process dies, so a crash leaves no stale
/// lock. SQLite's own locks are `fcntl` byte-range locks, which on Linux do not meet `flock`; where they would
/// (the BSDs), the lock is on a file beside the state's resolved path instead.
///
/// The holder's pid is written beside the resolved path (`state.sqlite.lock`), for the message only.
///
/// A second store on the same file in the same process is refused before a descriptor is opened: closing any
/// descriptor of a file drops every `fcntl` lock the process holds on it, SQLite's included.
final class ProcessLock: Sendable {
    private struct FileID: Hashable { var device: UInt64, inode: UInt64 }
    private static let held = Mutex<Set<FileID>>([])
    private let file: FileID?

    /// Where the holder's pid is written.
    let pidPath: String
    private let descriptor: Int32
    private let pidDescriptor: Int32

    init(statePath: String) throws(StoreError) {
        let resolved = URL(fileURLWithPath: statePath).resolvingSymlinksInPath().path
        pidPath = resolved + ".lock"
        #if os(Linux)
        let lockPath = statePath
        #else
        let lockPath = pidPath
        #endif
        if let id = Self.fileID(lockPath), Self.held.withLock({ $0.contains(id) }) {
            throw StoreError("Another Rematch process (pid \(getpid())) is using \(statePath). Close it first, or use another state file.")
        }
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let reason = errno
            if reason == EACCES || reason == EROFS {
                throw StoreError("The state file \(statePath) cannot be written (\(String(cString: strerror(reason)))): rematch status, "
                    + "export, changes and log still read it; to work on it, make it writable for you (chmod u+w).")
            }
            throw StoreError("Cannot open \(lockPath) to lock the state: \(String(cString: strerror(reason))).")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            close(fd)
            let pid = (try? String(contentsOfFile: pidPath, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            // Known when the holder reached the file by the same resolved path (not through another hard link).
            let shown = pid.flatMap { $0.isEmpty ? nil : " (pid \($0))" } ?? ""
            throw StoreError("Another Rematch process\(shown) is using \(statePath). Close it first, or use another state file.")
        }
        descriptor = fd
        var status = stat()
        file = fstat(fd, &status) == 0 ? FileID(device: UInt64(status.st_dev), inode: UInt64(status.st_ino)) : nil
        if let file { Self.held.withLock { _ = $0.insert(file) } }
        #if os(Linux)
        pidDescriptor = open(pidPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        #else
        pidDescriptor = fd
        #endif
        if pidDescriptor >= 0 {
            let pid = "\(getpid())\n"
            _ = ftruncate(pidDescriptor, 0)
            _ = pid.withCString { pwrite(pidDescriptor, $0, strlen($0), 0) }
        }
    }

    deinit {
        if pidDescriptor >= 0 { _ = ftruncate(pidDescriptor, 0) }
        if pidDescriptor >= 0, pidDescriptor != descriptor { close(pidDescriptor) }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        if let file { Self.held.withLock { _ = $0.remove(file) } }
    }

    private static func fileID(_ path: String) -> FileID? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return FileID(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
    }
}

/// A state-file problem, in words a person can act on.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
