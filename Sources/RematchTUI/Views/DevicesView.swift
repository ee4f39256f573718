import RematchCore
import RematchPresentation

/// The devices of one matched customer: their keys and their table.
extension Console {
    func handleDevices(_ command: Command) -> [ConsoleEffect] {
        guard let customer = deviceCustomer, let organization = workspace.status(ofCustomer: customer).organizationID else { return [] }
        let ids = rowIDs()
        let targets = targets(ids)
        switch command {
        case .accept:
            guard !targets.isEmpty else { return [] }
            return perform(.acceptDeviceSuggestion(assets: targets))
        case .matchTo:
            guard let id = selectedID(ids) else { return [] }
            let configurations = workspace.catalog.configurations(ofOrganization: organization).filter { !$0.archived }
            popup = .matchTo(MatchToPopup(subject: .device(id), subjectName: workspace.catalog.asset(id)?.name ?? "",
                                          candidates: configurations.map { ($0.id, $0.name) }))
        case .create:
            guard !targets.isEmpty else { return [] }
            return confirmBulk("Create \(targets.count) configuration\(targets.count == 1 ? "" : "s")",
                               action: .createConfiguration(assets: targets), effect: .createConfigurations(organizationID: organization))
        case .createAll:
            confirmCreateAll(in: organization)
        case .ignore:
            guard !targets.isEmpty else { return [] }
            return perform(list.tab == .ignored ? .unignoreDevice(assets: targets) : .ignoreDevice(assets: targets))
        case .revert:
            guard !targets.isEmpty else { return [] }
            return perform(.revertDeviceMatch(assets: targets))
        default:
            break
        }
        return []
    }

    /// The bulk-create preview: how many of each class, and the configuration type each becomes.
    private func confirmCreateAll(in organization: String) {
        let plan = workspace.bulkCreatePreview(organizationID: organization)
        guard !plan.assets.isEmpty else {
            show("No unmatched devices are left to create.", error: true)
            return
        }
        let types = Dictionary(workspace.catalog.snapshot.configurationTypes.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var lines = plan.countsByClass.keys.sorted().map { deviceClass in
            "\(plan.countsByClass[deviceClass] ?? 0) \(deviceClass.title) → \(workspace.typeMapping[deviceClass].flatMap { types[$0] } ?? "no type: press t")"
        }
        if plan.withSuggestion > 0 { lines.append("Match by MAC or serial first: \(plan.withSuggestion) of these have a suggestion.") }
        let name = workspace.catalog.organization(organization)?.name ?? organization
        popup = .confirm(ConfirmPopup(title: "Create \(plan.assets.count) configurations in \(name)", lines: lines,
                                      action: .createAllConfigurations(organizationID: organization),
                                      effect: .createConfigurations(organizationID: organization)))
    }
}

/// One device as the table shows it.
struct DeviceRow {
    let asset: Asset
    let status: DeviceStatus
    /// The matched configuration's name, or the one waiting to be created.
    let configuration: String
}

/// The device table: the same columns on every tab; the Matched tab shows the configuration instead of the
/// suggestion.
struct DevicesView {
    let workspace: Workspace
    let list: ListState
    let ids: [Int]

    func draw(into screen: inout ScreenBuffer, area: Rect) {
        let view = ListView(table: Table(columns: Self.columns(tab: list.tab)), list: list, ids: ids, empty: "Nothing here.")
        let catalog = workspace.catalog
        view.draw(into: &screen, area: area) { id in
            guard let asset = catalog.asset(id) else { return nil }
            let status = workspace.status(ofAsset: id)
            let configuration = status.configurationID.flatMap { catalog.configuration($0)?.name }
                ?? status.pendingClass.map { "+ new \($0.title) (to create)" } ?? "—"
            return DeviceRow(asset: asset, status: status, configuration: configuration)
        }
    }

    static func columns(tab: MatchState) -> [Column<DeviceRow>] {
        [
            Column("Syncro device", width: .share(1, of: 6, reserve: -3, minimum: 12)) { CellText($0.asset.name) },
            Column("Class", width: .fixed(7)) { CellText(DeviceClass.classify($0.asset).title, .dim) },
            Column("Serial", width: .fixed(14)) { CellText($0.asset.serialCandidates.first ?? "—") },
            Column("MAC", width: .fixed(17)) { CellText(DeviceIdentity.identityMACs(of: $0.asset).first.map(DeviceIdentity.displayMAC) ?? "—") },
            tab == .matched
                ? Column("IT Glue configuration", gap: 2, width: .share(1, of: 2, reserve: 0, minimum: 12)) { CellText($0.configuration) }
                : Column("Suggested configuration", gap: 2, width: .share(1, of: 2, reserve: 0, minimum: 12), cell: suggestion),
            Column("Why", width: .rest) { tab == .matched ? how($0) : why($0, tab: tab) },
        ]
    }

    private static func suggestion(_ device: DeviceRow) -> CellText {
        guard let best = device.status.suggestion.best else { return CellText("—", .dim) }
        let ambiguous = device.status.suggestion.isAmbiguous
        return CellText(best.name + (ambiguous ? " ⚠" : ""), ambiguous ? .warning : .normal)
    }

    private static func why(_ device: DeviceRow, tab: MatchState) -> CellText {
        if let best = device.status.suggestion.best { return CellText(best.reason, .dim) }
        return CellText(tab == .unmatched ? "new device: c creates it" : "", .dim)
    }

    private static func how(_ device: DeviceRow) -> CellText {
        let status = device.status
        if let problem = status.problem { return CellText(problem, .warning) }
        if status.origin == .automatic { return CellText(status.suggestion.best?.reason ?? "automatic", .dim) }
        return CellText(Formats.how(status.origin, pending: status.pendingClass != nil), .dim)
    }
}
