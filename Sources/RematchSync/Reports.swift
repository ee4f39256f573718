import Foundation
import RematchCore
import RematchStore

/// What a round of writes did, by kind, each line for a person.
public struct WriteReport: Sendable, Hashable {
    /// Records created in IT Glue.
    public var created: [String] = []
    /// Records an interrupted earlier round had created, found and adopted.
    public var found: [String] = []
    /// Configurations marked Inactive.
    public var retired: [String] = []
    /// Configurations moved into another organization (devices that changed hands).
    public var moved: [String] = []
    /// IT Glue links written into Syncro assets.
    public var linked: [String] = []
    /// What was deliberately left as it was, and why (e.g. a device that only looked gone).
    public var kept: [String] = []
    /// What could not be done, and why.
    public var failures: [String] = []
    /// Writes held back because an earlier request for them got no answer and may still land (``UnansweredWrite``).
    public var waiting: [String] = []
    /// When the first of them may be looked for again and, if still not found, sent.
    public var waitingUntil: Date?

    public init() {}

    public mutating func merge(_ other: WriteReport) {
        created += other.created
        found += other.found
        retired += other.retired
        moved += other.moved
        linked += other.linked
        kept += other.kept
        failures += other.failures
        waiting += other.waiting
        waitingUntil = [waitingUntil, other.waitingUntil].compactMap { $0 }.min()
    }

    /// Notes a write held back until `until`.
    mutating func wait(_ line: String, until: Date) {
        waiting.append(line)
        waitingUntil = min(waitingUntil ?? until, until)
    }

    /// Whether the round did or tried anything at all.
    public var isEmpty: Bool { self == WriteReport() }
}

/// The last sync and how far matching has come: `rematch status` and the console's header.
public struct StatusReport: Sendable, Hashable {
    public var sync: SyncState
    public var customers: [MatchState: Int]
    /// Of the ignored customers, those disabled in Syncro (former customers) that nobody matched.
    public var disabledCustomers: Int
    /// Devices of matched customers, per state.
    public var devices: [MatchState: Int]
    public var pendingOrganizations: Int
    public var pendingConfigurations: Int
    /// Decisions whose Syncro or IT Glue record vanished.
    public var staleDecisions: Int
    public var dataIssues: Int
    public var retirableConfigurations: Int

    public init(workspace: Workspace, sync: SyncState) {
        self.sync = sync
        customers = workspace.customerCounts()
        disabledCustomers = workspace.disabledCustomersApart.count
        var devices: [MatchState: Int] = [.unmatched: 0, .matched: 0, .ignored: 0]
        for id in workspace.customerIDs where workspace.status(ofCustomer: id).organizationID != nil {
            for asset in workspace.catalog.assets(ofCustomer: id) { devices[workspace.status(ofAsset: asset.id).state, default: 0] += 1 }
        }
        self.devices = devices
        pendingOrganizations = workspace.customerDecisions.values.count { if case .createOrganization = $0 { true } else { false } }
        pendingConfigurations = workspace.deviceDecisions.values.count { if case .createConfiguration = $0 { true } else { false } }
        staleDecisions = workspace.staleCustomerDecisions.count + workspace.staleDeviceDecisions.count
        dataIssues = workspace.catalog.issues.count
        retirableConfigurations = workspace.retirableConfigurations.count
    }
}

/// What creating every remaining unmatched device of an organization would do, for the preview before it.
public struct BulkCreatePlan: Sendable, Hashable {
    /// A device's possible match in words: its suggestion, or the configuration it is documented in elsewhere.
    static func possibleMatch(_ suggestion: DeviceSuggestion) -> String? {
        suggestion.best?.name ?? suggestion.moved.map { "\($0.configurationName) in \($0.organizationName) (moved?)" }
    }

    public struct Group: Sendable, Hashable {
        public var deviceClass: DeviceClass
        public var count: Int
        /// The IT Glue configuration type the class is mapped to, or nil when none is.
        public var typeName: String?
    }

    /// One device and the configuration it becomes.
    public struct Row: Sendable, Hashable {
        public var assetID: Int
        public var name: String
        public var deviceClass: DeviceClass
        public var typeName: String?
        /// The configuration it may already have, when it has a suggestion.
        public var possibleMatch: String?
    }

    public var organizationID: String
    public var organizationName: String
    public var assets: [Int]
    /// One group per device class, in class order.
    public var groups: [Group]
    /// Every device it creates, in list order.
    public var rows: [Row]
    /// Unmatched devices with a suggestion or possible match: left out unless `includingSuggested`.
    public var withSuggestion: [Row]
    public var includingSuggested: Bool

    public init(workspace: Workspace, organizationID: String, includingSuggested: Bool = false) {
        let preview = workspace.bulkCreatePreview(organizationID: organizationID, includingSuggested: includingSuggested)
        let types = Dictionary(workspace.catalog.snapshot.configurationTypes.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let typeName = { (deviceClass: DeviceClass) in workspace.typeMapping[deviceClass].flatMap { types[$0] } }
        let row = { (id: Int) -> Row? in
            guard let asset = workspace.catalog.asset(id) else { return nil }
            let deviceClass = workspace.deviceClass(of: asset)
            return Row(assetID: id, name: asset.name, deviceClass: deviceClass, typeName: typeName(deviceClass),
                       possibleMatch: Self.possibleMatch(workspace.status(ofAsset: id).suggestion))
        }
        self.organizationID = organizationID
        organizationName = workspace.catalog.organization(organizationID)?.name ?? "#\(organizationID)"
        assets = preview.assets
        groups = preview.countsByClass.keys.sorted().map { deviceClass in
            Group(deviceClass: deviceClass, count: preview.countsByClass[deviceClass]!, typeName: typeName(deviceClass))
        }
        rows = preview.assets.compactMap(row)
        withSuggestion = preview.withSuggestion.compactMap(row)
        self.includingSuggested = includingSuggested
    }
}
