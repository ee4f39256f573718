import RematchCore

/// The commands every list shares (moving, tabs, filter, marks, help, leaving) and the filter line's.
extension Console {
    /// Carries out a list command; nil when the command belongs to the customer or device view.
    func handleList(_ command: Command) -> [ConsoleEffect]? {
        let count = rowIDs().count
        switch command {
        case .up: list.move(by: -1, count: count)
        case .down: list.move(by: 1, count: count)
        case .pageUp: list.move(by: -pageHeight, count: count)
        case .pageDown: list.move(by: pageHeight, count: count)
        case .first: list.selection = 0
        case .last: list.selection = max(0, count - 1)
        case .nextTab: switchTab(by: 1)
        case .previousTab: switchTab(by: -1)
        case .showTab(let tab): selectTab(tab)
        case .startFilter: list.filtering = true
        case .clearFilter: clearFilter()
        case .mark: toggleMark(count: count)
        case .markAll:
            let ids = rowIDs()
            list.marked = ids.allSatisfy { list.marked.contains($0) } ? [] : Set(ids)
        case .help: popup = .help(HelpPopup(scope: listScope))
        case .quit: return [.quit]
        case .back:
            shown = cameFromQueue && deviceCustomer != nil ? .allDevices : .customers
            cameFromQueue = false
        case .sort, .reverseSort:
            list.cycleSort(columns: tableIndex().columnCount, reverse: command == .reverseSort)
        case .workLeft:
            customers.workLeft.toggle()
            customers.resetPosition()
            customers.marked = []
        case .changes: showChanges()
        case .auditLog: showLog()
        case .retire: confirmRetire()
        case .deviceQueue:
            cameFromQueue = false
            shown = .allDevices
        case .sync: return syncing ? [] : [.sync]
        case .undo: return undo()
        case .typeMapping: popup = .typeMapping(TypeMappingPopup())
        default: return nil
        }
        return []
    }

    /// Esc on a list: clears a filter that is set; it never quits.
    private func clearFilter() {
        guard !list.filter.isEmpty else {
            show("Esc clears a filter or closes a popup; q quits.")
            return
        }
        list.filter = ""
        list.resetPosition()
    }

    private func toggleMark(count: Int) {
        guard let id = selectedID(rowIDs()) else { return }
        if list.marked.contains(id) { list.marked.remove(id) } else { list.marked.insert(id) }
        list.move(by: 1, count: count)
    }

    func handleFilter(_ command: Command) -> [ConsoleEffect] {
        switch command {
        case .keepFilter: list.filtering = false
        case .clearFilter:
            list.filtering = false
            list.filter = ""
        case .deleteLetter: if !list.filter.isEmpty { list.filter.removeLast() }
        default: break
        }
        list.resetPosition()
        return []
    }

    func switchTab(by step: Int) {
        let tabs = MatchState.allCases
        let index = tabs.firstIndex(of: list.tab) ?? 0
        selectTab(tabs[(index + step + tabs.count) % tabs.count])
    }

    func selectTab(_ tab: MatchState) {
        list.tab = tab
        list.resetPosition()
        list.marked = []
    }
}
