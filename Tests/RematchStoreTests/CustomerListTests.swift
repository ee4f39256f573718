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

    @Test("each row says what the list shows: state, counts, organization, suggestion, and a person's decisions")
    func rowsFromWorkspace() throws {
        var workspace = Workspace(snapshot: sampleSnapshot)
        let rows = workspace.customerRows()
        #expect(rows.map(\.id) == [1, 2])  // display order: by name
        let henderson = rows[0], mary = rows[1]
        #expect(henderson.state == .matched && henderson.origin == .automatic)
        #expect(henderson.organizationName == "Henderson Plumbing and Heating")
        #expect(henderson.email == "office@hend.example" && henderson.phone == "555-0100")
        // Its only configuration is archived: one device, none matched.
        #expect(henderson.devices == 1 && henderson.matchedDevices == 0 && henderson.deviceClasses == "1 Desktop")
        #expect(henderson.suggestionFacts == "Customer, Active")
        #expect(mary.state == .unmatched && mary.organizationName == nil)
        #expect(mary.suggestion?.organizationID == "400" && mary.suggestion?.reason == "person name, reordered")
        #expect(mary.deviceClasses == "1 Other" && mary.suggestionFacts == "")
        #expect(workspace.customerRow(2, deviceClasses: false).deviceClasses == "")
        // A decision shows in the row: ignored, then matched by hand.
        workspace.apply(try workspace.plan(.ignore(customers: [2]), user: "tech"))
        #expect(workspace.customerRow(2).state == .ignored)
        workspace.apply(try workspace.plan(.matchTo(customer: 2, organizationID: "400"), user: "tech"))
        #expect(workspace.customerRow(2).state == .matched && workspace.customerRow(2).origin == .manual)
        #expect(workspace.customerRow(2).organizationName == "Novak, Mary")
    }
}
