import Foundation
import RematchCore

extension Console {
    static let minimumSize = (rows: 15, columns: 60)

    /// Draws the whole screen into a buffer. Only visible rows are formatted; nothing here changes
    /// state except the scroll offset kept so the selection stays visible.
    public func render(rows: Int, columns: Int) -> ScreenBuffer {
        if let tooSmall = Self.tooSmall(rows: rows, columns: columns) { return tooSmall }
        var screen = ScreenBuffer(rows: rows, columns: columns)
        drawHeader(&screen)
        let ids = rowIDs()
        let detailHeight = rows >= 22 ? 4 : 0
        let listTop = 4
        let listBottom = rows - 3 - detailHeight  // exclusive
        pageHeight = max(1, listBottom - listTop)
        keepSelectionVisible(count: ids.count)
        if deviceCustomer == nil { drawCustomers(&screen, ids: ids, top: listTop, bottom: listBottom) }
        else { drawDevices(&screen, ids: ids, top: listTop, bottom: listBottom) }
        if detailHeight > 0, let id = selectedID(ids) { drawDetail(&screen, id: id, top: listBottom) }
        drawStatusBar(&screen)
        screen.fill(row: rows - 1, role: .normal)
        screen.put(message.text, row: rows - 1, column: 1, role: message.isError ? .error : .message, limit: columns - 2)
        if let popup { drawPopup(&screen, popup) }
        return screen
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
        guard rows < minimumSize.rows || columns < minimumSize.columns else { return nil }
        var screen = ScreenBuffer(rows: rows, columns: columns)
        let text = "Terminal too small (\(columns)×\(rows)); Rematch needs \(minimumSize.columns)×\(minimumSize.rows)."
        screen.put(TerminalText.truncate(text, to: columns), row: rows / 2, column: 0, role: .warning)
        return screen
    }

    private func keepSelectionVisible(count: Int) {
        var state = list
        state.selection = min(state.selection, max(0, count - 1))
        if state.selection < state.offset { state.offset = state.selection }
        if state.selection >= state.offset + pageHeight { state.offset = state.selection - pageHeight + 1 }
        state.offset = max(0, min(state.offset, max(0, count - pageHeight)))
        list = state
    }

    private func drawHeader(_ screen: inout ScreenBuffer) {
        let columns = screen.columns
        screen.fill(row: 0, role: .header)
        let left = " Rematch  Syncro: \(syncroHost) → IT Glue: \(itGlueHost)"
        let catalog = workspace.catalog
        let totals = preview.map { ($0.order.count, $0.devices) } ?? (workspace.customerIDs.count, catalog.assets.count)
        let right = "\(syncText) · \(totals.0) customers, \(totals.1) devices "
        let rightWidth = min(TerminalText.width(of: right), columns / 2)
        screen.put(left, row: 0, column: 0, role: .header, limit: columns - rightWidth - 1)
        screen.field(right, row: 0, column: columns - rightWidth, width: rightWidth, role: syncRole == .good ? .header : syncRole)
        // Tabs.
        let counts: [MatchState: Int]
        var title = ""
        if let customer = deviceCustomer {
            var tally: [MatchState: Int] = [.unmatched: 0, .matched: 0, .ignored: 0]
            for asset in catalog.assets(ofCustomer: customer) { tally[workspace.status(ofAsset: asset.id).state, default: 0] += 1 }
            counts = tally
            let organization = workspace.status(ofCustomer: customer).organizationID
            title = "\(catalog.customer(customer)?.displayName ?? "") → \(organization.flatMap { catalog.organization($0)?.name } ?? "") (IT Glue #\(organization ?? "")) "
        } else {
            counts = customerCounts()
        }
        var x = 1
        if !title.isEmpty { x += screen.put(title, row: 1, column: x, role: .accent, limit: columns / 2) + 1 }
        for (index, tab) in MatchState.allCases.enumerated() {
            let label = " \(index + 1) \(tab.rawValue.capitalized) (\(counts[tab] ?? 0)) "
            let active = tab == list.tab
            x += screen.put(active ? "[\(label)]" : " \(label) ", row: 1, column: x, role: active ? .tabActive : .tab, limit: columns - x)
        }
        let filter = list.filtering ? "filter: \(list.filter)▏" : "filter: \(list.filter.isEmpty ? "—" : list.filter)"
        let width = TerminalText.width(of: filter)
        if x + width + 2 < columns { screen.put(filter, row: 1, column: columns - width - 1, role: list.filtering ? .accent : .dim) }
        screen.put(String(repeating: "─", count: columns), row: 2, column: 0, role: .border)
    }

