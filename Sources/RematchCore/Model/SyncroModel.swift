/// A Syncro customer: the business (or person) whose devices Syncro manages.
public struct Customer: Sendable, Hashable, Codable, Identifiable {
    public var id: Int
    public var businessName: String?
    public var firstName: String?
    public var lastName: String?
    public var email: String?
    public var phone: String?
    /// Syncro's `disabled`: a former customer. Never linked or created for on its own; a person may still match it.
    public var disabled: Bool

    public init(
        id: Int, businessName: String? = nil, firstName: String? = nil, lastName: String? = nil,
        email: String? = nil, phone: String? = nil, disabled: Bool = false
    ) {
        self.id = id
        self.businessName = businessName
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.phone = phone
        self.disabled = disabled
    }

    /// The business name, else "First Last", else "Customer #id" so no row is ever blank.
    public var displayName: String {
        if let business = businessName?.trimmedNonEmpty { return business }
        let person = [firstName?.trimmedNonEmpty, lastName?.trimmedNonEmpty].compactMap { $0 }.joined(separator: " ")
        return person.isEmpty ? "Customer #\(id)" : person
    }

    /// A customer without a business name is a person (a residential customer).
    public var isResidential: Bool { businessName?.trimmedNonEmpty == nil }
}

extension Customer {
    private enum CodingKeys: String, CodingKey { case id, businessName, firstName, lastName, email, phone, disabled }

    /// Reads customers encoded before `disabled` existed as enabled.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try container.decode(Int.self, forKey: .id),
                  businessName: try container.decodeIfPresent(String.self, forKey: .businessName),
                  firstName: try container.decodeIfPresent(String.self, forKey: .firstName),
                  lastName: try container.decodeIfPresent(String.self, forKey: .lastName),
                  email: try container.decodeIfPresent(String.self, forKey: .email),
                  phone: try container.decodeIfPresent(String.self, forKey: .phone),
                  disabled: try container.decodeIfPresent(Bool.self, forKey: .disabled) ?? false)
    }
}

/// One network adapter reported by the Syncro agent.
public struct NetworkAdapter: Sendable, Hashable, Codable {
    public var name: String
    public var macAddress: String?

    public init(name: String, macAddress: String?) {
        self.name = name
        self.macAddress = macAddress
    }
}

/// A Syncro asset (a device) of one customer.
public struct Asset: Sendable, Hashable, Codable, Identifiable {
    public var id: Int
    public var customerID: Int
    public var name: String
    /// The editable `asset_serial` field.
    public var assetSerial: String?
    /// The agent's BIOS serial, `properties.kabuto_information.general.serial_number`.
    public var agentSerial: String?
    public var adapters: [NetworkAdapter]
    public var formFactor: String?
    public var osName: String?
    public var manufacturer: String?
    public var model: String?
    public var assetType: String?
    /// The IT Glue link Rematch wrote into the asset's "IT Glue" property, if any.
    public var itGlueLink: String?

    public init(
        id: Int, customerID: Int, name: String, assetSerial: String? = nil, agentSerial: String? = nil,
        adapters: [NetworkAdapter] = [], formFactor: String? = nil, osName: String? = nil,
        manufacturer: String? = nil, model: String? = nil, assetType: String? = nil, itGlueLink: String? = nil
    ) {
        self.id = id
        self.customerID = customerID
        self.name = name
        self.assetSerial = assetSerial
        self.agentSerial = agentSerial
        self.adapters = adapters
        self.formFactor = formFactor
        self.osName = osName
        self.manufacturer = manufacturer
        self.model = model
        self.assetType = assetType
        self.itGlueLink = itGlueLink
    }

    /// Serial candidates, the agent's first (Syncro's own guidance), without blanks or repeats.
    public var serialCandidates: [String] {
        var seen = Set<String>()
        return [agentSerial, assetSerial].compactMap { $0?.trimmedNonEmpty }.filter { seen.insert($0).inserted }
    }
}

extension StringProtocol {
    /// The string without surrounding whitespace, or nil when nothing is left.
    public var trimmedNonEmpty: String? {
        let trimmed = trimmingWhitespace()
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Trims Unicode whitespace and newlines without Foundation.
    public func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return String(self[first...last])
    }
}
