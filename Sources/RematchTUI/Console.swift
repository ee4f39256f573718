import Foundation
import RematchCore
import RematchStore
import RematchSync

/// Something the console asks the app loop to do off the UI thread.
public enum ConsoleEffect: Sendable, Equatable {
    case quit
    case sync
    case createOrganizations
    case createConfigurations(organizationID: String)
}

/// Selection, scroll, filter and marks of one list.
struct ListState {
    var tab: MatchState = .unmatched
    var selection = 0
    var offset = 0
    var filter = ""
    var filtering = false
    var marked = Set<Int>()
}

/// The Match To popup: a query, the ranked hits, the selected one.
struct MatchToState {
    var subject: Int
    var subjectName: String
    var isDevice: Bool
    var candidates: [(id: String, name: String)]
    var index: FuzzyIndex
    var query = ""
    var hits: [FuzzyIndex.Hit] = []
    var total = 0
    var selection = 0

    mutating func refresh() {
        (hits, total) = index.search(query, limit: 200)
        selection = min(selection, max(0, hits.count - 1))
    }
}

enum Popup {
    case help
    case matchTo(MatchToState)
    case confirmCreateOrganization(customers: [Int], name: String, closest: [OrganizationCandidate])
    case confirm(title: String, lines: [String], action: Action, effect: ConsoleEffect?)
    case typeMapping(selection: Int)
}

/// The console's state and key handling over a matching session. Lives on the UI thread; drawing never
/// changes state, and a key either changes state or is passed on.
public final class Console {
    /// The owner of the matching session; nil while the console shows the kept list and it is being opened.
    public private(set) var workbench: Workbench?
    /// The workbench's workspace as of `generation`, read once per change rather than once per row.
    public private(set) var workspace: Workspace
    private var generation = -1
    let syncroHost: String
    let itGlueHost: String
    var customers = ListState()
    var devices = ListState()
    /// The customer whose devices are shown, or nil on the customer tabs.
    var deviceCustomer: Int?
    var popup: Popup?
    var message: (text: String, isError: Bool) = ("", false)
    public var syncText = "Sync: not yet"
    var syncRole: StyleRole = .dim
    public private(set) var syncing = false
    public var pageHeight = 10
    /// Bumped on every change to the workspace; list rows and counts are cached against it.
    var version = 0
    private var rowCache: (key: String, ids: [Int])?
    private var tabCache: (version: Int, tabs: [MatchState: [Int]])?
    private var closestCache: (version: Int, customer: Int, candidates: [OrganizationCandidate])?
    private var nameCache: (version: Int, names: [Int: [UInt8]])?
    /// The customer list kept in the state file, shown while the workspace is still being built; nil once it is.
    var preview: (rows: [Int: CustomerRow], order: [Int], devices: Int)?

    public init(workbench: Workbench, syncroHost: String, itGlueHost: String) {
        self.workbench = workbench
        (workspace, generation) = workbench.current
        self.syncroHost = syncroHost
        self.itGlueHost = itGlueHost
        if let state = try? workbench.store.syncState() { describe(state) }
    }

