import Foundation
import RematchCore

/// The device traps of issue 12, among the devices of a customer whose organization is its counterpart: an
/// adapter that moved, VPN adapters, placeholder serials, a dock's MAC on one laptop's configuration, an
/// undocumented VM clone, hostnames with dots, FQDN names, and a device documented in another customer's organization.
/// Adapters are named as the Syncro client reads them: Windows' connection name, then the description.
extension Builder {
    static let fortinetMAC = "00090FAA0001"

    mutating func addDeviceTrap(_ trap: TrapClass, customer: Customer) {
        guard let organization = truth[customer.id] else { return }
        switch trap {
        case .movedAdapter:
            // The USB adapter was on the second laptop when it was documented; it is on the first one now.
            let dongle = "000EC6" + rng.hex(6)
            var (first, firstMAC, firstSerial) = device(of: customer, kind: 1)
            first.adapters.append(NetworkAdapter(name: "Ethernet 3 · ASIX AX88179 USB 3.0 to Gigabit Ethernet Adapter", macAddress: dash(dongle)))
            let (second, _, secondSerial) = device(of: customer, kind: 1)
            append(first, trap: trap)
            append(second, trap: trap)
            // Half the time the second laptop was documented without its serial (taken from the dongle's own digits,
            // so the random stream, and so the rest of the data, stays as it was); the first laptop's own
            // configuration, with its serial and name, is then always there too.
            let withoutSerial = "02468ACE".contains(dongle.last ?? "1")
            deviceTruth[second.id] = addConfiguration(organizationID: organization, name: second.name, typeID: "2", mac: dongle,
                                                      serial: withoutSerial ? nil : secondSerial)
            if rng.chance(0.5) || withoutSerial {
                deviceTruth[first.id] = addConfiguration(organizationID: organization, name: first.name, typeID: "2", mac: firstMAC, serial: firstSerial)
            }
        case .vpnAdapter:
            // FortiClient's adapter has the same MAC on every machine; one configuration was documented with it.
            let connection = rng.pick(["Ethernet 5", "Ethernet 4", "Local Area Connection 2"])
            let vpn = NetworkAdapter(name: "\(connection) · \(rng.pick(["Fortinet SSL VPN Virtual Ethernet Adapter", "Fortinet Virtual Ethernet Adapter (NDIS 6.30)"]))",
                                     macAddress: dash(Self.fortinetMAC))
            for index in 0..<rng.int(2...4) {
                var (asset, mac, serial) = device(of: customer, kind: rng.int(0...1))
                if rng.chance(0.5) { asset.adapters.insert(vpn, at: 0) } else { asset.adapters.append(vpn) }
                append(asset, trap: trap)
                if index == 0 {
                    deviceTruth[asset.id] = addConfiguration(organizationID: organization, name: asset.name, typeID: "1", mac: Self.fortinetMAC,
                                                             serial: rng.chance(0.5) ? serial : nil)
                } else if rng.chance(0.6) {
                    deviceTruth[asset.id] = addConfiguration(organizationID: organization, name: asset.name, typeID: "1", mac: mac, serial: serial)
                }
            }
        case .placeholderSerial:
            // The firmware reports a placeholder; a spare in IT Glue was documented with the same one.
            let placeholder = rng.pick(DemoVocabulary.placeholderSerials)
            var (asset, mac, _) = device(of: customer, kind: rng.pick([0, 0, 1]))
            asset.agentSerial = placeholder
            asset.assetSerial = nil
            append(asset, trap: trap)
            addConfiguration(organizationID: organization, name: "SPARE-\(String(format: "%02d", rng.int(1...9)))", typeID: "1", mac: nil,
                             serial: placeholder)
            if rng.chance(0.6) {
                deviceTruth[asset.id] = addConfiguration(organizationID: organization, name: asset.name, typeID: "1", mac: mac,
                                                         serial: rng.chance(0.3) ? placeholder : nil)
            }
        case .sharedDock:
            // Several laptops use one dock; the first was documented while docked, every one has its own serial documented.
            let dock = "6C3C8C" + rng.hex(6)
            for index in 0..<rng.int(2...4) {
                var (asset, mac, serial) = device(of: customer, kind: 1)
                asset.adapters.append(NetworkAdapter(name: "Ethernet 2 · Realtek USB GbE Family Controller", macAddress: dash(dock)))
                append(asset, trap: trap)
                deviceTruth[asset.id] = addConfiguration(organizationID: organization, name: asset.name, typeID: "2",
                                                         mac: index == 0 ? dock : rng.chance(0.5) ? mac : nil, serial: serial)
            }
        case .undocumentedClone:
            // A VM cloned from a documented one keeps the template's serial; the clone is not in IT Glue.
            let template = "VMware-42 " + (0..<7).map { _ in rng.hex(2).lowercased() }.joined(separator: " ") + "-"
                + (0..<8).map { _ in rng.hex(2).lowercased() }.joined(separator: " ")
            var (original, mac, _) = device(of: customer, kind: 2)
            var (clone, _, _) = device(of: customer, kind: 2)
            original.agentSerial = template
            clone.agentSerial = template
            append(original, trap: trap)
            append(clone, trap: trap)
            deviceTruth[original.id] = addConfiguration(organizationID: organization, name: original.name, typeID: "3", mac: mac, serial: template)
        case .dottedHostname:
            let initial = rng.pick(DemoVocabulary.firstNames).prefix(1).uppercased()
            let names = rng.chance(0.5)
                ? (0..<2).map { _ in "\(initial).\(Self.letters(rng.pick(DemoVocabulary.surnames)))-PC" }
                : ["reception.pc", "frontdesk.pc"]
            for name in Set(names).sorted() {
                var (asset, mac, _) = device(of: customer, kind: 0)
                asset.name = name
                append(asset, trap: trap)
                deviceTruth[asset.id] = addConfiguration(organizationID: organization, name: name, typeID: "1", mac: rng.chance(0.3) ? mac : nil, serial: nil)
            }
        case .fqdn:
            let (asset, mac, _) = device(of: customer, kind: rng.int(0...1))
            append(asset, trap: trap)
            let domain = rng.pick([".corp.local", ".ad.local", ".office.lan", ".\(Self.letters(customer.displayName).prefix(6).lowercased()).com"])
            deviceTruth[asset.id] = addConfiguration(organizationID: organization, name: asset.name.lowercased() + domain, typeID: "1",
                                                     mac: rng.chance(0.4) ? mac : nil, serial: nil)
        case .movedDevice:
            // Moved from another customer: its configuration, serial and MAC, is still in that customer's organization.
            let (asset, mac, serial) = device(of: customer, kind: rng.int(0...1))
            append(asset, trap: trap)
            for _ in 0..<50 {
                let other = snapshot.customers[rng.int(0...(snapshot.customers.count - 1))]
                guard other.id != customer.id, !other.disabled, let elsewhere = truth[other.id], elsewhere != organization else { continue }
                misfiledTruth[asset.id] = addConfiguration(organizationID: elsewhere, name: asset.name, typeID: "1", mac: mac, serial: serial)
                break
            }
        default:
            break
        }
    }

