import AsyncHTTPClient
import Foundation
import NIOHTTP1
import RematchJSON
import RematchSandbox
import Testing

private func datasetWithTraps() -> SandboxDataset {
    var dataset = SandboxDataset.generated(seed: 5, scale: .medium)
    dataset.organizations.append(["id": "9000001", "type": "organizations",
                                  "attributes": ["name": "Kub, Reynolds and Gibson", "organization-type-id": 1,
                                                 "organization-status-id": 1]])
    dataset.organizations.append(["id": "9000002", "type": "organizations",
                                  "attributes": ["name": "Kub", "organization-type-id": 1, "organization-status-id": 1]])
    return dataset
}

private func configurationBody(_ name: String, type: Int = 1, extra: [String: JSONValue] = [:]) -> JSONValue {
    var attributes: [String: JSONValue] = ["name": .string(name), "configuration_type_id": .from(type)]
    for (key, value) in extra { attributes[key] = value }
    return ["type": "configurations", "attributes": .object(attributes)]
}

@Suite("Sandbox: IT Glue API", .serialized, .timeLimit(.minutes(5)))
struct ITGlueServerTests {
    @Test("every page is reached by following links.next verbatim, with meta and links as IT Glue sends them")
    func walkPages() async throws {
        let dataset = datasetWithTraps()
        try await withSandbox(dataset) { harness in
            var url: String? = harness.sandbox.itGlueURL + "/organizations?page[size]=50&sort=name"
            var seen: [String] = []
            var pages = 0
            while let next = url {
                let answer = try await harness.itGlue(next)
                #expect(answer.status == 200)
                #expect(answer.headers.first(name: "content-type")?.hasPrefix("application/vnd.api+json") == true)
                let body = try #require(answer.json)
                pages += 1
                let meta = try #require(body["meta"])
                #expect(meta["current-page"]?.intValue == pages)
                #expect(meta["total-count"]?.intValue == dataset.organizations.count)
                #expect(body["links"]?["self"] != nil && body["links"]?["first"] != nil && body["links"]?["last"] != nil)
                seen += (body["data"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
                url = body["links"]?["next"]?.stringValue
                if url == nil { #expect(meta["next-page"] == .null) }
            }
            #expect(pages == (dataset.organizations.count + 49) / 50)
            #expect(seen.count == dataset.organizations.count)
            #expect(Set(seen).count == seen.count)
        }
    }

    @Test("ids are strings, foreign keys numbers, and the denormalized names are filled in")
    func shapes() async throws {
        try await withSandbox { harness in
            let answer = try await harness.itGlue("/configurations?page[size]=1")
            let record = try #require(answer.json?["data"]?.arrayValue?.first)
            #expect(record["id"]?.stringValue != nil)
            #expect(record["type"]?.stringValue == "configurations")
            let attributes = try #require(record["attributes"])
            #expect(attributes["organization-id"]?.doubleValue != nil)
            #expect(attributes["organization-name"]?.stringValue != nil)
            #expect(attributes["configuration-type-name"]?.stringValue != nil)
            #expect(attributes["configuration-status-name"]?.stringValue == "Active" || attributes["configuration-status-name"]?.stringValue == "Retired")
        }
    }

    @Test("filter[name] is exact and a backslash escapes a comma")
    func nameFilterEscaping() async throws {
        try await withSandbox(datasetWithTraps()) { harness in
            let escaped = try await harness.itGlue("/organizations?filter[name]=" + "Kub\\, Reynolds and Gibson".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            #expect(escaped.json?["data"]?.arrayValue?.map { $0["attributes"]?["name"]?.stringValue } == ["Kub, Reynolds and Gibson"])
            let two = try await harness.itGlue("/organizations?filter[name]=Kub,Kub%5C%2C%20Reynolds%20and%20Gibson")
            #expect(two.json?["data"]?.arrayValue?.count == 2)
            let partial = try await harness.itGlue("/organizations?filter[name]=Reynolds")
            #expect(partial.json?["data"]?.arrayValue?.isEmpty == true)
            #expect(escaped.json?["meta"]?["filters"]?["name"] != nil)
        }
    }

    @Test("configuration filters: organization, type, serial, MAC, archived, id; nested route ignores filters")
    func configurationFilters() async throws {
        let dataset = SandboxDataset.generated(seed: 3, scale: .small)
        let sample = try #require(dataset.configurations.first { $0["attributes"]?["serial-number"]?.stringValue != nil && $0["attributes"]?["mac-address"]?.stringValue != nil })
        let attributes = try #require(sample["attributes"])
        let organization = try #require(attributes["organization-id"]?.intValue)
        try await withSandbox(dataset) { harness in
            let byOrganization = try await harness.itGlue("/configurations?page[size]=1000&filter[organization_id]=\(organization)")
            let expected = dataset.configurations.filter { $0["attributes"]?["organization-id"]?.intValue == organization }.count
            #expect(byOrganization.json?["data"]?.arrayValue?.count == expected)
            let serial = try await harness.itGlue("/configurations?filter[serial_number]=\(attributes["serial-number"]!.stringValue!)")
            #expect(serial.json?["data"]?.arrayValue?.first?["id"] == sample["id"])
            let mac = try await harness.itGlue("/configurations?filter[mac_address]=\(attributes["mac-address"]!.stringValue!)")
            #expect(mac.json?["data"]?.arrayValue?.contains { $0["id"] == sample["id"] } == true)
            let archived = try await harness.itGlue("/configurations?page[size]=1000&filter[archived]=true")
            #expect(archived.json?["data"]?.arrayValue?.allSatisfy { $0["attributes"]?["archived"]?.boolValue == true } == true)
            let byID = try await harness.itGlue("/configurations?filter[id]=\(sample["id"]!.stringValue!)")
            #expect(byID.json?["data"]?.arrayValue?.count == 1)
            let nested = try await harness.itGlue("/organizations/\(organization)/relationships/configurations?page[size]=1000&filter[name]=nothing-matches")
            #expect(nested.json?["data"]?.arrayValue?.count == expected)
            let sorted = try await harness.itGlue("/configurations?page[size]=1000&sort=-name")
            let names = sorted.json?["data"]?.arrayValue?.compactMap { $0["attributes"]?["name"]?.stringValue?.lowercased() } ?? []
            #expect(names == names.sorted(by: >))
            #expect(try await harness.itGlue("/configurations?sort=colour").status == 400)
        }
    }

    @Test("include=configuration_interfaces sideloads the interfaces, at the top level or inside each record",
          arguments: SandboxBehaviour.IncludedPlacement.allCases)
    func include(placement: SandboxBehaviour.IncludedPlacement) async throws {
        try await withSandbox(configure: { $0.behaviour.includedPlacement = placement }) { harness in
            let answer = try await harness.itGlue("/configurations?page[size]=5&filter[archived]=false&include=configuration_interfaces")
            let body = try #require(answer.json)
            let withMAC = body["data"]?.arrayValue?.filter { $0["attributes"]?["mac-address"] != .null } ?? []
            let included = body["included"]?.arrayValue ?? []
            #expect(placement == .topLevel ? included.count >= withMAC.count : body["included"] == nil)
            for record in withMAC {
                let reference = try #require(record["relationships"]?["configuration-interfaces"]?["data"]?.arrayValue?.first)
                let interface = placement == .topLevel ? try #require(included.first { $0["id"] == reference["id"] }) : reference
                #expect(interface["attributes"]?["mac-address"] == record["attributes"]?["mac-address"])
                #expect(interface["attributes"]?["primary"]?.boolValue == true)
            }
        }
    }

    @Test("page[size] over 1000 and page numbers under 1 are 400")
    func pageErrors() async throws {
        try await withSandbox { harness in
            for query in ["page[size]=5000", "page[size]=0", "page[number]=0", "page[number]=-1", "page[size]=ten"] {
                let answer = try await harness.itGlue("/organizations?\(query)")
                #expect(answer.status == 400, "\(query)")
                #expect(firstError(answer)?["status"]?.intValue == 400)
            }
            #expect(try await harness.itGlue("/organizations?page[size]=1000").status == 200)
            let huge = try await harness.itGlue("/organizations?page[size]=1000&page[number]=9223372036854775807")
            #expect(huge.status == 200)
            #expect(huge.json?["data"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test("create an organization, then find it by exact name")
    func createOrganization() async throws {
        try await withSandbox { harness in
            let created = try await harness.itGlue("/organizations", method: .POST,
                                                   body: ["data": ["type": "organizations", "attributes": ["name": "Cedar Creek Animal Hospital", "organization_type_id": 1]]])
            #expect(created.status == 201)
            let record = try #require(created.json?["data"])
            #expect(record["attributes"]?["organization-type-name"]?.stringValue == "Customer")
            let id = try #require(record["id"]?.stringValue)
            let found = try await harness.itGlue("/organizations?filter[name]=Cedar%20Creek%20Animal%20Hospital")
            #expect(found.json?["data"]?.arrayValue?.map { $0["id"]?.stringValue } == [id])
            let renamed = try await harness.itGlue("/organizations/\(id)", method: .PATCH, body: ["data": ["type": "organizations", "attributes": ["name": "Cedar Creek Vets"]]])
            #expect(renamed.json?["data"]?["attributes"]?["name"]?.stringValue == "Cedar Creek Vets")
            let bulk = try await harness.itGlue("/organizations", method: .POST, body: ["data": [["type": "organizations", "attributes": ["name": "A"]]]])
            #expect(bulk.status == 422)
        }
    }

    // Answered in the order sent (ideal), or last first (realistic).
    @Test("bulk create on the nested route takes an array and answers with an array; kebab and snake keys both work",
          arguments: [SandboxBehaviour.ideal, .realistic])
    func bulkCreate(behaviour: SandboxBehaviour) async throws {
        try await withSandbox(configure: { $0.behaviour = behaviour }) { harness in
            let organization = try #require(try await harness.itGlue("/organizations?page[size]=1").json?["data"]?.arrayValue?.first?["id"]?.stringValue)
            let body: JSONValue = ["data": [
                configurationBody("NEW-01", extra: ["mac_address": "3c:52:82:aa:00:01", "serial-number": "SER1"]),
                configurationBody("NEW-02", type: 2, extra: ["configuration-status-id": 1]),
            ]]
            let created = try await harness.itGlue("/organizations/\(organization)/relationships/configurations", method: .POST, body: body)
            #expect(created.status == 201)
            var records = try #require(created.json?["data"]?.arrayValue)
            let sent = ["NEW-01", "NEW-02"]
            #expect(records.map { $0["attributes"]?["name"]?.stringValue } == (behaviour.bulkCreateOrder == .reversed ? sent.reversed() : sent))
            records.sort { ($0["attributes"]?["name"]?.stringValue ?? "") < ($1["attributes"]?["name"]?.stringValue ?? "") }
            #expect(records[0]["attributes"]?["mac-address"]?.stringValue == "3c:52:82:aa:00:01")
            #expect(records[0]["attributes"]?["serial-number"]?.stringValue == "SER1")
            #expect(records.allSatisfy { $0["attributes"]?["organization-id"]?.text == organization })
            let single = try await harness.itGlue("/organizations/\(organization)/relationships/configurations", method: .POST,
                                                  body: ["data": configurationBody("NEW-03")])
            #expect(single.json?["data"]?["attributes"]?["name"]?.stringValue == "NEW-03")
            let listed = try await harness.itGlue("/configurations?filter[name]=NEW-01,NEW-02,NEW-03")
            #expect(listed.json?["data"]?.arrayValue?.count == 3)
            // Top-level POST needs organization_id and takes one object.
            let topLevel = try await harness.itGlue("/configurations", method: .POST,
                                                    body: ["data": configurationBody("NEW-04", extra: ["organization_id": .from(Int(organization))])])
            #expect(topLevel.status == 201)
            #expect(try await harness.itGlue("/configurations", method: .POST, body: ["data": [configurationBody("X")]]).status == 422)
        }
    }

    @Test("PATCH one configuration, and bulk PATCH with ids inside attributes")
    func patches() async throws {
        try await withSandbox { harness in
            let list = try #require(try await harness.itGlue("/configurations?page[size]=2").json?["data"]?.arrayValue)
            let first = try #require(list[0]["id"]?.stringValue), second = try #require(list[1]["id"]?.stringValue)
            let one = try await harness.itGlue("/configurations/\(first)", method: .PATCH,
                                               body: ["data": ["type": "configurations", "attributes": ["configuration_status_id": 2]]])
            #expect(one.status == 200)
            #expect(one.json?["data"]?["attributes"]?["configuration-status-name"]?.stringValue == "Inactive")
            let bulk = try await harness.itGlue("/configurations", method: .PATCH, body: ["data": [
                ["type": "configurations", "attributes": ["id": .string(first), "notes": "one"]],
                ["type": "configurations", "attributes": ["id": .from(Int(second)), "notes": "two"]],
            ]])
            #expect(bulk.status == 200)
            #expect(bulk.json?["data"]?.arrayValue?.map { $0["attributes"]?["notes"]?.stringValue } == ["one", "two"])
            let relationships = try await harness.itGlue("/configurations/\(first)", method: .PATCH, body: ["data": [
                "type": "configurations", "attributes": ["notes": "x"], "relationships": ["configuration_interfaces": ["data": []]]]])
            #expect(relationships.status == 422)
            #expect(firstError(relationships)?["source"]?["pointer"]?.stringValue == "/data/relationships")
        }
    }

    @Test("realistic: a bulk create with an invalid item creates the valid ones, answers 422, and points at no item")
    func partialBulkCreate() async throws {
        try await withSandbox { harness in
            let organization = try #require(try await harness.itGlue("/organizations?page[size]=1").json?["data"]?.arrayValue?.first?["id"]?.stringValue)
            let nested = "/organizations/\(organization)/relationships/configurations"
            let answer = try await harness.itGlue(nested, method: .POST, body: ["data": [configurationBody("PART-OK"), configurationBody("")]])
            #expect(answer.status == 422)
            #expect(firstError(answer)?["source"]?["pointer"]?.stringValue == "data/attributes/name")
            #expect(try await harness.itGlue("/configurations?filter[name]=PART-OK").json?["data"]?.arrayValue?.count == 1)
        }
    }

    @Test("each documented error: 401, 403, 404, 415, 422 cases, with JSON:API error bodies")
    func errors() async throws {
        try await withSandbox(configure: { $0.behaviour = .ideal }) { harness in
            let url = harness.sandbox.itGlueURL
            let missingKey = try await harness.request(url + "/organizations")
            #expect(missingKey.status == 401)
            #expect(firstError(missingKey)?["title"]?.stringValue == "Unauthorized")
            #expect(try await harness.request(url + "/organizations", headers: [("x-api-key", "ITG.wrong")]).status == 403)
            #expect(try await harness.itGlue("/nowhere").status == 404)
            #expect(try await harness.itGlue("/organizations/123456789").status == 404)
            let organization = try #require(try await harness.itGlue("/organizations?page[size]=1").json?["data"]?.arrayValue?.first?["id"]?.stringValue)
            let nested = "/organizations/\(organization)/relationships/configurations"
            let wrongType = try await harness.itGlue(nested, method: .POST, body: ["data": configurationBody("X")], contentType: "application/json")
            #expect(wrongType.status == 415)
            let cases: [(JSONValue, String)] = [
                (["data": ["type": "configurations", "attributes": ["configuration_type_id": 1]]], "/data/attributes/name"),
                (["data": ["type": "configurations", "attributes": ["name": "X"]]], "/data/attributes/configuration-type"),
                (["data": configurationBody("X", type: 999)], "/data/attributes/configuration-type"),
                (["data": configurationBody("X", extra: ["mac_address": "f8:75:a4:19:c6:22, 00:11:22:33:44:55"])], "/data/attributes/mac-address"),
                (["nothing": true], "/data"),
            ]
            for (body, pointer) in cases {
                let answer = try await harness.itGlue(nested, method: .POST, body: body)
                #expect(answer.status == 422, "\(pointer)")
                #expect(firstError(answer)?["source"]?["pointer"]?.stringValue == pointer)
                #expect(firstError(answer)?["status"]?.intValue == 422)
            }
            let unknownOrganization = try await harness.itGlue("/configurations", method: .POST,
                                                               body: ["data": configurationBody("X", extra: ["organization_id": 123456789])])
            #expect(unknownOrganization.status == 422)
            #expect(firstError(unknownOrganization)?["title"]?.stringValue == "Valid organization_id is required")
            let noName = try await harness.itGlue("/organizations", method: .POST, body: ["data": ["type": "organizations", "attributes": [:]]])
            #expect(firstError(noName)?["source"]?["pointer"]?.stringValue == "/data/attributes/name")
            let bulkErrors = try await harness.itGlue(nested, method: .POST, body: ["data": [configurationBody("OK"), configurationBody("")]])
            #expect(bulkErrors.status == 422)
            #expect(firstError(bulkErrors)?["source"]?["pointer"]?.stringValue == "/data/1/attributes/name")
            #expect(try await harness.itGlue("/configurations?filter[name]=OK").json?["data"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test("malformed and huge bodies get the API's errors, never a crash")
    func badBodies() async throws {
        try await withSandbox { harness in
            let url = harness.sandbox.itGlueURL + "/organizations"
            let headers = [("x-api-key", harness.sandbox.itGlueAPIKey), ("Content-Type", "application/vnd.api+json")]
            for body in [Data("{\"data\":".utf8), Data("[1,2]".utf8), Data()] {
                let answer = try await harness.request(url, method: .POST, headers: headers, body: body)
                #expect(answer.status == 400)
            }
            let huge = try await harness.request(url, method: .POST, headers: headers, body: Data(repeating: UInt8(ascii: "a"), count: 9 << 20))
            #expect(huge.status == 413)
            #expect(try await harness.itGlue("/organizations?page[size]=1").status == 200)
        }
    }

    @Test("lookup tables list and create")
    func lookups() async throws {
        try await withSandbox { harness in
            for path in ["/configuration_types", "/configuration_statuses", "/organization_types", "/organization_statuses"] {
                let answer = try await harness.itGlue(path)
                #expect(answer.status == 200)
                #expect(!(answer.json?["data"]?.arrayValue?.isEmpty ?? true), "\(path)")
            }
            let active = try await harness.itGlue("/configuration_statuses?filter[name]=Active")
            #expect(active.json?["data"]?.arrayValue?.count == 1)
            let created = try await harness.itGlue("/configuration_types", method: .POST, body: ["data": ["type": "configuration-types", "attributes": ["name": "Kiosk"]]])
            #expect(created.status == 201)
            #expect(try await harness.itGlue("/configuration_types", method: .POST, body: ["data": ["type": "configuration-types", "attributes": ["name": "kiosk"]]]).status == 422)
        }
    }

    @Test("the 3,001st request in five minutes gets 429")
    func rateLimit() async throws {
        try await withSandbox(configure: { $0.behaviour.externalRateShare = 0 }) { harness in
            let url = harness.sandbox.itGlueURL + "/organization_statuses"
            for _ in 0..<3_000 { _ = try await harness.request(url, headers: [("x-api-key", harness.sandbox.itGlueAPIKey)]) }
            let limited = try await harness.itGlue("/organization_statuses")
            #expect(limited.status == 429)
            #expect(firstError(limited)?["status"]?.intValue == 429)
            #expect(harness.sandbox.stats(.itglue).rateLimited == 1)
        }
    }
}
