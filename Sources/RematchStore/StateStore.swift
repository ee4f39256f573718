import Foundation
import RematchCore

/// One line of the audit log.
public struct AuditEntry: Sendable, Hashable {
    public var at: Date
    public var user: String
    /// The machine it was done on (nil for lines older than the record).
    public var host: String?
    public var action: String
    public var subjectKind: String
    public var subjectID: Int
    public var before: String?
    public var after: String?
    public var summary: String

    /// Who did it, for a screen: the user, and `@machine` when it was another machine than this one.
    public var who: String {
        guard let host, host != StoredChange.host else { return user }
        return "\(user)@\(host)"
    }
}

/// The state: the last snapshot, every decision, the audit log, the undo history and the write journal. It lives
/// in an SQLite file (the default: one machine, one process at a time) or in a PostgreSQL database (a team's
/// shared state), chosen by the location: a `postgres://` or `postgresql://` URL, or else a file path. Both
/// keep the same things behind one interface (``StateBackend``) and pass one test suite. A decision is committed
/// (durable) before `commit` returns.
public final class StateStore: Sendable {
    /// Where the state is, fit to show: the file's path, or the database's URL without its password.
    public let path: String
    let backend: any StateBackend

    /// Opens a state that another process (a console) may hold, to read it only: no lock is taken, and a
    /// state that is not up to date is not migrated but refused. For `status` and `export`.
    public convenience init(readingOnly location: String) throws(StoreError) {
        try self.init(location, readingOnly: true)
    }

    /// Opens the state to work on it, making or migrating it first when needed. Only one process may hold it.
    public convenience init(path location: String) throws(StoreError) {
        try self.init(location, readingOnly: false)
    }

    private init(_ location: String, readingOnly: Bool) throws(StoreError) {
        if let database = try PostgresLocation(parsing: location) {
            path = database.shown
            backend = try PostgresBackend(database, readingOnly: readingOnly)
        } else {
            path = location
            backend = readingOnly ? try SQLiteBackend(readingOnly: location) : try SQLiteBackend(path: location)
        }
    }

    /// Names of the migrations applied, oldest first.
    public func appliedMigrations() throws -> [String] { try backend.appliedMigrations() }

    // MARK: Snapshot

    /// Replaces the stored snapshot in one transaction: a failure leaves the previous one whole.
    public func saveSnapshot(_ snapshot: Snapshot) throws { try backend.saveSnapshot(snapshot) }
    /// The stored snapshot, or nil before the first sync.
    public func loadSnapshot() throws -> Snapshot? { try backend.loadSnapshot() }
    /// Whether a sync has stored a snapshot yet (without loading it).
    public func hasSnapshot() throws -> Bool { try backend.hasSnapshot() }
    /// How many customers and assets the stored snapshot holds, counted without loading it.
    public func snapshotCounts() throws -> (customers: Int, assets: Int) { try backend.snapshotCounts() }

    /// Adds records Rematch created in IT Glue that a snapshot stored since did not have (each once).
    public func insertCreatedRecords(organizations: [Organization], configurations: [RematchCore.Configuration],
                                     updated: [RematchCore.Configuration] = []) throws {
        guard !organizations.isEmpty || !configurations.isEmpty || !updated.isEmpty else { return }
        try backend.insertCreatedRecords(organizations: organizations, configurations: configurations, updated: updated)
    }

    // MARK: Decisions

