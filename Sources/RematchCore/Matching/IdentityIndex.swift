/// Every device identifier of the account at once, across all organizations and customers: which configurations
/// carry each serial and MAC, and how many assets do. Built once per snapshot in hash maps (never device against
/// device), it answers a question names cannot:
/// - in which organizations a customer's devices are documented (``devicesDocumented(ofCustomer:)``), the
///   evidence that tells namesakes apart and backs a name suggestion up;
/// - which device is documented in another customer's organization (``documentedElsewhere(assetAt:notIn:)``):
///   a device that may have moved.
///
/// Only identifiers one device holds alone count: a serial or MAC that a single asset and a single (live)
/// configuration carry in the whole account. A dock's MAC, a template serial or a placeholder says nothing.
public struct IdentityIndex: Sendable {
    /// One identifier tying an asset to a configuration.
    public struct Hit: Sendable, Hashable {
        public var configuration: Int
        public var kind: DeviceEvidence.Kind
        public var value: String
    }

    private let catalog: Catalog
    /// The one live configuration carrying each serial and MAC some asset carries, by position; ``shared`` where
    /// several do (only an identifier one configuration alone carries ever counts, so no list is kept).
    private let configurationsBySerial: [String: Int32]
    private let configurationsByMAC: [String: Int32]
    private static let shared: Int32 = -1
    private let assetSerialCount: [String: Int32]
    private let assetMACCount: [String: Int32]
    /// Per asset position in the catalog: its identity serials and MACs, in one flat list each (an asset's run
    /// goes from its start to the next one's), so 100,000 assets are not 200,000 small arrays.
    private let serials: [String], serialStarts: [Int32]
    private let macs: [String], macStarts: [Int32]

    private func assetSerials(_ position: Int) -> ArraySlice<String> { serials[Int(serialStarts[position])..<Int(serialStarts[position + 1])] }
    private func assetMACs(_ position: Int) -> ArraySlice<String> { macs[Int(macStarts[position])..<Int(macStarts[position + 1])] }

    public init(catalog: Catalog) {
        self.catalog = catalog
        let assets = catalog.assets
        let identities = Parallel.flatMap(assets.count) { range -> [([String], [String])] in
            var verdicts: [String: Bool] = [:]
            return assets[range].map { asset in
                (DeviceIdentity.identitySerials(of: asset), DeviceIdentity.identityMACs(of: asset, adapterVerdicts: &verdicts))
            }
        }
        var serials: [String] = [], macs: [String] = []
        var serialStarts: [Int32] = [0], macStarts: [Int32] = [0]
        serialStarts.reserveCapacity(identities.count + 1)
        macStarts.reserveCapacity(identities.count + 1)
        var serialCount: [String: Int32] = [:], macCount: [String: Int32] = [:]
        for (assetSerials, assetMACs) in identities {
            for serial in assetSerials { serialCount[serial, default: 0] += 1 }
            for mac in assetMACs { macCount[mac, default: 0] += 1 }
            serials += assetSerials
            macs += assetMACs
            serialStarts.append(Int32(serials.count))
            macStarts.append(Int32(macs.count))
        }
        (self.serials, self.serialStarts, self.macs, self.macStarts) = (serials, serialStarts, macs, macStarts)
        assetSerialCount = serialCount
        assetMACCount = macCount
        var bySerial: [String: Int32] = [:], byMAC: [String: Int32] = [:]
        func add(_ key: String, _ position: Int32, to map: inout [String: Int32]) {
            if let found = map[key] { if found != position { map[key] = Self.shared } } else { map[key] = position }
        }
        for (position, configuration) in catalog.configurations.enumerated() where !configuration.archived {
            // Only identifiers some asset carries can ever hit: the rest need no entry.
            if let serial = DeviceIdentity.normalizeSerial(configuration.serialNumber), serialCount[serial] != nil {
                add(serial, Int32(position), to: &bySerial)
            }
            for mac in DeviceIdentity.identityMACs(of: configuration) where macCount[mac] != nil {
                add(mac, Int32(position), to: &byMAC)
            }
        }
        configurationsBySerial = bySerial
        configurationsByMAC = byMAC
    }

    /// An asset's identity serials and MACs (``DeviceIdentity``), by its position in the catalog: worked out once
    /// here for the whole account, and handed to the device matcher.
    public func identity(ofAssetAt position: Int) -> DeviceMatcher.Identity {
        DeviceMatcher.Identity(serials: Array(assetSerials(position)), macs: Array(assetMACs(position)))
    }

