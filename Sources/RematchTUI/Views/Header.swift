import Foundation
import RematchCore
import RematchPresentation

/// The top three rows: where the console syncs from and to, the sync state and totals, the tabs with their
/// counts (and on the devices screen, whose devices), the filter, and a rule.
struct Header {
    let syncroHost: String
    let itGlueHost: String
    let syncText: String
    let syncRole: StyleRole
    let totals: (customers: Int, devices: Int)
    /// The customer and organization whose devices are shown; empty on the customer tabs.
    let title: String
    let counts: [MatchState: Int]
    let list: ListState
    /// The rows the current tab shows when a filter or the devices-left view narrows it: "12 of 37".
    var shownRows: Int?

    func draw(into screen: inout ScreenBuffer, area: Rect) {
        let columns = area.width
        screen.fill(row: area.top, role: .header)
        let left = " Rematch  Syncro: \(syncroHost) → IT Glue: \(itGlueHost)"
        let right = "\(syncText) · \(Formats.count(totals.customers, "customer")), \(Formats.count(totals.devices, "device")) "
        let rightWidth = min(TerminalText.width(of: right), columns / 2)
        screen.put(left, row: area.top, column: 0, role: .header, limit: columns - rightWidth - 1)
        screen.field(right, row: area.top, column: columns - rightWidth, width: rightWidth, role: syncRole == .good ? .header : syncRole)
        let row = area.top + 1
        var x = 1
        if !title.isEmpty { x += screen.put(title, row: row, column: x, role: .accent, limit: columns / 2) + 1 }
        for (index, tab) in MatchState.allCases.enumerated() {
            let active = tab == list.tab
            let count = counts[tab] ?? 0
            let left = active && list.workLeft && tab == .matched && title.isEmpty ? ", devices left" : ""
            let label = " \(index + 1) \(tab.rawValue.capitalized)\(left) (\(active ? shownRows.map { "\($0) of \(count)" } ?? String(count) : String(count))) "
            x += screen.put(active ? "[\(label)]" : " \(label) ", row: row, column: x, role: active ? .tabActive : .tab, limit: columns - x)
        }
        let filter = list.filtering ? "filter: \(list.filter)▏" : "filter: \(list.filter.isEmpty ? "—" : list.filter)"
        let width = TerminalText.width(of: filter)
        if x + width + 2 < columns { screen.put(filter, row: row, column: columns - width - 1, role: list.filtering ? .accent : .dim) }
        screen.put(String(repeating: "─", count: columns), row: area.top + 2, column: 0, role: .border)
    }
}

/// The bottom two rows: the keys of the current screen, and the message line.
struct KeyBar {
    let scope: Scope
    let message: (text: String, isError: Bool)

    func draw(into screen: inout ScreenBuffer, layout: Layout) {
        screen.fill(row: layout.keyBarRow, role: .statusBar)
        screen.put(Keymap.keyBar(for: scope, width: layout.columns), row: layout.keyBarRow, column: 0, role: .statusBar,
                   limit: layout.columns)
        screen.fill(row: layout.messageRow, role: .normal)
        screen.put(message.text, row: layout.messageRow, column: 1, role: message.isError ? .error : .message, limit: layout.columns - 2)
    }
}
