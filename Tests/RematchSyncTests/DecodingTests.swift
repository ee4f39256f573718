import Foundation
import ITGlueAPI
import RematchCore
import RematchHTTP
import RematchJSON
import RematchSandbox
import RematchStore
import RematchSync
import SyncroAPI
import Testing

@Suite("Tolerant decoding and the export", .serialized, .timeLimit(.minutes(5)))
struct DecodingTests {
    @Test("odd but real shapes decode; an undecodable record is skipped and reported with its id")
    func tolerant() async throws {
        var dataset = SandboxDataset.generated(seed: 4, scale: .small)
        // Keys that differ only by case, numbers where strings are expected, nulls.
        var asset = dataset.assets[0]
        let kabuto = asset["properties"]?["kabuto_information"]
        asset["properties"] = ["Kabuto_Information": kabuto ?? nil, "notes": "a", "Notes": "b"]
        asset["asset_serial"] = 12345678
        dataset.assets[0] = asset
        dataset.customers[1]["business_name"] = nil
        dataset.customers[1]["firstname"] = nil
        dataset.configurations.append(["id": "8999999", "type": "configurations", "attributes": ["organization-id": nil]])
        try await withSyncHarness(dataset) { harness in
            let (snapshot, skipped) = try await harness.synchronizer().fetch()
            let decoded = try #require(snapshot.assets.first { $0.id == dataset.assets[0]["id"]?.intValue })
            #expect(decoded.assetSerial == "12345678")
            #expect(decoded.agentSerial != nil || kabuto == nil)
            #expect(skipped.contains { $0.kind == "configuration" && $0.id == "8999999" })
            #expect(snapshot.customers.count == dataset.customers.count)
            #expect(skipped.count == 1)
        }
    }

    @Test("an adapter's description is read with its name: a VPN adapter Windows calls \"Ethernet 5\" is no identity")
    func adapterDescription() throws {
        let adapters: JSONValue = [
            ["name": "Ethernet 5", "description": "Fortinet Virtual Ethernet Adapter (NDIS 6.30)", "physical_address": "00:09:0F:AA:00:01"],
            ["name": "Ethernet", "description": "Intel(R) Ethernet Connection I219-LM", "physical_address": "3C:52:82:AA:01:02"],
            ["name": "Wi-Fi", "description": "wi-fi", "physical_address": "3C:52:82:AA:01:03"],
        ]
        let json: JSONValue = ["id": .from(5), "customer_id": .from(1), "name": "LT-5",
                               "properties": ["kabuto_information": ["network_adapters": adapters]]]
        let asset = try #require(SyncroDecoding.asset(json))
        #expect(asset.adapters.map(\.name) == ["Ethernet 5 · Fortinet Virtual Ethernet Adapter (NDIS 6.30)",
                                               "Ethernet · Intel(R) Ethernet Connection I219-LM", "Wi-Fi"])
        #expect(DeviceIdentity.identityMACs(of: asset) == ["3c5282aa0102", "3c5282aa0103"])
    }

    @Test("the export has the documented shape")
    func exportShape() async throws {
        try await withSyncHarness { harness in
            let session = try harness.workbench()
            _ = try await session.sync()
            let document = ExportDocument(workspace: session.workspace)
            let json = try #require(try JSONSerialization.jsonObject(with: document.json()) as? [String: Any])
            #expect(Set(json.keys) == ["generated_at", "organizations", "devices"])
            let organizations = try #require(json["organizations"] as? [[String: Any]])
            #expect(organizations.count == session.workspace.customerIDs.count)
            for row in organizations {
                // Every key in every row: what is missing is null.
                #expect(Set(row.keys) == ["syncro_customer_id", "name", "state", "itglue_organization_id", "suggestion", "syncro_disabled"])
                #expect(row["syncro_customer_id"] is Int)
                #expect(["unmatched", "matched", "ignored"].contains(row["state"] as? String ?? ""))
                if let suggestion = row["suggestion"] as? [String: Any] {
                    #expect(Set(suggestion.keys) == ["itglue_organization_id", "name", "score", "reason"])
                    #expect(suggestion["itglue_organization_id"] is String)
                }
                if row["state"] as? String == "matched", row["itglue_organization_id"] != nil {
                    #expect(row["itglue_organization_id"] is String || row["itglue_organization_id"] is NSNull)
                }
            }
            let devices = try #require(json["devices"] as? [[String: Any]])
            let assetCount = session.workspace.customerIDs.reduce(0) { $0 + (session.workspace.catalog.assetsByCustomer[$1]?.count ?? 0) }
            #expect(devices.count == assetCount)
            #expect(devices.allSatisfy { $0["syncro_asset_id"] is Int && $0["syncro_customer_id"] is Int })
            #expect(devices.allSatisfy {
                Set($0.keys) == ["syncro_asset_id", "syncro_customer_id", "name", "state", "itglue_configuration_id", "suggestion"]
            })
            #expect(devices.contains { $0["suggestion"] is NSNull } && organizations.contains { $0["itglue_organization_id"] is NSNull })
            let csv = document.csv().split(separator: "\r\n")
            #expect(csv.first == "kind,syncro_id,syncro_customer_id,name,state,itglue_id,suggestion_itglue_id,suggestion_name,suggestion_score,suggestion_reason,syncro_disabled")
            #expect(csv.count == 1 + organizations.count + devices.count)
        }
    }
}
