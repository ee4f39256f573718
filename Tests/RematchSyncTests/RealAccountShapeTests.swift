import Foundation
import ITGlueAPI
import RematchCore
import RematchJSON
import RematchSandbox
import RematchSync
import Testing

/// Shapes real Syncro and IT Glue accounts hold (#11 items 5, 6, 7 and 10), served by the sandbox over HTTP and
/// read by the clients: disabled customers, assets without the agent, secondary interfaces, and the Owner,
/// Vendor and Inactive organizations.
@Suite("Real-account shapes over HTTP", .serialized, .timeLimit(.minutes(5)))
struct RealAccountShapeTests {
    /// A small account built by hand, rendered into the APIs' shapes by the sandbox.
    static func account(customers: [Customer], assets: [Asset], organizations: [Organization],
                        configurations: [Configuration] = []) -> SandboxDataset {
        SandboxDataset.from(Snapshot(customers: customers, assets: assets, organizations: organizations,
                                     configurations: configurations, configurationTypes: DemoData.configurationTypes,
                                     configurationStatuses: DemoData.configurationStatuses))
    }

    /// Pine Valley Dental (customer 1, one desktop, asset 11), auto-linked to organization 101 with these configurations.
    static func oneCustomer(configurations: [Configuration]) -> SandboxDataset {
        account(customers: [Customer(id: 1, businessName: "Pine Valley Dental")], assets: [desktop(11, of: 1, mac: "3C-52-82-00-00-01")],
                organizations: [Organization(id: "101", name: "Pine Valley Dental", typeName: "Customer", statusName: "Active")],
                configurations: configurations)
    }

    static func desktop(_ id: Int, of customer: Int, mac: String) -> Asset {
        Asset(id: id, customerID: customer, name: "DT-\(id)", agentSerial: "SER\(id)",
              adapters: [NetworkAdapter(name: "Intel(R) Ethernet Connection I219-LM", macAddress: mac)], formFactor: "Desktop",
              osName: "Microsoft Windows 11 Pro", assetType: "Syncro Device")
    }

    @Test("a disabled customer is read as such, waits apart, is never auto-linked or created for, and can be matched by hand")
    func disabledCustomers() async throws {
        let dataset = Self.account(
            customers: [Customer(id: 1, businessName: "Harbor View Bakery", disabled: true),
                        Customer(id: 2, businessName: "Summit Roofing", disabled: true),
                        Customer(id: 3, businessName: "Pine Valley Dental")],
            assets: [Self.desktop(11, of: 1, mac: "3C-52-82-00-00-01"), Self.desktop(12, of: 2, mac: "3C-52-82-00-00-02"),
                     Self.desktop(13, of: 3, mac: "3C-52-82-00-00-03")],
            organizations: [Organization(id: "101", name: "Harbor View Bakery", typeName: "Customer", statusName: "Active")])
        try await withSyncHarness(dataset) { harness in
            let session = try harness.workbench()
            _ = try await session.sync()
            let workspace = session.workspace
            #expect(workspace.catalog.customer(1)?.disabled == true)
            #expect(workspace.catalog.customer(3)?.disabled == false)
            // The exact name would auto-link an enabled customer; a former one only gets it as a suggestion.
            let harbor = workspace.status(ofCustomer: 1)
            #expect(harbor.state == .ignored)
            #expect(harbor.suggestion.best?.organizationID == "101")
            #expect(!harbor.suggestion.isAutoLink)
            #expect(workspace.customers(in: .unmatched) == [3])
            #expect(workspace.customerCounts()[.unmatched] == 1)
            let create = try? session.perform(.createOrganization(customers: [2]))
            #expect(create == nil || create?.edits.isEmpty == true)
            #expect(session.workspace.customerDecisions[2] == nil)
            try session.perform(.matchTo(customer: 2, organizationID: "101"))
            #expect(session.workspace.status(ofCustomer: 2).state == .matched)
            let export = try #require(try JSONSerialization.jsonObject(with: ExportDocument(workspace: session.workspace).json()) as? [String: Any])
            let rows = try #require(export["organizations"] as? [[String: Any]])
            #expect(rows.first { $0["syncro_customer_id"] as? Int == 1 }?["syncro_disabled"] as? Bool == true)
            #expect(rows.first { $0["syncro_customer_id"] as? Int == 3 }?["syncro_disabled"] as? Bool == false)
        }
    }

