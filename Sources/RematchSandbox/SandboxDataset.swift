import Foundation
import RematchJSON
import RematchCore

/// The records both sandbox servers serve, in the APIs' own shapes: Syncro customers and assets as the
/// Syncro API returns them, IT Glue records as JSON:API resource objects. This is also the fixture and
/// data-file format.
public struct SandboxDataset: Sendable, Equatable {
    public var customers: [JSONValue] = []
    public var assets: [JSONValue] = []
    public var organizations: [JSONValue] = []
    public var configurations: [JSONValue] = []
    public var configurationTypes: [JSONValue] = []
    public var configurationStatuses: [JSONValue] = []
    public var organizationTypes: [JSONValue] = []
    public var organizationStatuses: [JSONValue] = []
    /// Secondary interfaces (the primary one is the configuration's own `mac-address`), by configuration id.
    public var configurationInterfaces: [JSONValue] = []
    /// The organizations' domains (`GET /domains`) and locations (`GET /locations`, with their phones).
    public var domains: [JSONValue] = []
    public var locations: [JSONValue] = []
    /// Syncro asset types by name, each with the labels of its custom fields: an asset's `properties` hold values
    /// under these labels (and "kabuto_information" for agent devices).
    public var assetTypes: [String: [String]] = [:]

    public init() {}

    static let timestamp = "2024-01-15T12:00:00.000Z"

    /// Demo data rendered into the APIs' shapes.
    public static func generated(seed: UInt64, scale: DemoScale) -> SandboxDataset {
        let demo = DemoData.generate(seed: seed, scale: scale)
        var dataset = from(demo.snapshot)
        dataset.linkByIntegration(demo.integrationMade, assets: demo.snapshot.assets)
        return dataset
    }

