import Foundation
import RematchTestSupport
import Testing
@testable import RematchCore
@testable import RematchStore

@Suite("The kept list", .serialized)
struct KeptListTests {
    @Test("the kept value reads back as written, and only at the revision it was written at", arguments: StoreKind.allCases)
    func roundTripAndRevision(_ kind: StoreKind) throws {
        let state = try TestState(kind)
        defer { state.cleanUp() }
        let path = state.location
        let store = try StateStore(path: path)
        #expect(try store.keptList() == nil)
        try store.saveSnapshot(sampleSnapshot)
        var session = try MatchingSession(store: store)
        let body = Data("any value the console keeps \u{1E}\u{0}".utf8)
        let revision = try store.revision()
        #expect(try store.saveKeptList(body, revision: revision))
        #expect(try store.keptList() == body)
        #expect(try store.keptListRevision() == revision)
        // Any commit makes it stale; a value from before the commit is refused.
        try session.perform(.acceptSuggestion(customers: [2]))
        #expect(try store.revision() == revision + 1)
        #expect(try store.keptList() == nil)
        #expect(try !store.saveKeptList(body, revision: revision))
        // Kept again at the new revision; a snapshot or a type mapping makes it stale again.
        #expect(try store.saveKeptList(body, revision: revision + 1))
        #expect(try store.keptList() == body)
        try store.saveTypeMapping(DeviceTypeMapping())
        #expect(try store.keptList() == nil)
        #expect(try store.saveKeptList(body, revision: try store.revision()))
        try store.saveSnapshot(sampleSnapshot)
        #expect(try store.keptList() == nil)
        // Records added after a snapshot bump it too.
        #expect(try store.saveKeptList(body, revision: try store.revision()))
        try store.insertCreatedRecords(organizations: [Organization(id: "999", name: "Made Meanwhile")], configurations: [])
        #expect(try store.keptList() == nil)
        #expect(try store.loadWorkspace().catalog.organization("999")?.name == "Made Meanwhile")
    }

    @Test("a reader opens a file another process holds, without its lock; it never migrates or writes", arguments: StoreKind.allCases)
    func reader(_ kind: StoreKind) throws {
        let state = try TestState(kind)
        defer { state.cleanUp() }
        let path = state.location
        #expect(throws: StoreError.self) { try StateStore(readingOnly: path) }
        let holder = try StateStore(path: path)
        try holder.saveSnapshot(sampleSnapshot)
        let reader = try StateStore(readingOnly: path)
        #expect(try reader.loadWorkspace().catalog.customers.count == 2)
        #expect(throws: (any Error).self) { try reader.saveTypeMapping(DeviceTypeMapping()) }
        // The holder's later writes are seen.
        var session = try MatchingSession(store: holder)
        try session.perform(.ignore(customers: [2]))
        #expect(try reader.loadWorkspace().customerDecisions[2] == .ignored)
        _ = holder
    }
}