    private func score(_ value: Double) -> String { String(format: "%.2f", value) }

    private func drawCustomers(_ screen: inout ScreenBuffer, ids: [Int], top: Int, bottom: Int) {
        let columns = screen.columns
        let nameWidth = max(18, (columns - 16) * 36 / 100)
        let x0 = 3
        if list.tab == .matched {
            let orgWidth = max(16, (columns - nameWidth - 26) * 60 / 100)
            screen.put("Syncro customer", row: 3, column: x0, role: .columnHeader)
            screen.put("IT Glue organization", row: 3, column: x0 + nameWidth + 1, role: .columnHeader)
            screen.put("How", row: 3, column: x0 + nameWidth + orgWidth + 2, role: .columnHeader)
            screen.put("Devices", row: 3, column: x0 + nameWidth + orgWidth + 12, role: .columnHeader)
            for (row, id) in visible(ids, top: top, bottom: bottom) {
                let customer = customerRow(id)
                let organization = customer.organizationName ?? customer.pendingOrganizationName.map { "+ \($0) (to create)" } ?? "—"
                let how: String = switch customer.origin {
                case .automatic?: "exact"
                case .accepted?: "accepted"
                case .manual?: "by hand"
                case .created?: customer.pendingOrganizationName == nil ? "created" : "pending"
                case nil: ""
                }
                drawMark(&screen, row: row, id: id, ids: ids)
                screen.field(customer.name, row: row, column: x0, width: nameWidth)
                screen.field(organization + (customer.problem != nil ? " ⚠" : ""), row: row, column: x0 + nameWidth + 1, width: orgWidth,
                             role: customer.problem != nil ? .warning : .normal)
                screen.field(how, row: row, column: x0 + nameWidth + orgWidth + 2, width: 9, role: .dim)
                screen.field("\(customer.matchedDevices) / \(customer.devices)", row: row, column: x0 + nameWidth + orgWidth + 12, width: 12)
                highlight(&screen, row: row, id: id, ids: ids)
            }
        } else {
            let orgWidth = max(16, (columns - nameWidth - 22) * 50 / 100)
            let whyColumn = x0 + nameWidth + 5 + orgWidth + 7
            screen.put("Syncro customer", row: 3, column: x0, role: .columnHeader)
            screen.put("Dev", row: 3, column: x0 + nameWidth + 1, role: .columnHeader)
            screen.put("Suggested IT Glue organization", row: 3, column: x0 + nameWidth + 5, role: .columnHeader, limit: orgWidth)
            screen.put("Score", row: 3, column: x0 + nameWidth + 5 + orgWidth + 1, role: .columnHeader)
            screen.put("Why", row: 3, column: whyColumn, role: .columnHeader)
            for (row, id) in visible(ids, top: top, bottom: bottom) {
                let customer = customerRow(id)
                drawMark(&screen, row: row, id: id, ids: ids)
                screen.field(customer.name, row: row, column: x0, width: nameWidth)
                screen.field(String(customer.devices), row: row, column: x0 + nameWidth + 1, width: 3)
                if let best = customer.suggestion {
                    screen.field(best.name + (customer.isAmbiguous ? " ⚠" : ""), row: row, column: x0 + nameWidth + 5, width: orgWidth,
                                 role: customer.isAmbiguous ? .warning : .normal)
                    screen.field(score(best.score), row: row, column: x0 + nameWidth + 5 + orgWidth + 1, width: 5,
                                 role: best.score >= 0.9 ? .good : best.score >= 0.65 ? .normal : .warning)
                    screen.field(best.reason, row: row, column: whyColumn, width: columns - whyColumn - 1, role: .dim)
                } else {
                    screen.field("—", row: row, column: x0 + nameWidth + 5, width: orgWidth, role: .dim)
                    screen.field(list.tab == .ignored ? "" : "no candidate: c creates it", row: row, column: whyColumn,
                                 width: columns - whyColumn - 1, role: .dim)
                }
                highlight(&screen, row: row, id: id, ids: ids)
            }
        }
        if ids.isEmpty {
            screen.put(list.filter.isEmpty ? "Nothing here." : "Nothing matches the filter.", row: top, column: x0, role: .dim)
        }
    }

