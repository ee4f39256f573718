import Foundation

/// Which tab a customer or device is on.
public enum MatchState: String, Sendable, Hashable, Codable, CaseIterable {
    case unmatched, matched, ignored
}

/// Where one customer stands, derived from the snapshot, the matcher and a person's decision.
public struct CustomerStatus: Sendable, Hashable {
    public var state: MatchState
    /// The organization it is matched to (nil while unmatched, ignored, or waiting for creation).
    public var organizationID: String?
    public var origin: MatchOrigin?
    /// The name of an organization waiting to be created for it.
    public var pendingOrganizationName: String?
    public var suggestion: OrganizationSuggestion
    /// A decision that points at something that is gone, in words.
    public var problem: String?
}

/// Where one asset stands.
public struct DeviceStatus: Sendable, Hashable {
    public var state: MatchState
    public var configurationID: String?
    public var origin: MatchOrigin?
    public var pendingClass: DeviceClass?
    public var suggestion: DeviceSuggestion
    public var problem: String?
    /// The organization a configuration is still to be moved from (``DeviceDecision/moveConfiguration(configurationID:fromOrganizationID:)``).
    public var pendingMoveFrom: String? = nil
}

/// The matching state: a checked snapshot of both sides, the matcher's suggestions, and every
/// decision a person made. Pure value; the store persists it and the console shows it.
public struct Workspace: Sendable {
    public private(set) var catalog: Catalog
    public private(set) var matcher: OrganizationMatcher
    /// Every device identifier of the account: where a customer's devices are documented.
    public private(set) var identities: IdentityIndex
    /// The organizations' email domains and phones: where a customer's own are documented.
    public private(set) var contacts: ContactIndex
    public private(set) var organizationSuggestions: [Int: OrganizationSuggestion] = [:]
    public private(set) var customerDecisions: [Int: CustomerDecision]
    public private(set) var deviceDecisions: [Int: DeviceDecision]
    public internal(set) var deviceSuggestions: [Int: DeviceSuggestion] = [:]
    /// The undo stack, oldest first.
    public private(set) var history: [Change]
    /// The classes a person mapped by hand; the rest follow the account's type names.
    public private(set) var chosenTypeMapping: DeviceTypeMapping
    /// The mapping in force: a person's choice per class, else the type proposed from the account's names.
    public var typeMapping: DeviceTypeMapping {
        get {
            var mapping = DeviceTypeMapping.proposed(from: catalog.snapshot.configurationTypes)
            for (deviceClass, typeID) in chosenTypeMapping.typeIDs { mapping[deviceClass] = typeID }
            mapping.assetTypeClasses = chosenTypeMapping.assetTypeClasses
            return mapping
        }
        set { chosenTypeMapping = newValue }
    }

    /// The class an asset is created as: a person's class for its Syncro asset type, else what its type and the
    /// agent's report say.
    public func deviceClass(of asset: Asset) -> DeviceClass {
        DeviceClass.classify(asset, assetTypeClasses: chosenTypeMapping.assetTypeClasses)
    }

    /// The account's Syncro asset types with how many assets each has, most first. Agent devices, nearly all of a
    /// large account, are counted by comparison rather than hashing: the type mapping draws this every frame.
    public var assetTypeCounts: [(name: String, count: Int)] {
        var counts: [String: Int] = [:]
        var agents = 0
        for asset in catalog.assets {
            if let type = asset.assetType, type != DeviceClass.agentAssetType { counts[type, default: 0] += 1 } else { agents += 1 }
        }
        if agents > 0 { counts[DeviceClass.agentAssetType] = agents }
        return counts.map { (name: $0.key, count: $0.value) }.sorted { ($1.count, $0.name) < ($0.count, $1.name) }
    }
    /// Customers with at least one asset, sorted by display name: the only ones that take part.
    public private(set) var customerIDs: [Int] = []
    /// Effective organization → customers matched to it.
    var customersByOrganization: [String: [Int]] = [:]

    public init(
        snapshot: Snapshot, customerDecisions: [Int: CustomerDecision] = [:],
        deviceDecisions: [Int: DeviceDecision] = [:], history: [Change] = [],
        typeMapping: DeviceTypeMapping? = nil
    ) {
        catalog = Catalog(snapshot)
        matcher = OrganizationMatcher(organizations: catalog.organizations)
        identities = IdentityIndex(catalog: catalog)
        contacts = ContactIndex(organizations: catalog.organizations, customers: catalog.customers)
        self.customerDecisions = customerDecisions
        self.deviceDecisions = deviceDecisions
        self.history = history
        chosenTypeMapping = typeMapping ?? DeviceTypeMapping()
        rebuild()
    }

