import RematchCore
import RematchPresentation

/// The customer list kept in the state file, shown while the workspace is built.
struct KeptList {
    var rows: [Int: CustomerRow]
    var order: [Int]
    var devices: Int

    init(_ list: [CustomerRow], devices: Int) {
        rows = Dictionary(list.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        order = list.map(\.id)
        self.devices = devices
    }
}

/// Where the customer rows come from: the kept list while the workspace is opening, then the workspace.
/// Views and the list model read rows through it and never ask which.
enum CustomerRows {
    case kept(KeptList)
    case workspace(Workspace)

    /// One customer's row; `detail` adds the device classes, which only the detail pane shows.
    func row(_ id: Int, detail: Bool = false) -> CustomerRow {
        switch self {
        case .kept(let list): list.rows[id] ?? CustomerRow(id: id, name: "", state: .unmatched)
        case .workspace(let workspace): workspace.customerRow(id, deviceClasses: detail)
        }
    }

    var totals: (customers: Int, devices: Int) {
        switch self {
        case .kept(let list): (list.order.count, list.devices)
        case .workspace(let workspace): (workspace.customerIDs.count, workspace.catalog.assets.count)
        }
    }

    /// The customers of each tab, in display order, in one pass.
    func tabs() -> [MatchState: [Int]] {
        var tabs: [MatchState: [Int]] = [.unmatched: [], .matched: [], .ignored: []]
        switch self {
        case .kept(let list):
            for id in list.order { tabs[list.rows[id]?.state ?? .unmatched, default: []].append(id) }
        case .workspace(let workspace):
            for id in workspace.customerIDs { tabs[workspace.status(ofCustomer: id).state, default: []].append(id) }
        }
        return tabs
    }

    /// Whether the detail pane ranks organizations near this customer's name: an unmatched customer whose
    /// suggestion brought no alternatives. The kept list shows only what was kept with it.
    func ranksClosest(_ id: Int) -> Bool {
        guard case .workspace(let workspace) = self else { return false }
        let status = workspace.status(ofCustomer: id)
        return status.state == .unmatched && status.suggestion.alternatives.isEmpty
    }

    /// The organizations the detail pane lists as "also close"; `closest` ranks them when the row has none.
    func alsoClose(_ row: CustomerRow, closest: (Int) -> [OrganizationCandidate]) -> [OrganizationCandidate] {
        guard ranksClosest(row.id) else { return row.alternatives }
        return closest(row.id).filter { $0.organizationID != row.suggestion?.organizationID }
    }
}