    private func drawDevices(_ screen: inout ScreenBuffer, ids: [Int], top: Int, bottom: Int) {
        let columns = screen.columns
        let catalog = workspace.catalog
        let x0 = 3
        let nameWidth = max(12, columns / 6)
        let serialWidth = 14, macWidth = 17
        let suggestionColumn = x0 + nameWidth + 9 + serialWidth + macWidth + 3
        let suggestionWidth = max(12, (columns - suggestionColumn) / 2)
        let whyColumn = suggestionColumn + suggestionWidth + 1
        screen.put("Syncro device", row: 3, column: x0, role: .columnHeader)
        screen.put("Class", row: 3, column: x0 + nameWidth + 1, role: .columnHeader)
        screen.put("Serial", row: 3, column: x0 + nameWidth + 9, role: .columnHeader)
        screen.put("MAC", row: 3, column: x0 + nameWidth + 10 + serialWidth, role: .columnHeader)
        screen.put(list.tab == .matched ? "IT Glue configuration" : "Suggested configuration", row: 3, column: suggestionColumn,
                   role: .columnHeader, limit: suggestionWidth)
        screen.put("Why", row: 3, column: whyColumn, role: .columnHeader, limit: max(0, columns - whyColumn))
        for (row, id) in visible(ids, top: top, bottom: bottom) {
            guard let asset = catalog.asset(id) else { continue }
            let status = workspace.status(ofAsset: id)
            drawMark(&screen, row: row, id: id, ids: ids)
            screen.field(asset.name, row: row, column: x0, width: nameWidth)
            screen.field(DeviceClass.classify(asset).title, row: row, column: x0 + nameWidth + 1, width: 7, role: .dim)
            screen.field(asset.serialCandidates.first ?? "—", row: row, column: x0 + nameWidth + 9, width: serialWidth)
            let mac = DeviceIdentity.identityMACs(of: asset).first.map(DeviceIdentity.displayMAC) ?? "—"
            screen.field(mac, row: row, column: x0 + nameWidth + 10 + serialWidth, width: macWidth)
            if list.tab == .matched {
                let name = status.configurationID.flatMap { catalog.configuration($0)?.name }
                    ?? status.pendingClass.map { "+ new \($0.title) (to create)" } ?? "—"
                screen.field(name, row: row, column: suggestionColumn, width: suggestionWidth)
                let how: String = switch status.origin {
                case .automatic?: status.suggestion.best?.reason ?? "automatic"
                case .accepted?: "accepted"
                case .manual?: "by hand"
                case .created?: status.pendingClass == nil ? "created" : "pending"
                case nil: ""
                }
                screen.field(status.problem ?? how, row: row, column: whyColumn, width: max(0, columns - whyColumn - 1),
                             role: status.problem != nil ? .warning : .dim)
            } else if let best = status.suggestion.best {
                screen.field(best.name + (status.suggestion.isAmbiguous ? " ⚠" : ""), row: row, column: suggestionColumn,
                             width: suggestionWidth, role: status.suggestion.isAmbiguous ? .warning : .normal)
                screen.field(best.reason, row: row, column: whyColumn, width: max(0, columns - whyColumn - 1), role: .dim)
            } else {
                screen.field("—", row: row, column: suggestionColumn, width: suggestionWidth, role: .dim)
                screen.field(list.tab == .unmatched ? "new device: c creates it" : "", row: row, column: whyColumn,
                             width: max(0, columns - whyColumn - 1), role: .dim)
            }
            highlight(&screen, row: row, id: id, ids: ids)
        }
        if ids.isEmpty { screen.put("Nothing here.", row: top, column: x0, role: .dim) }
    }

    private func visible(_ ids: [Int], top: Int, bottom: Int) -> [(Int, Int)] {
        let start = list.offset
        let end = min(ids.count, start + max(0, bottom - top))
        guard start < end else { return [] }
        return (start..<end).map { (top + $0 - start, ids[$0]) }
    }

    private func drawMark(_ screen: inout ScreenBuffer, row: Int, id: Int, ids: [Int]) {
        if selectedID(ids) == id { screen.put("▸", row: row, column: 1, role: .accent) }
        if list.marked.contains(id) { screen.put("✓", row: row, column: 2, role: .marked) }
    }

    private func highlight(_ screen: inout ScreenBuffer, row: Int, id: Int, ids: [Int]) {
        if selectedID(ids) == id { screen.paint(row: row, role: .selected) }
    }