    /// Turns these configurations into ones Syncro's own IT Glue integration made for these assets: linked by
    /// `rmm-integration-type` and `rmm-id`, their serial and MACs only in the RMM record.
    mutating func linkByIntegration(_ made: [String: Int], assets: [Asset]) {
        guard !made.isEmpty else { return }
        let assets = Dictionary(assets.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for index in configurations.indices {
            guard let id = configurations[index]["id"]?.text, let assetID = made[id], let asset = assets[assetID] else { continue }
            configurations[index]["attributes"]?["rmm-integration-type"] = "syncro"
            configurations[index]["attributes"]?["rmm-id"] = .string(String(assetID))
            configurations[index]["attributes"]?["rmm-record"] = Self.rmmRecord(
                name: asset.name, serial: asset.serialCandidates.first, macs: asset.adapters.compactMap(\.macAddress))
        }
    }

    /// What an RMM integration reports for its device, as `rmm-records` attributes.
    static func rmmRecord(name: String, serial: String?, macs: [String]) -> JSONValue {
        ["name": .string(name), "hostname": .string(name), "serial-number": .from(serial),
         "mac-addresses": .array(macs.map(JSONValue.string)), "device-type": "Workstation"]
    }

    /// A core snapshot rendered into the APIs' shapes.
    public static func from(_ snapshot: Snapshot) -> SandboxDataset {
        var dataset = SandboxDataset()
        let customersByID = Dictionary(snapshot.customers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        dataset.customers = snapshot.customers.map(syncroCustomer)
        dataset.assetTypes = Dictionary(DemoData.assetTypes.map { ($0.name, $0.fields) }, uniquingKeysWith: { first, _ in first })
        for type in Set(snapshot.assets.map { $0.assetType ?? "Syncro Device" }) where dataset.assetTypes[type] == nil {
            dataset.assetTypes[type] = ["IT Glue"]
        }
        dataset.assets = snapshot.assets.map { asset in
            syncroAsset(asset, customer: customersByID[asset.customerID].map(syncroCustomer) ?? .null,
                        fields: dataset.assetTypes[asset.assetType ?? "Syncro Device"] ?? [])
        }
        let organizationTypes = ["Customer", "Prospect", "Internal", "Owner", "Vendor"]
        let organizationStatuses = ["Active", "Inactive"]
        dataset.organizationTypes = organizationTypes.enumerated().map { resource("organization-types", String($0 + 1), ["name": .string($1)]) }
        dataset.organizationStatuses = organizationStatuses.enumerated().map {
            resource("organization-statuses", String($0 + 1), ["name": .string($1)])
        }
        dataset.configurationTypes = snapshot.configurationTypes.map { resource("configuration-types", $0.id, ["name": .string($0.name)]) }
        dataset.configurationStatuses = snapshot.configurationStatuses.map { resource("configuration-statuses", $0.id, ["name": .string($0.name)]) }
        dataset.organizations = snapshot.organizations.map { organization in
            let typeID = organization.typeName.flatMap { organizationTypes.firstIndex(of: $0) }.map { $0 + 1 }
            let statusID = organizationStatuses.firstIndex(of: organization.statusName ?? "Active").map { $0 + 1 } ?? 1
            return resource("organizations", organization.id, [
                "name": .string(organization.name), "description": nil, "alert": nil, "quick-notes": nil, "short-name": nil,
                "organization-type-id": .from(typeID), "organization-status-id": .from(statusID),
                "primary": .bool(organization.isPrimary), "logo": nil, "parent-id": nil, "ancestor-ids": "[]", "my-glue-account-id": nil,
                "psa-integration": nil,
            ])
        }
        for organization in snapshot.organizations {
            for domain in organization.domains {
                dataset.domains.append(resource("domains", String(dataset.domains.count + 1), [
                    "organization-id": .from(Int(organization.id)), "name": .string(domain), "registrar-name": nil,
                    "expires-on": nil, "notes": nil,
                ]))
            }
            for (number, phone) in organization.phones.enumerated() {
                dataset.locations.append(resource("locations", String(dataset.locations.count + 1), [
                    "organization-id": .from(Int(organization.id)), "name": .string(number == 0 ? "Main" : "Location \(number + 1)"),
                    "primary": .bool(number == 0), "phone": .string(phone), "fax": nil, "address-1": nil, "city": nil,
                    "postal-code": nil,
                ]))
            }
        }
        var interfaceID = 1
        for configuration in snapshot.configurations {
            dataset.configurations.append(resource("configurations", configuration.id, [
                "organization-id": .from(Int(configuration.organizationID)), "name": .string(configuration.name),
                "hostname": .from(configuration.hostname), "primary-ip": nil, "mac-address": .from(configuration.macAddress),
                "serial-number": .from(configuration.serialNumber), "asset-tag": nil, "notes": nil,
                "configuration-type-id": .from(configuration.configurationTypeID.flatMap { Int($0) }),
                "configuration-status-id": .from(configuration.configurationStatusID.flatMap { Int($0) }),
                "archived": .bool(configuration.archived), "restricted": false, "installed-by": nil, "purchased-by": nil,
                "warranty-expires-at": nil, "psa-integration": .from(configuration.psaIntegration), "contact-id": nil, "location-id": nil,
                "manufacturer-id": nil, "model-id": nil, "operating-system-id": nil, "operating-system-notes": nil,
            ]))
            for mac in configuration.interfaceMACs {
                dataset.configurationInterfaces.append(resource("configuration-interfaces", String(interfaceID), [
                    "configuration-id": .from(Int(configuration.id)), "name": "Secondary", "primary": false,
                    "ip-address": nil, "mac-address": .string(mac), "notes": nil,
                ]))
                interfaceID += 1
            }
        }
        return dataset
    }

    static func resource(_ type: String, _ id: String, _ attributes: [String: JSONValue]) -> JSONValue {
        var attributes = attributes
        attributes["created-at"] = attributes["created-at"] ?? .string(timestamp)
        attributes["updated-at"] = attributes["updated-at"] ?? .string(timestamp)
        return ["id": .string(id), "type": .string(type), "attributes": .object(attributes)]
    }

    static func syncroCustomer(_ customer: Customer) -> JSONValue {
        let full = [customer.firstName, customer.lastName].compactMap { $0 }.joined(separator: " ")
        let business = customer.businessName
        return [
            "id": .from(customer.id), "firstname": .from(customer.firstName), "lastname": .from(customer.lastName),
            "fullname": .string(full), "business_name": .from(business), "email": .from(customer.email),
            "phone": .from(customer.phone), "mobile": nil, "created_at": .string(timestamp), "updated_at": .string(timestamp),
            "pdf_url": nil, "address": nil, "address_2": nil, "city": nil, "state": nil, "zip": nil, "latitude": nil,
            "longitude": nil, "notes": nil, "get_sms": false, "opt_out": false, "disabled": .bool(customer.disabled), "no_email": false,
            "location_name": nil, "location_id": nil, "properties": [:], "online_profile_url": nil, "tax_rate_id": nil,
            "notification_email": nil, "invoice_cc_emails": nil, "invoice_term_id": nil, "referred_by": nil,
            "ref_customer_id": nil,
            "business_and_full_name": .string(business.map { full.isEmpty ? $0 : "\($0) - \(full)" } ?? full),
            "business_then_name": .string(business ?? full), "contacts": [],
        ]
    }

    static func syncroAsset(_ asset: Asset, customer: JSONValue, fields: [String]) -> JSONValue {
        var properties: [String: JSONValue] = [:]
        var serial = asset.assetSerial
        if asset.assetType ?? "Syncro Device" == "Syncro Device" || asset.agentSerial != nil {
            properties["kabuto_information"] = kabuto(asset)
        } else {
            // Typed in by hand: identifiers in the type's custom fields, under their labels as the account spelt them.
            for label in fields {
                if let value = customField(label, of: asset) { properties[label] = .string(value) }
            }
            if fields.contains(where: { $0.lowercased().contains("serial") }) { serial = nil }
        }
        return [
            "id": .from(asset.id), "name": .string(asset.name), "customer_id": .from(asset.customerID), "contact_id": nil,
            "created_at": .string(timestamp), "updated_at": .string(timestamp), "properties": .object(properties),
            "asset_type": .from(asset.assetType ?? "Syncro Device"), "asset_serial": .from(serial),
            "external_rmm_link": nil, "customer": customer, "rmm_links": [], "address": nil,
            "rmm_store": ["id": .from(asset.id), "asset_id": .from(asset.id), "account_id": 1, "triggers": [:],
                          "windows_updates": [:], "emsisoft": [:], "general": [:], "created_at": .string(timestamp),
                          "updated_at": .string(timestamp)],
        ]
    }

    /// A hand-typed asset's value for one of its type's custom fields, by the field's label.
    static func customField(_ label: String, of asset: Asset) -> String? {
        let key = label.lowercased()
        if key.contains("serial") { return asset.assetSerial }
        if key.hasPrefix("mac") { return asset.adapters.first?.macAddress }
        switch key {
        case "make", "manufacturer": return asset.manufacturer
        case "model": return asset.model
        default: return nil
        }
    }

    /// What the Syncro agent reports about a device.
    static func kabuto(_ asset: Asset) -> JSONValue {
        var general: [String: JSONValue] = [:]
        general["serial_number"] = .from(asset.agentSerial)
        general["form_factor"] = .from(asset.formFactor)
        general["manufacturer"] = .from(asset.manufacturer)
        general["model"] = .from(asset.model)
        let adapters: [JSONValue] = asset.adapters.map { adapter in
            // The client reads "Ethernet 5 · Fortinet SSL VPN Virtual Ethernet Adapter" from a name and a description.
            let parts = adapter.name.components(separatedBy: " · ")
            return ["name": .string(parts[0]), "description": .string(parts.count > 1 ? parts.dropFirst().joined(separator: " · ") : adapter.name),
                    "physical_address": .from(adapter.macAddress),
                    "type": adapter.name.lowercased().contains("wi-fi") ? "wifi" : "ethernet", "ipv4": nil]
        }
        return ["general": .object(general), "os": ["name": .from(asset.osName)], "network_adapters": .array(adapters)]
    }
}