    /// A console over the customer list kept in the state file, while the workspace is built elsewhere: the list
    /// can be read, scrolled and filtered; anything that changes something waits for `finishOpening`.
    public init(store: StateStore, list: [CustomerRow], devices: Int, syncroHost: String, itGlueHost: String) {
        workspace = Workspace(snapshot: Snapshot())
        self.syncroHost = syncroHost
        self.itGlueHost = itGlueHost
        preview = (Dictionary(list.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }), list.map(\.id), devices)
        if let state = try? store.syncState() { describe(state) }
    }

    /// Takes the workbench's workspace if it moved on (a decision, a sync or a write finished): called by the
    /// app loop before it draws, never by drawing.
    public func refresh() {
        guard let workbench else { return }
        let (fresh, number) = workbench.current
        guard number != generation else { return }
        workspace = fresh
        generation = number
        version += 1
        if deviceCustomer.map({ workspace.status(ofCustomer: $0).organizationID == nil }) ?? false { deviceCustomer = nil }
    }

    /// Whether the console still shows the kept list while the workspace is being built.
    public var isOpening: Bool { preview != nil }

    /// The workspace is built: the console works on it from now on, keeping the tab, filter and selected customer.
    /// (While opening there are no marks and no device list: the keys for them wait.)
    public func finishOpening(_ workbench: Workbench) {
        let selected = selectedID(rowIDs())
        self.workbench = workbench
        preview = nil
        refresh()
        if let selected, let index = rowIDs().firstIndex(of: selected) { customers.selection = index }
        if message.text == Self.stillOpening { show("") }
    }

    static let stillOpening = "Still matching devices: the list is the one kept from last time; this works in a moment."

    /// What the list shows for one customer: from the kept list while opening, else from the workspace (with the
    /// device classes only for the detail pane).
    func customerRow(_ id: Int, detail: Bool = false) -> CustomerRow {
        preview?.rows[id] ?? workspace.customerRow(id, deviceClasses: detail)
    }

    // MARK: Rows

    /// Ids on the current list, after the filter; cached until the workspace, tab, filter or screen changes.
    func rowIDs() -> [Int] {
        let key = "\(version)|\(deviceCustomer ?? -1)|\(list.tab.rawValue)|\(list.filter)"
        if let cache = rowCache, cache.key == key { return cache.ids }
        let ids = computeRowIDs()
        rowCache = (key, ids)
        return ids
    }

    /// Customers per tab, cached until the workspace changes.
    func customerCounts() -> [MatchState: Int] {
        tabs().mapValues(\.count)
    }

    /// The customers of all three tabs, sorted, in one pass; cached until the workspace changes.
    func tabs() -> [MatchState: [Int]] {
        if let cache = tabCache, cache.version == version { return cache.tabs }
        var tabs: [MatchState: [Int]] = [.unmatched: [], .matched: [], .ignored: []]
        if let preview {
            for id in preview.order { tabs[preview.rows[id]!.state, default: []].append(id) }
        } else {
            for id in workspace.customerIDs { tabs[workspace.status(ofCustomer: id).state, default: []].append(id) }
        }
        tabCache = (version, tabs)
        return tabs
    }

    private func computeRowIDs() -> [Int] {
        if let customer = deviceCustomer {
            let filter = TextFolding.fold(devices.filter)
            return workspace.assets(ofCustomer: customer, in: devices.tab)
                .filter { filter.isEmpty || TextFolding.fold($0.name).contains(filter) }.map(\.id)
        }
        let filter = TextFolding.foldedBytes(customers.filter)
        let ids = tabs()[customers.tab] ?? []
        guard !filter.isEmpty else { return ids }
        let names = foldedNames()
        return ids.filter { names[$0].map { ByteSearch.contains($0, filter) } ?? false }
    }

    /// The organizations nearest a customer's name, for the detail pane: ranked once per selected customer,
    /// not once per frame.
    func closestOrganizations(to customer: Int) -> [OrganizationCandidate] {
        if let cache = closestCache, cache.version == version, cache.customer == customer { return cache.candidates }
        let candidates = workspace.matcher.closest(to: workspace.catalog.customer(customer)?.displayName ?? "", limit: 4)
        closestCache = (version, customer, candidates)
        return candidates
    }

    /// Folded customer names (UTF-8, for byte search) for the filter, computed once per workspace version.
    private func foldedNames() -> [Int: [UInt8]] {
        if let cache = nameCache, cache.version == version { return cache.names }
        var names: [Int: [UInt8]] = [:]
        if let preview {
            for (id, row) in preview.rows { names[id] = TextFolding.foldedBytes(row.name) }
        } else {
            names.reserveCapacity(workspace.customerIDs.count)
            for id in workspace.customerIDs { names[id] = TextFolding.foldedBytes(workspace.catalog.customer(id)?.displayName ?? "") }
        }
        nameCache = (version, names)
        return names
    }

    var list: ListState {
        get { deviceCustomer == nil ? customers : devices }
        set { if deviceCustomer == nil { customers = newValue } else { devices = newValue } }
    }

    func selectedID(_ ids: [Int]) -> Int? { ids.indices.contains(list.selection) ? ids[list.selection] : nil }

    /// The marked rows if any, else the selected one.
    func targets(_ ids: [Int]) -> [Int] {
        let marked = ids.filter { list.marked.contains($0) }
        if !marked.isEmpty { return marked }
        return selectedID(ids).map { [$0] } ?? []
    }

    // MARK: Keys

    public func handle(_ key: Key) -> [ConsoleEffect] {
        if popup != nil { return handlePopup(key) }
        if list.filtering { return handleFilter(key) }
        if isOpening, !Self.readingKeys.contains(key) {
            show(Self.stillOpening, error: true)
            return []
        }
        let ids = rowIDs()
        var state = list
        switch key {
        case .up, .character("k"): state.selection = max(0, state.selection - 1)
        case .down, .character("j"): state.selection = min(max(0, ids.count - 1), state.selection + 1)
        case .pageUp: state.selection = max(0, state.selection - pageHeight)
        case .pageDown: state.selection = min(max(0, ids.count - 1), state.selection + pageHeight)
        case .home, .character("g"): state.selection = 0
        case .end, .character("G"): state.selection = max(0, ids.count - 1)
        case .tab: switchTab(by: 1); return []
        case .backTab: switchTab(by: -1); return []
        case .character("1"): selectTab(.unmatched); return []
        case .character("2"): selectTab(.matched); return []
        case .character("3"): selectTab(.ignored); return []
        case .character("/"):
            state.filtering = true
            list = state
            return []
        case .character(" "):
            if let id = selectedID(ids) {
                if state.marked.contains(id) { state.marked.remove(id) } else { state.marked.insert(id) }
                state.selection = min(max(0, ids.count - 1), state.selection + 1)
            }
        case .character("*"):
            state.marked = ids.allSatisfy { state.marked.contains($0) } ? [] : Set(ids)
        case .character("?"):
            popup = .help
            return []
        case .character("q"), .escape:
            if deviceCustomer != nil {
                deviceCustomer = nil
                return []
            }
            return [.quit]
        case .enter:
            if deviceCustomer == nil, let id = selectedID(ids) { openDevices(id) }
            return []
        case .character("s"):
            return syncing ? [] : [.sync]
        case .character("u"):
            return perform { try $0.undo() }
        case .character("t"):
            popup = .typeMapping(selection: 0)
            return []
        default:
            list = state
            return deviceCustomer == nil ? customerAction(key, ids) : deviceAction(key, ids)
        }
        list = state
        return []
    }

    /// The keys that work while the workspace is still being built: reading, moving, filtering, help, quit.
    static let readingKeys: Set<Key> = [
        .up, .down, .pageUp, .pageDown, .home, .end, .tab, .backTab, .escape,
        .character("k"), .character("j"), .character("g"), .character("G"), .character("1"), .character("2"),
        .character("3"), .character("/"), .character("?"), .character("q"),
    ]

    private func handleFilter(_ key: Key) -> [ConsoleEffect] {
        var state = list
        switch key {
        case .enter: state.filtering = false
        case .escape:
            state.filtering = false
            state.filter = ""
        case .backspace: if !state.filter.isEmpty { state.filter.removeLast() }
        case .character(let character): state.filter.append(character)
        default: break
        }
        state.selection = 0
        state.offset = 0
        list = state
        return []
    }

    func switchTab(by step: Int) {
        let tabs = MatchState.allCases
        let index = tabs.firstIndex(of: list.tab)!
        selectTab(tabs[(index + step + tabs.count) % tabs.count])
    }

    func selectTab(_ tab: MatchState) {
        var state = list
        state.tab = tab
        state.selection = 0
        state.offset = 0
        state.marked = []
        list = state
    }

    func openDevices(_ customer: Int) {
        let status = workspace.status(ofCustomer: customer)
        guard status.organizationID != nil else {
            show(status.pendingOrganizationName != nil
                ? "The organization for this customer is waiting to be created; its devices open once it exists."
                : "Match this customer to an organization first (a, m or c).", error: true)
            return
        }
        deviceCustomer = customer
        devices = ListState()
        if workspace.assets(ofCustomer: customer, in: .unmatched).isEmpty { devices.tab = .matched }
    }

    /// Runs a change through the workbench and reports it on the message line.
    func perform(_ body: (Workbench) throws -> Change) -> [ConsoleEffect] {
        guard let workbench else { return [] }
        do {
            let change = try body(workbench)
            refresh()
            show(change.summary)
            var state = list
            state.marked = []
            let count = rowIDs().count
            state.selection = min(state.selection, max(0, count - 1))
            list = state
        } catch let error as ActionError {
            show(error.message, error: true)
        } catch {
            show("Not saved: \(error)", error: true)
        }
        return []
    }

    func show(_ text: String, error: Bool = false) { message = (text, error) }

    // MARK: Customer actions

    private func customerAction(_ key: Key, _ ids: [Int]) -> [ConsoleEffect] {
        let targets = targets(ids)
        guard !targets.isEmpty || key == .character("m") else { return [] }
        switch key {
        case .character("a"):
            if targets.count > 1 {
                return confirmBulk("Accept \(targets.count) suggestions", action: .acceptSuggestion(customers: targets))
            }
            return perform { try $0.perform(.acceptSuggestion(customers: targets)) }
        case .character("m"), .character("x"):
            guard let id = selectedID(ids) else { return [] }
            let organizations = workspace.catalog.organizations
            var state = MatchToState(subject: id, subjectName: workspace.catalog.customer(id)?.displayName ?? "", isDevice: false,
                                     candidates: organizations.map { ($0.id, $0.name) }, index: FuzzyIndex(names: organizations.map(\.name)))
            state.refresh()
            popup = .matchTo(state)
        case .character("c"):
            let names = targets.compactMap { workspace.catalog.customer($0)?.displayName }
            guard let first = names.first else { return [] }
            popup = .confirmCreateOrganization(customers: targets, name: first,
                                               closest: targets.count == 1 ? workspace.matcher.closest(to: first, limit: 4) : [])
        case .character("i"):
            let action: Action = list.tab == .ignored ? .unignore(customers: targets) : .ignore(customers: targets)
            if targets.count > 1 { return confirmBulk("\(list.tab == .ignored ? "Unignore" : "Ignore") \(targets.count) customers", action: action) }
            return perform { try $0.perform(action) }
        case .character("r"):
            return perform { try $0.perform(.revertMatch(customers: targets)) }
        default:
            break
        }
        return []
    }

    private func confirmBulk(_ title: String, action: Action, effect: ConsoleEffect? = nil) -> [ConsoleEffect] {
        do {
            let change = try workspace.plan(action, user: workbench?.user ?? "")
            var lines = ["\(change.edits.count) will change."]
            if let first = change.skipped.first { lines.append("(\(change.skipped.count) skipped: \(first))") }
            popup = .confirm(title: title, lines: lines, action: action, effect: effect)
        } catch {
            show(error.message, error: true)
        }
        return []
    }

    // MARK: Device actions

    private func deviceAction(_ key: Key, _ ids: [Int]) -> [ConsoleEffect] {
        guard let customer = deviceCustomer, let organization = workspace.status(ofCustomer: customer).organizationID else { return [] }
        let targets = targets(ids)
        switch key {
        case .character("a"):
            guard !targets.isEmpty else { return [] }
            return perform { try $0.perform(.acceptDeviceSuggestion(assets: targets)) }
        case .character("m"), .character("x"):
            guard let id = selectedID(ids) else { return [] }
            let configurations = workspace.catalog.configurations(ofOrganization: organization).filter { !$0.archived }
            var state = MatchToState(subject: id, subjectName: workspace.catalog.asset(id)?.name ?? "", isDevice: true,
                                     candidates: configurations.map { ($0.id, $0.name) },
                                     index: FuzzyIndex(names: configurations.map(\.name)))
            state.refresh()
            popup = .matchTo(state)
        case .character("c"):
            guard !targets.isEmpty else { return [] }
            return confirmBulk("Create \(targets.count) configuration\(targets.count == 1 ? "" : "s")",
                               action: .createConfiguration(assets: targets), effect: .createConfigurations(organizationID: organization))
        case .character("C"):
            let preview = workspace.bulkCreatePreview(organizationID: organization)
            guard !preview.assets.isEmpty else {
                show("No unmatched devices are left to create.", error: true)
                return []
            }
            let types = Dictionary(workspace.catalog.snapshot.configurationTypes.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            var lines = preview.countsByClass.keys.sorted().map { deviceClass in
                "\(preview.countsByClass[deviceClass]!) \(deviceClass.title) → \(workspace.typeMapping[deviceClass].flatMap { types[$0] } ?? "no type: press t")"
            }
            if preview.withSuggestion > 0 { lines.append("Match by MAC or serial first: \(preview.withSuggestion) of these have a suggestion.") }
            let name = workspace.catalog.organization(organization)?.name ?? organization
            popup = .confirm(title: "Create \(preview.assets.count) configurations in \(name)", lines: lines,
                             action: .createAllConfigurations(organizationID: organization),
                             effect: .createConfigurations(organizationID: organization))
        case .character("i"):
            guard !targets.isEmpty else { return [] }
            let action: Action = list.tab == .ignored ? .unignoreDevice(assets: targets) : .ignoreDevice(assets: targets)
            return perform { try $0.perform(action) }
        case .character("r"):
            guard !targets.isEmpty else { return [] }
            return perform { try $0.perform(.revertDeviceMatch(assets: targets)) }
        default:
            break
        }
        return []
    }

    // MARK: Popups

    private func handlePopup(_ key: Key) -> [ConsoleEffect] {
        guard let current = popup else { return [] }
        switch current {
        case .help:
            popup = nil
        case .matchTo(var state):
            switch key {
            case .escape: popup = nil
            case .up: state.selection = max(0, state.selection - 1); popup = .matchTo(state)
            case .down: state.selection = min(max(0, state.hits.count - 1), state.selection + 1); popup = .matchTo(state)
            case .backspace:
                if !state.query.isEmpty { state.query.removeLast() }
                state.refresh()
                popup = .matchTo(state)
            case .character(let character):
                state.query.append(character)
                state.selection = 0
                state.refresh()
                popup = .matchTo(state)
            case .enter:
                guard state.hits.indices.contains(state.selection) else { return [] }
                let target = state.candidates[state.hits[state.selection].index].id
                popup = nil
                let matched: Bool
                if state.isDevice { matched = workspace.status(ofAsset: state.subject).state == .matched }
                else { matched = workspace.status(ofCustomer: state.subject).state == .matched }
                let action: Action
                switch (state.isDevice, matched) {
                case (false, false): action = .matchTo(customer: state.subject, organizationID: target)
                case (false, true): action = .changeMatch(customer: state.subject, organizationID: target)
                case (true, false): action = .matchDevice(asset: state.subject, configurationID: target)
                case (true, true): action = .changeDeviceMatch(asset: state.subject, configurationID: target)
                }
                return perform { try $0.perform(action) }
            default: break
            }
        case .confirmCreateOrganization(let targets, _, _):
            switch key {
            case .character("y"), .character("Y"):
                popup = nil
                let before = message
                _ = perform { try $0.perform(.createOrganization(customers: targets)) }
                return message.isError || message == before ? [] : [.createOrganizations]
            case .character("n"), .escape, .character("q"): popup = nil
            default: break
            }
        case .confirm(_, _, let action, let effect):
            switch key {
            case .character("y"), .character("Y"), .enter:
                popup = nil
                _ = perform { try $0.perform(action) }
                if !message.isError, let effect { return [effect] }
            case .character("t"):
                popup = .typeMapping(selection: 0)
            case .character("n"), .escape, .character("q"): popup = nil
            default: break
            }
        case .typeMapping(var selection):
            let classes = DeviceClass.allCases
            let types = workspace.catalog.snapshot.configurationTypes
            switch key {
            case .up, .character("k"): selection = max(0, selection - 1)
            case .down, .character("j"): selection = min(classes.count - 1, selection + 1)
            case .left, .right, .enter, .character("h"), .character("l"), .character(" "):
                guard !types.isEmpty else { break }
                var mapping = workspace.typeMapping
                let current = types.firstIndex { $0.id == mapping[classes[selection]] } ?? -1
                let step = (key == .left || key == .character("h")) ? -1 : 1
                mapping[classes[selection]] = types[(current + step + types.count) % types.count].id
                do { try workbench?.setTypeMapping(mapping) } catch { show("Not saved: \(error)", error: true) }
                refresh()
            case .escape, .character("q"), .character("t"):
                popup = nil
                show("Type mapping saved.")
                return []
            default: break
            }
            popup = .typeMapping(selection: selection)
        }
        return []
    }

    // MARK: Sync and background results

    func describe(_ state: SyncState) {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm"
        switch state.status {
        case .never: (syncText, syncRole) = ("Sync: not yet (press s)", .dim)
        case .ok: (syncText, syncRole) = ("Sync: OK · \(state.lastSyncAt.map(formatter.string) ?? "")", .good)
        case .failed: (syncText, syncRole) = ("Sync: Failed: \(state.error ?? "")", .error)
        }
    }

    public func syncStarted() {
        syncing = true
        (syncText, syncRole) = ("Sync: Syncing…", .warning)
    }

    public func syncProgressed(_ progress: SyncProgress) {
        let percent = Int(progress.fraction * 100)
        (syncText, syncRole) = ("Sync: Syncing… \(percent)%  \(progress.summary)", .warning)
    }

    /// A finished sync: the workbench already holds its workspace, with every decision made meanwhile.
    public func syncFinished(_ result: Result<SyncSummary, any Error>) {
        syncing = false
        refresh()
        switch result {
        case .success(let summary):
            show("Synced: \(summary.customers) customers, \(summary.assets) devices.")
        case .failure(let error):
            show("Sync failed: \(error). Nothing was lost.", error: true)
        }
        if let state = try? workbench?.store.syncState() { describe(state) }
    }

    /// A round of writes finished: the workbench holds its changes; the report goes on the message line.
    public func writesFinished(_ report: WriteReport) {
        refresh()
        if let failure = report.failures.first {
            let done = report.created.count + report.found.count
            show("\(done) created; \(report.failures.count) failed: \(failure)", error: true)
        } else if !report.created.isEmpty || !report.found.isEmpty {
            show("Created in IT Glue: " + (report.created + report.found).joined(separator: "; "))
        } else if !report.linked.isEmpty {
            show("IT Glue links written to \(report.linked.count) Syncro assets.")
        }
    }
}