    /// The workspace as stored: the snapshot (empty before the first sync) with every decision,
    /// the undo history and the type mapping.
    public func loadWorkspace() throws -> Workspace {
        let snapshot = try loadSnapshot() ?? Snapshot()
        let stored = try backend.storedDecisions()
        let decoder = JSONDecoder()
        /// A decision the store cannot read is named, so a person can find it; it is never dropped silently.
        func decode<T: Decodable>(_ type: T.Type, _ text: String, what: String) throws -> T {
            do { return try decoder.decode(type, from: Data(text.utf8)) } catch {
                throw StoreError("\(path) holds a \(what) this version of Rematch cannot read (\(text.prefix(60))). "
                    + "Was it written by a newer Rematch?")
            }
        }
        var customers: [Int: CustomerDecision] = [:]
        for (id, text) in stored.customers {
            customers[id] = try decode(CustomerDecision.self, text, what: "decision about Syncro customer #\(id)")
        }
        var devices: [Int: DeviceDecision] = [:]
        for (id, text) in stored.assets {
            devices[id] = try decode(DeviceDecision.self, text, what: "decision about Syncro asset #\(id)")
        }
        let history = try stored.history.map { try decode(Change.self, $0, what: "step in the undo history") }
        var mapping: DeviceTypeMapping?
        if !stored.typeIDs.isEmpty || !stored.assetTypeClasses.isEmpty {
            var kept = DeviceTypeMapping()
            for (deviceClass, typeID) in stored.typeIDs {
                if let deviceClass = DeviceClass(rawValue: deviceClass) { kept[deviceClass] = typeID }
            }
            for (assetType, deviceClass) in stored.assetTypeClasses {
                if let deviceClass = DeviceClass(rawValue: deviceClass) { kept.assetTypeClasses[assetType] = deviceClass }
            }
            mapping = kept
        }
        return Workspace(snapshot: snapshot, customerDecisions: customers, deviceDecisions: devices,
                         history: history, typeMapping: mapping)
    }

    /// Commits a change in one transaction: decisions, created records, audit lines and undo history.
    /// Apply it to the workspace only after this returns. A change planned on a decision that is no longer the
    /// stored one (another console decided the record meanwhile) is refused whole with ``DecisionConflict``:
    /// nothing is silently overwritten.
    public func commit(_ change: Change) throws {
        do {
            try backend.commit(StoredChange(change))
        } catch let conflict as StoredConflict {
            throw DecisionConflict(conflict)
        }
    }

    public func saveTypeMapping(_ mapping: DeviceTypeMapping) throws { try backend.saveTypeMapping(mapping) }

    /// The newest audit lines first, at most `limit`, only those written at or after `since` when given.
    public func auditLog(limit: Int = 100, since: Date? = nil) throws -> [AuditEntry] {
        try backend.auditLog(limit: limit, since: since)
    }

    // MARK: Copying

    /// Whether the state holds nothing yet: no snapshot, decision, audit line, undo step or journal entry.
    public func isEmpty() throws -> Bool { try backend.isEmpty() }

    /// Copies everything this state holds into `destination`, which must be empty (nothing is overwritten), in one
    /// transaction there, and reads the copy back to check it: decisions, undo history, audit log (with its times),
    /// type mapping, sync state, the last sync's changes and the write journal (with its ids and states). The kept
    /// list is not copied: the console rebuilds it.
    public func copy(to destination: StateStore) throws -> StateCopy {
        guard try destination.isEmpty() else {
            throw StoreError("\(destination.path) already holds a Rematch state; nothing was copied. Copy into an empty one.")
        }
        let dump = try backend.dump()
        try destination.backend.restore(dump)
        let copied = try destination.backend.dump()
        guard copied.counts == dump.counts, copied.snapshot == dump.snapshot,
              copied.decisions.mapValues({ $0.map(\.decision) }) == dump.decisions.mapValues({ $0.map(\.decision) }),
              copied.journal.map(\.entry.comparable) == dump.journal.map(\.entry.comparable) else {
            throw StoreError("The copy in \(destination.path) does not read back as \(path) holds it; keep using \(path).")
        }
        return dump.counts
    }

    // MARK: The kept list

    /// The state's revision: bumped by every write that changes what the kept list shows.
    public func revision() throws -> Int { try backend.revision() }

    /// Keeps a front end's copy of what it last drew if the state is still at `revision` (the one it was derived
    /// at); returns whether it was kept. A value from an older revision is never written. The store does not
    /// read it: every snapshot, commit and type-mapping write bumps the revision, so a list that any later write
    /// could have changed is never handed out.
    @discardableResult
    public func saveKeptList(_ body: Data, revision: Int) throws -> Bool { try backend.saveKeptList(body, revision: revision) }