    @Test("an asset without the agent gets its serial and MAC from its custom fields, its class from its type, and matches")
    func nonAgentAssets() async throws {
        var dataset = Self.oneCustomer(configurations: [
            Configuration(id: "201", organizationID: "101", name: "Front desk firewall", macAddress: "00:e0:4c:aa:bb:cc"),
            Configuration(id: "202", organizationID: "101", name: "Copier", serialNumber: "CNB8K12345"),
        ])
        // Typed in by hand: no kabuto, labels as this account spelt them.
        var firewall = dataset.assets[0]
        firewall["id"] = 12
        firewall["name"] = "FW-01"
        firewall["asset_type"] = "Firewall"
        firewall["asset_serial"] = nil
        firewall["properties"] = ["Make": "Fortinet", "Model": "FortiGate 60F", "mac address": "00-E0-4C-AA-BB-CC", "IT Glue": ""]
        var printer = firewall
        printer["id"] = 13
        printer["name"] = "PRN-01"
        printer["asset_type"] = "Printer"
        printer["properties"] = ["Make": "HP", "SERIAL NUMBER": "CNB8K12345"]
        dataset.assets += [firewall, printer]
        try await withSyncHarness(dataset) { harness in
            let readPrinter: Asset
            do {
                let session = try harness.workbench()
                _ = try await session.sync()
                let workspace = session.workspace
                let readFirewall = try #require(workspace.catalog.asset(12))
                #expect(DeviceIdentity.identityMACs(of: readFirewall) == ["00e04caabbcc"])
                #expect(readFirewall.manufacturer == "Fortinet")
                #expect(workspace.deviceClass(of: readFirewall) == .network)
                readPrinter = try #require(workspace.catalog.asset(13))
                #expect(readPrinter.serialCandidates == ["CNB8K12345"])
                #expect(workspace.deviceClass(of: readPrinter) == .printer)
                #expect(workspace.status(ofAsset: 12).configurationID == "201")
                #expect(workspace.status(ofAsset: 13).configurationID == "202")
                #expect(workspace.assetTypeCounts.map(\.name).sorted() == ["Firewall", "Printer", "Syncro Device"])
                // A person maps an account-defined type to another class; the choice is kept in the state file.
                var mapping = workspace.typeMapping
                mapping.assetTypeClasses["Printer"] = .other
                try session.setTypeMapping(mapping)
            }
            #expect(try harness.workbench().workspace.deviceClass(of: readPrinter) == .other)
        }
    }

    @Test("a Syncro MAC found only on a configuration's secondary interface matches it, wherever the interfaces come",
          arguments: SandboxBehaviour.IncludedPlacement.allCases)
    func secondaryInterfaces(placement: SandboxBehaviour.IncludedPlacement) async throws {
        let dataset = Self.oneCustomer(configurations: [
            Configuration(id: "201", organizationID: "101", name: "reception-pc", macAddress: "f8:75:a4:11:22:33",
                          interfaceMACs: ["3c:52:82:00:00:01"]),
        ])
        #expect(dataset.configurationInterfaces.count == 1)
        try await withSyncHarness(dataset, configure: { $0.behaviour.includedPlacement = placement }) { harness in
            let (configurations, _) = try await harness.synchronizer().itGlue.configurations()
            #expect(configurations.first?.interfaceMACs == ["3c:52:82:00:00:01"])
            let session = try harness.workbench()
            _ = try await session.sync()
            #expect(session.workspace.status(ofAsset: 11).configurationID == "201")
        }
    }

    @Test("a configuration Syncro's own integration made is matched by the serial and MAC its RMM record reports, wherever the record comes",
          arguments: SandboxBehaviour.IncludedPlacement.allCases)
    func integrationMade(placement: SandboxBehaviour.IncludedPlacement) async throws {
        try await withSyncHarness(Self.oneCustomer(configurations: []), configure: { $0.behaviour.includedPlacement = placement }) { harness in
            // IT Glue's own attributes stay blank but for the name, and the name is not the asset's.
            let id = try await harness.sandbox.store.addConfigurationLinkedByIntegration(
                assetID: 11, organizationID: 101, name: "Front desk", serial: "SER11", macs: ["3C:52:82:00:00:01"])
            let (configurations, _) = try await harness.synchronizer().itGlue.configurations()
            let made = try #require(configurations.first { $0.id == String(id) })
            #expect(made.serialNumber == "SER11")
            #expect(made.macAddress == nil && made.interfaceMACs == ["3C:52:82:00:00:01"])
            let session = try harness.workbench()
            _ = try await session.sync()
            let status = session.workspace.status(ofAsset: 11)
            #expect(status.configurationID == String(id))
            #expect(Set(status.suggestion.best?.evidence.map(\.kind) ?? []) == [.mac, .serial], "\(String(describing: status.suggestion.best))")
        }
    }