    private static func letters(_ text: String) -> String { TextFolding.fold(text).uppercased().filter(\.isLetter) }

    /// A new agent device of the customer (0 desktop, 1 laptop, 2 virtual server), with its primary MAC and serial.
    mutating func device(of customer: Customer, kind: Int) -> (asset: Asset, mac: String, serial: String) {
        let id = nextAssetID
        nextAssetID += 1
        let prefix = String(Self.letters(customer.displayName).prefix(4))
        let (maker, model) = kind == 2 ? ("VMware, Inc.", "VMware Virtual Platform")
            : rng.pick(kind == 1 ? DemoVocabulary.laptopModels : DemoVocabulary.desktopModels)
        let primary = kind == 2 ? "005056" + rng.hex(6) : mac()
        let serial = rng.alphanumeric(rng.pick([7, 10, 12]))
        let asset = Asset(id: id, customerID: customer.id, name: "\(prefix)-\(["DT", "LT", "SRV"][kind])\(String(format: "%03d", id % 1000))",
                          agentSerial: serial,
                          adapters: [NetworkAdapter(name: kind == 1 ? "Wi-Fi · Intel(R) Wi-Fi 6 AX201 160MHz" : "Ethernet · Intel(R) Ethernet Connection I219-LM",
                                                    macAddress: dash(primary))],
                          formFactor: ["Desktop", "Laptop", "Virtual Machine"][kind],
                          osName: kind == 2 ? "Microsoft Windows Server 2022 Standard" : "Microsoft Windows 11 Pro",
                          manufacturer: maker, model: model, assetType: "Syncro Device")
        return (asset, primary, serial)
    }

    mutating func append(_ asset: Asset, trap: TrapClass) {
        snapshot.assets.append(asset)
        assetTraps[asset.id] = trap
    }
}
