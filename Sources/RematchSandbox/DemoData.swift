import Foundation
import RematchCore

/// How much demo data to make: about 8 assets per customer at every scale.
public enum DemoScale: String, Sendable, CaseIterable {
    case small, medium, large, huge

    public var customerCount: Int {
        switch self {
        case .small: 50
        case .medium: 500
        case .large: 5_000
        case .huge: 10_000
        }
    }
}

/// Deterministic data that looks like a real MSP's two accounts, with the traps matching must handle,
/// and the truth behind it so tests can measure the matcher.
public struct DemoData: Sendable {
    public var snapshot: Snapshot
    /// Customer id → the IT Glue organization that really is the same business, where one exists.
    public var truth: [Int: String]
    /// Configuration id → the Syncro asset whose configuration Syncro's own IT Glue integration made: IT Glue's
    /// attributes hold only its name; the sandbox serves the asset's serial and MACs in its RMM record.
    public var integrationMade: [String: Int] = [:]
    /// Asset id → the IT Glue configuration that really is that device, where one is documented.
    public var deviceTruth: [Int: String] = [:]
    /// Asset id → the configuration in another customer's organization that really is that device (it moved, or it
    /// was documented there by mistake): the one move that is right for it, into its customer's true organization.
    public var misfiledTruth: [Int: String] = [:]
    /// Customer id → the trap its name (or its counterpart's) sets the matcher; see <doc:DemoData>.
    public var customerTraps: [Int: TrapClass] = [:]
    /// Asset id → the trap the device (or its configuration) sets the matcher.
    public var assetTraps: [Int: TrapClass] = [:]

    public static let configurationTypes = [
        ConfigurationType(id: "1", name: "Managed Workstation"), ConfigurationType(id: "2", name: "Laptop"),
        ConfigurationType(id: "3", name: "Managed Server"), ConfigurationType(id: "4", name: "Printer"),
        ConfigurationType(id: "5", name: "Network Device"), ConfigurationType(id: "6", name: "Other"),
    ]
    public static let configurationStatuses = [
        ConfigurationStatus(id: "1", name: "Active"), ConfigurationStatus(id: "2", name: "Inactive"),
        ConfigurationStatus(id: "3", name: "Retired"),
    ]

    public static func generate(seed: UInt64 = 1, scale: DemoScale = .small) -> DemoData {
        generate(seed: seed, customers: scale.customerCount)
    }

    /// Any number of customers (benchmarks use 25,000 for about 200,000 assets).
    public static func generate(seed: UInt64 = 1, customers: Int) -> DemoData {
        var builder = Builder(seed: seed)
        builder.build(customerCount: customers)
        return DemoData(snapshot: builder.snapshot, truth: builder.truth, integrationMade: builder.integrationMade,
                        deviceTruth: builder.deviceTruth, misfiledTruth: builder.misfiledTruth, customerTraps: builder.customerTraps, assetTraps: builder.assetTraps)
    }
}

/// Builds the demo data; `DemoData+RealAccount.swift` adds what real accounts hold besides.
struct Builder {
    var rng: SeededGenerator
    var snapshot = Snapshot(configurationTypes: DemoData.configurationTypes,
                            configurationStatuses: DemoData.configurationStatuses,
                            takenAt: Date(timeIntervalSince1970: 1_790_000_000))
    var truth: [Int: String] = [:]
    var integrationMade: [String: Int] = [:]
    var deviceTruth: [Int: String] = [:]
    var misfiledTruth: [Int: String] = [:]
    var customerTraps: [Int: TrapClass] = [:]
    var assetTraps: [Int: TrapClass] = [:]
    var usedNames = Set<String>()
    var nextCustomerID = 31_000_001
    var nextAssetID = 9_000_001
    var nextOrganizationID = 5_000_001
    var nextConfigurationID = 8_000_001

