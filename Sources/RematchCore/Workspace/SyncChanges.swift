import Foundation

/// What one sync changed: records that appeared, vanished or were renamed on either side, automatic matches
/// the new data undid, and decisions left pointing at records that are gone. Built from the workspace before
/// the sync and the one after it, in one pass over each side; the console and `rematch changes` show it.
public struct SyncChanges: Sendable, Codable, Equatable {
    /// A Syncro customer as a change lists it; `previousName` is set for a renamed one.
    public struct CustomerItem: Sendable, Codable, Equatable {
        public var id: Int
        public var name: String
        public var previousName: String?
    }

    /// A Syncro asset (a device) with its customer's name; `previousName` is set for a renamed one.
    public struct DeviceItem: Sendable, Codable, Equatable {
        public var id: Int
        public var name: String
        public var previousName: String?
        public var customerID: Int
        public var customerName: String
    }

    /// An IT Glue organization or configuration; `organizationName` is set for a configuration.
    public struct RecordItem: Sendable, Codable, Equatable {
        public var id: String
        public var name: String
        public var organizationName: String?
    }

    /// A customer that was matched automatically (an exact name) and is not matched any more.
    public struct LostExactMatch: Sendable, Codable, Equatable {
        public var customerID: Int
        public var customerName: String
        public var organizationID: String
        public var organizationName: String
        /// Why, in words: "2 IT Glue organizations share this name: …", "organization #7 no longer exists".
        public var reason: String
        /// What the matcher proposes now, if anything.
        public var suggestion: OrganizationCandidate?
    }

    /// A decision about a record that this sync found gone (the customer or device in Syncro, or the
    /// organization or configuration it pointed at in IT Glue). Kept and flagged, never dropped.
    public struct VanishedDecision: Sendable, Codable, Equatable {
        public enum Subject: String, Sendable, Codable, Equatable { case customer, device }
        public var subject: Subject
        /// The customer or asset id.
        public var id: Int
        public var name: String
        /// The decision in the audit log's words: "matched to organization #7 (manual)", "ignored".
        public var decision: String
        public var reason: String
    }

    /// A matched device gone from Syncro, however it was matched: its configuration may be retired.
    public struct VanishedMatch: Sendable, Codable, Equatable {
        public var assetID: Int
        public var assetName: String
        public var customerName: String
        public var configurationID: String
        public var configurationName: String
        public var origin: MatchOrigin
    }

    /// How many records the new snapshot holds.
    public struct Totals: Sendable, Codable, Equatable {
        public var customers: Int
        public var devices: Int
        public var organizations: Int
        public var configurations: Int
    }

    /// When the sync was adopted.
    public var at: Date
    /// The first sync into an empty state file: only `totals` is filled in, nothing item by item.
    public var isFirstSync: Bool
    public var totals: Totals
    public var newCustomers: [CustomerItem] = []
    public var vanishedCustomers: [CustomerItem] = []
    public var renamedCustomers: [CustomerItem] = []
    public var newDevices: [DeviceItem] = []
    public var vanishedDevices: [DeviceItem] = []
    public var renamedDevices: [DeviceItem] = []
    public var newOrganizations: [RecordItem] = []
    public var vanishedOrganizations: [RecordItem] = []
    public var newConfigurations: [RecordItem] = []
    public var vanishedConfigurations: [RecordItem] = []
    public var lostExactMatches: [LostExactMatch] = []
    public var vanishedDecisions: [VanishedDecision] = []
    public var vanishedMatches: [VanishedMatch] = []

    /// Nothing changed (a first sync is never empty).
    public var isEmpty: Bool { !isFirstSync && counts.isEmpty }

    /// The non-zero counts, in the order the views list them: ("new customer", 3), …
    public var counts: [(noun: String, count: Int)] {
        let all: [(noun: String, count: Int)] = [
            ("new customer", newCustomers.count), ("vanished customer", vanishedCustomers.count),
            ("renamed customer", renamedCustomers.count), ("new device", newDevices.count),
            ("vanished device", vanishedDevices.count), ("renamed device", renamedDevices.count),
            ("new organization", newOrganizations.count), ("vanished organization", vanishedOrganizations.count),
            ("new configuration", newConfigurations.count), ("vanished configuration", vanishedConfigurations.count),
            ("lost exact match", lostExactMatches.count), ("decision whose record vanished", vanishedDecisions.count),
            ("matched device gone", vanishedMatches.count),
        ]
        return all.filter { $0.count > 0 }
    }

    /// One line for a header or a message: "3 new customers · 1 vanished device", "No changes".
    public var summary: String {
        if isFirstSync {
            return "First sync: \(totals.customers) customers, \(totals.devices) devices, "
                + "\(totals.organizations) organizations, \(totals.configurations) configurations"
        }
        let parts = counts.map { Self.counted($0.count, $0.noun) }
        return parts.isEmpty ? "No changes" : parts.joined(separator: " · ")
    }

    /// "1 vanished device", "2 decisions whose record vanished": the head noun takes the plural.
    static func counted(_ count: Int, _ noun: String) -> String {
        guard count != 1 else { return "1 \(noun)" }
        var words = noun.split(separator: " ").map(String.init)
        let head = words.firstIndex { $0 == "customer" || $0 == "device" || $0 == "organization"
            || $0 == "configuration" || $0 == "match" || $0 == "decision" } ?? words.count - 1
        words[head] += words[head].hasSuffix("h") ? "es" : "s"
        return "\(count) " + words.joined(separator: " ")
    }
}
