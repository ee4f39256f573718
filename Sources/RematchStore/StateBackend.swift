import Foundation
import RematchCore

/// What a state store keeps, in the form both databases store it: the one interface the embedded SQLite file
/// (``SQLiteBackend``) and a team's PostgreSQL database (``PostgresBackend``) implement, and that one test suite
/// holds both to. Decisions and changes arrive already encoded (``StoredChange``): the encoding is the
/// ``StateStore``'s, written once for both.
///
/// Every method is synchronous and either does all it says in one transaction or nothing: the store's callers
/// hold the workbench's lock while they commit, so a decision is durable before it is applied.
protocol StateBackend: Sendable {
    /// Names of the migrations applied, oldest first.
    func appliedMigrations() throws -> [String]

    // Snapshot
    func saveSnapshot(_ snapshot: Snapshot) throws
    func loadSnapshot() throws -> Snapshot?
    func hasSnapshot() throws -> Bool
    func snapshotCounts() throws -> (customers: Int, assets: Int)
    func insertCreatedRecords(organizations: [Organization], configurations: [RematchCore.Configuration],
                              updated: [RematchCore.Configuration]) throws

    // Decisions, audit log, undo history, type mapping
    func storedDecisions() throws -> StoredDecisions
    func commit(_ change: StoredChange) throws
    func saveTypeMapping(_ mapping: DeviceTypeMapping) throws
    func auditLog(limit: Int, since: Date?) throws -> [AuditEntry]

    // Sync state
    func syncStateValues() throws -> [String: String]
    /// Sets each key (nil clears its value) in one transaction.
    func setSyncState(_ values: [(key: String, value: String?)]) throws
    func saveSyncChanges(_ body: Data) throws
    func syncChangesBody() throws -> Data?

    // Write journal
    func journal(kind: JournalEntry.Kind?, states: [JournalEntry.State]) throws -> [JournalEntry]
    func addJournalEntries(_ entries: [JournalIntent]) throws -> [JournalEntry]
    func updateJournal(_ ids: [Int64], state: JournalEntry.State, remoteID: String?, message: String?) throws

    // The kept list (a front end's copy of what it last drew)
    func revision() throws -> Int
    func saveKeptList(_ body: Data, revision: Int) throws -> Bool
    func keptListRevision() throws -> Int?
    func keptList() throws -> Data?

    // A whole state, for copying between stores
    /// Whether the state holds nothing yet: no snapshot, decision, audit line, undo step or journal entry.
    func isEmpty() throws -> Bool
    func dump() throws -> StateDump
    /// Writes a dump into an empty state in one transaction.
    func restore(_ dump: StateDump) throws
}

/// Whose decision a record is, a Syncro customer's or a Syncro asset's, and where each kind is kept.
enum DecisionSubject: String, CaseIterable, Sendable {
    case customer, asset
    var table: String { "\(rawValue)_decision" }
    var key: String { "\(rawValue)_id" }
    /// "Syncro customer #12".
    func named(_ id: Int) -> String { "Syncro \(rawValue) #\(id)" }
}

/// A remote write to journal: what it is for and what it will be called.
public typealias JournalIntent = (kind: JournalEntry.Kind, subjectID: Int, organizationID: String?, name: String)

/// The decisions as stored, still encoded: the store decodes them, naming any it cannot read.
struct StoredDecisions {
    var customers: [(id: Int, decision: String)] = []
    var assets: [(id: Int, decision: String)] = []
    /// The undo history, oldest first.
    var history: [String] = []
    var typeIDs: [(deviceClass: String, typeID: String)] = []
    var assetTypeClasses: [(assetType: String, deviceClass: String)] = []
}

/// A ``Change`` encoded for storing: what one commit writes.
struct StoredChange {
    struct Edit {
        var kind: DecisionSubject
        var id: Int
        /// The decision's JSON, or nil when the change leaves no decision.
        var decision: String?
        var before: String?
        var after: String?
        /// Whether the decision stored now (its JSON, nil for none) is the one the change was planned on: when it is
        /// not, someone else decided meanwhile and the commit is refused (``StoredConflict``).
        var isCurrent: (String?) -> Bool
    }

    enum History {
        case push(id: String, body: String)
        case pop(id: String)
        case none
    }

