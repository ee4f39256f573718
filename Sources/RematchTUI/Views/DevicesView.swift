import RematchCore
import RematchPresentation
import RematchSync

/// The devices of one matched customer: their keys and their table.
extension Console {
    func handleDevices(_ command: Command) -> [ConsoleEffect] {
        let ids = rowIDs()
        let targets = targets(ids)
        switch command {
        case .openDevices:
            guard shown == .allDevices, let id = selectedID(ids), let asset = workspace.catalog.asset(id) else { return [] }
            openDevices(asset.customerID, fromQueue: true)
            if let index = rowIDs().firstIndex(of: id) { list.selection = index }
        case .accept:
            guard !targets.isEmpty else { return [] }
            return perform(.acceptDeviceSuggestion(assets: targets))
        case .matchTo:
            guard let id = selectedID(ids), let organization = organization(ofAsset: id) else { return [] }
            let configurations = workspace.catalog.configurations(ofOrganization: organization).filter { !$0.archived }
            let ranked = [workspace.status(ofAsset: id).suggestion.best?.configurationID].compactMap { $0 }
            popup = .matchTo(MatchToPopup(subject: .device(id), subjectName: workspace.catalog.asset(id)?.name ?? "",
                                          candidates: configurations.map { ($0.id, $0.name) }, ranked: ranked))
        case .create:
            guard !targets.isEmpty else { return [] }
            let organizations = Array(Set(targets.compactMap(organization(ofAsset:)))).sorted()
            return confirmBulk("Create \(Formats.count(targets.count, "configuration"))", action: .createConfiguration(assets: targets),
                               effects: organizations.map { .createConfigurations(organizationID: $0) })
        case .createAll:
            guard let organization = deviceCustomer.flatMap({ workspace.status(ofCustomer: $0).organizationID }) else {
                show("Create all works on one customer's devices: Enter opens the selected device's customer.", error: true)
                return []
            }
            confirmCreateAll(in: organization)
        case .ignore:
            guard !targets.isEmpty else { return [] }
            return perform(list.tab == .ignored ? .unignoreDevice(assets: targets) : .ignoreDevice(assets: targets))
        case .revert:
            guard !targets.isEmpty else { return [] }
            return perform(.revertDeviceMatch(assets: targets))
        case .move:
            guard !targets.isEmpty else { return [] }
            confirmMove(targets)
        default:
            break
        }
        return []
    }

    /// The organization a device's configuration belongs in: its customer's.
    func organization(ofAsset id: Int) -> String? {
        workspace.catalog.asset(id).flatMap { workspace.status(ofCustomer: $0.customerID).organizationID }
    }

