/// An IT Glue organization. IT Glue ids are strings in JSON:API; we keep them as such.
public struct Organization: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var name: String
    public var typeName: String?
    public var statusName: String?
    /// IT Glue's `primary`: the account's own organization (the MSP, type "Owner").
    public var isPrimary: Bool
    /// The domains IT Glue documents for the organization (`GET /domains`), as written there.
    public var domains: [String]
    /// The phone numbers of its locations (`GET /locations`), as written there.
    public var phones: [String]

    public init(id: String, name: String, typeName: String? = nil, statusName: String? = nil, isPrimary: Bool = false,
                domains: [String] = [], phones: [String] = []) {
        self.id = id
        self.name = name
        self.typeName = typeName
        self.statusName = statusName
        self.isPrimary = isPrimary
        self.domains = domains
        self.phones = phones
    }

    /// Why the matcher leaves this organization out of suggestions and auto-links ("Owner", "Vendor", "Inactive"),
    /// or nil for an organization it may offer. A person can still pick it with Match To.
    public var notOfferedBecause: String? {
        let type = TextFolding.fold(typeName?.trimmingWhitespace() ?? "")
        if isPrimary || type == "owner" { return "Owner" }
        if type == "vendor" { return "Vendor" }
        if TextFolding.fold(statusName?.trimmingWhitespace() ?? "") == "inactive" { return "Inactive" }
        return nil
    }

    /// An Active organization of type Customer: preferred when names tie.
    public var isActiveCustomer: Bool {
        TextFolding.fold(typeName?.trimmingWhitespace() ?? "") == "customer"
            && TextFolding.fold(statusName?.trimmingWhitespace() ?? "") == "active"
    }
}

/// An IT Glue configuration (a documented device) inside one organization.
public struct Configuration: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var organizationID: String
    public var name: String
    public var hostname: String?
    /// The primary `mac-address` attribute.
    public var macAddress: String?
    /// MACs of the configuration's other interfaces, when the sync fetched them.
    public var interfaceMACs: [String]
    public var serialNumber: String?
    public var configurationTypeID: String?
    public var configurationTypeName: String?
    public var configurationStatusID: String?
    public var configurationStatusName: String?
    public var archived: Bool
    /// The record's page in IT Glue (`resource-url`).
    public var resourceURL: String?
    /// The PSA that keeps this record (`psa-integration`), when one does. IT Glue then refuses changes to most of
    /// its attributes, status included; archiving is still allowed.
    public var psaIntegration: String?

    public init(
        id: String, organizationID: String, name: String, hostname: String? = nil, macAddress: String? = nil,
        interfaceMACs: [String] = [], serialNumber: String? = nil, configurationTypeID: String? = nil,
        configurationTypeName: String? = nil, configurationStatusID: String? = nil,
        configurationStatusName: String? = nil, archived: Bool = false, resourceURL: String? = nil,
        psaIntegration: String? = nil
    ) {
        self.id = id
        self.organizationID = organizationID
        self.name = name
        self.hostname = hostname
        self.macAddress = macAddress
        self.interfaceMACs = interfaceMACs
        self.serialNumber = serialNumber
        self.configurationTypeID = configurationTypeID
        self.configurationTypeName = configurationTypeName
        self.configurationStatusID = configurationStatusID
        self.configurationStatusName = configurationStatusName
        self.archived = archived
        self.resourceURL = resourceURL
        self.psaIntegration = psaIntegration
    }

    /// Every MAC the configuration carries, primary first.
    public var allMACs: [String] { ([macAddress].compactMap { $0 }) + interfaceMACs }
}

/// A configuration type ("Managed Workstation", "Laptop", "Server", …): per IT Glue account.
public struct ConfigurationType: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var name: String
    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// A configuration status ("Active", "Inactive", …): per IT Glue account.
public struct ConfigurationStatus: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var name: String
    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

extension Organization {
    private enum CodingKeys: String, CodingKey { case id, name, typeName, statusName, isPrimary, domains, phones }

    /// Reads organizations stored before `isPrimary`, `domains` and `phones` existed (undo history, journals) as
    /// not primary, with none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try container.decode(String.self, forKey: .id), name: try container.decode(String.self, forKey: .name),
                  typeName: try container.decodeIfPresent(String.self, forKey: .typeName),
                  statusName: try container.decodeIfPresent(String.self, forKey: .statusName),
                  isPrimary: try container.decodeIfPresent(Bool.self, forKey: .isPrimary) ?? false,
                  domains: try container.decodeIfPresent([String].self, forKey: .domains) ?? [],
                  phones: try container.decodeIfPresent([String].self, forKey: .phones) ?? [])
    }
}
