import Foundation
import Testing
@testable import RematchCore
@testable import RematchStore

@Suite("The customer list kept for a fast start", .serialized)
struct CustomerListTests {
    @Test("the kept list reads back as written, hostile text included, and only at the revision it was written at")
    func roundTripAndRevision() throws {
        let path = temporaryStatePath()
        defer { cleanUp(path) }
        let store = try StateStore(path: path)
        #expect(try store.loadCustomerList() == nil)
        try store.saveSnapshot(sampleSnapshot)
        var session = try MatchingSession(store: store)
        var rows = session.workspace.customerRows()
        #expect(!rows.isEmpty)
        // Separators and escapes inside names survive (the separators themselves are dropped, never split on).
        rows[0].alternatives = [OrganizationCandidate(organizationID: "9", name: "Evil\u{1E}\u{1F}\u{1B}[31m Co", score: 0.5, reason: "")]
        let revision = try store.revision()
        #expect(try store.saveCustomerList(rows, devices: 7, revision: revision))
        let kept = try #require(try store.loadCustomerList())
        #expect(kept.devices == 7)
        #expect(kept.rows.count == rows.count)
        #expect(kept.rows[0].alternatives.first?.name == "Evil\u{1B}[31m Co")
        for (read, written) in zip(kept.rows.dropFirst(), rows.dropFirst()) {
            var expected = written
            expected.alternatives = written.alternatives.map { OrganizationCandidate(organizationID: $0.organizationID, name: $0.name, score: $0.score, reason: "") }
            #expect(read == expected)
        }
        // Any commit makes it stale; a list from before the commit is refused.
        try session.perform(.acceptSuggestion(customers: [2]))
        #expect(try store.revision() == revision + 1)
        #expect(try store.loadCustomerList() == nil)
        #expect(try !store.saveCustomerList(rows, devices: 7, revision: revision))
        // Kept again from the session that holds the commit; a snapshot or type mapping makes it stale again.
        try store.keepCustomerList(of: session.workspace)
        #expect(try store.loadCustomerList()?.rows.first { $0.id == 2 }?.state == .matched)
        try store.saveTypeMapping(DeviceTypeMapping())
        #expect(try store.loadCustomerList() == nil)
        try store.keepCustomerList(of: session.workspace)
        try store.saveSnapshot(sampleSnapshot)
        #expect(try store.loadCustomerList() == nil)
    }

    @Test("each row says what the list shows: state, counts, organization, suggestion")
    func rowsFromWorkspace() throws {
        let workspace = Workspace(snapshot: sampleSnapshot)
        for row in workspace.customerRows() {
            let status = workspace.status(ofCustomer: row.id)
            #expect(row.state == status.state)
            #expect(row.devices == workspace.catalog.assets(ofCustomer: row.id).count)
            #expect(row.suggestion == status.suggestion.best)
            #expect(row.organizationName == status.organizationID.flatMap { workspace.catalog.organization($0)?.name })
        }
        #expect(workspace.customerRows().map(\.id) == workspace.customerIDs)
    }
}
