import Foundation
import GRDB

/// A front end's copy of what it last drew (the console's customer list), kept in the state file so that a
/// large file's list is on screen before its workspace is rebuilt. The store does not read it: it keeps it as
/// one value and trusts it only at the revision it was written at. Every snapshot, commit and type-mapping
/// write bumps the revision, so a list that any later write could have changed is never handed out.
extension StateStore {
    static func bumpRevision(_ db: Database) throws {
        try db.execute(sql: "UPDATE revision SET value = value + 1 WHERE id = 1")
    }

    /// The state file's revision: bumped by every write that changes what the kept list shows.
    public func revision() throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT value FROM revision WHERE id = 1") ?? 0 }
    }

    /// Keeps the value if the file is still at `revision` (the one it was derived at); returns whether it was
    /// kept. A value from an older revision is never written.
    @discardableResult
    public func saveKeptList(_ body: Data, revision: Int) throws -> Bool {
        try database.write { db in
            guard try Int.fetchOne(db, sql: "SELECT value FROM revision WHERE id = 1") == revision else { return false }
            try db.execute(sql: "INSERT OR REPLACE INTO kept_list (id, revision, body) VALUES (1, ?, ?)", arguments: [revision, body])
            return true
        }
    }

    /// The revision the kept value was written at, if there is one.
    public func keptListRevision() throws -> Int? {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT revision FROM kept_list WHERE id = 1") }
    }

    /// The kept value, or nil when there is none or a later write made it stale.
    public func keptList() throws -> Data? {
        try database.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT revision, body FROM kept_list WHERE id = 1"),
                  try Int.fetchOne(db, sql: "SELECT value FROM revision WHERE id = 1") == row[0] as Int else { return nil }
            return row[1]
        }
    }
}
