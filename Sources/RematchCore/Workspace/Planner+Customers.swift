import Foundation

/// The customer actions: each builds its edits and summary, collecting what it skipped and why.
extension Planner {
    mutating func acceptSuggestion(_ ids: [Int]) throws(ActionError) {
        var last = ""
        for id in ids {
            let status = try checkCustomer(id)
            guard status.state == .unmatched, let best = status.suggestion.best else {
                skipped.append(status.state == .unmatched ? "\(customerName(id)) has no suggestion" : "\(customerName(id)) is not unmatched")
                continue
            }
            setCustomer(id, .matched(organizationID: best.organizationID, origin: .accepted))
            last = "\(customerName(id)) → \(best.name)"
        }
        summary = edits.count == 1 ? "Accepted 1 · \(last)" : "Accepted \(edits.count) suggestions"
    }

    mutating func match(_ id: Int, to organizationID: String, changing: Bool) throws(ActionError) {
        let status = try checkCustomer(id)
        guard catalog.organization(organizationID) != nil else {
            throw ActionError("IT Glue organization #\(organizationID) does not exist.")
        }
        if changing {
            guard status.state == .matched else { throw ActionError("\(customerName(id)) is not matched yet.") }
        } else if status.state == .matched {
            throw ActionError("\(customerName(id)) is already matched; change the match instead.")
        }
        if status.organizationID == organizationID {
            throw ActionError("\(customerName(id)) is already matched to \(organizationName(organizationID)).")
        }
        setCustomer(id, .matched(organizationID: organizationID, origin: .manual))
        if let old = status.organizationID {
            summary = "Changed match of \(customerName(id)): \(organizationName(old)) → \(organizationName(organizationID))"
        } else {
            summary = "Matched \(customerName(id)) → \(organizationName(organizationID))"
        }
    }

    mutating func createOrganization(_ ids: [Int]) throws(ActionError) {
        var pendingKeys = Set(workspace.customerDecisions.values.compactMap { decision -> String? in
            if case .createOrganization(let name) = decision { return AnalyzedName(name).exactKey }
            return nil
        })
        var last = ""
        for id in ids {
            let status = try checkCustomer(id)
            guard status.state == .unmatched, let customer = catalog.customer(id) else {
                skipped.append("\(customerName(id)) is not unmatched")
                continue
            }
            let name = TextFolding.clean(customer.displayName).trimmingWhitespace()
            let key = AnalyzedName(name).exactKey
            if let existing = workspace.matcher.exact[key]?.first {
                skipped.append("IT Glue already has \"\(workspace.matcher.organizations[Int(existing)].name)\"; match to it instead")
                continue
            }
            guard pendingKeys.insert(key).inserted else {
                skipped.append("\"\(name)\" is already waiting to be created")
                continue
            }
            setCustomer(id, .createOrganization(name: name))
            last = "\"\(name)\""
        }
        summary = edits.count == 1
            ? "Organization \(last) will be created in IT Glue at the next sync"
            : "\(plural(edits.count, "organization")) will be created in IT Glue at the next sync"
    }

    mutating func ignore(_ ids: [Int]) throws(ActionError) {
        for id in ids {
            let status = try checkCustomer(id)
            guard status.state != .ignored else { skipped.append("\(customerName(id)) is already ignored"); continue }
            setCustomer(id, .ignored)
        }
        summary = edits.count == 1 ? "Ignored \(customerName(ids[0]))" : "Ignored \(plural(edits.count, "customer"))"
    }

    mutating func unignore(_ ids: [Int]) throws(ActionError) {
        for id in ids {
            let status = try checkCustomer(id)
            guard status.state == .ignored else { skipped.append("\(customerName(id)) is not ignored"); continue }
            setCustomer(id, nil)
        }
        summary = edits.count == 1 ? "Unignored \(customerName(ids[0]))" : "Unignored \(plural(edits.count, "customer"))"
    }

    mutating func revertMatch(_ ids: [Int]) throws(ActionError) {
        var last = ""
        for id in ids {
            let status = try checkCustomer(id)
            guard status.state == .matched else { skipped.append("\(customerName(id)) is not matched"); continue }
            if status.pendingOrganizationName != nil {
                setCustomer(id, nil)
                last = "Cancelled creating the organization for \(customerName(id))"
            } else if let organization = status.organizationID {
                setCustomer(id, .unmatched(rejectedOrganizationID: organization))
                last = "Reverted match of \(customerName(id)) (was \(organizationName(organization)))"
            }
        }
        summary = edits.count == 1 ? last : "Reverted \(plural(edits.count, "match"))"
    }
}
