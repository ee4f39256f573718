import Foundation
import RematchCore

extension DemoData {
    /// The Syncro asset types of the demo account, each with the labels of the custom fields defined on it
    /// (real asset `properties` are keyed by these labels). Every type has the "IT Glue" Web Link field that
    /// link-back writes. Agent devices are "Syncro Device"; the others are typed in by hand, so their labels vary.
    public static let assetTypes: [(name: String, fields: [String])] = [
        ("Syncro Device", ["IT Glue"]),
        ("Printer", ["Make", "Model", "Serial Number", "MAC Address", "LAN IP(s)", "IT Glue"]),
        ("Network Device", ["Make", "Model", "serial number", "mac address", "IT Glue"]),
        ("Firewall", ["Make", "Model", "Serial", "MAC", "Firmware", "IT Glue"]),
        ("Switch", ["Manufacturer", "Model", "Serial", "MAC", "IT Glue"]),
        ("UPS", ["Make", "Model", "Serial Number", "IT Glue"]),
        ("NAS", ["Make", "Model", "Serial Number", "MAC Address", "IT Glue"]),
    ]

    /// Vendors an MSP keeps organizations for in IT Glue (never to be matched to a customer by default).
    static let vendors = [
        "Dell Technologies", "Microsoft", "Ubiquiti", "Comcast Business", "Ingram Micro", "Pax8", "Datto", "Verizon",
        "Cisco Meraki", "SonicWall", "Lenovo", "Spectrum Business",
    ]
}

/// Shapes real accounts hold that the matching traps above do not: disabled (former) customers, assets
/// without the agent, configurations whose MAC is on a secondary interface, the Owner, Vendor and Inactive
/// organizations, configurations Syncro's own IT Glue integration made and ones a PSA keeps. Drawn from their
/// own random stream, after the rest.
extension Builder {
    mutating func addRealAccountShapes() {
        if let owner = snapshot.organizations.firstIndex(where: { $0.name == "Rematch MSP (Internal)" }) {
            snapshot.organizations[owner].typeName = "Owner"
            snapshot.organizations[owner].isPrimary = true
        }
        let customerCount = snapshot.customers.count
        for name in DemoData.vendors.prefix(max(2, customerCount / 50)) {
            let id = addOrganization(name: name, configurations: 0)
            setOrganization(id, type: "Vendor", status: "Active")
        }
        let withAssets = Set(snapshot.assets.map(\.customerID))
        for index in snapshot.customers.indices {
            let customer = snapshot.customers[index]
            if shapes.chance(0.05) { disable(index) }
            // A dead duplicate left from an old import: "Acme" (Inactive) next to "Acme" (Active).
            if let truth = truth[customer.id], !snapshot.customers[index].disabled, shapes.chance(0.05),
               let name = snapshot.organizations.first(where: { $0.id == truth })?.name {
                let id = addOrganization(name: name, configurations: 0)
                setOrganization(id, type: "Customer", status: "Inactive")
            }
            if !customer.isResidential, withAssets.contains(customer.id), shapes.chance(0.6) {
                addNonAgentAssets(customer: customer)
            }
        }
        moveMACsToSecondaryInterfaces()
        addIntegrationMadeConfigurations()
        // Kept by a PSA (an MSP that came from ConnectWise or Autotask still has some): IT Glue refuses status changes.
        for index in snapshot.configurations.indices where shapes.chance(0.03) {
            snapshot.configurations[index].psaIntegration = "enabled"
        }
    }

