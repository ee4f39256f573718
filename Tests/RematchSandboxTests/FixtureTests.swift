import Foundation
import NIOHTTP1
import RematchJSON
import RematchSandbox
import RematchTestSupport
import Testing

private func load(_ json: String) throws -> SandboxDataset {
    try SandboxDataset.load(fixture: Data(json.utf8), name: "test.json")
}

@Suite("Sandbox: fixtures and the data file", .serialized, .timeLimit(.minutes(5)))
struct FixtureTests {
    static let minimal = """
        {"syncro":{"customers":[{"id":7,"business_name":"Acme Dental","firstname":null,"lastname":null,"email":"a@b.c","custom":"kept"}],
                   "assets":[{"id":70,"customer_id":7,"name":"ACME-PC","asset_serial":"S1","properties":{}}]},
         "itglue":{"organizations":[{"id":"45","type":"organizations","attributes":{"name":"Acme Dental, LLC","organization-type-id":1}}],
                   "configurations":[{"id":"88","type":"configurations","attributes":{"name":"ACME-PC","organization-id":45,"configuration-type-id":3}}],
                   "configuration_types":[{"id":"3","type":"configuration-types","attributes":{"name":"Managed Workstation"}}],
                   "configuration_statuses":[],
                   "organization_types":[{"id":"1","type":"organization-types","attributes":{"name":"Customer"}}],
                   "organization_statuses":[]}}
        """

    @Test("a fixture is served with its ids and every field kept")
    func serveFixture() async throws {
        let dataset = try load(Self.minimal)
        try await withSandbox(dataset) { harness in
            let customer = try await harness.syncro("/customers/7")
            #expect(customer.json?["customer"]?["custom"]?.stringValue == "kept")
            let configuration = try await harness.itGlue("/configurations/88")
            #expect(configuration.json?["data"]?["attributes"]?["organization-name"]?.stringValue == "Acme Dental, LLC")
            #expect(configuration.json?["data"]?["attributes"]?["configuration-type-name"]?.stringValue == "Managed Workstation")
        }
    }

    @Test("a bad fixture gets an error naming the record and the field", arguments: [
        (#"[]"#, "test.json: the top level must be an object"),
        (#"{"syncro":{"customers":[{"id":"7"}]}}"#, #"syncro.customers[0]: "id" must be an integer"#),
        (#"{"syncro":{"customers":[{"id":7},{"id":7}]}}"#, "syncro.customers[1] (id 7): the id appears twice"),
        (#"{"syncro":{"customers":[{"id":7,"business_name":5}]}}"#, #"syncro.customers[0] (id 7): "business_name" must be a string or null"#),
        (#"{"syncro":{"customers":[],"assets":[{"id":1,"customer_id":9,"name":"x"}]}}"#, #"syncro.assets[0] (id 1): "customer_id" 9 is not a customer"#),
        (#"{"syncro":{"customers":[{"id":9}],"assets":[{"id":1,"customer_id":9}]}}"#, #"syncro.assets[0] (id 1): "name" must be a string"#),
        (#"{"itglue":{"organizations":[{"id":45,"type":"organizations","attributes":{"name":"x"}}]}}"#, #"itglue.organizations[0]: "id" must be a string of digits"#),
        (#"{"itglue":{"organizations":[{"id":"45","type":"organization","attributes":{"name":"x"}}]}}"#, #"itglue.organizations[0] (id "45"): "type" must be "organizations""#),
        (#"{"itglue":{"organizations":[{"id":"45","type":"organizations","attributes":{}}]}}"#, #"itglue.organizations[0] (id "45"): attributes.name must be a non-empty string"#),
        (#"{"itglue":{"configurations":[{"id":"8","type":"configurations","attributes":{"name":"x","organization-id":45}}]}}"#, #"itglue.configurations[0] (id "8"): attributes.organization-id 45 is not one of the fixture's organizations"#),
        (#"{"itglue":{"organizations":"none"}}"#, "itglue.organizations must be an array"),
        (#"{"syncro":{"customers":[#"#, "test.json: not valid JSON"),
    ])
    func badFixtures(json: String, message: String) {
        #expect {
            _ = try load(json)
        } throws: { error in
            "\(error)".hasPrefix(message.hasPrefix("test.json") ? message : "test.json: " + message)
        }
    }

    @Test("generated data round-trips through the fixture format")
    func roundTrip() throws {
        let dataset = SandboxDataset.generated(seed: 9, scale: .small)
        #expect(try SandboxDataset.load(fixture: dataset.fixtureJSON()) == dataset)
    }

    @Test("with a data file, writes survive a restart")
    func dataFile() async throws {
        let directory = temporaryDirectory("rematch-sandbox")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/data.json"
        try await withSandbox(try load(Self.minimal), configure: { $0.dataFile = path }) { harness in
            let created = try await harness.itGlue("/organizations", method: .POST,
                                                   body: ["data": ["type": "organizations", "attributes": ["name": "Made Here"]]])
            #expect(created.status == 201)
            _ = try await harness.syncro("/customer_assets/70", method: .PUT, body: ["properties": ["link": "x"]])
        }
        let restarted = try SandboxDataset.load(fixture: try Data(contentsOf: URL(fileURLWithPath: path)))
        try await withSandbox(restarted, configure: { $0.dataFile = path }) { harness in
            let found = try await harness.itGlue("/organizations?filter[name]=Made%20Here")
            #expect(found.json?["data"]?.arrayValue?.count == 1)
            #expect(try await harness.syncro("/customer_assets/70").json?["asset"]?["properties"]?["link"]?.stringValue == "x")
        }
    }
}
