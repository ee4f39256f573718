import Foundation
import RematchJSON

/// A fixture or data file that cannot be used, naming the record and the field.
public struct FixtureError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension SandboxDataset {
    /// The IT Glue arrays of the fixture format, with the JSON:API `type` each record must carry.
    static var itGlueKinds: [(key: String, type: String, path: WritableKeyPath<SandboxDataset, [JSONValue]>)] { [
        ("organizations", "organizations", \.organizations),
        ("configurations", "configurations", \.configurations),
        ("configuration_types", "configuration-types", \.configurationTypes),
        ("configuration_statuses", "configuration-statuses", \.configurationStatuses),
        ("organization_types", "organization-types", \.organizationTypes),
        ("organization_statuses", "organization-statuses", \.organizationStatuses),
        ("configuration_interfaces", "configuration-interfaces", \.configurationInterfaces),
        ("domains", "domains", \.domains),
        ("locations", "locations", \.locations),
    ] }

    /// Reads a fixture: `{"syncro":{"customers":[…],"assets":[…],"asset_types":{"Printer":["Make",…]}},
    /// "itglue":{"organizations":[…], …}}`.
    public static func load(fixture data: Data, name: String = "fixture") throws(FixtureError) -> SandboxDataset {
        var reader = FixtureReader(name: name)
        let root: JSONValue
        do { root = try JSONValue.decode(data) } catch { throw reader.fail("not valid JSON (\(error.localizedDescription))") }
        guard root.objectValue != nil else { throw reader.fail("the top level must be an object with \"syncro\" and \"itglue\"") }
        let syncro = root["syncro"] ?? [:]
        let itglue = root["itglue"] ?? [:]
        guard syncro.objectValue != nil else { throw reader.fail("\"syncro\" must be an object") }
        guard itglue.objectValue != nil else { throw reader.fail("\"itglue\" must be an object") }
        try reader.readCustomers(try reader.array(syncro, "customers", "syncro.customers"))
        try reader.readAssets(try reader.array(syncro, "assets", "syncro.assets"))
        try reader.readAssetTypes(syncro["asset_types"])
        for kind in itGlueKinds { try reader.readITGlue(try reader.array(itglue, kind.key, "itglue.\(kind.key)"), kind: kind) }
        try reader.checkReferences()
        return reader.dataset
    }

    /// The dataset in the fixture format (also the `--data-file` format).
    public func fixtureJSON() -> Data {
        var itglue: [String: JSONValue] = [:]
        for kind in Self.itGlueKinds { itglue[kind.key] = .array(self[keyPath: kind.path]) }
        let types = assetTypes.mapValues { JSONValue.array($0.map(JSONValue.string)) }
        let root: JSONValue = ["syncro": ["customers": .array(customers), "assets": .array(assets), "asset_types": .object(types)],
                               "itglue": .object(itglue)]
        return root.encoded()
    }
}

/// Reads a fixture one part at a time, naming the record and field of the first problem.
private struct FixtureReader {
    let name: String
    var dataset = SandboxDataset()
    var customerIDs = Set<Int>()
    var idsByType: [String: Set<Int>] = [:]

    init(name: String) { self.name = name }

    func fail(_ message: String) -> FixtureError { FixtureError(message: "\(name): \(message)") }

    func array(_ parent: JSONValue, _ key: String, _ path: String) throws(FixtureError) -> [JSONValue] {
        guard let value = parent[key], !value.isNull else { return [] }
        guard let items = value.arrayValue else { throw fail("\(path) must be an array") }
        return items
    }

    /// A Syncro record's integer id, unique among `seen`.
    private func syncroID(_ record: JSONValue, at: String, seen: inout Set<Int>) throws(FixtureError) -> Int {
        guard record.objectValue != nil else { throw fail("\(at) must be an object") }
        guard let id = record["id"]?.doubleValue.flatMap({ $0 == $0.rounded() ? Int($0) : nil }) else {
            throw fail("\(at): \"id\" must be an integer")
        }
        guard seen.insert(id).inserted else { throw fail("\(at) (id \(id)): the id appears twice") }
        return id
    }

    mutating func readCustomers(_ customers: [JSONValue]) throws(FixtureError) {
        for (index, customer) in customers.enumerated() {
            let at = "syncro.customers[\(index)]"
            let id = try syncroID(customer, at: at, seen: &customerIDs)
            for field in ["business_name", "firstname", "lastname", "email"] {
                if let value = customer[field], !value.isNull, value.stringValue == nil {
                    throw fail("\(at) (id \(id)): \"\(field)\" must be a string or null")
                }
            }
            dataset.customers.append(customer)
        }
    }

