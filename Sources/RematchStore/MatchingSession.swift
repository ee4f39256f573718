import Foundation
import RematchCore
#if canImport(Glibc)
import Glibc
#endif

/// The workspace and its state file together: every action is planned, committed, and only then
/// applied, so nothing reports a decision done that a crash could lose.
public struct MatchingSession: Sendable {
    public private(set) var workspace: Workspace
    /// Every change this copy committed, oldest first (a background copy hands them back).
    public private(set) var log: [Change] = []
    public let store: StateStore
    /// The OS user written to the audit log.
    public let user: String

    public init(store: StateStore, user: String = OSUser.current) throws {
        self.store = store
        self.user = user
        workspace = try store.loadWorkspace()
    }

    /// A session whose workspace is still being read (empty until then): the console shows the list kept in
    /// the state file meanwhile and performs nothing on it.
    public init(opening store: StateStore, user: String = OSUser.current) {
        self.store = store
        self.user = user
        workspace = Workspace(snapshot: Snapshot())
    }

    /// Performs an action. Throws `ActionError` when it does not apply, or the store's error when the
    /// commit fails; either way the workspace is left as it was.
    @discardableResult
    public mutating func perform(_ action: Action, at date: Date = Date()) throws -> Change {
        let change = try workspace.plan(action, at: date, user: user)
        try store.commit(change)
        workspace.apply(change)
        log.append(change)
        return change
    }

    @discardableResult
    public mutating func undo(at date: Date = Date()) throws -> Change {
        let change = try workspace.planUndo(at: date, user: user)
        try store.commit(change)
        workspace.apply(change)
        return change
    }

    /// Takes a workspace built elsewhere (a sync's result, computed off the UI thread).
    public mutating func adopt(_ workspace: Workspace) {
        self.workspace = workspace
    }

    /// Applies a change another copy of this session already committed (a background write).
    public mutating func adoptRemote(_ change: Change) {
        workspace.apply(change)
    }

    public mutating func setTypeMapping(_ mapping: DeviceTypeMapping) throws {
        try store.saveTypeMapping(mapping)
        workspace.typeMapping = mapping
    }

    /// A resync: the new snapshot is stored in one transaction, then every decision is laid over it.
    public mutating func replaceSnapshot(_ snapshot: Snapshot) throws {
        try store.saveSnapshot(snapshot)
        workspace = workspace.resynced(with: snapshot)
    }
}

/// Who is at the keyboard, for the audit log.
public enum OSUser {
    public static var current: String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
            return String(cString: name)
        }
        let environment = ProcessInfo.processInfo.environment
        return environment["USER"] ?? environment["LOGNAME"] ?? "uid \(geteuid())"
    }
}