    private func drawDetail(_ screen: inout ScreenBuffer, id: Int, top: Int) {
        let columns = screen.columns
        let catalog = workspace.catalog
        var lines: [String] = []
        var title = ""
        if deviceCustomer == nil {
            let customer = customerRow(id, detail: true)
            title = customer.name
            lines.append(["Syncro #\(id)", customer.email, customer.phone, "\(customer.devices) devices (\(customer.deviceClasses))"]
                .compactMap { $0 }.joined(separator: " · "))
            if let problem = customer.problem { lines.append("⚠ " + problem) }
            if let best = customer.suggestion {
                let facts = customer.suggestionFacts
                lines.append("Suggested: \(best.name) (IT Glue #\(best.organizationID)\(facts.isEmpty ? "" : ", " + facts)) — \(best.reason)")
            }
            // While the workspace is still being built, only the alternatives kept with the list are known.
            let others = customer.alternatives.isEmpty && customer.state == .unmatched && preview == nil
                ? closestOrganizations(to: id).filter { $0.organizationID != customer.suggestion?.organizationID }
                : customer.alternatives
            if !others.isEmpty { lines.append("Also close: " + others.prefix(3).map { "\($0.name) (\(score($0.score)))" }.joined(separator: ", ")) }
        } else if let asset = catalog.asset(id) {
            title = asset.name
            let macs = DeviceIdentity.identityMACs(of: asset).map(DeviceIdentity.displayMAC)
            lines.append(["Syncro asset #\(id)", asset.osName, [asset.manufacturer, asset.model].compactMap { $0 }.joined(separator: " "),
                          asset.formFactor].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: " · "))
            lines.append("Serials: \(asset.serialCandidates.joined(separator: ", ").isEmpty ? "—" : asset.serialCandidates.joined(separator: ", ")) · MACs: \(macs.isEmpty ? "—" : macs.joined(separator: ", "))")
            if let best = workspace.status(ofAsset: id).suggestion.best {
                let evidence = best.evidence.map { "\($0.kind.rawValue) \($0.value)" }.joined(separator: ", ")
                lines.append("Suggested: \(best.name) (#\(best.configurationID)) — \(best.reason)\(evidence.isEmpty ? "" : " — evidence: " + evidence)")
            }
        }
        screen.put("─ " + title + " " + String(repeating: "─", count: columns), row: top, column: 0, role: .border, limit: columns)
        for (offset, line) in lines.prefix(3).enumerated() {
            screen.put(line, row: top + 1 + offset, column: 3, role: .normal, limit: columns - 4)
        }
    }

    func keyHints() -> String {
        if list.filtering { return "type to filter  Enter keep  Esc clear" }
        if deviceCustomer != nil {
            return "a accept  m match to  x change  r revert  c create  C create all  i ignore  space select  t types  u undo  ? help  Esc back"
        }
        switch list.tab {
        case .unmatched: return "a accept  m match to  c create org  i ignore  space select  * all  / filter  s sync  u undo  ? help  q quit"
        case .matched: return "Enter devices  x change match  r revert  i ignore  / filter  s sync  u undo  ? help  q quit"
        case .ignored: return "i unignore  m match to  / filter  s sync  u undo  ? help  q quit"
        }
    }

    private func drawStatusBar(_ screen: inout ScreenBuffer) {
        let row = screen.rows - 2
        screen.fill(row: row, role: .statusBar)
        screen.put(" " + keyHints(), row: row, column: 0, role: .statusBar, limit: screen.columns)
    }

    // MARK: Popups

    private func box(_ screen: inout ScreenBuffer, title: String, lines: [(String, StyleRole)], width wanted: Int) {
        let width = min(screen.columns - 2, max(wanted, TerminalText.width(of: title) + 6))
        let height = min(screen.rows - 2, lines.count + 2)
        let left = (screen.columns - width) / 2
        let top = max(1, (screen.rows - height) / 2)
        let inner = width - 2
        screen.put("┌ " + TerminalText.truncate(title, to: inner - 3) + " " + String(repeating: "─", count: width), row: top, column: left,
                   role: .popupBorder, limit: width - 1)
        screen.put("┐", row: top, column: left + width - 1, role: .popupBorder)
        for index in 0..<(height - 2) {
            let row = top + 1 + index
            screen.put("│", row: row, column: left, role: .popupBorder)
            screen.field(" " + (index < lines.count ? lines[index].0 : ""), row: row, column: left + 1, width: inner,
                         role: index < lines.count ? lines[index].1 : .popup)
            screen.put("│", row: row, column: left + width - 1, role: .popupBorder)
        }
        screen.put("└" + String(repeating: "─", count: width - 2) + "┘", row: top + height - 1, column: left, role: .popupBorder)
    }

    private func drawPopup(_ screen: inout ScreenBuffer, _ popup: Popup) {
        switch popup {
        case .help:
            var lines: [(String, StyleRole)] = Self.helpLines(devices: deviceCustomer != nil).map { ($0, .popup) }
            lines.append(("Any key closes this help.", .dim))
            box(&screen, title: deviceCustomer == nil ? "Keys: customers" : "Keys: devices", lines: lines, width: 72)
        case .matchTo(let state):
            let visibleCount = max(1, min(state.hits.count, screen.rows - 10))
            var lines: [(String, StyleRole)] = [("> \(state.query)▏" + String(repeating: " ", count: 4) + "\(state.total) of \(state.index.count)", .accent)]
            let start = max(0, state.selection - visibleCount + 1)
            for (offset, hit) in state.hits.dropFirst(start).prefix(visibleCount).enumerated() {
                let selected = start + offset == state.selection
                lines.append(((selected ? "▸ " : "  ") + state.candidates[hit.index].name, selected ? .selected : .popup))
            }
            if state.hits.isEmpty { lines.append(("No name contains those letters in order.", .dim)) }
            lines.append(("Enter match · ↑↓ move · Esc cancel", .dim))
            box(&screen, title: "Match \"\(state.subjectName)\" to", lines: lines, width: 64)
        case .confirmCreateOrganization(let targets, let name, let closest):
            var lines: [(String, StyleRole)] = []
            if targets.count == 1 {
                lines.append(("Name:   \(name)", .popup))
                lines.append(("", .popup))
                if closest.isEmpty {
                    lines.append(("No existing organization has a similar name.", .good))
                } else {
                    lines.append(("Closest existing organizations:", .popup))
                    for candidate in closest { lines.append(("  \(candidate.name)   \(score(candidate.score))", .popup)) }
                    lines.append(("If one of these is the same business, creating makes a", .warning))
                    lines.append(("duplicate: use Match To (m) instead.", .warning))
                }
            } else {
                lines.append(("\(targets.count) organizations, one per selected customer, named as in Syncro.", .popup))
                lines.append(("An exact name IT Glue already has is refused.", .warning))
            }
            lines.append(("", .popup))
            lines.append(("y create · n cancel", .accent))
            box(&screen, title: "Create IT Glue organization", lines: lines, width: 64)
        case .confirm(let title, let body, _, _):
            var lines = body.map { ($0, StyleRole.popup) }
            lines.append(("", .popup))
            lines.append(("y go ahead · t change type mapping · n cancel", .accent))
            box(&screen, title: title, lines: lines, width: 64)
        case .typeMapping(let selection):
            let types = Dictionary(workspace.catalog.snapshot.configurationTypes.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            var lines: [(String, StyleRole)] = DeviceClass.allCases.enumerated().map { index, deviceClass in
                let type = workspace.typeMapping[deviceClass].flatMap { types[$0] } ?? "— (not mapped)"
                let text = "\(index == selection ? "▸" : " ") \(deviceClass.title.padding(toLength: 8, withPad: " ", startingAt: 0)) → \(type)"
                return (text, index == selection ? StyleRole.selected : .popup)
            }
            lines.append(("", .popup))
            lines.append(("↑↓ class · ←→ or Enter change type · Esc done", .dim))
            box(&screen, title: "Device type → IT Glue configuration type", lines: lines, width: 60)
        }
    }

    /// The `?` screen: every key of the current screen.
    static func helpLines(devices: Bool) -> [String] {
        var lines = [
            "↑ ↓  j k      move            PgUp PgDn  page       g G  first, last",
            "Tab Shift-Tab or 1 2 3        switch tab: Unmatched, Matched, Ignored",
            "/             filter the list (Enter keeps it, Esc clears it)",
            "space         select a row    *  select all shown (or none)",
        ]
        if devices {
            lines += [
                "a             accept the suggested configuration (selection: all selected)",
                "m             match to a configuration of the organization (search as you type)",
                "x             change the match        r  revert the match",
                "c             create a configuration for the device (selection: each)",
                "C             create all remaining unmatched devices, after a preview",
                "i             ignore / unignore       t  device type mapping",
                "u             undo the last decision  s  sync now",
                "q Esc         back to the customers   ?  this help",
            ]
        } else {
            lines += [
                "a             accept the suggestion (selection: all selected, after a preview)",
                "m             match to any organization (search as you type)",
                "c             create an organization (shows the closest ones first)",
                "Enter         open the devices of a matched customer",
                "x             change the match        r  revert the match",
                "i             ignore / unignore       t  device type mapping",
                "u             undo the last decision  s  sync now",
                "q Esc         quit                    ?  this help",
            ]
        }
        return lines
    }
}