    /// The same decisions over a new snapshot (a resync): decisions are never overwritten, decisions
    /// whose record vanished are flagged, auto-links are recomputed only where no person decided.
    public func resynced(with snapshot: Snapshot) -> Workspace {
        Workspace(snapshot: snapshot, customerDecisions: customerDecisions, deviceDecisions: deviceDecisions,
                  history: history, typeMapping: chosenTypeMapping)
    }

    private mutating func rebuild() {
        customerIDs = catalog.customersWithAssets
            .map { (key: $0.displayName.lowercased(), id: $0.id) }
            .sorted { ($0.key, $0.id) < ($1.key, $1.id) }
            .map(\.id)
        organizationSuggestions = OrganizationPipeline.proposals(for: customerIDs, catalog: catalog, matcher: matcher,
                                                                 contacts: contacts, identities: identities)
        customersByOrganization = [:]
        for id in customerIDs {
            if let organization = status(ofCustomer: id).organizationID {
                customersByOrganization[organization, default: []].append(id)
            }
        }
        let organizations = Array(customersByOrganization.keys), workspace = self
        deviceSuggestions = DeviceMatcher.match(groupCount: organizations.count) { workspace.deviceGroup(of: organizations[$0]) }
        for organization in customersByOrganization.keys { flagMovedDevices(in: organization) }
    }

    /// Marks the devices of an organization's customers whose own serial or MAC is documented in another
    /// organization's configuration (``MovedDevice``): never an auto-link, and a person may move it here. Only where
    /// the customer's organization is settled (``settlement(ofCustomer:)``): otherwise the devices documented
    /// elsewhere are evidence about the organization, not devices to move.
    mutating func flagMovedDevices(in organizationID: String) {
        let settled = (customersByOrganization[organizationID] ?? []).filter { settlement(ofCustomer: $0) != nil }
        MovedDevices.flag(&deviceSuggestions, ofCustomers: settled, in: organizationID, catalog: catalog, identities: identities)
    }

    // MARK: Customers

    /// Why a device's configuration documented elsewhere belongs in its customer's organization, worded once for
    /// the console's preview and `move-devices`: "Henderson Plumbing is its customer's because a person matched it".
    public func moveSettlement(ofAsset id: Int) -> String? {
        guard let asset = catalog.asset(id), let settled = settlement(ofCustomer: asset.customerID),
              let organization = status(ofCustomer: asset.customerID).organizationID else { return nil }
        return "\(catalog.organization(organization)?.name ?? "#\(organization)") is its customer's because \(settled)"
    }

    /// Why the customer's organization is settled enough to move configurations into it, in words, or nil when
    /// nothing settles it. A move is a write: it follows a person's decision (an accepted suggestion, a match by
    /// hand, an organization Rematch created) or a name exact and unique on both sides, never a link the name no
    /// longer supports (a stored automatic match whose name is now shared).
    public func settlement(ofCustomer id: Int) -> String? {
        let status = status(ofCustomer: id)
        guard status.state == .matched, let organization = status.organizationID else { return nil }
        switch status.origin {
        case .accepted?: return "a person accepted the suggestion"
        case .manual?: return "a person matched it"
        case .created?: return "Rematch created the organization for it"
        case .automatic?:
            let suggestion = organizationSuggestions[id]
            guard suggestion?.isAutoLink == true, suggestion?.best?.organizationID == organization else { return nil }
            return "the name is exact and unique in Syncro and IT Glue"
        case .moved?, nil: return nil
        }
    }

    public func status(ofCustomer id: Int) -> CustomerStatus {
        let suggestion = organizationSuggestions[id] ?? .none
        switch customerDecisions[id] {
        case let .matched(organizationID, origin)?:
            let problem = catalog.organization(organizationID) == nil
                ? "IT Glue organization #\(organizationID) no longer exists" : nil
            return CustomerStatus(state: .matched, organizationID: organizationID, origin: origin,
                                  pendingOrganizationName: nil, suggestion: suggestion, problem: problem)
        case .ignored?:
            return CustomerStatus(state: .ignored, organizationID: nil, origin: nil, pendingOrganizationName: nil,
                                  suggestion: suggestion, problem: nil)
        case let .createOrganization(name)?:
            return CustomerStatus(state: .matched, organizationID: nil, origin: .created,
                                  pendingOrganizationName: name, suggestion: suggestion, problem: nil)
        case let .unmatched(rejected)?:
            var shown = suggestion
            if let rejected, shown.best?.organizationID == rejected {
                shown.isAutoLink = false
                let reason = shown.best?.reason ?? ""
                shown.best?.reason = "you reverted this match; " + reason
            }
            return CustomerStatus(state: undecidedState(id), organizationID: nil, origin: nil, pendingOrganizationName: nil,
                                  suggestion: shown, problem: nil)
        case nil:
            if suggestion.isAutoLink, let best = suggestion.best {
                return CustomerStatus(state: .matched, organizationID: best.organizationID, origin: .automatic,
                                      pendingOrganizationName: nil, suggestion: suggestion, problem: nil)
            }
            return CustomerStatus(state: undecidedState(id), organizationID: nil, origin: nil, pendingOrganizationName: nil,
                                  suggestion: suggestion, problem: nil)
        }
    }