    @Test("Owner, Vendor and Inactive organizations are read, never offered, and an Active Customer wins the tie")
    func organizationKinds() async throws {
        let dataset = Self.account(
            customers: [Customer(id: 1, businessName: "Acme Plumbing"), Customer(id: 2, businessName: "Ingram Micro"),
                        Customer(id: 3, businessName: "Northgate IT")],
            assets: [Self.desktop(11, of: 1, mac: "3C-52-82-00-00-01"), Self.desktop(12, of: 2, mac: "3C-52-82-00-00-02"),
                     Self.desktop(13, of: 3, mac: "3C-52-82-00-00-03")],
            organizations: [Organization(id: "101", name: "Acme Plumbing", typeName: "Customer", statusName: "Inactive"),
                            Organization(id: "102", name: "Acme Plumbing", typeName: "Customer", statusName: "Active"),
                            Organization(id: "103", name: "Ingram Micro", typeName: "Vendor", statusName: "Active"),
                            Organization(id: "104", name: "Northgate IT", typeName: "Owner", statusName: "Active", isPrimary: true)])
        try await withSyncHarness(dataset) { harness in
            let session = try harness.workbench()
            _ = try await session.sync()
            let workspace = session.workspace
            #expect(workspace.catalog.organization("104")?.isPrimary == true)
            #expect(workspace.catalog.organization("103")?.typeName == "Vendor")
            #expect(workspace.catalog.organization("101")?.statusName == "Inactive")
            let acme = workspace.status(ofCustomer: 1)
            #expect(acme.state == .matched && acme.organizationID == "102")
            #expect(workspace.status(ofCustomer: 2).suggestion.best == nil)
            #expect(workspace.status(ofCustomer: 3).suggestion.best == nil)
            // Still there for a person: the duplicate warning and Match To.
            #expect(workspace.matcher.closest(to: "Ingram Micro").first?.organizationID == "103")
            try session.perform(.matchTo(customer: 2, organizationID: "103"))
            #expect(session.workspace.status(ofCustomer: 2).organizationID == "103")
        }
    }

    @Test("the demo account holds every shape: former customers, hand-typed assets, secondary MACs, Owner/Vendor/Inactive")
    func demoShapes() throws {
        let data = DemoData.generate(seed: 1, scale: .medium)
        let snapshot = data.snapshot
        let disabled = snapshot.customers.filter(\.disabled)
        let share = Double(disabled.count) / Double(snapshot.customers.count)
        #expect(share > 0.03 && share < 0.08)
        let withAssets = Set(snapshot.assets.map(\.customerID))
        #expect(disabled.contains { withAssets.contains($0.id) })
        let nonAgent = snapshot.assets.filter { $0.assetType != DeviceClass.agentAssetType }
        let nonAgentShare = Double(nonAgent.count) / Double(snapshot.assets.count)
        #expect(nonAgentShare >= 0.10 && nonAgentShare <= 0.20)
        #expect(Set(nonAgent.compactMap(\.assetType)).count >= 4)
        #expect(snapshot.configurations.contains { !$0.interfaceMACs.isEmpty })
        #expect(snapshot.organizations.filter(\.isPrimary).count == 1)
        #expect(snapshot.organizations.contains { $0.typeName == "Vendor" })
        #expect(snapshot.organizations.contains { $0.statusName == "Inactive" })
        let dataset = SandboxDataset.from(snapshot)
        #expect(dataset.assetTypes.values.allSatisfy { $0.contains("IT Glue") })
        #expect(dataset.assetTypes.keys.contains("Syncro Device"))
        #expect(dataset.customers.contains { $0["disabled"] == true })
        // Syncro's own integration made a few configurations; a PSA keeps a few others.
        let madeShare = Double(data.integrationMade.count) / Double(snapshot.configurations.count)
        #expect(madeShare > 0.002 && madeShare < 0.05, "\(data.integrationMade.count) of \(snapshot.configurations.count)")
        let kept = snapshot.configurations.filter { $0.psaIntegration != nil }
        #expect(kept.count > 0 && Double(kept.count) / Double(snapshot.configurations.count) < 0.06)
        let served = SandboxDataset.generated(seed: 1, scale: .medium).configurations.filter { $0["attributes"]?["rmm-integration-type"] == "syncro" }
        #expect(served.count == data.integrationMade.count)
        #expect(served.allSatisfy { $0["attributes"]?["rmm-record"]?["mac-addresses"]?.arrayValue?.isEmpty == false })
    }
}
