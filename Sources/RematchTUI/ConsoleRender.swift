import Foundation
import RematchCore
import RematchPresentation

extension Console {
    static let minimumSize = Layout.minimum

    /// Draws the whole screen into a buffer: the layout comes from the size, each part draws into its area,
    /// only visible rows are formatted, and nothing here changes state.
    public func render(rows: Int, columns: Int) -> ScreenBuffer {
        if let tooSmall = Self.tooSmall(rows: rows, columns: columns) { return tooSmall }
        let layout = Layout(rows: rows, columns: columns)
        var screen = ScreenBuffer(rows: rows, columns: columns)
        header.draw(into: &screen, area: layout.header)
        let ids = rowIDs()
        if shown == .customers {
            CustomersView(rows: customerRows, list: list, ids: ids).draw(into: &screen, area: layout.table)
        } else {
            DevicesView(workspace: workspace, list: list, ids: ids, everyCustomer: shown == .allDevices).draw(into: &screen, area: layout.table)
        }
        if let area = layout.detail, let detail = detailPane(ids) { detail.draw(into: &screen, area: area) }
        KeyBar(scope: listScope, message: message).draw(into: &screen, layout: layout)
        popup?.draw(into: &screen, area: layout.screen, workspace: workspace)
        return screen
    }

    /// The list on screen as the list model filters and sorts it.
    func tableIndex() -> TableIndex {
        switch shown {
        case .customers:
            let rows = customerRows, workspace = self.workspace, opening = isOpening
            return Table(columns: CustomersView.columns(tab: list.tab)).index(fingerprint: { id in
                // The kept list does not change while it is shown; the workspace's rows follow their status.
                opening ? 0 : Self.fingerprint(ofCustomer: id, in: workspace)
            }) { rows.row($0) }
        case .devices, .allDevices:
            let workspace = self.workspace
            return Table(columns: DevicesView.columns(tab: list.tab, everyCustomer: shown == .allDevices))
                .index(fingerprint: { workspace.status(ofAsset: $0).hashValue }) { DeviceRow($0, in: workspace) }
        }
    }

    /// Everything a customer row shows that a decision can change: its status, device counts and how many
    /// customers share its organization.
    private static func fingerprint(ofCustomer id: Int, in workspace: Workspace) -> Int {
        var hasher = Hasher()
        let status = workspace.status(ofCustomer: id)
        hasher.combine(status)
        let counts = workspace.deviceCounts(ofCustomer: id)
        hasher.combine(counts.matched)
        hasher.combine(counts.unmatched)
        if let organization = status.organizationID { hasher.combine(workspace.customers(matchedTo: organization).count) }
        return hasher.finalize()
    }

    private var header: Header {
        let rows = customerRows
        var title = ""
        var counts = model.tabs.mapValues(\.count)
        if let customer = deviceCustomer {
            let catalog = workspace.catalog
            var tally: [MatchState: Int] = [.unmatched: 0, .matched: 0, .ignored: 0]
            for asset in catalog.assets(ofCustomer: customer) { tally[workspace.status(ofAsset: asset.id).state, default: 0] += 1 }
            counts = tally
            let organization = workspace.status(ofCustomer: customer).organizationID
            title = "\(catalog.customer(customer)?.displayName ?? "") → \(organization.flatMap { catalog.organization($0)?.name } ?? "") (IT Glue #\(organization ?? "")) "
        } else if shown == .allDevices {
            counts = model.allDeviceCounts
            title = "Devices of every matched customer "
        }
        let current = list
        let narrowed = !current.filter.isEmpty || (shown == .customers && current.tab == .matched && current.workLeft)
        return Header(syncroHost: syncroHost, itGlueHost: itGlueHost, syncText: syncText, syncRole: syncRole, totals: rows.totals,
                      title: title, counts: counts, list: current, shownRows: narrowed ? model.rows.count : nil)
    }

    private func detailPane(_ ids: [Int]) -> DetailPane? {
        guard let id = selectedID(ids) else { return nil }
        guard shown == .customers else {
            return workspace.catalog.asset(id).map { DetailPane(asset: $0, status: workspace.status(ofAsset: id)) }
        }
        let rows = customerRows
        let row = rows.row(id, detail: true)
        return DetailPane(customer: row, alsoClose: rows.alsoClose(row) { model.closestOrganizations(to: $0, in: workspace) })
    }

    /// The frame shown while the workspace is built off the UI thread: the header, what is being opened, and
    /// the keys that work meanwhile.
    public static func renderOpening(rows: Int, columns: Int, syncroHost: String, itGlueHost: String, line: String,
                                     isError: Bool = false) -> ScreenBuffer {
        if let tooSmall = tooSmall(rows: rows, columns: columns) { return tooSmall }
        var screen = ScreenBuffer(rows: rows, columns: columns)
        screen.fill(row: 0, role: .header)
        screen.put(" Rematch  Syncro: \(syncroHost) → IT Glue: \(itGlueHost)", row: 0, column: 0, role: .header, limit: columns)
        screen.put(String(repeating: "─", count: columns), row: 2, column: 0, role: .border)
        screen.put(line, row: 4, column: 3, role: isError ? .error : .message, limit: columns - 4)
        screen.fill(row: rows - 2, role: .statusBar)
        screen.put(" q quit", row: rows - 2, column: 0, role: .statusBar, limit: columns)
        return screen
    }

    /// Below the minimum size: a screen that asks for a bigger terminal; nil when the size will do.
    static func tooSmall(rows: Int, columns: Int) -> ScreenBuffer? {
        guard Layout(rows: rows, columns: columns).isTooSmall else { return nil }
        var screen = ScreenBuffer(rows: rows, columns: columns)
        let text = "Terminal too small (\(columns)×\(rows)); Rematch needs \(minimumSize.columns)×\(minimumSize.rows)."
        screen.put(TerminalText.truncate(text, to: columns), row: rows / 2, column: 0, role: .warning)
        return screen
    }
}