    /// Syncro's own IT Glue integration, switched on for a while at some customers, made configurations for agent
    /// devices nobody had documented: the device's name alone in IT Glue's attributes, its serial and MACs in the
    /// integration's RMM record (``DemoData/integrationMade``).
    private mutating func addIntegrationMadeConfigurations() {
        let serials = Set(snapshot.configurations.compactMap { $0.serialNumber.flatMap(DeviceIdentity.normalizeSerial) })
        let macs = Set(snapshot.configurations.flatMap { $0.allMACs.compactMap(DeviceIdentity.normalizeMAC) })
        let agents = Dictionary(grouping: snapshot.assets.filter { ($0.assetType ?? DeviceClass.agentAssetType) == DeviceClass.agentAssetType }, by: \.customerID)
        for customer in snapshot.customers where !customer.disabled {
            guard let organizationID = truth[customer.id], let assets = agents[customer.id], shapes.chance(0.08) else { continue }
            for asset in assets where shapes.chance(0.5) {
                let documented = asset.serialCandidates.contains { DeviceIdentity.normalizeSerial($0).map(serials.contains) ?? false }
                    || asset.adapters.contains { $0.macAddress.flatMap(DeviceIdentity.normalizeMAC).map(macs.contains) ?? false }
                guard !documented else { continue }
                let id = String(nextConfigurationID)
                nextConfigurationID += 1
                snapshot.configurations.append(Configuration(id: id, organizationID: organizationID, name: asset.name))
                integrationMade[id] = asset.id
                // A device documented by name alone, or by a serial the matcher reads as a placeholder, keeps that
                // configuration as its truth: the integration made it a second one.
                if deviceTruth[asset.id] == nil { deviceTruth[asset.id] = id }
                assetTraps[asset.id] = .integrationMade
            }
        }
    }

    /// A former customer: disabled in Syncro; about half of those documented in IT Glue are Inactive there too,
    /// and an Inactive organization is never a suggestion, so it is no longer the customer's counterpart.
    private mutating func disable(_ index: Int) {
        snapshot.customers[index].disabled = true
        let id = snapshot.customers[index].id
        if let organization = truth[id], shapes.chance(0.5) {
            setOrganization(organization, type: nil, status: "Inactive")
            truth[id] = nil
        }
    }

    private mutating func setOrganization(_ id: String, type: String?, status: String) {
        guard let index = snapshot.organizations.firstIndex(where: { $0.id == id }) else { return }
        if let type { snapshot.organizations[index].typeName = type }
        snapshot.organizations[index].statusName = status
    }

    /// Printers, firewalls, switches, a UPS or a NAS: typed in by hand, with no agent data, their identifiers in
    /// custom fields; documented in IT Glue as often as the MSP got round to it.
    private mutating func addNonAgentAssets(customer: Customer) {
        let organizationID = truth[customer.id]
        for index in 1...shapes.int(1...4) {
            let (type, maker, model, prefix) = shapes.pick(DemoVocabulary.nonAgentModels)
            let fields = DemoData.assetTypes.first { $0.name == type }?.fields ?? []
            let id = nextAssetID
            nextAssetID += 1
            let serial = shapes.alphanumeric(shapes.pick([8, 10, 12]))
            let macText = fields.contains { $0.lowercased().hasPrefix("mac") } ? shapes.pick(DemoVocabulary.realOUIs) + shapes.hex(6) : nil
            var asset = Asset(id: id, customerID: customer.id, name: "\(prefix)-\(String(format: "%02d", index))",
                              assetSerial: shapes.chance(0.85) ? serial : nil, manufacturer: maker, model: model, assetType: type)
            if let macText { asset.adapters = [NetworkAdapter(name: "MAC Address", macAddress: dash(macText))] }
            snapshot.assets.append(asset)
            assetTraps[id] = .nonAgent
            guard let organizationID, shapes.chance(0.6) else { continue }
            let typeID = type == "Printer" ? "4" : type == "UPS" ? "6" : "5"
            let byMAC = macText != nil && shapes.chance(0.7)
            deviceTruth[id] = addConfiguration(organizationID: organizationID, name: asset.name, typeID: typeID,
                                               mac: byMAC ? macText : nil, serial: asset.assetSerial)
        }
    }

    /// Some configurations documented by their device's MAC keep it only on a secondary interface (a second
    /// NIC added later, or the primary interface renamed), with another MAC or none as the primary.
    private mutating func moveMACsToSecondaryInterfaces() {
        let devices = Dictionary(deviceTruth.map { ($0.value, $0.key) }, uniquingKeysWith: min)
        for index in snapshot.configurations.indices where snapshot.configurations[index].macAddress != nil {
            guard shapes.chance(0.06), let mac = snapshot.configurations[index].macAddress else { continue }
            snapshot.configurations[index].interfaceMACs = [mac]
            snapshot.configurations[index].macAddress = shapes.chance(0.5)
                ? DeviceIdentity.displayMAC((shapes.pick(DemoVocabulary.realOUIs) + shapes.hex(6)).lowercased()) : nil
            if let asset = devices[snapshot.configurations[index].id], assetTraps[asset] == .plain { assetTraps[asset] = .secondaryInterface }
        }
    }
}
