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

    public init() {}

    static let timestamp = "2024-01-15T12:00:00.000Z"

    /// Demo data rendered into the APIs' shapes.
    public static func generated(seed: UInt64, scale: DemoScale) -> SandboxDataset {
        from(DemoData.generate(seed: seed, scale: scale).snapshot)
    }

    /// A core snapshot rendered into the APIs' shapes.
    public static func from(_ snapshot: Snapshot) -> SandboxDataset {
        var dataset = SandboxDataset()
        let customersByID = Dictionary(snapshot.customers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        dataset.customers = snapshot.customers.map(syncroCustomer)
        dataset.assets = snapshot.assets.map { asset in
            syncroAsset(asset, customer: customersByID[asset.customerID].map(syncroCustomer) ?? .null)
        }
        dataset.organizationTypes = [resource("organization-types", "1", ["name": "Customer"]),
                                     resource("organization-types", "2", ["name": "Prospect"]),
                                     resource("organization-types", "3", ["name": "Internal"])]
        dataset.organizationStatuses = [resource("organization-statuses", "1", ["name": "Active"]),
                                        resource("organization-statuses", "2", ["name": "Inactive"])]
        dataset.configurationTypes = snapshot.configurationTypes.map { resource("configuration-types", $0.id, ["name": .string($0.name)]) }
        dataset.configurationStatuses = snapshot.configurationStatuses.map { resource("configuration-statuses", $0.id, ["name": .string($0.name)]) }
        dataset.organizations = snapshot.organizations.map { organization in
            let typeID: JSONValue = organization.typeName == "Prospect" ? 2 : organization.typeName == nil ? .null : 1
            return resource("organizations", organization.id, [
                "name": .string(organization.name), "description": nil, "alert": nil, "quick-notes": nil, "short-name": nil,
                "organization-type-id": typeID, "organization-status-id": organization.statusName == "Inactive" ? 2 : 1,
                "primary": false, "logo": nil, "parent-id": nil, "ancestor-ids": "[]", "my-glue-account-id": nil,
                "psa-integration": nil,
            ])
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
                "warranty-expires-at": nil, "psa-integration": nil, "contact-id": nil, "location-id": nil,
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
            "longitude": nil, "notes": nil, "get_sms": false, "opt_out": false, "disabled": false, "no_email": false,
            "location_name": nil, "location_id": nil, "properties": [:], "online_profile_url": nil, "tax_rate_id": nil,
            "notification_email": nil, "invoice_cc_emails": nil, "invoice_term_id": nil, "referred_by": nil,
            "ref_customer_id": nil,
            "business_and_full_name": .string(business.map { full.isEmpty ? $0 : "\($0) - \(full)" } ?? full),
            "business_then_name": .string(business ?? full), "contacts": [],
        ]
    }

    static func syncroAsset(_ asset: Asset, customer: JSONValue) -> JSONValue {
        var general: [String: JSONValue] = [:]
        general["serial_number"] = .from(asset.agentSerial)
        general["form_factor"] = .from(asset.formFactor)
        general["manufacturer"] = .from(asset.manufacturer)
        general["model"] = .from(asset.model)
        let adapters: [JSONValue] = asset.adapters.map { adapter in
            ["name": .string(adapter.name), "description": .string(adapter.name), "physical_address": .from(adapter.macAddress),
             "type": adapter.name.lowercased().contains("wi-fi") ? "wifi" : "ethernet", "ipv4": nil]
        }
        var properties: [String: JSONValue] = [:]
        if asset.assetType == "Syncro Device" || !adapters.isEmpty || asset.agentSerial != nil {
            properties["kabuto_information"] = [
                "general": .object(general), "os": ["name": .from(asset.osName)], "network_adapters": .array(adapters),
            ]
        }
        return [
            "id": .from(asset.id), "name": .string(asset.name), "customer_id": .from(asset.customerID), "contact_id": nil,
            "created_at": .string(timestamp), "updated_at": .string(timestamp), "properties": .object(properties),
            "asset_type": .from(asset.assetType ?? "Syncro Device"), "asset_serial": .from(asset.assetSerial),
            "external_rmm_link": nil, "customer": customer, "rmm_links": [], "address": nil,
            "rmm_store": ["id": .from(asset.id), "asset_id": .from(asset.id), "account_id": 1, "triggers": [:],
                          "windows_updates": [:], "emsisoft": [:], "general": [:], "created_at": .string(timestamp),
                          "updated_at": .string(timestamp)],
        ]
    }
}
