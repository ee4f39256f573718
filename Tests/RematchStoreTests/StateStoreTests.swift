import Foundation
import GRDB
import RematchTestSupport
import Testing
@testable import RematchCore
@testable import RematchStore

/// A fresh state file path in a temporary folder, removed by the caller with `cleanUp`.
func temporaryStatePath() -> String {
    temporaryDirectory("rematch-store") + "/state.sqlite"
}

func cleanUp(_ path: String) {
    try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
}

let sampleSnapshot = Snapshot(
    customers: [Customer(id: 1, businessName: "Henderson Plumbing & Heating", email: "office@hend.example", phone: "555-0100"),
                Customer(id: 2, firstName: "Mary", lastName: "Novak")],
    assets: [Asset(id: 11, customerID: 1, name: "HEND-DT01", assetSerial: "S1", agentSerial: "HEND0001",
                   adapters: [NetworkAdapter(name: "Ethernet", macAddress: "3C-52-82-00-00-01"),
                              NetworkAdapter(name: "Wi-Fi \u{1F}odd", macAddress: nil)],
                   formFactor: "Desktop", osName: "Windows 11 Pro", manufacturer: "Dell", model: "OptiPlex 7090",
                   assetType: "Syncro Device", itGlueLink: "https://acme.itglue.com/100/configurations/1001"),
             Asset(id: 21, customerID: 2, name: "MARY-PC")],
    organizations: [Organization(id: "100", name: "Henderson Plumbing and Heating", typeName: "Customer", statusName: "Active",
                                 domains: ["hendersonplumbing.example"], phones: ["555-201-3344", "555-201-3345 x2"]),
                    Organization(id: "400", name: "Novak, Mary")],
    configurations: [Configuration(id: "1001", organizationID: "100", name: "HEND-DT01", hostname: "hend-dt01",
                                   macAddress: "3c:52:82:00:00:01", interfaceMACs: ["3c:52:82:00:00:02"],
                                   serialNumber: "HEND0001", configurationTypeID: "1", configurationTypeName: "Managed Workstation",
                                   configurationStatusID: "1", configurationStatusName: "Active", archived: true,
                                   resourceURL: "https://acme.itglue.com/100/configurations/1001", psaIntegration: "enabled")],
    configurationTypes: [ConfigurationType(id: "1", name: "Managed Workstation")],
    configurationStatuses: [ConfigurationStatus(id: "1", name: "Active")],
    takenAt: Date(timeIntervalSince1970: 1_790_000_000)
)

@Suite("State store", .serialized)
struct StateStoreTests {
    @Test("the state path comes from --state, then REMATCH_STATE, then XDG_DATA_HOME, then HOME")
    func statePath() {
        #expect(StatePath.resolve(explicit: "/x/s.sqlite", environment: ["REMATCH_STATE": "/y"]) == "/x/s.sqlite")
        #expect(StatePath.resolve(environment: ["REMATCH_STATE": "/y/s.sqlite", "XDG_DATA_HOME": "/d"]) == "/y/s.sqlite")
        #expect(StatePath.resolve(environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"]) == "/d/rematch/state.sqlite")
        #expect(StatePath.resolve(environment: ["XDG_DATA_HOME": "relative", "HOME": "/h"]) == "/h/.local/share/rematch/state.sqlite")
        #expect(StatePath.resolve(environment: ["HOME": "/h"]) == "/h/.local/share/rematch/state.sqlite")
    }

    @Test("a snapshot round-trips field by field", arguments: StoreKind.allCases)
    func snapshotRoundTrip(_ kind: StoreKind) throws {
        let state = try TestState(kind)
        defer { state.cleanUp() }
        let path = state.location
        let store = try StateStore(path: path)
        #expect(try store.loadSnapshot() == nil)
        try store.saveSnapshot(sampleSnapshot)
        var expected = sampleSnapshot
        expected.assets[0].adapters[1].name = "Wi-Fi odd"  // the packing separator cannot survive
        #expect(try store.loadSnapshot() == expected)
    }

