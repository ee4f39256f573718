import Foundation
import RematchTestSupport
import Testing
@testable import RematchCore
@testable import RematchStore

@Suite("Copying a state between stores (migrate-state)", .serialized)
struct StateCopyTests {
    /// A state with something in every table: decisions, undo history, audit log, type mapping, sync status, the last
    /// sync's changes and journal entries in every state.
    static func fill(_ store: StateStore) throws {
        try store.saveSnapshot(sampleSnapshot)
        var session = MatchingSession(store: store, user: "tech", workspace: try store.loadWorkspace())
        try session.perform(.acceptSuggestion(customers: [2]), at: Date(timeIntervalSince1970: 1_800_000_000))
        try session.perform(.ignoreDevice(assets: [21]), at: Date(timeIntervalSince1970: 1_800_000_060))
        try session.perform(.ignore(customers: [1]), at: Date(timeIntervalSince1970: 1_800_000_120))
        try session.undo(at: Date(timeIntervalSince1970: 1_800_000_180))
        var mapping = DeviceTypeMapping()
        mapping[.laptop] = "1"
        mapping.assetTypeClasses["Syncro Device"] = .desktop
        try session.setTypeMapping(mapping)
        try store.recordSync(success: true, error: nil, at: Date(timeIntervalSince1970: 1_800_000_240))
        try store.saveSyncChanges(SyncChanges(before: Workspace(snapshot: Snapshot()), after: session.workspace,
                                              at: Date(timeIntervalSince1970: 1_800_000_240)))
        let entries = try store.addJournalEntries([(.organization, 1, nil, "Henderson"), (.configuration, 11, "100", "HEND-DT01"),
                                                   (.configuration, 21, "400", "MARY-PC")])
        try store.updateJournal([entries[0].id], state: .done, remoteID: "777")
        try store.updateJournal([entries[1].id], state: .sent)
    }

    static func contents(_ store: StateStore) throws -> (Workspace, [AuditEntry], [JournalEntry], SyncState, SyncChanges?) {
        (try store.loadWorkspace(), try store.auditLog(limit: 1000),
         try store.journal(states: [.pending, .sent, .done, .failed]).map(\.comparable), try store.syncState(), try store.syncChanges())
    }

    @Test("SQLite into PostgreSQL and back loses nothing; a state that is not empty is never written over")
    func roundTrip() throws {
        let file = try TestState(.sqlite), database = try TestState(.postgres), back = try TestState(.sqlite)
        defer { [file, database, back].forEach { $0.cleanUp() } }
        let original = try StateStore(path: file.location)
        try Self.fill(original)
        let shared = try StateStore(path: database.location)
        let copied = try original.copy(to: shared)
        #expect(copied == StateCopy(customers: 2, assets: 2, organizations: 2, configurations: 1, decisions: 2, auditLines: 4,
                                    undoSteps: 2, journalEntries: 3))
        let returned = try StateStore(path: back.location)
        _ = try shared.copy(to: returned)
        let (workspace, audit, journal, sync, changes) = try Self.contents(original)
        for copy in [shared, returned] {
            let (copiedWorkspace, copiedAudit, copiedJournal, copiedSync, copiedChanges) = try Self.contents(copy)
            #expect(try copy.loadSnapshot() == original.loadSnapshot())
            #expect(copiedWorkspace.customerDecisions == workspace.customerDecisions)
            #expect(copiedWorkspace.deviceDecisions == workspace.deviceDecisions)
            #expect(copiedWorkspace.history.map(\.id) == workspace.history.map(\.id))
            #expect(copiedWorkspace.chosenTypeMapping == workspace.chosenTypeMapping)
            #expect(copiedAudit == audit)
            #expect(copiedJournal == journal)
            #expect(copiedSync == sync)
            #expect(copiedChanges == changes)
        }
        // A new journal entry in the copy is numbered after the copied ones.
        let next = try shared.addJournalEntries([(.configuration, 11, "100", "HEND-DT01")])
        #expect(next[0].id > journal.map(\.id).max() ?? 0)
        // Undo still works in the copy.
        var session = try MatchingSession(store: shared, user: "tech")
        try session.undo()
        #expect(try shared.loadWorkspace().deviceDecisions[21] == nil)
        // Copying into a state that holds anything is refused, and changes nothing there.
        let before = try shared.auditLog(limit: 1000)
        #expect {
            _ = try original.copy(to: shared)
        } throws: { error in
            "\(error)".contains("already holds a Rematch state")
        }
        #expect(try shared.auditLog(limit: 1000) == before)
    }
}