    /// A second stream for the real-account shapes, so adding them leaves the rest of the data as it was.
    var shapes: SeededGenerator
    let seed: UInt64

    init(seed: UInt64) {
        self.seed = seed
        rng = SeededGenerator(seed: seed)
        shapes = SeededGenerator(seed: seed ^ 0x5EA1_ACC0_0000_0011)
    }

    mutating func build(customerCount: Int) {
        for _ in 0..<customerCount { addCustomer() }
        // Organizations with no Syncro counterpart: past clients, the MSP itself.
        addOrganization(name: "Rematch MSP (Internal)", configurations: 3)
        for _ in 0..<max(2, customerCount / 7) {
            addOrganization(name: uniqueBusinessName() + suffix(probability: 0.6), configurations: rng.int(0...4))
        }
        addRealAccountShapes()
        addTraps(customerCount: customerCount)
        addRoundTwoTraps(customerCount: customerCount)
        addContacts()
        snapshot.organizations.sort { Int($0.id)! < Int($1.id)! }
    }

    // MARK: Names

    mutating func uniqueBusinessName() -> String {
        for attempt in 0..<1_000 {
            let trade = rng.pick(DemoVocabulary.trades)
            let name: String
            switch (attempt > 20 ? 2 : rng.int(0...2)) {
            case 0: name = "\(rng.pick(DemoVocabulary.places)) \(trade)"
            case 1: name = "\(rng.pick(DemoVocabulary.surnames)) \(trade)"
            default: name = "\(rng.pick(DemoVocabulary.places)) \(rng.pick(DemoVocabulary.surnames)) \(trade)"
            }
            let key = AnalyzedName(name).whole.coreKey
            if usedNames.insert(key).inserted { return name }
        }
        let name = "\(rng.pick(DemoVocabulary.places)) \(rng.alphanumeric(4)) \(rng.pick(DemoVocabulary.trades))"
        usedNames.insert(AnalyzedName(name).whole.coreKey)
        return name
    }

    mutating func suffix(probability: Double) -> String {
        guard rng.chance(probability) else { return "" }
        let suffix = rng.pick(DemoVocabulary.legalSuffixes)
        return rng.chance(0.3) ? ", \(suffix)" : " \(suffix)"
    }

    /// The same business as the other side might spell it, and what changed.
    mutating func variant(of base: String, suffix: String) -> (name: String, trap: TrapClass) {
        let trap = TrapClass.variants[rng.int(0...9)]
        return (variantName(trap, of: base, suffix: suffix), trap)
    }

    private mutating func variantName(_ trap: TrapClass, of base: String, suffix: String) -> String {
        switch TrapClass.variants.firstIndex(of: trap)! {
        case 0:  // legal suffix differs
            let other = rng.pick(DemoVocabulary.legalSuffixes)
            return suffix.isEmpty ? "\(base) \(other)" : base
        case 1:  // a typo
            return typo(base) + suffix
        case 2:  // abbreviation
            for (long, short) in DemoVocabulary.abbreviations where base.contains(long) {
                return base.replacingOccurrences(of: long, with: short) + suffix
            }
            return base.replacingOccurrences(of: " & ", with: " and ") + suffix
        case 3:  // a leading "The"
            return "The \(base)\(suffix)"
        case 4:  // a location qualifier
            return "\(base)\(suffix) - \(rng.pick(DemoVocabulary.locations))"
        case 5:  // dba
            return "\(rng.pick(DemoVocabulary.surnames)) Holdings LLC dba \(base)"
        case 6:  // accents and case
            return TextFolding.fold(base).uppercased() + suffix.uppercased()
        case 7:  // word order
            if base.hasSuffix("Law Offices") {
                return "Law Offices of " + base.replacingOccurrences(of: " Law Offices", with: "")
            }
            return base.replacingOccurrences(of: "&", with: "and") + suffix
        case 8:  // spacing and punctuation
            return "  " + base.replacingOccurrences(of: " ", with: "  ") + suffix.replacingOccurrences(of: ",", with: "")
        default:  // the same legal form spelled another way: Ltd / Limited, Inc / Incorporated
            let spellings = ["Ltd": "Limited", "Limited": "Ltd", "Inc": "Incorporated", "Inc.": "Incorporated",
                             "Incorporated": "Inc", "LLC": "L.L.C.", "L.L.C.": "LLC", "Corp": "Corporation",
                             "Co.": "Company", "P.C.": "PC", "PLLC": "P.L.L.C.", "LLP": "L.L.P."]
            let form = suffix.trimmingCharacters(in: CharacterSet(charactersIn: ", "))
            return base + " " + (spellings[form] ?? "Inc")
        }
    }