    @Test("decisions, audit log and undo history survive reopening", arguments: StoreKind.allCases)
    func decisionsPersist(_ kind: StoreKind) throws {
        let state = try TestState(kind)
        defer { state.cleanUp() }
        let path = state.location
        do {
            let store = try StateStore(path: path)
            try store.saveSnapshot(sampleSnapshot)
            var workspace = try store.loadWorkspace()
            for action in [Action.acceptSuggestion(customers: [2]), .ignoreDevice(assets: [21])] {
                let change = try workspace.plan(action, user: "tech")
                try store.commit(change)
                workspace.apply(change)
            }
        }
        let store = try StateStore(path: path)
        var workspace = try store.loadWorkspace()
        #expect(workspace.status(ofCustomer: 2).organizationID == "400")
        #expect(workspace.status(ofAsset: 21).state == .ignored)
        #expect(workspace.history.count == 2)
        let audit = try store.auditLog()
        #expect(audit.map(\.action) == ["ignore-device", "accept-suggestion"])
        #expect(audit[1].user == "tech")
        #expect(audit[1].before == nil)
        #expect(audit[1].after == "matched to organization #400 (accepted)")

        let undo = try workspace.planUndo(user: "tech")
        try store.commit(undo)
        workspace.apply(undo)
        let reopened = try store.loadWorkspace()
        #expect(reopened.status(ofAsset: 21).state == .unmatched)
        #expect(reopened.history.count == 1)
        #expect(try store.auditLog(limit: 1).first?.action == "undo")
    }

    @Test("created records are stored with the decision that made them", arguments: StoreKind.allCases)
    func createdRecords(_ kind: StoreKind) throws {
        let state = try TestState(kind)
        defer { state.cleanUp() }
        let path = state.location
        let store = try StateStore(path: path)
        try store.saveSnapshot(sampleSnapshot)
        var workspace = try store.loadWorkspace()
        let create = try workspace.plan(.createOrganization(customers: [2]), user: "tech")
        try store.commit(create)
        workspace.apply(create)
        let organization = Organization(id: "999", name: "Mary Novak")
        let created = try workspace.plan(.organizationCreated(customers: [2], organization: organization), user: "sync")
        try store.commit(created)
        let reopened = try store.loadWorkspace()
        #expect(reopened.catalog.organization("999") == organization)
        #expect(reopened.status(ofCustomer: 2).organizationID == "999")
        #expect(reopened.status(ofCustomer: 2).origin == .created)
    }

