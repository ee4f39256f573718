import RematchCore
import RematchPresentation

/// The pane under the list: the selected customer's or device's facts and suggestion.
struct DetailPane {
    let title: String
    let lines: [String]

    /// The selected customer: contact, devices, the suggestion and the organizations also close to it.
    init(customer: CustomerRow, alsoClose others: [OrganizationCandidate]) {
        title = customer.name
        var lines = [["Syncro #\(customer.id)", customer.email, customer.phone, "\(Formats.count(customer.devices, "device")) (\(customer.deviceClasses))"]
            .compactMap { $0 }.joined(separator: " · ")]
        if let problem = customer.problem { lines.append("⚠ " + problem) }
        if customer.disabled {
            lines.append("Disabled in Syncro: a former customer, kept apart. Match it by hand (m) if IT Glue still needs it.")
        }
        if let best = customer.suggestion {
            let facts = customer.suggestionFacts
            lines.append("Suggested: \(best.name) (IT Glue #\(best.organizationID)\(facts.isEmpty ? "" : ", " + facts)) — \(best.reason)")
        }
        if !others.isEmpty { lines.append("Also close: " + others.prefix(3).map { "\($0.name) (\(score($0.score)))" }.joined(separator: ", ")) }
        self.lines = lines
    }

    /// The selected device: what Syncro knows of it, its serials and MACs, the suggestion and its evidence.
    init(asset: Asset, status: DeviceStatus) {
        title = asset.name
        let macs = DeviceIdentity.identityMACs(of: asset).map(DeviceIdentity.displayMAC)
        let serials = asset.serialCandidates.joined(separator: ", ")
        var lines = [["Syncro asset #\(asset.id)", asset.assetType, asset.osName, [asset.manufacturer, asset.model].compactMap { $0 }.joined(separator: " "),
                      asset.formFactor].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: " · ")]
        lines.append("Serials: \(serials.isEmpty ? "—" : serials) · MACs: \(macs.isEmpty ? "—" : macs.joined(separator: ", "))")
        if let best = status.suggestion.best {
            let evidence = best.evidence.map { "\($0.kind.rawValue) \($0.value)" }.joined(separator: ", ")
            lines.append("Suggested: \(best.name) (#\(best.configurationID)) — \(best.reason)\(evidence.isEmpty ? "" : " — evidence: " + evidence)")
        }
        if let moved = status.suggestion.moved {
            lines.append("⇄ \(moved.reason.prefix(1).uppercased() + moved.reason.dropFirst()) (#\(moved.configurationID)): M moves it into this organization")
        }
        self.lines = lines
    }

    func draw(into screen: inout ScreenBuffer, area: Rect) {
        let columns = area.width
        screen.put("─ " + title + " " + String(repeating: "─", count: columns), row: area.top, column: 0, role: .border, limit: columns)
        for (offset, line) in lines.prefix(area.height - 1).enumerated() {
            screen.put(line, row: area.top + 1 + offset, column: 3, role: .normal, limit: columns - 4)
        }
    }
}
