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

        var customers: [Customer] = []
        var customerIndex: [Int: Int] = [:]
        customers.reserveCapacity(snapshot.customers.count)
        for customer in snapshot.customers {
            if customerIndex[customer.id] != nil {
                issues.append(.init(kind: .duplicateCustomer, recordID: String(customer.id),
                                    detail: "Syncro customer #\(customer.id) appears twice; the first copy is kept."))
                continue
            }
            customerIndex[customer.id] = customers.count
            customers.append(customer)
        }

        var assets: [Asset] = []
        var assetIndex: [Int: Int] = [:]
        var assetsByCustomer: [Int: [Int]] = [:]
        assets.reserveCapacity(snapshot.assets.count)
        for asset in snapshot.assets {
            if assetIndex[asset.id] != nil {
                issues.append(.init(kind: .duplicateAsset, recordID: String(asset.id),
                                    detail: "Syncro asset #\(asset.id) appears twice; the first copy is kept."))
                continue
            }
            guard customerIndex[asset.customerID] != nil else {
                issues.append(.init(kind: .assetOfUnknownCustomer, recordID: String(asset.id),
                                    detail: "Syncro asset #\(asset.id) belongs to unknown customer #\(asset.customerID); left out."))
                continue
            }
            assetIndex[asset.id] = assets.count
            assetsByCustomer[asset.customerID, default: []].append(assets.count)
            assets.append(asset)
        }

        var organizations: [Organization] = []
        var organizationIndex: [String: Int] = [:]
        for organization in snapshot.organizations {
            if organizationIndex[organization.id] != nil {
                issues.append(.init(kind: .duplicateOrganization, recordID: organization.id,
                                    detail: "IT Glue organization #\(organization.id) appears twice; the first copy is kept."))
                continue
            }
            organizationIndex[organization.id] = organizations.count
            organizations.append(organization)
        }

        var configurations: [Configuration] = []
        var configurationIndex: [String: Int] = [:]
        var configurationsByOrganization: [String: [Int]] = [:]
        configurations.reserveCapacity(snapshot.configurations.count)
        for configuration in snapshot.configurations {
            if configurationIndex[configuration.id] != nil {
                issues.append(.init(kind: .duplicateConfiguration, recordID: configuration.id,
                                    detail: "IT Glue configuration #\(configuration.id) appears twice; the first copy is kept."))
                continue
            }
            guard organizationIndex[configuration.organizationID] != nil else {
                issues.append(.init(kind: .configurationOfUnknownOrganization, recordID: configuration.id,
                                    detail: "IT Glue configuration #\(configuration.id) belongs to unknown organization #\(configuration.organizationID); left out."))
                continue
            }
            configurationIndex[configuration.id] = configurations.count
            configurationsByOrganization[configuration.organizationID, default: []].append(configurations.count)
            configurations.append(configuration)
        }

        self.customers = customers
        self.assets = assets
        self.organizations = organizations
        self.configurations = configurations
        self.customerIndex = customerIndex
        self.assetIndex = assetIndex
        self.organizationIndex = organizationIndex
        self.configurationIndex = configurationIndex
        self.assetsByCustomer = assetsByCustomer
        self.configurationsByOrganization = configurationsByOrganization
        self.issues = issues
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