    mutating func typo(_ text: String) -> String {
        var words = text.split(separator: " ").map(String.init)
        let candidates = words.indices.filter { words[$0].count >= 5 && words[$0].allSatisfy(\.isLetter) }
        guard let index = candidates.isEmpty ? nil : rng.pick(candidates) else { return text }
        var letters = Array(words[index])
        let position = rng.int(1...(letters.count - 2))
        switch rng.int(0...2) {
        case 0: letters.remove(at: position)
        case 1: letters.swapAt(position, position + 1)
        default: letters[position] = letters[position] == "e" ? "a" : "e"
        }
        words[index] = String(letters)
        return words.joined(separator: " ")
    }

    // MARK: Records

    @discardableResult
    mutating func addOrganization(name: String, configurations count: Int) -> String {
        let id = String(nextOrganizationID)
        nextOrganizationID += 1
        snapshot.organizations.append(Organization(id: id, name: name, typeName: rng.chance(0.9) ? "Customer" : "Prospect",
                                                   statusName: "Active"))
        for index in 0..<count {
            addConfiguration(organizationID: id, name: "\(rng.chance(0.5) ? "PRN" : "SW")-\(index + 1)", typeID: rng.chance(0.5) ? "4" : "5",
                             mac: rng.chance(0.5) ? mac() : nil, serial: rng.chance(0.5) ? rng.alphanumeric(10) : nil,
                             archived: rng.chance(0.2))
        }
        return id
    }

    @discardableResult
    mutating func addConfiguration(organizationID: String, name: String, typeID: String, mac: String?, serial: String?,
                                   archived: Bool = false) -> String {
        let id = String(nextConfigurationID)
        nextConfigurationID += 1
        let type = DemoData.configurationTypes.first { $0.id == typeID }
        snapshot.configurations.append(Configuration(
            id: id, organizationID: organizationID, name: name, hostname: name.lowercased(),
            macAddress: mac.map { DeviceIdentity.displayMAC($0.lowercased()) }, serialNumber: serial,
            configurationTypeID: typeID, configurationTypeName: type?.name,
            configurationStatusID: archived ? "3" : "1", configurationStatusName: archived ? "Retired" : "Active",
            archived: archived))
        return id
    }

    mutating func mac() -> String { rng.pick(DemoVocabulary.realOUIs) + rng.hex(6) }

