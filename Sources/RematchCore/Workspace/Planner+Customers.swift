import Foundation

/// The customer actions: each builds its edits and summary, collecting what it skipped and why.
extension Planner {
    mutating func acceptSuggestion(_ ids: [Int]) throws(ActionError) {
        var last = ""
        for id in ids {
            let status = try checkCustomer(id)
            // A disabled customer waits apart, but a person may still accept what the matcher found for it.
            let open = status.state == .unmatched || (isDisabled(id) && workspace.customerDecisions[id] == nil)
            guard open, let best = status.suggestion.best else {
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
            if isDisabled(id), status.state != .matched {
                skipped.append("\(customerName(id)) is disabled in Syncro (a former customer); match it by hand if it needs one")
                continue
            }
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

    /// A disabled (former) customer in Syncro.
    func isDisabled(_ id: Int) -> Bool { catalog.customer(id)?.disabled == true }

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
            guard workspace.customerDecisions[id] != nil else {
                skipped.append("\(customerName(id)) is disabled in Syncro and stays apart until matched by hand")
                continue
            }
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
