import Foundation
import RematchTestSupport
import Testing
@testable import RematchCore
@testable import RematchStore

@Suite("The last sync's changes and the audit log in the state file", .serialized)
struct SyncChangesStoreTests {
    @Test("the last sync's changes round-trip, replace the previous ones, and read while another process holds the file", arguments: StoreKind.allCases)
    func changesRoundTrip(_ kind: StoreKind) throws {
        let state = try TestState(kind)
        defer { state.cleanUp() }
        let path = state.location
        let store = try StateStore(path: path)
        #expect(try store.syncChanges() == nil)
        let before = Workspace(snapshot: sampleSnapshot)
        var snapshot = sampleSnapshot
        snapshot.assets.removeAll { $0.id == 11 }
        snapshot.customers[1].lastName = "Novak-Smith"
        let changes = SyncChanges(before: before, after: before.resynced(with: snapshot), at: Date(timeIntervalSince1970: 1_800_000_000))
        try store.saveSyncChanges(SyncChanges(before: Workspace(snapshot: Snapshot()), after: before, at: Date()))
        try store.saveSyncChanges(changes)
        #expect(try store.syncChanges() == changes)
        let reader = try StateStore(readingOnly: path)
        let read = try #require(try reader.syncChanges())
        #expect(read.vanishedDevices.map(\.id) == [11])
        #expect(read.renamedCustomers.map(\.name) == ["Mary Novak-Smith"])
        #expect(read.at == Date(timeIntervalSince1970: 1_800_000_000))
    }

    @Test("the audit log reads newest first, since a time, within a limit", arguments: StoreKind.allCases)
    func auditSince(_ kind: StoreKind) throws {
        let state = try TestState(kind)
        defer { state.cleanUp() }
        let path = state.location
        var session = MatchingSession(store: try StateStore(path: path), user: "tech", workspace: Workspace(snapshot: sampleSnapshot))
        let store = session.store
        try store.saveSnapshot(sampleSnapshot)
        let early = Date(timeIntervalSince1970: 1_800_000_000), late = Date(timeIntervalSince1970: 1_800_086_400)
        try session.perform(.ignore(customers: [2]), at: early)
        try session.perform(.ignoreDevice(assets: [11]), at: late)
        try session.perform(.unignore(customers: [2]), at: late.addingTimeInterval(60))
        #expect(try store.auditLog().map(\.action) == ["unignore", "ignore-device", "ignore"])
        #expect(try store.auditLog(since: late).map(\.action) == ["unignore", "ignore-device"])
        #expect(try store.auditLog(limit: 1, since: early).map(\.action) == ["unignore"])
        #expect(try store.auditLog(since: late.addingTimeInterval(61)).isEmpty)
        #expect(try store.auditLog(limit: 2).map(\.subjectID) == [2, 11])
    }
}
