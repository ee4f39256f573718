import RematchCore

/// Where keys are read: a customer tab, the devices of one customer, the devices of every matched customer, the
/// filter line, or a popup.
enum Scope: Hashable, Sendable {
    case customers(MatchState)
    case devices, allDevices, filter, help, matchTo, createOrganization, confirm, typeMapping, typePicker, report

    static let customerTabs: [Scope] = MatchState.allCases.map(Scope.customers)
    static let deviceLists: [Scope] = [.devices, .allDevices]
    static let lists: [Scope] = customerTabs + deviceLists

    /// A list screen, where the keys that change something wait while the workspace is opening.
    var isList: Bool { Self.lists.contains(self) }
}

/// What a key asks for; the scope decides which component carries it out.
enum Command: Hashable, Sendable {
    case up, down, pageUp, pageDown, first, last
    case nextTab, previousTab, showTab(MatchState)
    case startFilter, keepFilter, clearFilter, deleteLetter, typeText
    case mark, markAll, help, quit, back, sync, undo, typeMapping, sort, reverseSort, workLeft, deviceQueue
    case changes, auditLog, retire
    case openDevices, accept, matchTo, create, createAll, ignore, revert, move
    case confirm, cancel, previousType, nextType, alternative
}

/// One line of the key table: the keys, what they do where, and how the key bar and `?` describe them.
struct Binding: Sendable {
    let keys: [Key]
    let command: Command
    let scopes: [Scope]
    /// The `?` text; bindings of one scope with the same text share a line.
    let help: String
    /// The key bar's (or a popup footer's) short text; nil keeps it off the bar.
    let hint: String?
    /// The scopes whose key bar shows the hint.
    let barScopes: [Scope]
    /// On a narrow bar the highest ranks go first; rank 0 (`? help`) is never dropped.
    let rank: Int
    let whileOpening: Bool
    /// How `?` writes the keys, when listing them is not clear enough.
    let label: String?
}

/// The one key table: dispatch, the key bar, popup footers and `?` all read it.
enum Keymap {
    static func binding(for key: Key, in scope: Scope) -> Binding? {
        table.first { $0.scopes.contains(scope) && $0.keys.contains(key) }
    }

    /// Whether unbound characters are typed into a query in this scope.
    static func acceptsText(_ scope: Scope) -> Bool {
        table.contains { $0.command == .typeText && $0.scopes.contains(scope) }
    }

    static func bindings(in scope: Scope) -> [Binding] { table.filter { $0.scopes.contains(scope) } }

    private static func bind(_ keys: [Key], _ command: Command, _ scopes: [Scope], help: String, hint: String? = nil,
                             rank: Int = 2, barIn: [Scope]? = nil, opening: Bool = false, label: String? = nil) -> Binding {
        Binding(keys: keys, command: command, scopes: scopes, help: help, hint: hint, barScopes: barIn ?? scopes, rank: rank,
                whileOpening: opening, label: label)
    }

    private static func keys(_ characters: String) -> [Key] { characters.map(Key.character) }

    static let table: [Binding] = listTable + filterTable + popupTable

    private static let unmatched: [Scope] = [.customers(.unmatched)]
    private static let matched: [Scope] = [.customers(.matched)]
    private static let ignored: [Scope] = [.customers(.ignored)]

