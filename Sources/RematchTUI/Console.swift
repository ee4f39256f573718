import Foundation
import RematchCore
import RematchPresentation
import RematchStore
import RematchSync

/// Something the console asks the app loop to do off the UI thread.
public enum ConsoleEffect: Sendable, Equatable {
    case quit
    case sync
    case createOrganizations
    case createConfigurations(organizationID: String)
    case retireConfigurations
}

/// The console's state over the workbench that owns the matching session. Lives on the UI thread. A key is looked up in the key table
/// for the current scope and handed to the component of that scope; drawing never changes state. Every change
/// to the matching state goes through `perform`.
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
    var allDevices = ListState()
    /// The list on screen: the customer tabs, one customer's devices, or every matched customer's devices.
    var shown: ListKind = .customers { didSet { settle() } }
    /// Where Esc on one customer's devices goes back to: the customers, or the device work queue.
    var cameFromQueue = false
    var popup: Popup?
    var message: (text: String, isError: Bool) = ("", false)
    public var syncText = "Sync: not yet"
    var syncRole: StyleRole = .dim
    public internal(set) var syncing = false
    /// The screen's layout, once the app has told the console its size; until then keys assume a page of 10.
    private(set) var layout: Layout?
    var model = ListModel()
    /// The customer list kept in the state file, shown while the workspace is still being built; nil once it is.
    private(set) var kept: KeptList?

    public init(workbench: Workbench, syncroHost: String, itGlueHost: String) {
        self.workbench = workbench
        (workspace, generation) = workbench.current
        self.syncroHost = syncroHost
        self.itGlueHost = itGlueHost
        if let state = try? workbench.store.syncState() { describe(state) }
        workspaceChanged()
    }

    /// A console over the customer list kept in the state file, while the workspace is built elsewhere: the list
    /// can be read, scrolled and filtered; anything that changes something waits for `finishOpening`.
    public init(store: StateStore, list: [CustomerRow], devices: Int, syncroHost: String, itGlueHost: String) {
        workspace = Workspace(snapshot: Snapshot())
        self.syncroHost = syncroHost
        self.itGlueHost = itGlueHost
        kept = KeptList(list, devices: devices)
        if let state = try? store.syncState() { describe(state) }
        workspaceChanged()
    }

    /// Takes the workbench's workspace if it moved on (a decision, a sync or a write finished): called by the
    /// app loop before it draws, never by drawing.
    public func refresh() {
        guard let workbench else { return }
        let (fresh, number) = workbench.current
        guard number != generation else { return }
        workspace = fresh
        generation = number
        if deviceCustomer.map({ workspace.status(ofCustomer: $0).organizationID == nil }) ?? false { shown = .customers }
        workspaceChanged()
    }

    /// Whether the console still shows the kept list while the workspace is being built.
    public var isOpening: Bool { kept != nil }

    /// The workspace is built: the console works on it from now on, keeping the tab, filter and selected customer.
    /// (While opening there are no marks and no device list: the keys for them wait.)
    public func finishOpening(_ workbench: Workbench) {
        let selected = selectedID(rowIDs())
        self.workbench = workbench
        kept = nil
        refresh()
        if let selected, let index = rowIDs().firstIndex(of: selected) { customers.selection = index }
        settle()
        if message.text == Self.stillOpening { show("") }
    }

    static let stillOpening = "Still matching devices: the list is the one kept from last time; this works in a moment."

    /// The rows the customer views read: the kept list while opening, else the workspace.
    var customerRows: CustomerRows { kept.map(CustomerRows.kept) ?? .workspace(workspace) }

    /// The screen's size, from the app when it starts and on every resize: keys page by the real page height.
    public func resize(rows: Int, columns: Int) {
        layout = Layout(rows: rows, columns: columns)
        settle()
    }

    // MARK: The list on screen

    var list: ListState {
        get {
            switch shown {
            case .customers: customers
            case .devices: devices
            case .allDevices: allDevices
            }
        }
        set {
            switch shown {
            case .customers: customers = newValue
            case .devices: devices = newValue
            case .allDevices: allDevices = newValue
            }
        }
    }

    /// The customer whose devices are shown, or nil on the other lists.
    var deviceCustomer: Int? { if case .devices(let customer) = shown { customer } else { nil } }

    /// Ids on the current list, after the filter, as the list model last built them.
    func rowIDs() -> [Int] { model.rows }

    func selectedID(_ ids: [Int]) -> Int? { ids.indices.contains(list.selection) ? ids[list.selection] : nil }

    /// The marked rows if any, else the selected one.
    func targets(_ ids: [Int]) -> [Int] {
        let marked = ids.filter { list.marked.contains($0) }
        if !marked.isEmpty { return marked }
        return selectedID(ids).map { [$0] } ?? []
    }

    var pageHeight: Int { layout?.pageHeight ?? 10 }

    /// The workspace changed (or the list it is read from): the list model is rebuilt.
    func workspaceChanged() {
        model.workspaceChanged(customerRows)
        settle()
    }

    /// Brings what is derived from the state up to date after a change: the rows for the tab and filter, the
    /// selection and page on them, the organizations near the selected customer.
    func settle() {
        let current = list
        model.show(ListModel.Query(kind: shown, tab: current.tab, filter: current.filter, sorting: current.sorting,
                                   workLeft: current.workLeft),
                   source: customerRows, workspace: workspace, table: tableIndex())
        list.settle(count: model.rows.count, height: layout?.pageHeight)
        let detailShown = layout.map { $0.detail != nil } ?? true
        if shown == .customers, detailShown, let id = selectedID(model.rows), customerRows.ranksClosest(id) {
            model.rankClosest(to: id, in: workspace)
        }
    }

    // MARK: Keys

    /// The scope keys are read in: the popup, the filter line, or the list on screen.
    var scope: Scope { popup?.scope ?? listScope }

    /// The scope of what is under any popup, which the key bar describes.
    var listScope: Scope {
        if list.filtering { return .filter }
        switch shown {
        case .customers: return .customers(customers.tab)
        case .devices: return .devices
        case .allDevices: return .allDevices
        }
    }

    public func handle(_ key: Key) -> [ConsoleEffect] {
        guard key != .resize else { return [] }
        defer { settle() }
        let scope = self.scope
        guard let binding = Keymap.binding(for: key, in: scope) else {
            if case .character(let character) = key, Keymap.acceptsText(scope) { return typed(character, in: scope) }
            if scope == .help || scope == .report { popup = nil }
            return []
        }
        if isOpening, scope.isList, !binding.whileOpening {
            show(Self.stillOpening, error: true)
            return []
        }
        switch scope {
        case .filter: return handleFilter(binding.command)
        case .customers, .devices, .allDevices:
            if let effects = handleList(binding.command) { return effects }
            return shown == .customers ? handleCustomers(binding.command) : handleDevices(binding.command)
        case .help, .matchTo, .createOrganization, .confirm, .typeMapping, .typePicker, .report: return handlePopup(binding.command)
        }
    }

    private func typed(_ character: Character, in scope: Scope) -> [ConsoleEffect] {
        if scope == .filter {
            list.filter.append(character)
            list.resetPosition()
            return []
        }
        return handlePopup(.typeText, typing: character)
    }

    // MARK: Changes

    /// Runs a change through the workbench and reports it on the message line. Returns `effects` when the
    /// change was saved, nothing when it was refused.
    @discardableResult
    func perform(_ body: (Workbench) throws -> Change, then effects: [ConsoleEffect] = []) -> [ConsoleEffect] {
        guard let workbench else { return [] }
        do {
            let change = try body(workbench)
            show(change.summary)
            list.marked = []
            refresh()
            return effects
        } catch let error as ActionError {
            show(error.message, error: true)
        } catch let conflict as DecisionConflict {
            // It says that nothing was saved, and the workbench now holds what is decided: the next frame shows it.
            show(conflict.description, error: true)
        } catch {
            show("Not saved: \(error)", error: true)
        }
        return []
    }

    /// An action through the workbench, by way of `perform`.
    @discardableResult
    func perform(_ action: Action, then effects: [ConsoleEffect] = []) -> [ConsoleEffect] {
        perform({ try $0.perform(action) }, then: effects)
    }

    func undo() -> [ConsoleEffect] { perform { try $0.undo() } }

    /// What an action would change, for a confirmation before a bulk change.
    func plan(_ action: Action) throws(ActionError) -> Change { try workspace.plan(action, user: workbench?.user ?? "") }

    /// The type mapping popup's one change.
    func setTypeMapping(_ mapping: DeviceTypeMapping) {
        do { try workbench?.setTypeMapping(mapping) } catch { show("Not saved: \(error)", error: true) }
        refresh()
    }

    func show(_ text: String, error: Bool = false) { message = (text, error) }
}