    /// The configurations an asset's own identifiers lead to: each serial or MAC that this asset alone carries
    /// among assets and one live configuration alone among configurations.
    public func uniqueHits(ofAssetAt position: Int) -> [Hit] {
        var hits: [Hit] = []
        for serial in assetSerials(position) where assetSerialCount[serial] == 1 {
            if let found = configurationsBySerial[serial], found != Self.shared {
                hits.append(Hit(configuration: Int(found), kind: .serial, value: serial))
            }
        }
        for mac in assetMACs(position) where assetMACCount[mac] == 1 {
            if let found = configurationsByMAC[mac], found != Self.shared {
                hits.append(Hit(configuration: Int(found), kind: .mac, value: DeviceIdentity.displayMAC(mac)))
            }
        }
        return hits
    }

    /// The one configuration outside `organizationID` that an asset's own identifiers lead to, with the hits; nil
    /// when they lead nowhere else, or to more than one configuration.
    public func documentedElsewhere(assetAt position: Int, notIn organizationID: String) -> (configuration: Configuration, hits: [Hit])? {
        let hits = uniqueHits(ofAssetAt: position).filter { catalog.configurations[$0.configuration].organizationID != organizationID }
        guard let first = hits.first, hits.allSatisfy({ $0.configuration == first.configuration }) else { return nil }
        return (catalog.configurations[first.configuration], hits)
    }

    /// Where a customer's devices are documented, by their own serials and MACs.
    public struct Documented: Sendable, Hashable {
        /// The organization most of them are documented in.
        public var organizationID: String
        /// How many of the customer's devices are documented there, and how many carry identifiers at all.
        public var devices: Int
        public var identifiable: Int
        /// Which identifiers tie them (serials, MACs or both), for the reason.
        public var kinds: Set<DeviceEvidence.Kind>

        /// "7 of 9 devices' serials are documented in Acme".
        public func reason(organizationName: String) -> String {
            let what = kinds == [.serial] ? "serials" : kinds == [.mac] ? "MACs" : "serials or MACs"
            let count = devices == identifiable ? (devices == 1 ? "The device's" : "All \(devices) devices'") : "\(devices) of \(identifiable) devices'"
            return "\(count) \(what) documented in \(organizationName)"
        }
    }

    /// Every organization some of a customer's devices are documented in, by their own identifiers, most first.
    public struct Votes: Sendable {
        /// How many of the customer's devices carry a serial or MAC at all.
        public var identifiable: Int
        /// Organization id, devices documented there and by which identifiers; most devices first, then by id.
        public var organizations: [(id: String, devices: Int, kinds: Set<DeviceEvidence.Kind>)]

        /// The organization where most of the documented devices are, if that is a clear majority: more than twice
        /// as many as in any other organization, and either at least half of the identifiable devices or at least
        /// two (devices documented here weigh against devices documented elsewhere, not against undocumented ones;
        /// one device alone among many may just have moved).
        public var majority: Documented? {
            guard let top = organizations.first, top.devices * 2 >= identifiable || top.devices >= 2 else { return nil }
            let runnerUp = organizations.dropFirst().first?.devices ?? 0
            guard top.devices > runnerUp * 2 else { return nil }
            return documented(top.id)
        }

        /// What the customer's devices say of one organization, if any are documented there.
        public func documented(_ organizationID: String) -> Documented? {
            guard let entry = organizations.first(where: { $0.id == organizationID }) else { return nil }
            return Documented(organizationID: entry.id, devices: entry.devices, identifiable: identifiable, kinds: entry.kinds)
        }
    }

    /// Where a customer's devices are documented; nil when none of them is.
    public func devicesDocumented(ofCustomer id: Int) -> Votes? {
        let positions = catalog.assetsByCustomer[id] ?? []
        var votes: [String: (devices: Int, kinds: Set<DeviceEvidence.Kind>)] = [:]
        var identifiable = 0
        for position in positions {
            if !assetSerials(position).isEmpty || !assetMACs(position).isEmpty { identifiable += 1 }
            let hits = uniqueHits(ofAssetAt: position)
            let organizations = Set(hits.map { catalog.configurations[$0.configuration].organizationID })
            guard organizations.count == 1, let organization = organizations.first else { continue }
            votes[organization, default: (0, [])].devices += 1
            votes[organization, default: (0, [])].kinds.formUnion(hits.map(\.kind))
        }
        guard !votes.isEmpty else { return nil }
        // Equal votes by id, so the answer never depends on hash order.
        let ranked = votes.map { (id: $0.key, devices: $0.value.devices, kinds: $0.value.kinds) }
            .sorted { $0.devices != $1.devices ? $0.devices > $1.devices : $0.id < $1.id }
        return Votes(identifiable: identifiable, organizations: ranked)
    }
}
