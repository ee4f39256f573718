import Foundation
import GRDB
import RematchTestSupport
import Testing
@testable import RematchCore
@testable import RematchStore

@Suite("Matching session", .serialized)
struct MatchingSessionTests {
    @Test("an action is committed, then applied, with the OS user in the audit log", arguments: StoreKind.allCases)
    func performCommitsFirst(_ kind: StoreKind) throws {
        let state = try TestState(kind)
        defer { state.cleanUp() }
        let path = state.location
        let store = try StateStore(path: path)
        try store.saveSnapshot(sampleSnapshot)
        var session = try MatchingSession(store: store)
        #expect(session.user == OSUser.current)
        #expect(!session.user.isEmpty)
        try session.perform(.acceptSuggestion(customers: [2]))
        #expect(session.workspace.status(ofCustomer: 2).state == .matched)
        #expect(try store.auditLog().first?.user == OSUser.current)
        #expect(try store.loadWorkspace().status(ofCustomer: 2).state == .matched)
        try session.undo()
        #expect(try store.loadWorkspace().status(ofCustomer: 2).state == .unmatched)
    }

    @Test("a failed commit leaves the workspace as it was", arguments: StoreKind.allCases)
    func failedCommit(_ kind: StoreKind) throws {
        let state = try TestState(kind)
        defer { state.cleanUp() }
        let path = state.location
        let store = try StateStore(path: path)
        try store.saveSnapshot(sampleSnapshot)
        var session = try MatchingSession(store: store)
        // Break the file behind the store's back, as a full disk or a damaged file would.
        try state.sabotage("DROP TABLE audit_log")
        #expect(throws: (any Error).self) { try session.perform(.acceptSuggestion(customers: [2])) }
        #expect(session.workspace.status(ofCustomer: 2).state == .unmatched)
        #expect(session.workspace.history.isEmpty)
        #expect(try store.loadWorkspace().customerDecisions.isEmpty)
    }

    @Test("a new snapshot in the file keeps every decision", arguments: StoreKind.allCases)
    func resync(_ kind: StoreKind) throws {
        let state = try TestState(kind)
        defer { state.cleanUp() }
        let path = state.location
        let store = try StateStore(path: path)
        try store.saveSnapshot(sampleSnapshot)
        var session = try MatchingSession(store: store)
        try session.perform(.ignore(customers: [2]))
        var next = sampleSnapshot
        next.customers[1].lastName = "Novak-Smith"
        try store.saveSnapshot(next)
        let reopened = try MatchingSession(store: store)
        #expect(reopened.workspace.status(ofCustomer: 2).state == .ignored)
        #expect(reopened.workspace.catalog.customer(2)?.lastName == "Novak-Smith")
        // Built in memory the way a sync does, the same.
        let resynced = session.workspace.resynced(with: next)
        #expect(resynced.status(ofCustomer: 2).state == .ignored)
    }
}
