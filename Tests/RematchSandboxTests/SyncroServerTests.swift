import AsyncHTTPClient
import Foundation
import NIOHTTP1
import RematchJSON
import RematchSandbox
import Testing

@Suite("Sandbox: Syncro API", .serialized, .timeLimit(.minutes(5)))
struct SyncroServerTests {
    @Test("customers are paged 100 at a time with Syncro's meta; disabled ones only with include_disabled")
    func customerPages() async throws {
        let dataset = SandboxDataset.generated(seed: 2, scale: .medium)
        let enabled = dataset.customers.filter { $0["disabled"] != true }.count
        #expect(enabled < dataset.customers.count)
        try await withSandbox(dataset) { harness in
            let all = try await harness.syncro("/customers?include_disabled=true")
            #expect(all.json?["meta"]?["total_entries"]?.intValue == dataset.customers.count)
            let first = try await harness.syncro("/customers")
            #expect(first.status == 200)
            #expect(first.headers.first(name: "content-type")?.hasPrefix("application/json") == true)
            let meta = try #require(first.json?["meta"])
            #expect(meta["per_page"]?.intValue == 100)
            #expect(meta["total_entries"]?.intValue == enabled)
            #expect(meta["total_pages"]?.intValue == (enabled + 99) / 100)
            var ids = Set<Int>()
            let pages = (enabled + 99) / 100
            for page in 1...pages {
                let answer = try await harness.syncro("/customers?page=\(page)")
                for customer in answer.json?["customers"]?.arrayValue ?? [] { ids.insert(customer["id"]?.intValue ?? 0) }
            }
            #expect(ids.count == enabled)
            let beyond = try await harness.syncro("/customers?page=\(pages + 1)")
            #expect(beyond.json?["customers"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test("page 0, -1 and nonsense read as page 1, as Rails does; huge pages are empty, not a crash")
    func oddPages() async throws {
        try await withSandbox { harness in
            for page in ["0", "-1", "abc", "", "860215314306049792", "99999999999999999999999"] {
                let answer = try await harness.syncro("/customers?page=\(page)")
                #expect(answer.status == 200)
                #expect(answer.json?["meta"]?["page"]?.intValue ?? 0 >= 1)
            }
            // Found by schemathesis: a huge page number used to overflow and crash the server.
            let huge = try await harness.syncro("/customers?page=860215314306049792")
            #expect(huge.json?["customers"]?.arrayValue?.isEmpty == true)
            #expect(try await harness.syncro("/customer_assets?page=9223372036854775807").status == 200)
        }
    }

    @Test("the key works as Bearer, bare, or api_key; anything else is 401 with Syncro's body")
    func auth() async throws {
        try await withSandbox { harness in
            let url = harness.sandbox.syncroURL + "/customers"
            let key = harness.sandbox.syncroAPIKey
            #expect(try await harness.request(url, headers: [("Authorization", "Bearer \(key)")]).status == 200)
            #expect(try await harness.request(url, headers: [("Authorization", key)]).status == 200)
            #expect(try await harness.request(url + "?api_key=\(key)").status == 200)
            let denied = try await harness.request(url, headers: [("Authorization", "Bearer wrong")])
            #expect(denied.status == 401)
            #expect(denied.json?["error"]?.stringValue?.hasPrefix("Not authorized") == true)
            #expect(try await harness.request(url).status == 401)
        }
    }

    @Test("single records, filters, and 404s")
    func records() async throws {
        let dataset = SandboxDataset.generated(seed: 3, scale: .small)
        let customerID = try #require(dataset.customers.first?["id"]?.intValue)
        try await withSandbox(dataset) { harness in
            let customer = try await harness.syncro("/customers/\(customerID)")
            #expect(customer.json?["customer"]?["id"]?.intValue == customerID)
            let missing = try await harness.syncro("/customers/1")
            #expect(missing.status == 404)
            #expect(missing.json?["error"]?.stringValue == "Customer not found")
            #expect(try await harness.syncro("/customers/abc").status == 404)
            let assets = try await harness.syncro("/customer_assets?customer_id=\(customerID)")
            let list = try #require(assets.json?["assets"]?.arrayValue)
            #expect(!list.isEmpty)
            #expect(list.allSatisfy { $0["customer_id"]?.intValue == customerID && $0["customer"]?["id"]?.intValue == customerID })
            #expect(assets.json?["meta"] == nil, "realistic: the asset list has no meta, as in Syncro's spec example")
            let asset = try await harness.syncro("/customer_assets/\(list[0]["id"]!.intValue!)")
            #expect(asset.json?["asset"]?["properties"]?["kabuto_information"] != nil)
            #expect(try await harness.syncro("/customer_assets/1").json?["error"]?.stringValue == "Asset not found")
            #expect(try await harness.syncro("/nowhere").status == 404)
            #expect(try await harness.request(harness.sandbox.syncroURL.replacingOccurrences(of: "/api/v1", with: "/other")).status == 404)
            let name = try #require(dataset.customers.first?["business_name"]?.stringValue ?? dataset.customers.first?["lastname"]?.stringValue)
            let search = try await harness.syncro("/customers?query=\(name.prefix(5).addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
            #expect((search.json?["customers"]?.arrayValue?.count ?? 0) >= 1)
        }
    }

    @Test("PUT /customer_assets/{id} merges properties and keeps the rest")
    func updateAsset() async throws {
        let dataset = SandboxDataset.generated(seed: 3, scale: .small)
        let assetID = try #require(dataset.assets.first?["id"]?.intValue)
        try await withSandbox(dataset) { harness in
            let put = try await harness.syncro("/customer_assets/\(assetID)", method: .PUT,
                                               body: ["properties": ["IT Glue": "https://example.itglue.com/1/configurations/2",
                                                                     "Not A Field": "dropped"]])
            #expect(put.status == 200)
            let properties = try #require(put.json?["asset"]?["properties"])
            #expect(properties["IT Glue"]?.stringValue == "https://example.itglue.com/1/configurations/2")
            #expect(properties["Not A Field"] == nil, "realistic: a key the asset type defines no field for is dropped")
            #expect(properties["kabuto_information"] != nil)
            let again = try await harness.syncro("/customer_assets/\(assetID)")
            #expect(again.json?["asset"]?["properties"]?["IT Glue"] != nil)
            #expect(try await harness.syncro("/customer_assets/\(assetID)", method: .PUT, body: ["name": ""]).status == 422)
            let malformed = try await harness.request(harness.sandbox.syncroURL + "/customer_assets/\(assetID)", method: .PUT,
                                                      headers: [("Authorization", harness.sandbox.syncroAPIKey)], body: Data("{nope".utf8))
            #expect(malformed.status == 400)
            // Found by schemathesis: no body is allowed (it changes nothing); a non-object body is 422.
            let empty = try await harness.request(harness.sandbox.syncroURL + "/customer_assets/\(assetID)", method: .PUT,
                                                  headers: [("Authorization", harness.sandbox.syncroAPIKey)])
            #expect(empty.status == 200)
            #expect(try await harness.syncro("/customer_assets/\(assetID)", method: .PUT, body: [nil, nil]).status == 422)
            #expect(try await harness.syncro("/customer_assets/\(assetID)", method: .DELETE).status == 404)
        }
    }

    @Test("the 181st request in a minute gets 429 \"Retry later\"; the 145th when other consumers take a fifth of the window",
          arguments: [(0.0, 180), (0.2, 144)])
    func rateLimit(externalShare: Double, allowed: Int) async throws {
        try await withSandbox(configure: { $0.behaviour.externalRateShare = externalShare }) { harness in
            for _ in 0..<allowed { #expect(try await harness.syncro("/customers").status == 200) }
            let limited = try await harness.syncro("/customers")
            #expect(limited.status == 429)
            #expect(limited.text == "Retry later")
            #expect(harness.sandbox.stats(.syncro).rateLimited == 1)
            #expect(harness.sandbox.stats(.syncro).peakInWindow == allowed + 1, "the documented window counts every request")
        }
    }

    @Test("with rate limits off nothing is refused, and the peak is still measured")
    func rateLimitsOff() async throws {
        try await withSandbox(configure: { $0.rateLimits = false }) { harness in
            for _ in 0..<200 { _ = try await harness.syncro("/customers") }
            #expect(harness.sandbox.stats(.syncro).rateLimited == 0)
            #expect(harness.sandbox.stats(.syncro).peakInWindow == 200)
        }
    }
}
