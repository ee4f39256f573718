import Foundation
import RematchJSON

/// Records of one kind, ordered by numeric id (so pages are stable and new records come last).
struct Table: Sendable {
    private(set) var records: [Int: JSONValue] = [:]
    private(set) var order: [Int] = []
    private var sorted = true

    init(_ items: [JSONValue], id: (JSONValue) -> Int?) {
        for item in items { if let key = id(item) { insert(key, item) } }
    }

    var count: Int { records.count }
    subscript(id: Int) -> JSONValue? { records[id] }
    var nextID: Int { (order.max() ?? 0) + 1 }

    mutating func insert(_ id: Int, _ record: JSONValue) {
        if records[id] == nil {
            if let last = order.last, id < last { sorted = false }
            order.append(id)
        }
        records[id] = record
        if !sorted {
            order.sort()
            sorted = true
        }
    }

    var all: [JSONValue] { order.compactMap { records[$0] } }

    /// The records at these places in id order: one page, without building the whole list.
    func slice(from start: Int, count: Int) -> [JSONValue] {
        let lower = min(max(0, start), order.count), upper = min(order.count, lower + max(0, count))
        return order[lower..<upper].compactMap { records[$0] }
    }

    mutating func remove(_ id: Int) {
        guard records.removeValue(forKey: id) != nil else { return }
        order.removeAll { $0 == id }
    }
}

