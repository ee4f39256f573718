import Foundation
import RematchCore
import RematchPresentation
import Testing

@Suite("A sync's changes as lines for a terminal")
struct ChangeSectionsTests {
    @Test("groups come in a fixed order with counts, and hostile names arrive defused")
    func sections() {
        let snapshot = Snapshot(
            customers: [Customer(id: 1, businessName: "Henderson Plumbing"), Customer(id: 2, businessName: "Gone Ltd")],
            assets: [Asset(id: 11, customerID: 1, name: "HEND-01"), Asset(id: 21, customerID: 2, name: "GONE-01")])
        var renamed = snapshot
        renamed.customers.removeLast()
        renamed.assets = [Asset(id: 11, customerID: 1, name: "\u{1B}]0;pwned\u{07}HEND-01")]
        let before = Workspace(snapshot: snapshot)
        let changes = SyncChanges(before: before, after: before.resynced(with: renamed), at: Date())
        let sections = ChangeSection.sections(of: changes)
        #expect(sections.map(\.title) == ["Vanished customers (1)", "Vanished devices (1)", "Renamed devices (1)"])
        #expect(sections[0].lines == ["#2 Gone Ltd"])
        #expect(sections[1].lines == ["#21 GONE-01 (Gone Ltd)"])
        #expect(sections[2].lines == ["#11 ␛]0;pwned␇HEND-01 (Henderson Plumbing), was HEND-01"])
        #expect(!sections.flatMap(\.lines).joined().unicodeScalars.contains { $0.value < 0x20 })
    }
}