    var at: Date
    var user: String
    /// The machine the change was made on.
    var host: String
    var action: String
    var summary: String
    var createdOrganizations: [Organization]
    var createdConfigurations: [RematchCore.Configuration]
    var updatedConfigurations: [RematchCore.Configuration]
    var edits: [Edit]
    var history: History

    init(_ change: Change) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        func json(_ value: some Encodable) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
        at = change.at
        user = change.user
        host = StoredChange.host
        action = change.action
        summary = change.summary
        createdOrganizations = change.createdOrganizations
        createdConfigurations = change.createdConfigurations
        updatedConfigurations = change.updatedConfigurations
        /// Compares decoded values, not text: a decision stored by another version may be spelt differently.
        func current<Decision: Decodable & Equatable>(_ before: Decision?) -> (String?) -> Bool {
            { stored in stored.flatMap { try? JSONDecoder().decode(Decision.self, from: Data($0.utf8)) } == before }
        }
        edits = try change.edits.map { edit in
            switch edit {
            case let .customer(id, before, after):
                Edit(kind: .customer, id: id, decision: try after.map(json), before: before?.auditText, after: after?.auditText,
                     isCurrent: current(before))
            case let .asset(id, before, after):
                Edit(kind: .asset, id: id, decision: try after.map(json), before: before?.auditText, after: after?.auditText,
                     isCurrent: current(before))
            }
        }
        switch change.history {
        case .push: history = .push(id: change.id.uuidString, body: try json(change))
        case .pop(let id): history = .pop(id: id.uuidString)
        case .none: history = .none
        }
    }
}

extension StoredChange {
    /// This machine's name, as the audit log and each decision record it.
    static let host = ProcessInfo.processInfo.hostName

    /// One audit line per record the change decided, in its order.
    var auditLines: [AuditEntry] {
        edits.map {
            AuditEntry(at: at, user: user, host: host, action: action, subjectKind: $0.kind.rawValue, subjectID: $0.id,
                       before: $0.before, after: $0.after, summary: summary)
        }
    }
}

/// The decision stored now for a record a change was planned on, when it is not the one the change expected.
struct StoredConflict: Error {
    var kind: DecisionSubject
    var id: Int
    /// The decision's JSON, nil when there is none now.
    var decision: String?
    var decidedBy: String?
    var decidedOn: String?
    var decidedAt: Date?
}

/// Everything a state holds but the kept list (a cache any front end rebuilds), as `migrate-state` copies it from one
/// store to another: decisions keep when they were made, audit lines and journal entries their times and order.
struct StateDump {
    struct Decision {
        var id: Int
        var decision: String
        var decidedAt: Date
        var decidedBy: String?
        var decidedOn: String?
    }

    struct JournalRow {
        var entry: JournalEntry
        var createdAt: Date
        var updatedAt: Date
    }

    var snapshot: Snapshot?
    var decisions: [DecisionSubject: [Decision]] = [:]
    /// The undo history, oldest first: each step's id and body.
    var history: [(id: String, body: String)] = []
    /// Oldest first.
    var audit: [AuditEntry] = []
    var typeIDs: [(deviceClass: String, typeID: String)] = []
    var assetTypeClasses: [(assetType: String, deviceClass: String)] = []
    var syncState: [String: String] = [:]
    var syncChanges: Data?
    /// Every entry, whatever its state, oldest first.
    var journal: [JournalRow] = []

    /// What a copy carried, for the command's report.
    var counts: StateCopy {
        StateCopy(customers: snapshot?.customers.count ?? 0, assets: snapshot?.assets.count ?? 0,
                  organizations: snapshot?.organizations.count ?? 0, configurations: snapshot?.configurations.count ?? 0,
                  decisions: decisions.values.map(\.count).reduce(0, +), auditLines: audit.count, undoSteps: history.count,
                  journalEntries: journal.count)
    }
}

/// What `migrate-state` copied.
public struct StateCopy: Sendable, Hashable {
    public var customers: Int
    public var assets: Int
    public var organizations: Int
    public var configurations: Int
    public var decisions: Int
    public var auditLines: Int
    public var undoSteps: Int
    public var journalEntries: Int
}
