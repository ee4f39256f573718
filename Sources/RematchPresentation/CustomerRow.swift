import RematchCore

/// What the customer tabs and the detail pane show for one customer. The console draws these; the store keeps
/// the whole list so that a large state file's list can be drawn before its workspace is rebuilt.
public struct CustomerRow: Sendable, Hashable {
    public var id: Int
    public var name: String
    public var state: MatchState
    public var email: String?
    public var phone: String?
    public var devices: Int
    public var matchedDevices: Int
    /// "4 Desktop, 6 Laptop, 1 Server".
    public var deviceClasses: String
    /// Matched: the organization's name, or the one waiting to be created.
    public var organizationName: String?
    public var pendingOrganizationName: String?
    public var origin: MatchOrigin?
    public var problem: String?
    public var suggestion: OrganizationCandidate?
    /// The suggested organization's type and status, "Customer, Active".
    public var suggestionFacts: String
    public var isAmbiguous: Bool
    public var alternatives: [OrganizationCandidate]
    /// Devices still unmatched (neither matched nor ignored): the work left on a matched customer.
    public var unmatchedDevices: Int
    /// How many other customers are matched to the same organization.
    public var sharedWith: Int
    /// Disabled in Syncro: a former customer, shown apart on the Ignored tab until a person matches it.
    public var disabled: Bool

    public init(id: Int, name: String, state: MatchState, email: String? = nil, phone: String? = nil, devices: Int = 0,
                matchedDevices: Int = 0, deviceClasses: String = "", organizationName: String? = nil,
                pendingOrganizationName: String? = nil, origin: MatchOrigin? = nil, problem: String? = nil,
                suggestion: OrganizationCandidate? = nil, suggestionFacts: String = "", isAmbiguous: Bool = false,
                alternatives: [OrganizationCandidate] = [], unmatchedDevices: Int = 0, sharedWith: Int = 0,
                disabled: Bool = false) {
        self.id = id
        self.name = name
        self.state = state
        self.email = email
        self.phone = phone
        self.devices = devices
        self.matchedDevices = matchedDevices
        self.deviceClasses = deviceClasses
        self.organizationName = organizationName
        self.pendingOrganizationName = pendingOrganizationName
        self.origin = origin
        self.problem = problem
        self.suggestion = suggestion
        self.suggestionFacts = suggestionFacts
        self.isAmbiguous = isAmbiguous
        self.alternatives = alternatives
        self.unmatchedDevices = unmatchedDevices
        self.sharedWith = sharedWith
        self.disabled = disabled
    }
}

extension Workspace {
    /// One customer's row, from the workspace as it stands. The device classes (for the detail pane) are the
    /// costly part; a list row drawn each frame goes without them.
    public func customerRow(_ id: Int, deviceClasses: Bool = true) -> CustomerRow {
        let customer = catalog.customer(id)
        let status = status(ofCustomer: id)
        var classes: [DeviceClass: Int] = [:]
        if deviceClasses {
            for asset in catalog.assets(ofCustomer: id) { classes[deviceClass(of: asset), default: 0] += 1 }
        }
        let counts = deviceCounts(ofCustomer: id)
        let organization = status.suggestion.best.flatMap { catalog.organization($0.organizationID) }
        return CustomerRow(
            id: id, name: customer?.displayName ?? "", state: status.state, email: customer?.email, phone: customer?.phone,
            devices: counts.total, matchedDevices: counts.matched,
            deviceClasses: classes.keys.sorted().map { "\(classes[$0]!) \($0.title)" }.joined(separator: ", "),
            organizationName: status.organizationID.flatMap { catalog.organization($0)?.name },
            pendingOrganizationName: status.pendingOrganizationName, origin: status.origin, problem: status.problem,
            suggestion: status.suggestion.best,
            suggestionFacts: [organization?.typeName, organization?.statusName].compactMap { $0 }.joined(separator: ", "),
            isAmbiguous: status.suggestion.isAmbiguous, alternatives: Array(status.suggestion.alternatives.prefix(3)),
            unmatchedDevices: counts.unmatched,
            sharedWith: status.organizationID.map { max(0, customers(matchedTo: $0).count - 1) } ?? 0,
            disabled: customer?.disabled ?? false)
    }

    /// Every customer's row, in display order.
    public func customerRows() -> [CustomerRow] { customerIDs.map { customerRow($0) } }
}