    /// The list screens, in the order their key bars show the hints.
    private static let listTable: [Binding] = {
        let lists = Scope.lists, tabs = Scope.customerTabs, devices = Scope.deviceLists
        let tabHelp = "switch tab: Unmatched, Matched, Ignored"
        return [
            bind([.up] + keys("k"), .up, lists, help: "move up and down", opening: true, label: "↑ ↓ j k"),
            bind([.down] + keys("j"), .down, lists, help: "move up and down", opening: true),
            bind([.pageUp], .pageUp, lists, help: "page up and down", opening: true, label: "PgUp PgDn"),
            bind([.pageDown], .pageDown, lists, help: "page up and down", opening: true),
            bind([.home] + keys("g"), .first, lists, help: "first and last row", opening: true, label: "g G Home End"),
            bind([.end] + keys("G"), .last, lists, help: "first and last row", opening: true),
            bind([.tab], .nextTab, lists, help: tabHelp, opening: true, label: "Tab Shift-Tab 1 2 3"),
            bind([.backTab], .previousTab, lists, help: tabHelp, opening: true),
            bind(keys("1"), .showTab(.unmatched), lists, help: tabHelp, opening: true),
            bind(keys("2"), .showTab(.matched), lists, help: tabHelp, opening: true),
            bind(keys("3"), .showTab(.ignored), lists, help: tabHelp, opening: true),
            bind([.enter], .openDevices, tabs, help: "open the devices of a matched customer", hint: "Enter devices", rank: 1,
                 barIn: matched),
            bind([.enter], .openDevices, [.allDevices], help: "open the selected device's customer (Esc comes back here)",
                 hint: "Enter customer", rank: 3),
            bind(keys("a"), .accept, unmatched, help: "accept the suggestion (several selected: after a preview)",
                 hint: "a accept", rank: 1),
            bind(keys("a"), .accept, devices, help: "accept the suggested configuration (selection: all selected)",
                 hint: "a accept", rank: 1),
            bind(keys("m"), .matchTo, unmatched + ignored, help: "match to any organization (search as you type)",
                 hint: "m match to", rank: 1),
            bind(keys("xm"), .matchTo, matched, help: "change the match (search as you type)",
                 hint: "x change match", rank: 1),
            bind(keys("m"), .matchTo, devices, help: "match to one of the organization's configurations",
                 hint: "m match to", rank: 1),
            bind(keys("x"), .matchTo, devices, help: "change the match to another configuration", hint: "x change"),
            bind(keys("r"), .revert, matched + devices, help: "revert the match", hint: "r revert"),
            bind(keys("c"), .create, unmatched, help: "create an organization (shows the closest ones first)",
                 hint: "c create org", rank: 1),
            bind(keys("c"), .create, devices, help: "create a configuration for the device (selection: each)",
                 hint: "c create", rank: 1),
            bind(keys("C"), .createAll, [.devices], help: "create all remaining unmatched devices, after a preview",
                 hint: "C create all"),
            bind(keys("i"), .ignore, unmatched + matched, help: "ignore the customer (selection: all selected)", hint: "i ignore"),
            bind(keys("i"), .ignore, ignored, help: "unignore the customer (selection: all selected)", hint: "i unignore",
                 rank: 1),
            bind(keys("i"), .ignore, devices, help: "ignore / unignore the device", hint: "i ignore"),
            bind(keys("M"), .move, devices,
                 help: "move the configuration a device is documented in elsewhere (⇄) into its organization, after a preview"),
            bind(keys(" "), .mark, lists, help: "select a row", hint: "space select", rank: 3, barIn: unmatched + devices),
            bind(keys("*"), .markAll, lists, help: "select all shown (or none)", hint: "* all", rank: 4, barIn: unmatched),
            bind(keys("/"), .startFilter, lists, help: "filter the list (Enter keeps it, Esc clears it)", hint: "/ filter",
                 barIn: tabs, opening: true),
            bind(keys("o"), .sort, lists, help: "sort by the next column (then none); O reverses", hint: "o sort",
                 rank: 4, barIn: tabs + devices, opening: true, label: "o O"),
            bind(keys("O"), .reverseSort, lists, help: "sort by the next column (then none); O reverses", opening: true),
            bind(keys("w"), .workLeft, matched, help: "only customers with devices left to match, most first (again: all)",
                 hint: "w devices left", rank: 2),
            bind(keys("D"), .deviceQueue, tabs, help: "every matched customer's devices in one list",
                 hint: "D all devices", rank: 3, barIn: matched),
            bind(keys("t"), .typeMapping, lists, help: "device type mapping", hint: "t types", rank: 3, barIn: devices),
            bind(keys("s"), .sync, lists, help: "sync now", hint: "s sync", rank: 3, barIn: tabs),
            bind(keys("N"), .changes, lists, help: "what the last sync changed (new, vanished, renamed, lost matches)",
                 hint: "N changes", rank: 4, barIn: tabs),
            bind(keys("L"), .auditLog, lists, help: "the audit log, newest first"),
            bind(keys("R"), .retire, lists + [.report],
                 help: "mark Inactive the configurations of devices gone from Syncro, after a preview"),
            bind(keys("u"), .undo, lists, help: "undo the last decision", hint: "u undo"),
            bind(keys("?"), .help, lists, help: "this help", hint: "? help", rank: 0, opening: true),
            bind([.escape], .clearFilter, tabs, help: "clear the filter (Esc never quits)", opening: true),
            bind(keys("q"), .quit, tabs, help: "quit", hint: "q quit", rank: 1, opening: true),
            bind([.escape] + keys("q"), .back, devices, help: "back to the customers (or to every customer's devices)",
                 hint: "Esc back", rank: 1),
        ]
    }()

