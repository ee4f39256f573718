import Foundation
import RematchCore
#if canImport(Glibc)
import Glibc
#endif

/// The workspace and its state file together: every action is planned, committed, and only then
/// applied, so nothing reports a decision done that a crash could lose. Held by one owner (the sync layer's
/// `Workbench`); a value, so that owner decides when it changes.
public struct MatchingSession: Sendable {
    public private(set) var workspace: Workspace
    public let store: StateStore
    /// The OS user written to the audit log.
    public let user: String

    public init(store: StateStore, user: String = OSUser.current) throws {
        self.store = store
        self.user = user
        workspace = try store.loadWorkspace()
    }

    /// A session over a workspace built elsewhere from this store's contents (a sync's fresh workspace).
    public init(store: StateStore, user: String, workspace: Workspace) {
        self.store = store
        self.user = user
        self.workspace = workspace
    }

    /// Performs an action. Throws `ActionError` when it does not apply, or the store's error when the
    /// commit fails; either way the workspace is left as it was.
    @discardableResult
    public mutating func perform(_ action: Action, at date: Date = Date()) throws -> Change {
        let change = try workspace.plan(action, at: date, user: user)
        try store.commit(change)
        workspace.apply(change)
        return change
    }

    @discardableResult
    public mutating func undo(at date: Date = Date()) throws -> Change {
        let change = try workspace.planUndo(at: date, user: user)
        try store.commit(change)
        workspace.apply(change)
        return change
    }

    public mutating func setTypeMapping(_ mapping: DeviceTypeMapping) throws {
        try store.saveTypeMapping(mapping)
        workspace.typeMapping = mapping
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
