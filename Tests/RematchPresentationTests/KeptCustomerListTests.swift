import Foundation
import RematchCore
import RematchPresentation
import Testing

@Suite("The customer list kept for a fast start")
struct KeptCustomerListTests {
    static let sample = Snapshot(
        customers: [Customer(id: 1, businessName: "Henderson Plumbing & Heating", email: "office@hend.example", phone: "555-0100"),
                    Customer(id: 2, firstName: "Mary", lastName: "Novak")],
        assets: [Asset(id: 11, customerID: 1, name: "HEND-DT01", agentSerial: "HEND0001", formFactor: "Desktop"),
                 Asset(id: 21, customerID: 2, name: "MARY-PC")],
        organizations: [Organization(id: "100", name: "Henderson Plumbing and Heating", typeName: "Customer", statusName: "Active"),
                        Organization(id: "400", name: "Novak, Mary")],
        configurations: [Configuration(id: "1001", organizationID: "100", name: "HEND-DT01", serialNumber: "HEND0001", archived: true)],
        configurationTypes: [ConfigurationType(id: "1", name: "Managed Workstation")],
        configurationStatuses: [ConfigurationStatus(id: "1", name: "Active")]
    )

    @Test("the list reads back as written, hostile text included; a damaged or foreign value reads as none")
    func roundTrip() throws {
        var rows = Workspace(snapshot: Self.sample).customerRows()
        #expect(rows.count == 2)
        // Separators and escapes inside values survive (the separators themselves are dropped, never split on).
        rows[0].alternatives = [OrganizationCandidate(organizationID: "9", name: "Evil\u{1E}\u{1F}\u{1C}\u{1D}\u{1B}[31m Co", score: 0.5, reason: "")]
        rows[1].email = ""
        rows[1].problem = "IT Glue organization #7 no longer exists\u{1F}"
        let list = KeptCustomerList(rows: rows, devices: 10)
        let read = try #require(KeptCustomerList(decoding: list.encoded()))
        #expect(read.devices == 10)
        #expect(read.rows.count == rows.count)
        #expect(read.rows[0].alternatives.first?.name == "Evil\u{1B}[31m Co")
        #expect(read.rows[1].email == "")
        #expect(read.rows[1].problem == "IT Glue organization #7 no longer exists")
        for (got, written) in zip(read.rows.dropFirst(2), rows.dropFirst(2)) {
            var expected = written
            expected.alternatives = written.alternatives.map {
                OrganizationCandidate(organizationID: $0.organizationID, name: $0.name, score: $0.score, reason: "")
            }
            #expect(got == expected)
        }
        #expect(KeptCustomerList(decoding: Data("something else".utf8)) == nil)
        #expect(KeptCustomerList(decoding: Data("rematch-customer-list 3\u{1F}1\u{1E}3\u{1F}cut short".utf8)) == nil)
        #expect(KeptCustomerList(decoding: Data("rematch-customer-list 3\u{1F}1".utf8))?.rows == [])
        #expect(KeptCustomerList(decoding: Data("rematch-customer-list 2\u{1F}1".utf8)) == nil, "a list without the disabled mark is not read")
        #expect(KeptCustomerList(decoding: Data("rematch-customer-list 1\u{1F}1".utf8)) == nil, "a list kept by an older version is not read")
        #expect(KeptCustomerList(decoding: Data()) == nil)
    }

    @Test("each row says what the list shows: state, counts, organization, suggestion, and a person's decisions")
    func rowsFromWorkspace() throws {
        var workspace = Workspace(snapshot: KeptCustomerListTests.sample)
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