    @Test("a change planned on a decision someone changed meanwhile is refused whole, naming who, where and what is decided now",
          arguments: StoreKind.allCases)
    func conflictingDecisions(_ kind: StoreKind) throws {
        let state = try TestState(kind)
        defer { state.cleanUp() }
        let store = try StateStore(path: state.location)
        try store.saveSnapshot(sampleSnapshot)
        // Two technicians' sessions, both opened before either decided.
        var first = MatchingSession(store: store, user: "dana", workspace: try store.loadWorkspace())
        var second = MatchingSession(store: store, user: "lee", workspace: try store.loadWorkspace())
        try first.perform(.ignore(customers: [2]), at: Date(timeIntervalSince1970: 1_800_000_000))
        #expect {
            try second.perform(.acceptSuggestion(customers: [1, 2]))
        } throws: { error in
            guard let conflict = error as? DecisionConflict else { return false }
            return conflict.subject == "Syncro customer #2" && conflict.decidedBy == "dana" && conflict.decidedOn == ProcessInfo.processInfo.hostName
                && conflict.current == "ignored" && conflict.decidedAt == Date(timeIntervalSince1970: 1_800_000_000)
                && "\(conflict)".contains("Syncro customer #2 was decided meanwhile by dana on ")
                && "\(conflict)".contains("it is now ignored. Your change was not saved")
        }
        // Nothing of the refused change was kept: not customer 1's acceptance, not an audit line, not an undo step.
        let stored = try store.loadWorkspace()
        #expect(stored.customerDecisions[1] == nil && stored.customerDecisions[2] == .ignored)
        #expect(stored.history.count == 1)
        #expect(try store.auditLog().map(\.user) == ["dana"])
        #expect(second.workspace.customerDecisions.isEmpty)
        // Each audit line says where it was done.
        #expect(try store.auditLog().first?.host == ProcessInfo.processInfo.hostName)
        // Planned on what is stored now, the same step goes through.
        var reopened = MatchingSession(store: store, user: "lee", workspace: try store.loadWorkspace())
        try reopened.perform(.unignore(customers: [2]))
        #expect(try store.loadWorkspace().customerDecisions[2] == nil)
    }

    @Test("the write journal: many intents at once keep their order and subjects; states, times and filters", arguments: StoreKind.allCases)
    func journal(_ kind: StoreKind) throws {
        let state = try TestState(kind)
        defer { state.cleanUp() }
        let store = try StateStore(path: state.location)
        // More than one statement's worth of rows on PostgreSQL.
        let intents = (1...9_000).map { (kind: $0.isMultiple(of: 3) ? JournalEntry.Kind.organization : .configuration, subjectID: $0,
                                         organizationID: $0.isMultiple(of: 3) ? nil : "org-\($0 % 7)", name: "DEVICE-\($0)") }
        let added = try store.addJournalEntries(intents)
        #expect(added.map(\.subjectID) == intents.map(\.subjectID))
        #expect(added.map(\.name) == intents.map(\.name))
        #expect(zip(added, added.dropFirst()).allSatisfy { $0.id < $1.id })
        #expect(try store.journal() == added)
        let sent = added.prefix(3).map(\.id)
        try store.updateJournal(sent, state: .sent)
        try store.updateJournal([sent[0]], state: .done, remoteID: "42")
        try store.updateJournal([sent[1]], state: .failed, message: "refused")
        let all = try store.journal(states: [.pending, .sent, .done, .failed])
        #expect(all.count == 9_000)
        #expect(all[0].state == .done && all[0].remoteID == "42" && all[0].sentAt != nil)
        #expect(all[1].state == .failed && all[1].message == "refused" && all[1].sentAt != nil)
        #expect(all[2].state == .sent)
        #expect(all[3].sentAt == nil)
        // Subject 3 (an organization) was sent, so it is still open; subject 1 (a configuration) is done.
        #expect(try store.journal(kind: .organization).count == 3_000)
        #expect(try store.journal(kind: .configuration, states: [.done]).map(\.subjectID) == [1])
    }

    @Test("the type mapping persists", arguments: StoreKind.allCases)
    func typeMapping(_ kind: StoreKind) throws {
        let state = try TestState(kind)
        defer { state.cleanUp() }
        let path = state.location
        let store = try StateStore(path: path)
        try store.saveSnapshot(sampleSnapshot)
        var mapping = DeviceTypeMapping()
        mapping[.laptop] = "1"
        try store.saveTypeMapping(mapping)
        let workspace = try store.loadWorkspace()
        #expect(workspace.chosenTypeMapping == mapping)
        #expect(workspace.typeMapping[.laptop] == "1")
    }

    @Test("a state file made read-only stays so: a writer is told, a reader still reads")
    func readOnlyFile() throws {
        let path = temporaryStatePath()
        defer { cleanUp(path) }
        do { _ = try StateStore(path: path) }
        #expect(chmod(path, 0o400) == 0)
        if getuid() == 0 {
            // Permissions do not bind root: the file opens, and its mode must still be left as it is.
            do { _ = try StateStore(path: path) }
        } else {
            #expect {
                _ = try StateStore(path: path)
            } throws: { error in
                "\(error)".contains("cannot be written") && "\(error)".contains("chmod u+w")
            }
        }
        var status = stat()
        #expect(stat(path, &status) == 0 && status.st_mode & 0o777 == 0o400, "the file's mode was changed")
        _ = try StateStore(readingOnly: path)
        chmod(path, 0o640)
        do { _ = try StateStore(path: path) }
        #expect(stat(path, &status) == 0 && status.st_mode & 0o777 == 0o600, "group and others keep no access")
    }

    @Test("an SQLite file that is not a Rematch state is refused and left as it was")
    func foreignDatabase() throws {
        let path = temporaryStatePath()
        defer { cleanUp(path) }
        let other = try DatabaseQueue(path: path)
        try other.write { try $0.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)") }
        try other.close()
        for open in [{ _ = try StateStore(path: path) }, { _ = try StateStore(readingOnly: path) }] {
            #expect {
                try open()
            } throws: { error in
                "\(error)".contains("not a Rematch state file")
            }
        }
        let tables = try DatabaseQueue(path: path).read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") }
        #expect(tables == ["invoices"], "the file was migrated")
    }

    @Test("a sync that began and recorded no end reads as not finished, never as the last one's OK", arguments: StoreKind.allCases)
    func unfinishedSync(_ kind: StoreKind) throws {
        let state = try TestState(kind)
        defer { state.cleanUp() }
        let path = state.location
        let store = try StateStore(path: path)
        try store.recordSync(success: true, error: nil)
        try store.recordSyncStarted()
        #expect(try store.syncState().status == .running)
        #expect(try StateStore(readingOnly: path).syncState().status == .running)
        try store.recordSync(success: true, error: nil)
        #expect(try store.syncState().status == .ok)
    }

    @Test("a second store on the same state gets a clear message that names the holder", arguments: StoreKind.allCases)
    func secondProcess(_ kind: StoreKind) throws {
        let state = try TestState(kind)
        defer { state.cleanUp() }
        let first = try StateStore(path: state.location)
        #expect {
            _ = try StateStore(path: state.location)
        } throws: { error in
            switch kind {
            case .sqlite: "\(error)".contains("Another Rematch process (pid \(getpid())) is using \(state.location)")
            case .postgres: "\(error)".contains("Another Rematch process (rematch \(OSUser.current)@")
                && "\(error)".contains("pid \(getpid())) is using the state \(first.path)")
            }
        }
        // A reader is never refused.
        _ = try StateStore(readingOnly: state.location)
        _ = first
    }

    @Test("the lock is released when the store closes", arguments: StoreKind.allCases)
    func lockReleased(_ kind: StoreKind) throws {
        let state = try TestState(kind)
        defer { state.cleanUp() }
        let path = state.location
        do { _ = try StateStore(path: path) }
        _ = try StateStore(path: path)
    }

    @Test("migrations are versioned and a newer file is refused")
    func migrations() throws {
        let path = temporaryStatePath()
        defer { cleanUp(path) }
        do {
            let store = try StateStore(path: path)
            #expect(try store.appliedMigrations() == ["v1: snapshot, decisions, audit log, undo history", "v2: audit log by subject",
                                                       "v3: sync state and write journal", "v4: IT Glue links",
                                                       "v5: customer list for a fast start",
                                                       "v6: the kept list as one value the console owns",
                                                       "v7: the last sync's changes",
                                                       "v8: disabled customers and the account's own organization (#11)",
                                                       "v9: configurations a PSA keeps (#11)",
                                                       "v10: organizations' domains and location phones (#12)",
                                                       "v11: when each unanswered write was sent (#13)",
                                                       "v12: who decided, and on which machine (#27)"])
        }
        // A v1-only file is brought up to date.
        let old = temporaryStatePath()
        defer { cleanUp(old) }
        try FileManager.default.createDirectory(atPath: (old as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        do {
            let queue = try DatabaseQueue(path: old)
            try Schema.migrator.migrate(queue, upTo: "v1: snapshot, decisions, audit log, undo history")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO customer_decision (customer_id, decision, decided_at) VALUES (1, '{\"ignored\":{}}', 0)")
            }
        }
        let upgraded = try StateStore(path: old)
        #expect(try upgraded.appliedMigrations().count == Schema.migrator.migrations.count)
        #expect(try upgraded.syncChanges() == nil)
        #expect(try upgraded.keptList() == nil)
        #expect(try upgraded.loadWorkspace().customerDecisions[1] == .ignored)
        // A file from a newer Rematch.
        let newer = temporaryStatePath()
        defer { cleanUp(newer) }
        do {
            _ = try StateStore(path: newer)
        }
        do {
            let queue = try DatabaseQueue(path: newer)
            try queue.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')")
            }
        }
        #expect {
            _ = try StateStore(path: newer)
        } throws: { error in
            "\(error)".contains("written by a newer Rematch")
        }
    }

    @Test("the state file is private to its owner")
    func permissions() throws {
        let path = temporaryStatePath()
        defer { cleanUp(path) }
        _ = try StateStore(path: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test("an unwritable location gets a clear message")
    func unwritable() {
        #expect {
            _ = try StateStore(path: "/proc/rematch/state.sqlite")
        } throws: { error in
            "\(error)".contains("state file")
        }
    }
}