    mutating func addCustomer() {
        let id = nextCustomerID
        nextCustomerID += 1
        let residential = rng.chance(0.08)
        var customer = Customer(id: id)
        var organizationName: String?
        var trap = TrapClass.plain
        let roll = Double.random(in: 0..<1, using: &rng)
        if residential {
            // Person names are kept unique: two people of the same name are a real ambiguity no matcher can settle.
            var attempt = 0
            repeat {
                customer.firstName = rng.pick(DemoVocabulary.firstNames)
                customer.lastName = rng.pick(DemoVocabulary.surnames)
                if attempt > 20 { customer.lastName! += "-" + rng.pick(DemoVocabulary.surnames) }
                if attempt > 200 { customer.lastName! += "-" + rng.alphanumeric(3) }
                attempt += 1
            } while !usedNames.insert(AnalyzedName(customer.displayName).whole.sortedKey).inserted
            customer.email = "\(TextFolding.fold(customer.firstName!)).\(TextFolding.fold(customer.lastName!))@mail.example"
                .replacingOccurrences(of: "'", with: "")
            trap = .residential
            if roll < 0.7 {
                organizationName = rng.chance(0.5) ? "\(customer.lastName!), \(customer.firstName!)"
                    : "\(customer.firstName!) \(customer.lastName!)"
            }
        } else {
            let base = uniqueBusinessName()
            let suffix = suffix(probability: 0.7)
            customer.businessName = base + suffix
            customer.email = "office@\(TextFolding.fold(base).filter { $0.isLetter }.prefix(16)).example"
            customer.phone = "555-\(rng.int(100...999))-\(rng.int(1000...9999))"
            if roll < 0.38 {
                organizationName = rng.chance(0.7) ? base + suffix : (base + suffix).replacingOccurrences(of: "&", with: "and")
            } else if roll < 0.78 {
                (organizationName, trap) = variant(of: base, suffix: suffix)
            }
            if organizationName == customer.businessName { trap = .plain }
            if organizationName != nil, rng.chance(0.12) {
                // A near-name distractor: "Riverside Dental" next to "Riverside Dental Lab".
                addOrganization(name: base + rng.pick([" Lab", " Group", " Foundation", " West"]), configurations: rng.int(0...2))
            }
        }
        snapshot.customers.append(customer)
        var organizationID: String?
        if let organizationName {
            organizationID = addOrganization(name: organizationName, configurations: 0)
            truth[id] = organizationID
        }
        customerTraps[id] = organizationName == nil ? .noCounterpart : trap
        guard !rng.chance(0.04) else { return }  // a customer without assets
        addAssets(customer: customer, organizationID: organizationID, residential: residential)
    }

