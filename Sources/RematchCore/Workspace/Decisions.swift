import Foundation

/// How a match came about.
public enum MatchOrigin: String, Sendable, Hashable, Codable {
    /// Exact normalized name (organizations) or unique MAC/serial (devices). Derived, and stored only for a device
    /// that vanished from Syncro (`Action.rememberVanishedMatches`), so its configuration can still be retired.
    case automatic
    /// A person accepted the suggestion.
    case accepted
    /// A person picked the record (Match To, Change Match).
    case manual
    /// Rematch created the IT Glue record for it.
    case created
    /// Rematch moved the IT Glue configuration into the customer's organization (a device that changed hands).
    case moved
}

/// A person's decision about one Syncro customer. Customers without one follow the matcher.
public enum CustomerDecision: Sendable, Hashable, Codable {
    case matched(organizationID: String, origin: MatchOrigin)
    case ignored
    /// Reverted: stays unmatched and never auto-links to the rejected organization again.
    case unmatched(rejectedOrganizationID: String?)
    /// An organization to create in IT Glue, not yet carried out.
    case createOrganization(name: String)
}

/// A person's decision about one Syncro asset.
public enum DeviceDecision: Sendable, Hashable, Codable {
    case matched(configurationID: String, origin: MatchOrigin)
    case ignored
    case unmatched(rejectedConfigurationID: String?)
    /// A configuration to create in IT Glue, typed by the device class, not yet carried out.
    case createConfiguration(deviceClass: DeviceClass)
    /// A configuration documented in another organization, to move into the customer's (a device that changed
    /// hands), not yet carried out; then it is matched with origin ``MatchOrigin/moved``.
    case moveConfiguration(configurationID: String, fromOrganizationID: String)
}

/// One decision changed by a change: the state before and after (nil = no decision).
public enum Edit: Sendable, Hashable, Codable {
    case customer(id: Int, before: CustomerDecision?, after: CustomerDecision?)
    case asset(id: Int, before: DeviceDecision?, after: DeviceDecision?)

    var inverse: Edit {
        switch self {
        case let .customer(id, before, after): .customer(id: id, before: after, after: before)
        case let .asset(id, before, after): .asset(id: id, before: after, after: before)
        }
    }
}

/// A committed unit of work: what a person did, the decisions it changed, and how it affects undo.
public struct Change: Sendable, Hashable, Codable, Identifiable {
    public enum HistoryEffect: Sendable, Hashable, Codable {
        /// An ordinary decision: pushed on the undo stack.
        case push
        /// An undo: pops the change with this id.
        case pop(UUID)
        /// A remote effect (a record created in IT Glue): not undoable, and blocks undoing what it built on.
        case none
    }

    public var id: UUID
    /// The action's name as shown in the audit log: "accept-suggestion", "match-to", "undo", …
    public var action: String
    public var edits: [Edit]
    public var at: Date
    public var user: String
    /// One line for the message bar: "Accepted 1 · "Oakridge Bkery Ltd" → Oakridge Bakery, Ltd."
    public var summary: String
    public var history: HistoryEffect
    /// Records this change brought into the snapshot (an organization or configurations just created).
    public var createdOrganizations: [Organization]
    public var createdConfigurations: [Configuration]
    /// Records IT Glue changed for this change (a configuration moved into another organization), as it answered.
    public var updatedConfigurations: [Configuration] = []
    /// What the action left out and why, one line each (not stored: only the preview and the message use it).
    public var skipped: [String] = []

    private enum CodingKeys: String, CodingKey {
        case id, action, edits, at, user, summary, history, createdOrganizations, createdConfigurations, updatedConfigurations
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(UUID.self, forKey: .id)
        action = try container.decode(String.self, forKey: .action)
        edits = try container.decode([Edit].self, forKey: .edits)
        at = try container.decode(Date.self, forKey: .at)
        user = try container.decode(String.self, forKey: .user)
        summary = try container.decode(String.self, forKey: .summary)
        history = try container.decode(HistoryEffect.self, forKey: .history)
        createdOrganizations = try container.decode([Organization].self, forKey: .createdOrganizations)
        createdConfigurations = try container.decode([Configuration].self, forKey: .createdConfigurations)
        // Changes stored before moves existed have no such key.
        updatedConfigurations = try container.decodeIfPresent([Configuration].self, forKey: .updatedConfigurations) ?? []
    }

    public init(
        id: UUID = UUID(), action: String, edits: [Edit], at: Date, user: String, summary: String,
        history: HistoryEffect, createdOrganizations: [Organization] = [], createdConfigurations: [Configuration] = [],
        updatedConfigurations: [Configuration] = [], skipped: [String] = []
    ) {
        self.id = id
        self.action = action
        self.edits = edits
        self.at = at
        self.user = user
        self.summary = summary
        self.history = history
        self.createdOrganizations = createdOrganizations
        self.createdConfigurations = createdConfigurations
        self.updatedConfigurations = updatedConfigurations
        self.skipped = skipped
    }
}

/// Why an action could not be done, in words for the message line.
public struct ActionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension CustomerDecision {
    /// The decision in words for the audit log.
    public var auditText: String {
        switch self {
        case let .matched(organizationID, origin): "matched to organization #\(organizationID) (\(origin.rawValue))"
        case .ignored: "ignored"
        case let .unmatched(rejected): rejected.map { "unmatched (rejected organization #\($0))" } ?? "unmatched"
        case let .createOrganization(name): "create organization \"\(name)\""
        }
    }
}

extension DeviceDecision {
    public var auditText: String {
        switch self {
        case let .matched(configurationID, origin): "matched to configuration #\(configurationID) (\(origin.rawValue))"
        case .ignored: "ignored"
        case let .unmatched(rejected): rejected.map { "unmatched (rejected configuration #\($0))" } ?? "unmatched"
        case let .createConfiguration(deviceClass): "create configuration (\(deviceClass.title))"
        case let .moveConfiguration(configurationID, from):
            "move configuration #\(configurationID) here from organization #\(from)"
        }
    }
}
