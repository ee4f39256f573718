import RematchCore
import RematchPresentation

/// The workspace as plain text: the three customer tabs with suggestions, scores and reasons.
struct WorkspaceText {
    let workspace: Workspace
    let rows: Int

    private func cell(_ text: String, _ width: Int) -> String { TerminalText.fit(TerminalText.sanitize(text), to: width) }

    func render() -> String {
        let catalog = workspace.catalog
        var lines: [String] = []
        let counts = workspace.customerCounts()
        lines.append("Syncro: \(Formats.count(catalog.customers.count, "customer")), \(Formats.count(catalog.assets.count, "asset")) · "
            + "IT Glue: \(Formats.count(catalog.organizations.count, "organization")), "
            + "\(Formats.count(catalog.configurations.count, "configuration"))")
        lines.append("Tabs: Unmatched (\(counts[.unmatched]!))  Matched (\(counts[.matched]!))  Ignored (\(counts[.ignored]!))")
        lines.append("")

        let unmatched = workspace.customers(in: .unmatched)
        lines.append("Unmatched (\(unmatched.count))")
        lines.append("  " + cell("Syncro customer", 34) + " " + cell("Dev", 4) + " " + cell("Suggested IT Glue organization", 36)
            + " " + cell("Score", 5) + "  Why")
        for id in unmatched.prefix(rows) {
            let customer = catalog.customer(id)!
            let suggestion = workspace.status(ofCustomer: id).suggestion
            let devices = catalog.assetsByCustomer[id]?.count ?? 0
            let best = suggestion.best
            lines.append("  " + cell(customer.displayName, 34) + " " + cell(String(devices), 4) + " "
                + cell(best.map { $0.name + (suggestion.isAmbiguous ? " ⚠" : "") } ?? "—", 36) + " "
                + cell(best.map { Formats.score($0.score) } ?? "", 5) + "  "
                + TerminalText.sanitize(best?.reason ?? "no candidate: create the organization"))
        }
        if unmatched.count > rows { lines.append("  … \(unmatched.count - rows) more") }
        lines.append("")

        let matched = workspace.customers(in: .matched)
        lines.append("Matched (\(matched.count))")
        lines.append("  " + cell("Syncro customer", 34) + " " + cell("IT Glue organization", 36) + " " + cell("How", 9)
            + " Devices matched")
        for id in matched.prefix(rows) {
            let status = workspace.status(ofCustomer: id)
            let organization = status.organizationID.flatMap { catalog.organization($0)?.name }
                ?? status.pendingOrganizationName.map { "+ \($0) (to create)" } ?? "—"
            let how = Formats.how(status.origin, pending: status.pendingOrganizationName != nil)
            let devices = workspace.deviceCounts(ofCustomer: id)
            lines.append("  " + cell(catalog.customer(id)!.displayName, 34) + " " + cell(organization, 36) + " "
                + cell(how, 9) + " \(devices.matched) / \(devices.total)")
        }
        if matched.count > rows { lines.append("  … \(matched.count - rows) more") }
        lines.append("")
        let disabled = workspace.disabledCustomersApart
        lines.append("Ignored (\(counts[.ignored]!))" + (disabled.isEmpty ? "" : ", of them disabled in Syncro (former customers):"))
        for id in disabled.prefix(rows) {
            let best = workspace.status(ofCustomer: id).suggestion.best
            lines.append("  " + cell(catalog.customer(id)!.displayName, 34) + " disabled in Syncro"
                + (best.map { " · suggestion: " + TerminalText.sanitize($0.name) } ?? ""))
        }
        if disabled.count > rows { lines.append("  … \(disabled.count - rows) more") }
        if !catalog.issues.isEmpty {
            lines.append("")
            lines.append("Data issues (\(catalog.issues.count)):")
            for issue in catalog.issues.prefix(rows) { lines.append("  " + TerminalText.sanitize(issue.detail)) }
        }
        return lines.joined(separator: "\n")
    }
}