    /// Where a customer nobody matched stands: a disabled (former) customer is no work, so it waits on the Ignored
    /// tab (never auto-linked, never offered Create Organization) until a person matches it by hand.
    private func undecidedState(_ id: Int) -> MatchState {
        catalog.customer(id)?.disabled == true ? .ignored : .unmatched
    }

    /// Customers on one tab, in display order.
    public func customers(in state: MatchState) -> [Int] {
        customerIDs.filter { status(ofCustomer: $0).state == state }
    }

    /// Disabled (former) customers nobody matched: on the Ignored tab without anyone having ignored them.
    public var disabledCustomersApart: [Int] {
        customerIDs.filter { catalog.customer($0)?.disabled == true && status(ofCustomer: $0).state == .ignored }
    }

    /// Counts per tab, in one pass.
    public func customerCounts() -> [MatchState: Int] {
        var counts: [MatchState: Int] = [.unmatched: 0, .matched: 0, .ignored: 0]
        for id in customerIDs { counts[status(ofCustomer: id).state, default: 0] += 1 }
        return counts
    }

    /// Customers whose decision points at a record that vanished, and decisions about customers that
    /// are gone from Syncro: flagged for a person, never dropped.
    public var staleCustomerDecisions: [Int] {
        customerDecisions.keys.filter { id in
            catalog.customer(id) == nil || status(ofCustomer: id).problem != nil
        }.sorted()
    }

    public var staleDeviceDecisions: [Int] {
        deviceDecisions.keys.filter { id in
            catalog.asset(id) == nil || status(ofAsset: id).problem != nil
        }.sorted()
    }

    /// The customers matched to an organization (several may share one).
    public func customers(matchedTo organizationID: String) -> [Int] {
        customersByOrganization[organizationID] ?? []
    }

    // MARK: Applying changes

    /// Applies a change the store has committed: decisions, created records, the undo stack, and the
    /// suggestions that depend on them.
    public mutating func apply(_ change: Change) {
        if !change.createdOrganizations.isEmpty || !change.createdConfigurations.isEmpty || !change.updatedConfigurations.isEmpty {
            var snapshot = catalog.snapshot
            // A sync may already have brought the record in: each is added once.
            snapshot.organizations += change.createdOrganizations.filter { catalog.organization($0.id) == nil }
            snapshot.configurations += change.createdConfigurations.filter { catalog.configuration($0.id) == nil }
            if !change.updatedConfigurations.isEmpty {
                let updated = Dictionary(change.updatedConfigurations.map { ($0.id, $0) }, uniquingKeysWith: { $1 })
                snapshot.configurations = snapshot.configurations.map { updated[$0.id] ?? $0 }
            }
            catalog = Catalog(snapshot)
            if !change.createdOrganizations.isEmpty {
                matcher = OrganizationMatcher(organizations: catalog.organizations)
                contacts = ContactIndex(organizations: catalog.organizations, customers: catalog.customers)
            }
        }
        var touchedOrganizations = Set<String>()
        for edit in change.edits {
            switch edit {
            case let .customer(id, _, after):
                if let old = status(ofCustomer: id).organizationID { touchedOrganizations.insert(old) }
                customerDecisions[id] = after
                for asset in catalog.assetsByCustomer[id] ?? [] { deviceSuggestions[catalog.assets[asset].id] = nil }
                if let new = status(ofCustomer: id).organizationID { touchedOrganizations.insert(new) }
            case let .asset(id, _, after):
                deviceDecisions[id] = after
                if let customer = catalog.asset(id)?.customerID,
                   let organization = status(ofCustomer: customer).organizationID {
                    touchedOrganizations.insert(organization)
                }
            }
        }
        switch change.history {
        case .push: history.append(change)
        case .pop(let id): history.removeAll { $0.id == id }
        case .none: break
        }
        if !change.createdOrganizations.isEmpty || !change.updatedConfigurations.isEmpty {
            // New names to match, or a configuration that changed organization: every suggestion may change.
            identities = IdentityIndex(catalog: catalog)
            rebuild()
            return
        }
        customersByOrganization = [:]
        for id in customerIDs {
            if let organization = status(ofCustomer: id).organizationID {
                customersByOrganization[organization, default: []].append(id)
            }
        }
        for organization in touchedOrganizations { recomputeDevices(of: organization) }
    }
}
