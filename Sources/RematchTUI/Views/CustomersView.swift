import Foundation
import RematchCore
import RematchPresentation
import RematchSync

/// The customer tabs: their keys and their table.
extension Console {
    func handleCustomers(_ command: Command) -> [ConsoleEffect] {
        let ids = rowIDs()
        let targets = targets(ids)
        guard !targets.isEmpty else { return [] }
        switch command {
        case .openDevices:
            if let id = selectedID(ids) { openDevices(id) }
        case .accept:
            if targets.count > 1 { return confirmBulkAccept(targets) }
            return perform(.acceptSuggestion(customers: targets))
        case .matchTo:
            guard let id = selectedID(ids) else { return [] }
            let organizations = workspace.catalog.organizations
            let name = workspace.catalog.customer(id)?.displayName ?? ""
            // The suggestion first, then the closest names.
            let ranked = [workspace.status(ofCustomer: id).suggestion.best?.organizationID].compactMap { $0 }
                + workspace.matcher.closest(to: name, limit: 10).map(\.organizationID)
            // Organizations the matcher never offers (Owner, Vendor, Inactive) can be picked, marked as such.
            popup = .matchTo(MatchToPopup(subject: .customer(id), subjectName: name,
                                          candidates: organizations.map { ($0.id, $0.name + ($0.notOfferedBecause.map { " (\($0))" } ?? "")) },
                                          ranked: ranked))
        case .create:
            let names = targets.compactMap { workspace.catalog.customer($0)?.displayName }
            guard let first = names.first else { return [] }
            popup = .createOrganization(CreateOrganizationPopup(
                customers: targets, name: first, closest: targets.count == 1 ? workspace.matcher.closest(to: first, limit: 4) : []))
        case .ignore:
            let unignore = list.tab == .ignored
            let action: Action = unignore ? .unignore(customers: targets) : .ignore(customers: targets)
            if targets.count > 1 { return confirmBulk("\(unignore ? "Unignore" : "Ignore") \(targets.count) customers", action: action) }
            return perform(action)
        case .revert:
            return perform(.revertMatch(customers: targets))
        default:
            break
        }
        return []
    }

    /// Opens a matched customer's devices, from the customer tabs or from the list of every customer's devices
    /// (then on the same tab, and Esc goes back there).
    func openDevices(_ customer: Int, fromQueue: Bool = false) {
        let status = workspace.status(ofCustomer: customer)
        guard status.organizationID != nil else {
            show(status.pendingOrganizationName != nil
                ? "The organization for this customer is waiting to be created; its devices open once it exists."
                : "Match this customer to an organization first (a, m or c).", error: true)
            return
        }
        devices = ListState()
        if fromQueue {
            devices.tab = allDevices.tab
        } else if workspace.assets(ofCustomer: customer, in: .unmatched).isEmpty {
            devices.tab = .matched
        }
        cameFromQueue = fromQueue
        shown = .devices(customer: customer)
    }

    /// A confirmation before a bulk change, with what it would change and what it would skip.
    func confirmBulk(_ title: String, action: Action, effects: [ConsoleEffect] = []) -> [ConsoleEffect] {
        do {
            let change = try plan(action)
            var lines = ["\(change.edits.count) will change."]
            if let first = change.skipped.first { lines.append("(\(change.skipped.count) skipped: \(first))") }
            popup = .confirm(ConfirmPopup(title: title, lines: lines, action: action, effects: effects))
        } catch {
            show(error.message, error: true)
        }
        return []
    }

