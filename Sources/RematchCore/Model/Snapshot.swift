import Foundation

/// Everything one sync read from both services, before any checking.
public struct Snapshot: Sendable, Hashable, Codable {
    public var customers: [Customer]
    public var assets: [Asset]
    public var organizations: [Organization]
    public var configurations: [Configuration]
    public var configurationTypes: [ConfigurationType]
    public var configurationStatuses: [ConfigurationStatus]
    public var takenAt: Date?

    public init(
        customers: [Customer] = [], assets: [Asset] = [], organizations: [Organization] = [],
        configurations: [Configuration] = [], configurationTypes: [ConfigurationType] = [],
        configurationStatuses: [ConfigurationStatus] = [], takenAt: Date? = nil
    ) {
        self.customers = customers
        self.assets = assets
        self.organizations = organizations
        self.configurations = configurations
        self.configurationTypes = configurationTypes
        self.configurationStatuses = configurationStatuses
        self.takenAt = takenAt
    }
}

/// A problem found in a snapshot. The offending record is left out; the rest goes on.
public struct DataIssue: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case duplicateCustomer, duplicateAsset, duplicateOrganization, duplicateConfiguration
        case assetOfUnknownCustomer, configurationOfUnknownOrganization
    }
    public var kind: Kind
    public var recordID: String
    public var detail: String

    public var description: String { detail }
}

/// A checked, indexed snapshot: lookups by id and by owner, and the issues found while building it.
public struct Catalog: Sendable {
    public let snapshot: Snapshot
    public let customers: [Customer]
    public let assets: [Asset]
    public let organizations: [Organization]
    public let configurations: [Configuration]
    public let customerIndex: [Int: Int]
    public let assetIndex: [Int: Int]
    public let organizationIndex: [String: Int]
    public let configurationIndex: [String: Int]
    /// Asset positions per customer id, in snapshot order.
    public let assetsByCustomer: [Int: [Int]]
    /// Configuration positions per organization id, in snapshot order.
    public let configurationsByOrganization: [String: [Int]]
    public let issues: [DataIssue]

    public init(_ snapshot: Snapshot) {
        self.snapshot = snapshot
        var issues: [DataIssue] = []
        let customers = Self.indexed(snapshot.customers, id: { $0.id }, owner: { _ in Int?.none }, issues: &issues) { customer in
            .init(kind: .duplicateCustomer, recordID: String(customer.id),
                  detail: "Syncro customer #\(customer.id) appears twice; the first copy is kept.")
        }
        let assets = Self.indexed(snapshot.assets, id: { $0.id }, owner: { asset in customers.index[asset.customerID] != nil ? asset.customerID : nil },
                                  issues: &issues) { asset in
            .init(kind: .duplicateAsset, recordID: String(asset.id), detail: "Syncro asset #\(asset.id) appears twice; the first copy is kept.")
        } orphan: { asset in
            .init(kind: .assetOfUnknownCustomer, recordID: String(asset.id),
                  detail: "Syncro asset #\(asset.id) belongs to unknown customer #\(asset.customerID); left out.")
        }
        let organizations = Self.indexed(snapshot.organizations, id: { $0.id }, owner: { _ in String?.none }, issues: &issues) { organization in
            .init(kind: .duplicateOrganization, recordID: organization.id,
                  detail: "IT Glue organization #\(organization.id) appears twice; the first copy is kept.")
        }
        let configurations = Self.indexed(
            snapshot.configurations, id: { $0.id },
            owner: { configuration in organizations.index[configuration.organizationID] != nil ? configuration.organizationID : nil },
            issues: &issues
        ) { configuration in
            .init(kind: .duplicateConfiguration, recordID: configuration.id,
                  detail: "IT Glue configuration #\(configuration.id) appears twice; the first copy is kept.")
        } orphan: { configuration in
            .init(kind: .configurationOfUnknownOrganization, recordID: configuration.id,
                  detail: "IT Glue configuration #\(configuration.id) belongs to unknown organization #\(configuration.organizationID); left out.")
        }
        (self.customers, customerIndex) = (customers.records, customers.index)
        (self.assets, assetIndex, assetsByCustomer) = (assets.records, assets.index, assets.byOwner)
        (self.organizations, organizationIndex) = (organizations.records, organizations.index)
        (self.configurations, configurationIndex, configurationsByOrganization) = (configurations.records, configurations.index, configurations.byOwner)
        self.issues = issues
    }

    /// Keeps the first record of each id and, where records have an owner, only those whose owner is known
    /// (`owner` answers nil for an unknown one, or always for records without owners, with no `orphan`).
    private static func indexed<Record, ID: Hashable, Owner: Hashable>(
        _ records: [Record], id: (Record) -> ID, owner: (Record) -> Owner?, issues: inout [DataIssue],
        duplicate: (Record) -> DataIssue, orphan: ((Record) -> DataIssue)? = nil
    ) -> (records: [Record], index: [ID: Int], byOwner: [Owner: [Int]]) {
        var index: [ID: Int] = [:]
        var byOwner: [Owner: [Int]] = [:]
        index.reserveCapacity(records.count)
        // Records are copied only when some are left out: otherwise the snapshot's array is shared, not doubled
        // (100,000 assets and as many configurations are tens of megabytes).
        var dropped: [Int] = []
        var keptCount = 0
        for (position, record) in records.enumerated() {
            let key = id(record)
            guard index[key] == nil else {
                issues.append(duplicate(record))
                dropped.append(position)
                continue
            }
            if let orphan {
                guard let owner = owner(record) else {
                    issues.append(orphan(record))
                    dropped.append(position)
                    continue
                }
                byOwner[owner, default: []].append(keptCount)
            }
            index[key] = keptCount
            keptCount += 1
        }
        guard !dropped.isEmpty else { return (records, index, byOwner) }
        let left = Set(dropped)
        return (records.enumerated().filter { !left.contains($0.offset) }.map(\.element), index, byOwner)
    }

    public func customer(_ id: Int) -> Customer? { customerIndex[id].map { customers[$0] } }
    public func asset(_ id: Int) -> Asset? { assetIndex[id].map { assets[$0] } }
    public func organization(_ id: String) -> Organization? { organizationIndex[id].map { organizations[$0] } }
    public func configuration(_ id: String) -> Configuration? { configurationIndex[id].map { configurations[$0] } }

    public func assets(ofCustomer id: Int) -> [Asset] { (assetsByCustomer[id] ?? []).map { assets[$0] } }
    public func configurations(ofOrganization id: String) -> [Configuration] {
        (configurationsByOrganization[id] ?? []).map { configurations[$0] }
    }

    /// Customers that take part in matching: those with at least one asset (IT Glue's RMM rule).
    public var customersWithAssets: [Customer] { customers.filter { assetsByCustomer[$0.id] != nil } }
}
