import Foundation
import GRDB
import RematchCore

/// The customer list as the console last drew it, kept in the state file so that a large file's list is on
/// screen before its workspace is rebuilt. It is trusted only at the revision it was written at: every
/// snapshot, commit and type-mapping write bumps the revision, so a list that any later write could have
/// changed is never shown.
extension StateStore {
    static func bumpRevision(_ db: Database) throws {
        try db.execute(sql: "UPDATE revision SET value = value + 1 WHERE id = 1")
    }

    /// The state file's revision: bumped by every write that changes what the customer list shows.
    public func revision() throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT value FROM revision WHERE id = 1") ?? 0 }
    }

    /// Keeps the list, if the file is still at `revision` (the one the workspace was read at); returns whether
    /// it was kept. A list from an older revision is never written.
    @discardableResult
    public func saveCustomerList(_ rows: [CustomerRow], devices: Int, revision: Int) throws -> Bool {
        try database.write { db in
            guard try Int.fetchOne(db, sql: "SELECT value FROM revision WHERE id = 1") == revision else { return false }
            try db.execute(sql: "DELETE FROM customer_list")
            let statement = try db.makeStatement(sql: """
                INSERT INTO customer_list (position, customer_id, name, state, email, phone, devices, matched_devices,
                device_classes, organization_name, pending_organization_name, origin, problem, suggestion_id, suggestion_name,
                suggestion_score, suggestion_reason, suggestion_facts, ambiguous, alternatives)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (position, row) in rows.enumerated() {
                let values: [(any DatabaseValueConvertible)?] = [
                    position, row.id, row.name, row.state.rawValue, row.email, row.phone, row.devices, row.matchedDevices,
                    row.deviceClasses, row.organizationName, row.pendingOrganizationName, row.origin?.rawValue, row.problem,
                    row.suggestion?.organizationID, row.suggestion?.name, row.suggestion?.score, row.suggestion?.reason,
                    row.suggestionFacts, row.isAmbiguous, Self.pack(row.alternatives),
                ]
                try statement.execute(arguments: StatementArguments(values))
            }
            try db.execute(sql: "INSERT OR REPLACE INTO customer_list_meta (id, revision, devices) VALUES (1, ?, ?)",
                           arguments: [revision, devices])
            return true
        }
    }

    /// The revision the kept list was written at, if there is one.
    public func customerListRevision() throws -> Int? {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT revision FROM customer_list_meta WHERE id = 1") }
    }

    /// Keeps the list of a workspace read at `revision` (by default: now, for a workspace that holds every write
    /// to this file), unless the kept one is already current or a write came in since.
    public func keepCustomerList(of workspace: Workspace, readAt revision: Int? = nil) throws {
        let revision = try revision ?? self.revision()
        guard try customerListRevision() != revision else { return }
        try saveCustomerList(workspace.customerRows(), devices: workspace.catalog.assets.count, revision: revision)
    }

    /// The kept list and the number of devices it counts, or nil when there is none or a later write made it stale.
    public func loadCustomerList() throws -> (rows: [CustomerRow], devices: Int)? {
        try database.read { db in
            guard let meta = try Row.fetchOne(db, sql: "SELECT revision, devices FROM customer_list_meta WHERE id = 1"),
                  try Int.fetchOne(db, sql: "SELECT value FROM revision WHERE id = 1") == meta[0] as Int else { return nil }
            var rows: [CustomerRow] = []
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT customer_id, name, state, email, phone, devices, matched_devices, device_classes, organization_name,
                pending_organization_name, origin, problem, suggestion_id, suggestion_name, suggestion_score, suggestion_reason,
                suggestion_facts, ambiguous, alternatives FROM customer_list ORDER BY position
                """)
            while let row = try cursor.next() {
                guard let state = MatchState(rawValue: row[2]) else { return nil }
                let suggestion: OrganizationCandidate? = (row[12] as String?).map {
                    OrganizationCandidate(organizationID: $0, name: row[13] ?? "", score: row[14] ?? 0, reason: row[15] ?? "")
                }
                rows.append(CustomerRow(
                    id: row[0], name: row[1], state: state, email: row[3], phone: row[4], devices: row[5], matchedDevices: row[6],
                    deviceClasses: row[7], organizationName: row[8], pendingOrganizationName: row[9],
                    origin: (row[10] as String?).flatMap(MatchOrigin.init(rawValue:)), problem: row[11], suggestion: suggestion,
                    suggestionFacts: row[16], isAmbiguous: row[17], alternatives: Self.unpack(row[18])))
            }
            return (rows, meta[1])
        }
    }

    /// Candidates as records of id, name and score (their reasons are not kept).
    static func pack(_ candidates: [OrganizationCandidate]) -> String {
        Packing.pack(records: candidates.map { [$0.organizationID, $0.name, String($0.score)] })
    }

    static func unpack(_ text: String) -> [OrganizationCandidate] {
        Packing.unpackRecords(text).compactMap { fields in
            guard fields.count == 3, let score = Double(fields[2]) else { return nil }
            return OrganizationCandidate(organizationID: fields[0], name: fields[1], score: score, reason: "")
        }
    }
}
