import Foundation
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
    private var builtFor: (generation: Int, query: Query)?
    /// Each list's folded cell text by id for the filter, and sort values by id and column, built the first time
    /// they are needed and kept across decisions: a row is rebuilt only when its fingerprint moved. A new catalog
    /// (a sync, a record created) starts them over.
    /// Each entry remembers the generation it was last checked in: within one, typing a filter costs a byte
    /// search per row, not a fingerprint.
    private var haystacks: [ListKind: [Int: (key: Int, checked: Int, bytes: [UInt8])]] = [:]
    private var sortValues: [ListKind: [Int: (key: Int, checked: Int, column: Int, value: SortValue)]] = [:]
    private var catalog: CatalogKey?
    private var closest: (generation: Int, customer: Int, candidates: [OrganizationCandidate])?
    /// The devices of every matched customer by tab, counted once per generation when that list is shown.
    private(set) var allDeviceCounts: [MatchState: Int] = [:]
    private var allDeviceCountsGeneration = -1

    /// The workspace (or the list it comes from) changed: everything is rebuilt on the next `show`.
    mutating func workspaceChanged(_ source: CustomerRows) {
        generation += 1
        tabs = source.tabs()
    }

    /// What identifies a catalog well enough to keep row texts: when the sync and the record counts are the
    /// same, only decisions changed, and row fingerprints cover those.
    private struct CatalogKey: Equatable {
        var takenAt: Date?
        var counts: [Int]
        var opening: Bool

        init(_ workspace: Workspace, opening: Bool) {
            let catalog = workspace.catalog
            takenAt = catalog.snapshot.takenAt
            counts = [catalog.customers.count, catalog.assets.count, catalog.organizations.count, catalog.configurations.count]
            self.opening = opening
        }
    }

    /// Builds the rows for a query unless they are already built for it: the list's ids in its own order, the
    /// filter over every column of `table`, then the sort by the chosen column (ties keep the list's order; rows
    /// without a value go last either way).
    mutating func show(_ query: Query, source: CustomerRows, workspace: Workspace, table: TableIndex) {
        if let builtFor, builtFor.generation == generation, builtFor.query == query { return }
        let previous = builtFor
        builtFor = (generation, query)
        // A letter typed onto the filter narrows the rows already shown: they are filtered and sorted already.
        if let previous, previous.generation == generation, let haystacks = haystacks[query.kind],
           Self.narrows(query, previous.query) {
            let filter = TextFolding.foldedBytes(query.filter)
            rows = rows.filter { haystacks[$0].map { ByteSearch.contains($0.bytes, filter) } ?? true }
            return
        }
        if query.kind == .allDevices, allDeviceCountsGeneration != generation {
            allDeviceCountsGeneration = generation
            allDeviceCounts = [.unmatched: 0, .matched: 0, .ignored: 0]
            for customer in tabs[.matched] ?? [] {
                for asset in workspace.catalog.assets(ofCustomer: customer) {
                    allDeviceCounts[workspace.status(ofAsset: asset.id).state, default: 0] += 1
                }
            }
        }
        let key = CatalogKey(workspace, opening: { if case .kept = source { true } else { false } }())
        if key != catalog {
            catalog = key
            haystacks = [:]
            sortValues = [:]
        }
        var ids = baseRows(query, source: source, workspace: workspace)
        let filter = TextFolding.foldedBytes(query.filter)
        if !filter.isEmpty {
            // Taken out while it is updated, so that updating it never copies it.
            var found = haystacks.removeValue(forKey: query.kind) ?? [:]
            let generation = generation
            ids = ids.filter { id in
                if let cached = found[id] {
                    if cached.checked == generation { return ByteSearch.contains(cached.bytes, filter) }
                    let fingerprint = table.fingerprint(id)
                    if cached.key == fingerprint {
                        found[id]!.checked = generation
                        return ByteSearch.contains(cached.bytes, filter)
                    }
                }
                let haystack = table.haystack(id)
                found[id] = (table.fingerprint(id), generation, haystack)
                return ByteSearch.contains(haystack, filter)
            }
            haystacks[query.kind] = found
        }
        if let sorting = query.sorting, sorting.column < table.columnCount {
            var known = sortValues.removeValue(forKey: query.kind) ?? [:]
            let generation = generation
            func value(_ id: Int) -> SortValue {
                if let cached = known[id], cached.column == sorting.column {
                    if cached.checked == generation { return cached.value }
                    if cached.key == table.fingerprint(id) {
                        known[id]!.checked = generation
                        return cached.value
                    }
                }
                let value = table.sortValue(id, sorting.column)
                known[id] = (table.fingerprint(id), generation, sorting.column, value)
                return value
            }
            let keyed = ids.enumerated().map { (offset: $0.offset, id: $0.element, value: value($0.element)) }
            sortValues[query.kind] = known
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

    /// Whether `query` only adds letters to the filter of `previous`.
    private static func narrows(_ query: Query, _ previous: Query) -> Bool {
        var same = query
        same.filter = previous.filter
        return same == previous && !previous.filter.isEmpty && query.filter.hasPrefix(previous.filter)
            && TextFolding.fold(query.filter).hasPrefix(TextFolding.fold(previous.filter))
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