    /// The move preview: each configuration, where it is documented and by what, and where it goes; what cannot
    /// move is listed with the reason. Confirming records the decisions and starts the write.
    private func confirmMove(_ targets: [Int]) {
        let plan: Change
        do {
            plan = try workspace.plan(.moveDevice(assets: targets), user: "")
        } catch {
            show(error.message, error: true)
            return
        }
        var lines: [(String, StyleRole)] = []
        var organizations = Set<String>()
        for case let .asset(id, _, .moveConfiguration(configurationID, _)?) in plan.edits {
            let moved = workspace.status(ofAsset: id).suggestion.moved
            let asset = workspace.catalog.asset(id)?.name ?? "#\(id)"
            if let organization = organization(ofAsset: id) { organizations.insert(organization) }
            let into = organization(ofAsset: id).flatMap { workspace.catalog.organization($0)?.name } ?? "?"
            lines.append(("\(moved?.configurationName ?? "#\(configurationID)"): \(moved?.organizationName ?? "?") → \(into)", .popup))
            lines.append(("  for \(asset); \(moved?.reason ?? "")", .popup))
            if let settled = workspace.moveSettlement(ofAsset: id) { lines.append(("  " + settled, .popup)) }
        }
        for line in plan.skipped { lines.append(("Not moved: \(line)", .warning)) }
        lines.append(("IT Glue keeps the configuration's history; Rematch cannot undo a move once made.", .popup))
        popup = .confirm(ConfirmPopup(title: "Move \(Formats.count(plan.edits.count, "configuration")) in IT Glue", lines: lines,
                                      action: .moveDevice(assets: targets),
                                      effects: organizations.sorted().map { .createConfigurations(organizationID: $0) }))
    }

    /// The bulk-create preview: how many of each class and the configuration type each becomes, device by device.
    /// Devices with a possible match are left out unless the person includes them (`a` in the preview).
    private func confirmCreateAll(in organization: String) {
        let plan = BulkCreatePlan(workspace: workspace, organizationID: organization)
        guard !plan.assets.isEmpty || !plan.withSuggestion.isEmpty else {
            show("No unmatched devices are left to create.", error: true)
            return
        }
        popup = .confirm(Self.createAllPopup(plan, workspace: workspace))
    }

    private static func createAllPopup(_ plan: BulkCreatePlan, workspace: Workspace) -> ConfirmPopup {
        var lines: [(String, StyleRole)] = plan.groups.map { group in
            ("\(group.count) \(group.deviceClass.title) → \(group.typeName ?? "no type: press t")", group.typeName == nil ? .warning : .popup)
        }
        for row in plan.rows {
            let match = row.possibleMatch.map { "  (possible match: \($0))" } ?? ""
            lines.append(("  \(row.name)  \(row.deviceClass.title) → \(row.typeName ?? "no type")\(match)",
                          row.possibleMatch == nil ? .popup : .warning))
        }
        if !plan.includingSuggested, !plan.withSuggestion.isEmpty {
            lines.append(("Left out, with a possible match (match them with a or m first):", .warning))
            for row in plan.withSuggestion { lines.append(("  \(row.name) ~ \(row.possibleMatch ?? "")", .warning)) }
        }
        var popup = ConfirmPopup(title: "Create \(Formats.count(plan.assets.count, "configuration")) in \(plan.organizationName)", lines: lines,
                                 action: .createAllConfigurations(organizationID: plan.organizationID,
                                                                  includingSuggested: plan.includingSuggested),
                                 effects: [.createConfigurations(organizationID: plan.organizationID)])
        if !plan.withSuggestion.isEmpty {
            let other = !plan.includingSuggested
            popup.alternative = .init(hint: "a \(other ? "include" : "leave out") the \(plan.withSuggestion.count) with a possible match") {
                createAllPopup(BulkCreatePlan(workspace: workspace, organizationID: plan.organizationID, includingSuggested: other),
                               workspace: workspace)
            }
        }
        return popup
    }
}

/// One device as the table shows it.
struct DeviceRow {
    let asset: Asset
    let status: DeviceStatus
    /// The matched configuration's name, or the one waiting to be created.
    let configuration: String
    /// The Syncro customer's name, for the list of every customer's devices.
    let customer: String
    let deviceClass: DeviceClass

    init?(_ id: Int, in workspace: Workspace) {
        let catalog = workspace.catalog
        guard let asset = catalog.asset(id) else { return nil }
        self.asset = asset
        status = workspace.status(ofAsset: id)
        let name = status.configurationID.flatMap { catalog.configuration($0)?.name }
        if let name, let from = status.pendingMoveFrom {
            configuration = "\(name) (to move from \(catalog.organization(from)?.name ?? "#\(from)"))"
        } else {
            configuration = name ?? status.pendingClass.map { "+ new \($0.title) (to create)" } ?? "—"
        }
        customer = catalog.customer(asset.customerID)?.displayName ?? ""
        deviceClass = workspace.deviceClass(of: asset)
    }
}

/// The device table: the same columns on every tab; the Matched tab shows the configuration instead of the
/// suggestion, and the list of every customer's devices leads with the customer.
struct DevicesView {
    let workspace: Workspace
    let list: ListState
    let ids: [Int]
    let everyCustomer: Bool

    func draw(into screen: inout ScreenBuffer, area: Rect) {
        let empty = !list.filter.isEmpty ? "Nothing matches the filter."
            : everyCustomer && list.tab == .unmatched ? "Every device of the matched customers is matched or ignored." : "Nothing here."
        let view = ListView(table: Table(columns: Self.columns(tab: list.tab, everyCustomer: everyCustomer)), list: list, ids: ids,
                            empty: empty)
        view.draw(into: &screen, area: area) { DeviceRow($0, in: workspace) }
    }

    static func columns(tab: MatchState, everyCustomer: Bool) -> [Column<DeviceRow>] {
        let customer = Column<DeviceRow>("Syncro customer", width: .flexible(minimum: 10)) { CellText($0.customer) }
        return (everyCustomer ? [customer] : []) + [
            Column("Syncro device", width: .flexible(minimum: 12)) { CellText($0.asset.name) },
            Column("Class", width: .fixed(7), dropRank: 0) { CellText($0.deviceClass.title, .dim) },
            Column("Serial", width: .fixed(14), dropRank: 2) { CellText($0.asset.serialCandidates.first ?? "—") },
            Column("MAC", width: .fixed(17), dropRank: 1) { CellText(DeviceIdentity.identityMACs(of: $0.asset).first.map(DeviceIdentity.displayMAC) ?? "—") },
            tab == .matched
                ? Column("IT Glue configuration", gap: 2, width: .flexible(minimum: 12)) { CellText($0.configuration) }
                : Column("Suggestion", gap: 2, width: .flexible(minimum: 10), cell: suggestion),
            Column("Why", width: .flexible(minimum: 8)) { tab == .matched ? how($0) : why($0, tab: tab) },
        ]
    }

    private static func suggestion(_ device: DeviceRow) -> CellText {
        let suggestion = device.status.suggestion
        guard let best = suggestion.best else {
            // Documented in another customer's organization only: M moves it here.
            if let moved = suggestion.moved { return CellText("⇄ \(moved.configurationName) (\(moved.organizationName))", .warning) }
            return CellText("—", .dim)
        }
        let flagged = suggestion.isAmbiguous || suggestion.moved != nil
        return CellText(best.name + (flagged ? " ⚠" : ""), flagged ? .warning : .normal)
    }

    private static func why(_ device: DeviceRow, tab: MatchState) -> CellText {
        let suggestion = device.status.suggestion
        if let moved = suggestion.moved {
            let reason = suggestion.best.map { "\($0.reason); \(moved.reason)" } ?? moved.reason
            return CellText(reason + "; M moves it here", .warning)
        }
        if let best = suggestion.best { return CellText(best.reason, .dim) }
        return CellText(tab == .unmatched ? "new device: c creates it" : "", .dim)
    }

    private static func how(_ device: DeviceRow) -> CellText {
        let status = device.status
        if let problem = status.problem { return CellText(problem, .warning) }
        if status.origin == .automatic { return CellText(status.suggestion.best?.reason ?? "automatic", .dim) }
        return CellText(Formats.how(status.origin, pending: status.pendingClass != nil || status.pendingMoveFrom != nil), .dim)
    }
}