/// The sandbox's data: what both servers read and write. Writes go to the data file, when there is one,
/// before the answer is sent, so a restarted sandbox continues where it stopped.
public actor SandboxStore {
    var customers: Table
    var assets: Table
    var assetsByCustomer: [Int: [Int]] = [:]
    var organizations: Table
    var configurations: Table
    var configurationsByOrganization: [Int: [Int]] = [:]
    var configurationTypes: Table
    var configurationStatuses: Table
    var organizationTypes: Table
    var organizationStatuses: Table
    var interfaces: Table
    var domains: Table
    var locations: Table
    var interfacesByConfiguration: [Int: [Int]] = [:]
    /// The custom fields each asset type defines, by type name (empty: none known, any key is kept).
    var assetTypes: [String: [String]]
    let dataFile: String?

    public init(dataset: SandboxDataset, dataFile: String? = nil) {
        let syncroID = { (record: JSONValue) in record["id"]?.intValue }
        let resourceID = { (record: JSONValue) in record["id"]?.intValue }
        customers = Table(dataset.customers, id: syncroID)
        assets = Table(dataset.assets, id: syncroID)
        organizations = Table(dataset.organizations, id: resourceID)
        configurations = Table(dataset.configurations, id: resourceID)
        configurationTypes = Table(dataset.configurationTypes, id: resourceID)
        configurationStatuses = Table(dataset.configurationStatuses, id: resourceID)
        organizationTypes = Table(dataset.organizationTypes, id: resourceID)
        organizationStatuses = Table(dataset.organizationStatuses, id: resourceID)
        interfaces = Table(dataset.configurationInterfaces, id: resourceID)
        domains = Table(dataset.domains, id: resourceID)
        locations = Table(dataset.locations, id: resourceID)
        assetTypes = dataset.assetTypes
        self.dataFile = dataFile
        for id in assets.order { if let customer = assets[id]?["customer_id"]?.intValue { assetsByCustomer[customer, default: []].append(id) } }
        for id in configurations.order {
            if let organization = configurations[id]?["attributes"]?["organization-id"]?.intValue {
                configurationsByOrganization[organization, default: []].append(id)
            }
        }
        for id in interfaces.order {
            if let configuration = interfaces[id]?["attributes"]?["configuration-id"]?.intValue {
                interfacesByConfiguration[configuration, default: []].append(id)
            }
        }
    }

    /// Everything, in the fixture format.
    public func dataset() -> SandboxDataset {
        var dataset = SandboxDataset()
        dataset.customers = customers.all
        dataset.assets = assets.all
        dataset.organizations = organizations.all
        dataset.configurations = configurations.all
        dataset.configurationTypes = configurationTypes.all
        dataset.configurationStatuses = configurationStatuses.all
        dataset.organizationTypes = organizationTypes.all
        dataset.organizationStatuses = organizationStatuses.all
        dataset.configurationInterfaces = interfaces.all
        dataset.domains = domains.all
        dataset.locations = locations.all
        dataset.assetTypes = assetTypes
        return dataset
    }

    public var counts: (customers: Int, assets: Int, organizations: Int, configurations: Int) {
        (customers.count, assets.count, organizations.count, configurations.count)
    }

    /// Writes the data file atomically (write to a temporary file, then rename).
    func persist() throws {
        guard let dataFile else { return }
        let data = dataset().fixtureJSON()
        let url = URL(fileURLWithPath: dataFile)
        try data.write(to: url, options: .atomic)
    }

    // MARK: Syncro

    func syncroCustomers() -> [JSONValue] { customers.all }
    func syncroCustomer(_ id: Int) -> JSONValue? { customers[id] }
    func syncroAssets(customerID: Int?) -> [JSONValue] {
        if let customerID { return (assetsByCustomer[customerID] ?? []).compactMap { assets[$0] } }
        return assets.all
    }
    func syncroAsset(_ id: Int) -> JSONValue? { assets[id] }
    /// One page of every asset, and how many there are: a page of 100,000 assets costs a page, not the list.
    func syncroAssets(from start: Int, count: Int) -> (page: [JSONValue], total: Int) {
        (assets.slice(from: start, count: count), assets.count)
    }

    /// The custom fields an asset type defines, or nil when the data defines no asset types at all.
    func customFields(ofAssetType type: String) -> Set<String>? {
        assetTypes.isEmpty ? nil : Set(assetTypes[type] ?? [])
    }

    func updateSyncroAsset(_ id: Int, _ record: JSONValue) throws {
        assets.insert(id, record)
        try persist()
    }

    /// Marks a configuration as synced from a PSA (`psa-integration`), as a PSA integration would: IT Glue then
    /// refuses changes to it except to a few attributes (archived, notes…).
    public func markSyncedFromPSA(configuration id: Int) throws {
        _ = try update(.configurations, changes: [(id, ["psa-integration": "enabled"])])
    }

    /// Deletes a configuration status, as an IT Glue administrator tidying the list does: a client that read the
    /// list before still holds its id, and IT Glue refuses it ("must exist").
    public func deleteConfigurationStatus(named name: String) throws {
        for record in configurationStatuses.all where record["attributes"]?["name"]?.stringValue == name {
            if let id = record["id"]?.text.flatMap(Int.init) { configurationStatuses.remove(id) }
        }
        try persist()
    }

    /// Deletes a Syncro asset, as a technician deleting the device in Syncro does: the next sync finds it gone.
    public func deleteSyncroAsset(_ id: Int) throws {
        if let customer = assets[id]?["customer_id"]?.intValue { assetsByCustomer[customer]?.removeAll { $0 == id } }
        assets.remove(id)
        try persist()
    }

    // MARK: IT Glue

    enum Kind: Sendable {
        case organizations, configurations, configurationTypes, configurationStatuses, organizationTypes, organizationStatuses, interfaces
        case domains, locations
    }

    /// Changes one table in place.
    private func modify(_ kind: Kind, _ body: (inout Table) -> Void) {
        switch kind {
        case .organizations: body(&organizations)
        case .configurations: body(&configurations)
        case .configurationTypes: body(&configurationTypes)
        case .configurationStatuses: body(&configurationStatuses)
        case .organizationTypes: body(&organizationTypes)
        case .organizationStatuses: body(&organizationStatuses)
        case .interfaces: body(&interfaces)
        case .domains: body(&domains)
        case .locations: body(&locations)
        }
    }

    private func table(_ kind: Kind) -> Table {
        switch kind {
        case .organizations: organizations
        case .configurations: configurations
        case .configurationTypes: configurationTypes
        case .configurationStatuses: configurationStatuses
        case .organizationTypes: organizationTypes
        case .organizationStatuses: organizationStatuses
        case .interfaces: interfaces
        case .domains: domains
        case .locations: locations
        }
    }

    func all(_ kind: Kind) -> [JSONValue] { table(kind).all }
    func record(_ kind: Kind, _ id: Int) -> JSONValue? { table(kind)[id] }
    func configurations(ofOrganization id: Int) -> [JSONValue] {
        (configurationsByOrganization[id] ?? []).compactMap { configurations[$0] }
    }
    func interfaces(ofConfiguration id: Int) -> [JSONValue] {
        (interfacesByConfiguration[id] ?? []).compactMap { interfaces[$0] }
    }

    /// Stores new resources (already validated), giving each the next id; returns them as stored.
    func create(_ kind: Kind, attributes list: [[String: JSONValue]], type: String) throws -> [JSONValue] {
        var created: [JSONValue] = []
        let now = Self.now()
        for var attributes in list {
            let id = table(kind).nextID
            attributes["created-at"] = .string(now)
            attributes["updated-at"] = .string(now)
            let record: JSONValue = ["id": .string(String(id)), "type": .string(type), "attributes": .object(attributes)]
            modify(kind) { $0.insert(id, record) }
            if kind == .configurations, let organization = attributes["organization-id"]?.intValue {
                configurationsByOrganization[organization, default: []].append(id)
            }
            created.append(record)
        }
        try persist()
        return created
    }

    /// Merges attribute changes into existing resources; returns them as stored.
    func update(_ kind: Kind, changes: [(id: Int, attributes: [String: JSONValue])]) throws -> [JSONValue] {
        var updated: [JSONValue] = []
        let now = Self.now()
        for change in changes {
            guard var record = table(kind)[change.id], var attributes = record["attributes"]?.objectValue else { continue }
            if kind == .configurations, let organization = change.attributes["organization-id"]?.intValue,
               let old = attributes["organization-id"]?.intValue, old != organization {
                // A configuration moved to another organization: its nested route follows it.
                configurationsByOrganization[old]?.removeAll { $0 == change.id }
                configurationsByOrganization[organization, default: []].append(change.id)
            }
            for (key, value) in change.attributes { attributes[key] = value }
            attributes["updated-at"] = .string(now)
            record["attributes"] = .object(attributes)
            modify(kind) { $0.insert(change.id, record) }
            updated.append(record)
        }
        try persist()
        return updated
    }

    static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }
}