    private static let filterTable: [Binding] = [
        bind([], .typeText, [.filter], help: "type to filter", hint: "type to filter", rank: 1, label: "letters"),
        bind([.enter], .keepFilter, [.filter], help: "keep the filter", hint: "Enter keep", rank: 1),
        bind([.escape], .clearFilter, [.filter], help: "clear the filter", hint: "Esc clear", rank: 1),
        bind([.backspace], .deleteLetter, [.filter], help: "delete a letter"),
    ]

    private static let popupTable: [Binding] = [
        bind([], .typeText, [.matchTo], help: "type to search", label: "letters"),
        bind([.enter], .confirm, [.matchTo], help: "match", hint: "Enter match"),
        bind([.up], .up, [.matchTo], help: "move", hint: "↑↓ move"),
        bind([.down], .down, [.matchTo], help: "move"),
        bind([.escape], .cancel, [.matchTo], help: "cancel", hint: "Esc cancel"),
        bind([.backspace], .deleteLetter, [.matchTo], help: "delete a letter"),
        bind(keys("yY"), .confirm, [.createOrganization], help: "create", hint: "y create"),
        bind(keys("n") + [.escape] + keys("q"), .cancel, [.createOrganization], help: "cancel", hint: "n cancel"),
        bind(keys("yY") + [.enter], .confirm, [.confirm], help: "go ahead", hint: "y go ahead"),
        bind(keys("t"), .typeMapping, [.confirm], help: "change the type mapping", hint: "t change type mapping"),
        bind(keys("n") + [.escape] + keys("q"), .cancel, [.confirm], help: "cancel", hint: "n cancel"),
        bind([.up] + keys("k"), .up, [.confirm], help: "scroll"),
        bind([.down] + keys("j"), .down, [.confirm], help: "scroll"),
        bind(keys("a"), .alternative, [.confirm], help: "include or leave out the devices with a possible match"),
        bind([.up] + keys("k"), .up, [.typeMapping], help: "class", hint: "↑↓ class"),
        bind([.down] + keys("j"), .down, [.typeMapping], help: "class"),
        bind([.left] + keys("h"), .previousType, [.typeMapping], help: "previous or next type", hint: "←→ type"),
        bind([.right] + keys("l") + keys(" "), .nextType, [.typeMapping], help: "previous or next type"),
        bind([.enter], .confirm, [.typeMapping], help: "choose from every type (type to narrow)", hint: "Enter choose"),
        bind([.escape] + keys("qt"), .cancel, [.typeMapping], help: "done", hint: "Esc done"),
        bind([], .typeText, [.typePicker], help: "type to narrow the list", label: "letters"),
        bind([.up], .up, [.typePicker], help: "move", hint: "↑↓ move"),
        bind([.down], .down, [.typePicker], help: "move"),
        bind([.enter], .confirm, [.typePicker], help: "use this type", hint: "Enter use"),
        bind([.escape], .cancel, [.typePicker], help: "back without a change", hint: "Esc back"),
        bind([.backspace], .deleteLetter, [.typePicker], help: "delete a letter"),
        bind([.up] + keys("k"), .up, [.report], help: "scroll"),
        bind([.down] + keys("j"), .down, [.report], help: "scroll"),
        bind([.pageUp], .pageUp, [.report], help: "scroll by a page"),
        bind([.pageDown], .pageDown, [.report], help: "scroll by a page"),
        bind([.up] + keys("k"), .up, [.help], help: "scroll", hint: "↑↓ j k scroll"),
        bind([.down] + keys("j"), .down, [.help], help: "scroll"),
    ]
}