    mutating func addAssets(customer: Customer, organizationID: String?, residential: Bool, identified: Bool = false) {
        let count = residential ? rng.int(1...2) : rng.int(2...14)
        let prefix = String(TextFolding.fold(customer.displayName).uppercased().filter { $0.isLetter }.prefix(4))
        let dockMAC: String? = rng.chance(0.2) ? "8CAE4C" + rng.hex(6) : nil
        let cloneSerial: String? = rng.chance(0.1) ? "VMware-42 1a \(rng.hex(2)) \(rng.hex(2))" : nil
        var clones = 0
        for index in 1...count {
            let id = nextAssetID
            nextAssetID += 1
            let kind = residential ? (rng.chance(0.6) ? 1 : 0) : rng.pick([0, 0, 0, 0, 0, 0, 1, 1, 1, 2])
            var asset = Asset(id: id, customerID: customer.id, name: "", assetType: "Syncro Device")
            let (maker, model): (String, String)
            var isVM = false
            switch kind {
            case 1:
                (maker, model) = rng.pick(DemoVocabulary.laptopModels)
                asset.name = "\(prefix)-LT\(String(format: "%02d", index))"
                asset.formFactor = rng.pick(["Laptop", "Notebook", "Convertible"])
                asset.osName = model.hasPrefix("MacBook") ? "macOS 14.4" : rng.pick(["Microsoft Windows 11 Pro", "Microsoft Windows 10 Pro"])
            case 2:
                isVM = rng.chance(0.5)
                (maker, model) = isVM ? ("VMware, Inc.", "VMware Virtual Platform") : rng.pick(DemoVocabulary.serverModels)
                asset.name = "\(prefix)-SRV\(String(format: "%02d", index))"
                asset.formFactor = isVM ? "Virtual Machine" : "Rack Mount Chassis"
                asset.osName = rng.pick(["Microsoft Windows Server 2019 Standard", "Microsoft Windows Server 2022 Standard"])
            default:
                (maker, model) = rng.pick(DemoVocabulary.desktopModels)
                asset.name = "\(prefix)-DT\(String(format: "%02d", index))"
                asset.formFactor = rng.pick(["Desktop", "Mini Tower", "Small Form Factor", "All In One"])
                asset.osName = model == "iMac" ? "macOS 14.4" : "Microsoft Windows 11 Pro"
            }
            asset.manufacturer = maker
            asset.model = model
            let primaryMAC = isVM ? "00505" + rng.hex(7) : mac()
            var serial = rng.alphanumeric(rng.pick([7, 10, 12]))
            var trap = TrapClass.plain
            if isVM, let cloneSerial, clones < 2 {
                serial = cloneSerial
                clones += 1
                trap = .vmClone
            }
            let junk = rng.chance(0.05)
            if junk { trap = .junkSerial }
            asset.agentSerial = junk ? rng.pick(DemoVocabulary.junkSerials) : serial
            if rng.chance(0.3) { asset.assetSerial = junk ? nil : serial }
            asset.adapters = [NetworkAdapter(name: kind == 1 ? "Intel(R) Wi-Fi 6 AX201 160MHz" : "Intel(R) Ethernet Connection I219-LM",
                                             macAddress: dash(primaryMAC))]
            if rng.chance(0.3) { asset.adapters.append(NetworkAdapter(name: "Hyper-V Virtual Ethernet Adapter", macAddress: dash("00155D" + rng.hex(6)))) }
            if rng.chance(0.2) { asset.adapters.append(NetworkAdapter(name: "TAP-Windows Adapter V9", macAddress: dash("00FF" + rng.hex(8)))) }
            if rng.chance(0.2) { asset.adapters.append(NetworkAdapter(name: "Bluetooth Device (Personal Area Network)", macAddress: dash(mac()))) }
            if kind == 1, let dockMAC {
                asset.adapters.append(NetworkAdapter(name: "Realtek USB GbE Family Controller (Dock)", macAddress: dash(dockMAC)))
                if trap == .plain { trap = .dock }
            }
            snapshot.assets.append(asset)
            assetTraps[id] = trap
            if let organizationID {
                document(asset, primaryMAC: primaryMAC, serial: junk ? nil : serial, kind: kind, in: organizationID, identified: identified)
            }
        }
    }

    /// Puts the asset into IT Glue the way an MSP's history would have: mostly by MAC and serial, some
    /// by one of them, some by name only, and some not at all (new devices); `identified`: always by both.
    mutating func document(_ asset: Asset, primaryMAC: String, serial: String?, kind: Int, in organizationID: String,
                           identified: Bool = false) {
        let typeID = ["1", "2", "3"][kind]
        let name = rng.chance(0.85) ? asset.name : asset.name.lowercased() + (rng.chance(0.5) ? ".corp.local" : "")
        var roll = Double.random(in: 0..<1, using: &rng)
        if identified { roll = 0 }
        let (documentedMAC, documentedSerial): (String?, String?)
        switch roll {
        case ..<0.45: (documentedMAC, documentedSerial) = (primaryMAC, serial)
        case ..<0.55: (documentedMAC, documentedSerial) = (primaryMAC, nil)
        case ..<0.65: (documentedMAC, documentedSerial) = (nil, serial)
        case ..<0.72: (documentedMAC, documentedSerial) = (nil, nil)
        default: return
        }
        let documented = roll < 0.65 ? name : asset.name
        deviceTruth[asset.id] = addConfiguration(organizationID: organizationID, name: documented, typeID: typeID,
                                                 mac: documentedMAC, serial: documentedSerial)
        if documented.hasSuffix(".corp.local"), assetTraps[asset.id] == .plain { assetTraps[asset.id] = .fqdn }
    }

    func dash(_ mac: String) -> String {
        var out = ""
        for (index, character) in mac.uppercased().enumerated() {
            if index > 0, index % 2 == 0 { out.append("-") }
            out.append(character)
        }
        return out
    }
}