    /// The revision the kept value was written at, if there is one.
    public func keptListRevision() throws -> Int? { try backend.keptListRevision() }

    /// The kept value, or nil when there is none or a later write made it stale.
    public func keptList() throws -> Data? { try backend.keptList() }
}

/// Someone else decided a record meanwhile, so a change planned on what was there before was not saved.
public struct DecisionConflict: Error, Sendable, CustomStringConvertible {
    /// "Syncro customer #12" or "Syncro asset #9001".
    public var subject: String
    /// What is decided now, in the audit log's words; nil when there is no decision now.
    public var current: String?
    public var decidedBy: String?
    public var decidedOn: String?
    public var decidedAt: Date?

    init(_ conflict: StoredConflict) {
        subject = conflict.kind.named(conflict.id)
        current = conflict.decision.flatMap { text in
            let data = Data(text.utf8)
            return switch conflict.kind {
            case .customer: (try? JSONDecoder().decode(CustomerDecision.self, from: data))?.auditText
            case .asset: (try? JSONDecoder().decode(DeviceDecision.self, from: data))?.auditText
            }
        }
        decidedBy = conflict.decidedBy
        decidedOn = conflict.decidedOn
        decidedAt = conflict.decidedAt
    }

    public var description: String {
        var who = ""
        if let decidedBy { who += " by \(decidedBy)" }
        if let decidedOn { who += " on \(decidedOn)" }
        if let decidedAt {
            let format = DateFormatter()
            format.locale = Locale(identifier: "en_US_POSIX")
            format.dateFormat = "yyyy-MM-dd HH:mm"
            who += " at \(format.string(from: decidedAt))"
        }
        let now = current.map { "it is now \($0)" } ?? "it has no decision now"
        return "\(subject) was decided meanwhile\(who): \(now). Your change was not saved; look again at the current state."
    }
}

/// Compact text forms for the few list fields, faster to load than JSON for 200,000 assets.
enum Packing {
    static let field: Character = "\u{1F}"
    static let record: Character = "\u{1E}"
    private static let fieldByte: UInt8 = 0x1F
    private static let recordByte: UInt8 = 0x1E

    /// Records of fields in one text column: fields split by U+001F, records by U+001E (removed from values).
    static func pack(records: [[String]]) -> String {
        records.map { $0.map(clean).joined(separator: String(field)) }.joined(separator: String(record))
    }

    static func pack(_ adapters: [NetworkAdapter]) -> String {
        pack(records: adapters.map { [$0.name, $0.macAddress ?? ""] })
    }

    /// The two fields of an adapter, on UTF-8 bytes (the separators are ASCII control characters, so no grapheme
    /// breaking is needed), without an array per record: this runs for every asset when a state is opened.
    static func unpackAdapters(_ text: String) -> [NetworkAdapter] {
        guard !text.isEmpty else { return [] }
        return text.utf8.split(separator: recordByte, omittingEmptySubsequences: false).map { item in
            guard let split = item.firstIndex(of: fieldByte) else { return NetworkAdapter(name: String(decoding: item, as: UTF8.self), macAddress: nil) }
            let mac = item[item.index(after: split)...]
            return NetworkAdapter(name: String(decoding: item[..<split], as: UTF8.self),
                                  macAddress: mac.isEmpty ? nil : String(decoding: mac, as: UTF8.self))
        }
    }

    static func pack(_ list: [String]) -> String { list.map(clean).joined(separator: String(record)) }

    static func unpackList(_ text: String) -> [String] {
        text.isEmpty ? [] : text.utf8.split(separator: recordByte).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The separators cannot appear inside a value.
    private static func clean(_ text: String) -> String {
        text.contains(field) || text.contains(record) ? String(text.filter { $0 != field && $0 != record }) : text
    }
}
