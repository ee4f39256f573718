import RematchCore
import RematchPresentation

/// What the lists show, worked out once per change instead of once per frame: the customers of each tab, the
/// rows of the list on screen after its filter, and the organizations near the selected customer. One
/// generation counter, bumped when the workspace changes, says what is stale.
struct ListModel {
    /// What the rows were built for.
    struct Query: Equatable {
        var customer: Int?
        var tab: MatchState
        var filter: String
    }

    private(set) var generation = 0
    private(set) var tabs: [MatchState: [Int]] = [.unmatched: [], .matched: [], .ignored: []]
    private(set) var rows: [Int] = []
    private var builtFor: (generation: Int, query: Query)?
    private var names: (generation: Int, folded: [Int: [UInt8]])?
    private var closest: (generation: Int, customer: Int, candidates: [OrganizationCandidate])?

    /// The workspace (or the list it comes from) changed: everything is rebuilt on the next `show`.
    mutating func workspaceChanged(_ source: CustomerRows) {
        generation += 1
        tabs = source.tabs()
    }

    /// Builds the rows for a query unless they are already built for it.
    mutating func show(_ query: Query, source: CustomerRows, workspace: Workspace) {
        if let builtFor, builtFor.generation == generation, builtFor.query == query { return }
        builtFor = (generation, query)
        if let customer = query.customer {
            let filter = TextFolding.fold(query.filter)
            rows = workspace.assets(ofCustomer: customer, in: query.tab)
                .filter { filter.isEmpty || TextFolding.fold($0.name).contains(filter) }.map(\.id)
            return
        }
        let ids = tabs[query.tab] ?? []
        let filter = TextFolding.foldedBytes(query.filter)
        guard !filter.isEmpty else {
            rows = ids
            return
        }
        if names?.generation != generation { names = (generation, source.foldedNames()) }
        let folded = names?.folded ?? [:]
        rows = ids.filter { folded[$0].map { ByteSearch.contains($0, filter) } ?? false }
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
