import RematchCore
import RematchPresentation

/// Which list is on screen: the customer tabs, the devices of one customer, or the devices of every matched
/// customer (the device work queue).
enum ListKind: Hashable {
    case customers
    case devices(customer: Int)
    case allDevices
}

/// What the lists show, worked out once per change instead of once per frame: the customers of each tab, the
/// rows of the list on screen after its filter and sort, and the organizations near the selected customer. One
/// generation counter, bumped when the workspace changes, says what is stale.
struct ListModel {
    /// What the rows were built for.
    struct Query: Equatable {
        var kind: ListKind
        var tab: MatchState
        var filter: String
        var sorting: Sorting?
        var workLeft = false
    }

    private(set) var generation = 0
    private(set) var tabs: [MatchState: [Int]] = [.unmatched: [], .matched: [], .ignored: []]
    private(set) var rows: [Int] = []
    /// The rows of the list before its filter: the "of 37" in "12 of 37".
    private(set) var unfiltered = 0
    private var builtFor: (generation: Int, query: Query)?
    /// Each list's folded cell text by id, for the filter, built the first time a filter needs it.
    private var haystacks: [ListKind: [Int: [UInt8]]] = [:]
    private var closest: (generation: Int, customer: Int, candidates: [OrganizationCandidate])?
    /// The devices of every matched customer by tab, counted once per generation when that list is shown.
    private(set) var allDeviceCounts: [MatchState: Int] = [:]
    private var allDeviceCountsGeneration = -1

    /// The workspace (or the list it comes from) changed: everything is rebuilt on the next `show`.
    mutating func workspaceChanged(_ source: CustomerRows) {
        generation += 1
        tabs = source.tabs()
        haystacks = [:]
    }

    /// Builds the rows for a query unless they are already built for it: the list's ids in its own order, the
    /// filter over every column of `table`, then the sort by the chosen column (ties keep the list's order; rows
    /// without a value go last either way).
    mutating func show(_ query: Query, source: CustomerRows, workspace: Workspace, table: TableIndex) {
        if let builtFor, builtFor.generation == generation, builtFor.query == query { return }
        builtFor = (generation, query)
        if query.kind == .allDevices, allDeviceCountsGeneration != generation {
            allDeviceCountsGeneration = generation
            allDeviceCounts = [.unmatched: 0, .matched: 0, .ignored: 0]
            for customer in tabs[.matched] ?? [] {
                for asset in workspace.catalog.assets(ofCustomer: customer) {
                    allDeviceCounts[workspace.status(ofAsset: asset.id).state, default: 0] += 1
                }
            }
        }
        var ids = baseRows(query, source: source, workspace: workspace)
        unfiltered = ids.count
        let filter = TextFolding.foldedBytes(query.filter)
        if !filter.isEmpty {
            var found = haystacks[query.kind] ?? [:]
            ids = ids.filter { id in
                let haystack = found[id] ?? table.haystack(id)
                found[id] = haystack
                return ByteSearch.contains(haystack, filter)
            }
            haystacks[query.kind] = found
        }
        if let sorting = query.sorting, sorting.column < table.columnCount {
            let keyed = ids.enumerated().map { (offset: $0.offset, id: $0.element, value: table.sortValue($0.element, sorting.column)) }
            ids = keyed.sorted { a, b in
                if a.value != b.value {
                    if a.value == .none || b.value == .none { return b.value == .none }
                    return sorting.descending ? b.value < a.value : a.value < b.value
                }
                return a.offset < b.offset
            }.map(\.id)
        }
        rows = ids
    }

    private func baseRows(_ query: Query, source: CustomerRows, workspace: Workspace) -> [Int] {
        switch query.kind {
        case .devices(let customer):
            return workspace.assets(ofCustomer: customer, in: query.tab).map(\.id)
        case .allDevices:
            return (tabs[.matched] ?? []).flatMap { workspace.assets(ofCustomer: $0, in: query.tab).map(\.id) }
        case .customers:
            let ids = tabs[query.tab] ?? []
            guard query.workLeft, query.tab == .matched else { return ids }
            let left = ids.map { (id: $0, count: source.row($0).unmatchedDevices) }.filter { $0.count > 0 }
            return left.enumerated().sorted { a, b in
                a.element.count != b.element.count ? a.element.count > b.element.count : a.offset < b.offset
            }.map(\.element.id)
        }
    }

    /// Ranks the organizations nearest a customer's name for the detail pane, once per selected customer.
    mutating func rankClosest(to customer: Int, in workspace: Workspace) {
        if let closest, closest.generation == generation, closest.customer == customer { return }
        closest = (generation, customer, Self.rank(customer, in: workspace))
    }

    /// The ranked organizations, from the last `rankClosest` when it was for this customer.
    func closestOrganizations(to customer: Int, in workspace: Workspace) -> [OrganizationCandidate] {
        if let closest, closest.generation == generation, closest.customer == customer { return closest.candidates }
        return Self.rank(customer, in: workspace)
    }

    private static func rank(_ customer: Int, in workspace: Workspace) -> [OrganizationCandidate] {
        workspace.matcher.closest(to: workspace.catalog.customer(customer)?.displayName ?? "", limit: 4)
    }
}
