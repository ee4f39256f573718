import Foundation
import Testing
import RematchCore
import RematchJSON
@testable import RematchSandbox

/// The trap classes of issue 12 in the demo generator: appended on their own stream, with truth a real account
/// would hold.
@Suite("Demo data trap classes")
struct DemoTrapsTests {
    @Test("the same seed gives the same data, labels and truth")
    func deterministic() {
        let first = DemoData.generate(seed: 21, customers: 300), second = DemoData.generate(seed: 21, customers: 300)
        #expect(first.snapshot == second.snapshot)
        #expect(first.truth == second.truth)
        #expect(first.deviceTruth == second.deviceTruth)
        #expect(first.misfiledTruth == second.misfiledTruth)
        #expect(first.customerTraps == second.customerTraps)
        #expect(first.assetTraps == second.assetTraps)
    }

    @Test("the traps add 14–20 % customers (issue 12's 12 %, issue 26's 4 %), every one labelled, every class present at 2,000",
          arguments: [300, 2_000])
    func share(customers: Int) {
        let data = DemoData.generate(seed: 22, customers: customers)
        let extra = data.snapshot.customers.count - customers
        #expect(Double(extra) >= 0.14 * Double(customers) && Double(extra) <= 0.20 * Double(customers), "\(extra) extra customers")
        #expect(data.snapshot.customers.allSatisfy { data.customerTraps[$0.id] != nil })
        #expect(data.snapshot.assets.allSatisfy { data.assetTraps[$0.id] != nil })
        guard customers >= 2_000 else { return }
        let used = Set(data.customerTraps.values).union(data.assetTraps.values)
        #expect(Set(TrapClass.allCases).subtracting(used).subtracting([.wordOrder]).isEmpty,
                "classes never generated: \(Set(TrapClass.allCases).subtracting(used).map(\.rawValue).sorted())")
    }

    @Test("a device's truth is a configuration of its customer's true organization")
    func deviceTruthConsistent() throws {
        let data = DemoData.generate(seed: 23, customers: 300)
        let catalog = Catalog(data.snapshot)
        for (assetID, configurationID) in data.deviceTruth {
            let asset = try #require(catalog.asset(assetID))
            let configuration = try #require(catalog.configuration(configurationID))
            // A former customer whose organization became Inactive has no counterpart any more; its devices are still documented.
            let former = catalog.customer(asset.customerID)?.disabled == true && data.truth[asset.customerID] == nil
            #expect(former || configuration.organizationID == data.truth[asset.customerID], "\(asset.name) → \(configuration.name)")
        }
        // A moved device's configuration is in another customer's organization, never in its own.
        for asset in data.snapshot.assets where data.assetTraps[asset.id] == .movedDevice {
            #expect(data.deviceTruth[asset.id] == nil)
        }
    }

    @Test("namesakes share one name and have two counterparts: First Last and Last, First")
    func namesakes() throws {
        let data = DemoData.generate(seed: 24, customers: 300)
        let byName = Dictionary(grouping: data.snapshot.customers.filter { data.customerTraps[$0.id] == .namesake }, by: \.displayName)
        #expect(!byName.isEmpty)
        let organizations = Dictionary(uniqueKeysWithValues: data.snapshot.organizations.map { ($0.id, $0.name) })
        for (name, customers) in byName {
            #expect(customers.count == 2)
            let names = Set(try customers.map { try #require(data.truth[$0.id].flatMap { organizations[$0] }) })
            let person = try #require(customers.first)
            #expect(names == [name, "\(person.lastName!), \(person.firstName!)"])
        }
    }

    @Test("the traps are appended after the base customers, with ids that continue theirs")
    func appendedOnly() {
        let data = DemoData.generate(seed: 25, customers: 300)
        let base: Set<TrapClass> = Set(TrapClass.variants).union([.plain, .residential, .noCounterpart])
        let customers = data.snapshot.customers
        #expect(customers.prefix(300).allSatisfy { base.contains(data.customerTraps[$0.id]!) })
        let appended = Set(TrapClass.organizationTraps + TrapClass.roundTwoTraps)
        #expect(customers.dropFirst(300).allSatisfy { appended.contains(data.customerTraps[$0.id]!) })
        // Issue 26's patterns come after issue 12's.
        let traps = customers.dropFirst(300).map { data.customerTraps[$0.id]! }
        let firstRoundTwo = traps.firstIndex { TrapClass.roundTwoTraps.contains($0) } ?? traps.endIndex
        #expect(traps[firstRoundTwo...].allSatisfy { TrapClass.roundTwoTraps.contains($0) })
        #expect(zip(customers, customers.dropFirst()).allSatisfy { $0.id + 1 == $1.id })
    }

    @Test("a VPN adapter is served as Syncro does: the connection's name and the product's description")
    func vpnAdapterServed() throws {
        let data = DemoData.generate(seed: 26, customers: 300)
        let asset = try #require(data.snapshot.assets.first { data.assetTraps[$0.id] == .vpnAdapter })
        let adapters = SandboxDataset.kabuto(asset)["network_adapters"]?.arrayValue ?? []
        let vpn = try #require(adapters.first { $0["physical_address"]?.stringValue == "00-09-0F-AA-00-01" })
        #expect(vpn["name"]?.stringValue?.hasPrefix("Ethernet") == true || vpn["name"]?.stringValue == "Local Area Connection 2")
        #expect(vpn["description"]?.stringValue?.hasPrefix("Fortinet") == true)
    }
}
