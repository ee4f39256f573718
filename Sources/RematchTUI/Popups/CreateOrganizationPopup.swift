import RematchCore

/// Asks before creating organizations; for one customer it shows the closest existing ones first, so that a
/// duplicate is seen before it is made.
struct CreateOrganizationPopup {
    let customers: [Int]
    let name: String
    let closest: [OrganizationCandidate]

    func handle(_ command: Command) -> PopupResult {
        switch command {
        case .confirm: .perform(.createOrganization(customers: customers), effects: [.createOrganizations])
        case .cancel: .close(message: nil)
        default: .stay
        }
    }

    func draw(into screen: inout ScreenBuffer, area: Rect) {
        var lines: [(String, StyleRole)] = []
        if customers.count == 1 {
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
            lines.append(("\(customers.count) organizations, one per selected customer, named as in Syncro.", .popup))
            lines.append(("An exact name IT Glue already has is refused.", .warning))
        }
        lines.append(("", .popup))
        lines.append((Keymap.footer(for: .createOrganization), .accent))
        Box(title: "Create IT Glue organization", lines: lines, width: 64).draw(into: &screen, area: area)
    }
}