    mutating func readAssets(_ assets: [JSONValue]) throws(FixtureError) {
        var assetIDs = Set<Int>()
        for (index, asset) in assets.enumerated() {
            let at = "syncro.assets[\(index)]"
            let id = try syncroID(asset, at: at, seen: &assetIDs)
            guard let customerID = asset["customer_id"]?.intValue, asset["customer_id"]?.doubleValue != nil else {
                throw fail("\(at) (id \(id)): \"customer_id\" must be an integer")
            }
            guard customerIDs.contains(customerID) else {
                throw fail("\(at) (id \(id)): \"customer_id\" \(customerID) is not a customer in the fixture")
            }
            guard asset["name"]?.stringValue != nil else { throw fail("\(at) (id \(id)): \"name\" must be a string") }
            if let properties = asset["properties"], !properties.isNull, properties.objectValue == nil {
                throw fail("\(at) (id \(id)): \"properties\" must be an object")
            }
            dataset.assets.append(asset)
        }
    }

    /// `{"Printer": ["Make", "Model", "Serial Number"], …}`: each asset type with its custom fields' labels.
    mutating func readAssetTypes(_ value: JSONValue?) throws(FixtureError) {
        guard let value, !value.isNull else { return }
        guard let types = value.objectValue else { throw fail("syncro.asset_types must be an object of type name → field labels") }
        for (name, fields) in types {
            guard let labels = fields.arrayValue?.compactMap(\.stringValue), labels.count == fields.arrayValue?.count else {
                throw fail("syncro.asset_types[\"\(name)\"] must be an array of field labels (strings)")
            }
            dataset.assetTypes[name] = labels
        }
    }

    mutating func readITGlue(_ records: [JSONValue],
                             kind: (key: String, type: String, path: WritableKeyPath<SandboxDataset, [JSONValue]>)) throws(FixtureError) {
        for (index, record) in records.enumerated() {
            let at = "itglue.\(kind.key)[\(index)]"
            guard record.objectValue != nil else { throw fail("\(at) must be an object") }
            guard let idText = record["id"]?.stringValue, let id = Int(idText), id > 0 else {
                throw fail("\(at): \"id\" must be a string of digits, as IT Glue sends it")
            }
            guard record["type"]?.stringValue == kind.type else {
                throw fail("\(at) (id \"\(idText)\"): \"type\" must be \"\(kind.type)\"")
            }
            guard let attributes = record["attributes"], attributes.objectValue != nil else {
                throw fail("\(at) (id \"\(idText)\"): \"attributes\" must be an object")
            }
            if kind.type != "configuration-interfaces" {
                guard let name = attributes["name"]?.stringValue, !name.isEmpty else {
                    throw fail("\(at) (id \"\(idText)\"): attributes.name must be a non-empty string")
                }
            }
            guard idsByType[kind.type, default: []].insert(id).inserted else {
                throw fail("\(at) (id \"\(idText)\"): the id appears twice")
            }
            dataset[keyPath: kind.path].append(record)
        }
    }

    /// References between IT Glue records.
    func checkReferences() throws(FixtureError) {
        try check(dataset.configurations, "configurations", "organization-id", "organizations", required: true)
        try check(dataset.configurations, "configurations", "configuration-type-id", "configuration-types", required: false)
        try check(dataset.configurations, "configurations", "configuration-status-id", "configuration-statuses", required: false)
        try check(dataset.organizations, "organizations", "organization-type-id", "organization-types", required: false)
        try check(dataset.organizations, "organizations", "organization-status-id", "organization-statuses", required: false)
        try check(dataset.configurationInterfaces, "configuration_interfaces", "configuration-id", "configurations", required: true)
        try check(dataset.domains, "domains", "organization-id", "organizations", required: true)
        try check(dataset.locations, "locations", "organization-id", "organizations", required: true)
    }

    private func check(_ records: [JSONValue], _ key: String, _ field: String, _ target: String, required: Bool) throws(FixtureError) {
        for (index, record) in records.enumerated() {
            let at = "itglue.\(key)[\(index)] (id \"\(record["id"]?.text ?? "")\")"
            let value = record["attributes"]?[field]
            if value == nil || value == .null {
                if required { throw fail("\(at): attributes.\(field) is required") }
                continue
            }
            guard let id = value?.intValue else { throw fail("\(at): attributes.\(field) must be a number") }
            guard idsByType[target, default: []].contains(id) else {
                throw fail("\(at): attributes.\(field) \(id) is not one of the fixture's \(target)")
            }
        }
    }
}
