import Foundation

/// The stable export: every customer that takes part and every asset of those customers, with state,
/// match and suggestion. Field names are part of Rematch's interface; do not rename them.
public struct ExportDocument: Sendable, Encodable {
    public struct OrganizationSuggestionRow: Sendable, Encodable {
        public var itglue_organization_id: String
        public var name: String
        public var score: Double
        public var reason: String
    }
    /// A row's keys are always all there: a missing match or suggestion is `null`, not left out.
    public struct OrganizationRow: Sendable, Encodable {
        public var syncro_customer_id: Int
        public var name: String
        public var state: String
        public var itglue_organization_id: String?
        public var suggestion: OrganizationSuggestionRow?
        /// Disabled in Syncro (a former customer): such a row is "ignored" until a person matches it.
        public var syncro_disabled: Bool

        private enum CodingKeys: String, CodingKey {
            case syncro_customer_id, name, state, itglue_organization_id, suggestion, syncro_disabled
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(syncro_customer_id, forKey: .syncro_customer_id)
            try container.encode(name, forKey: .name)
            try container.encode(state, forKey: .state)
            try container.encode(itglue_organization_id, forKey: .itglue_organization_id)
            try container.encode(suggestion, forKey: .suggestion)
            try container.encode(syncro_disabled, forKey: .syncro_disabled)
        }
    }
    public struct DeviceSuggestionRow: Sendable, Encodable {
        public var itglue_configuration_id: String
        public var score: Double
        public var reason: String
    }
    public struct DeviceRow: Sendable, Encodable {
        public var syncro_asset_id: Int
        public var syncro_customer_id: Int
        public var name: String
        public var state: String
        public var itglue_configuration_id: String?
        public var suggestion: DeviceSuggestionRow?

        private enum CodingKeys: String, CodingKey {
            case syncro_asset_id, syncro_customer_id, name, state, itglue_configuration_id, suggestion
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(syncro_asset_id, forKey: .syncro_asset_id)
            try container.encode(syncro_customer_id, forKey: .syncro_customer_id)
            try container.encode(name, forKey: .name)
            try container.encode(state, forKey: .state)
            try container.encode(itglue_configuration_id, forKey: .itglue_configuration_id)
            try container.encode(suggestion, forKey: .suggestion)
        }
    }

    public var generated_at: String
    public var organizations: [OrganizationRow]
    public var devices: [DeviceRow]

    public init(workspace: Workspace, at date: Date = Date()) {
        let formatter = ISO8601DateFormatter()
        generated_at = formatter.string(from: date)
        organizations = []
        devices = []
        for id in workspace.customerIDs {
            guard let customer = workspace.catalog.customer(id) else { continue }
            let status = workspace.status(ofCustomer: id)
            organizations.append(OrganizationRow(
                syncro_customer_id: id, name: customer.displayName, state: status.state.rawValue,
                itglue_organization_id: status.organizationID,
                suggestion: status.suggestion.best.map {
                    OrganizationSuggestionRow(itglue_organization_id: $0.organizationID, name: $0.name, score: $0.score, reason: $0.reason)
                }, syncro_disabled: customer.disabled))
            for asset in workspace.catalog.assets(ofCustomer: id) {
                let device = workspace.status(ofAsset: asset.id)
                devices.append(DeviceRow(
                    syncro_asset_id: asset.id, syncro_customer_id: id, name: asset.name, state: device.state.rawValue,
                    itglue_configuration_id: device.configurationID,
                    suggestion: device.suggestion.best.map {
                        DeviceSuggestionRow(itglue_configuration_id: $0.configurationID, score: $0.score, reason: $0.reason)
                    }))
            }
        }
    }

    public func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data()
    }

    /// One CSV with a `kind` column (organization or device), RFC 4180 quoting. Text is made safe to open: control
    /// characters (an escape sequence in a name) become U+FFFD, and a cell a spreadsheet would read as a formula
    /// (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with `'`.
    public func csv() -> String {
        var lines = ["kind,syncro_id,syncro_customer_id,name,state,itglue_id,suggestion_itglue_id,suggestion_name,suggestion_score,suggestion_reason,syncro_disabled"]
        func field(_ raw: String?) -> String {
            guard let raw else { return "" }
            let text = Self.csvSafe(raw)
            if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return text
        }
        for row in organizations {
            lines.append([
                "organization", String(row.syncro_customer_id), String(row.syncro_customer_id), field(row.name), row.state,
                field(row.itglue_organization_id), field(row.suggestion?.itglue_organization_id), field(row.suggestion?.name),
                row.suggestion.map { String($0.score) } ?? "", field(row.suggestion?.reason), String(row.syncro_disabled),
            ].joined(separator: ","))
        }
        for row in devices {
            lines.append([
                "device", String(row.syncro_asset_id), String(row.syncro_customer_id), field(row.name), row.state,
                field(row.itglue_configuration_id), field(row.suggestion?.itglue_configuration_id), "",
                row.suggestion.map { String($0.score) } ?? "", field(row.suggestion?.reason), "",
            ].joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A text cell as it may go into a CSV: see ``csv()``.
    static func csvSafe(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let isControl = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
            scalars.append(isControl ? "\u{FFFD}" : scalar)
        }
        var safe = String(scalars)
        if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) { safe = "'" + safe }
        return safe
    }
}