    /// Accepting several suggestions: the one rule (unambiguous, at or above the threshold) decides which; the
    /// preview lists each row it changes and, by group, what it leaves out and why.
    func confirmBulkAccept(_ targets: [Int]) -> [ConsoleEffect] {
        let minimum = workbench?.bulkAcceptMinimumScore ?? BulkAcceptPlan.defaultMinimumScore
        let plan = workspace.bulkAcceptPlan(customers: targets, minimumScore: minimum)
        guard !plan.accepted.isEmpty else {
            show("None of the \(targets.count) selected has an unambiguous suggestion scoring \(score(minimum)) or more; "
                + "accept them one at a time after a look.", error: true)
            return []
        }
        let catalog = workspace.catalog
        var lines: [(String, StyleRole)] = [("\(plan.accepted.count) with an unambiguous suggestion of \(score(minimum)) or more:", .popup)]
        for row in plan.accepted {
            lines.append(("  \(catalog.customer(row.customer)?.displayName ?? "#\(row.customer)") → \(row.suggestion.name)  "
                + "\(score(row.suggestion.score))  \(row.suggestion.reason)", .popup))
        }
        if !plan.excluded.isEmpty { lines.append(("Left out:", .warning)) }
        for exclusion in plan.excluded.keys.sorted() {
            let count = plan.excluded[exclusion]!.count
            let next = switch exclusion {
            case .ambiguous: ": pick the organization with m"
            case .belowThreshold: ": accept one at a time after a look"
            case .noSuggestion: ": match with m or create with c"
            case .notUnmatched: ""
            }
            lines.append(("  \(count) \(Formats.leftOut(exclusion, minimumScore: minimum))\(next)", .warning))
        }
        popup = .confirm(ConfirmPopup(title: "Accept \(plan.accepted.count) of \(Formats.count(targets.count, "suggestion"))", lines: lines,
                                      action: .acceptSuggestion(customers: plan.accepted.map(\.customer)), effects: []))
        return []
    }
}

/// The customer table: one column layout for the Matched tab, one for Unmatched and Ignored.
struct CustomersView {
    let rows: CustomerRows
    let list: ListState
    let ids: [Int]

    func draw(into screen: inout ScreenBuffer, area: Rect) {
        let view = ListView(table: Table(columns: Self.columns(tab: list.tab)), list: list, ids: ids,
                            empty: list.filter.isEmpty ? (list.workLeft ? "No matched customer has devices left to match." : "Nothing here.")
                                : "Nothing matches the filter.")
        view.draw(into: &screen, area: area) { rows.row($0) }
    }

    static func columns(tab: MatchState) -> [Column<CustomerRow>] {
        tab == .matched ? matchedColumns : suggestionColumns(tab: tab)
    }

    private static var name: Column<CustomerRow> {
        Column("Syncro customer", width: .flexible(minimum: 16)) { CellText($0.name + ($0.disabled ? " (disabled)" : "")) }
    }

    static var matchedColumns: [Column<CustomerRow>] {
        [
            name,
            Column("IT Glue organization", width: .flexible(minimum: 14)) { customer in
                let organization = customer.organizationName ?? customer.pendingOrganizationName.map { "+ \($0) (to create)" } ?? "—"
                let shared = customer.sharedWith > 0 ? " ⇆\(customer.sharedWith + 1)" : ""
                return CellText(organization + shared + (customer.problem != nil ? " ⚠" : ""), customer.problem != nil ? .warning : .normal)
            },
            Column("How", width: .fixed(9)) { CellText(how($0), .dim) },
            Column("Devices", width: .fixed(9), sort: { .number(Double($0.devices)) }) { CellText("\($0.matchedDevices) / \($0.devices)") },
            Column("Left", width: .fixed(6), sort: { .number(Double($0.unmatchedDevices)) }) { customer in
                CellText(customer.unmatchedDevices == 0 ? "" : String(customer.unmatchedDevices), .warning)
            },
        ]
    }

    static func suggestionColumns(tab: MatchState) -> [Column<CustomerRow>] {
        [
            name,
            Column("Dev", width: .fixed(4), sort: { .number(Double($0.devices)) }) { CellText(String($0.devices)) },
            Column("Suggested organization", width: .flexible(minimum: 16)) { customer in
                guard let best = customer.suggestion else { return CellText("—", .dim) }
                return CellText(best.name + (customer.isAmbiguous ? " ⚠" : ""), customer.isAmbiguous ? .warning : .normal)
            },
            Column("Score", width: .fixed(5), sort: { $0.suggestion.map { .number($0.score) } ?? .none }) { customer in
                guard let best = customer.suggestion else { return CellText("") }
                return CellText(score(best.score), best.score >= 0.9 ? .good : best.score >= 0.65 ? .normal : .warning)
            },
            Column("Why", width: .flexible(minimum: 8)) { customer in
                if customer.disabled { return CellText(["disabled in Syncro", customer.suggestion?.reason].compactMap { $0 }.joined(separator: " · "), .dim) }
                return CellText(customer.suggestion?.reason ?? (tab == .ignored ? "" : "no candidate: c creates it"), .dim)
            },
        ]
    }

    private static func how(_ customer: CustomerRow) -> String {
        Formats.how(customer.origin, pending: customer.pendingOrganizationName != nil)
    }
}

/// A score as the tables and popups show it.
func score(_ value: Double) -> String { Formats.score(value) }
