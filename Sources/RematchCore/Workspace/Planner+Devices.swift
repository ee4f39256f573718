import Foundation

/// The device actions: each builds its edits and summary, collecting what it skipped and why.
extension Planner {
    mutating func acceptDeviceSuggestion(_ ids: [Int]) throws(ActionError) {
        var claimed = Set<String>()
        var last = ""
        for id in ids {
            let (_, status, _) = try checkAsset(id)
            guard status.state == .unmatched, let best = status.suggestion.best else {
                skipped.append(status.state == .unmatched ? "\(assetName(id)) has no suggestion" : "\(assetName(id)) is not unmatched")
                continue
            }
            if let holder = workspace.holder(ofConfiguration: best.configurationID) {
                skipped.append("\(best.name) is already matched to \(assetName(holder))")
                continue
            }
            guard claimed.insert(best.configurationID).inserted else {
                skipped.append("\(best.name) is suggested for more than one selected device")
                continue
            }
            setAsset(id, .matched(configurationID: best.configurationID, origin: .accepted))
            last = "\(assetName(id)) → \(best.name)"
        }
        summary = edits.count == 1 ? "Accepted 1 · \(last)" : "Accepted \(edits.count) device suggestions"
    }

    mutating func matchDevice(_ id: Int, to configurationID: String, changing: Bool) throws(ActionError) {
        let (_, status, organization) = try checkAsset(id)
        guard let organization else {
            throw ActionError("\(assetName(id)) belongs to a customer that is not matched to an IT Glue organization.")
        }
        guard let configuration = catalog.configuration(configurationID), configuration.organizationID == organization else {
            throw ActionError("Configuration #\(configurationID) is not in \(organizationName(organization)).")
        }
        if changing {
            guard status.state == .matched else { throw ActionError("\(assetName(id)) is not matched yet.") }
        } else if status.state == .matched {
            throw ActionError("\(assetName(id)) is already matched; change the match instead.")
        }
        if let holder = workspace.holder(ofConfiguration: configurationID), holder != id {
            throw ActionError("\(configuration.name) is already matched to \(assetName(holder)); revert that match first.")
        }
        if status.configurationID == configurationID {
            throw ActionError("\(assetName(id)) is already matched to \(configuration.name).")
        }
        setAsset(id, .matched(configurationID: configurationID, origin: .manual))
        if let old = status.configurationID {
            summary = "Changed match of \(assetName(id)): \(configurationName(old)) → \(configuration.name)"
        } else {
            summary = "Matched \(assetName(id)) → \(configuration.name)"
        }
    }

    mutating func createAllConfigurations(_ organizationID: String, includingSuggested: Bool) throws(ActionError) {
        guard catalog.organization(organizationID) != nil else {
            throw ActionError("IT Glue organization #\(organizationID) does not exist.")
        }
        let preview = workspace.bulkCreatePreview(organizationID: organizationID, includingSuggested: includingSuggested)
        guard !preview.assets.isEmpty else {
            if !preview.withSuggestion.isEmpty {
                throw ActionError("\(organizationName(organizationID)): every unmatched device left has a possible match; match those, or include them on purpose.")
            }
            throw ActionError("\(organizationName(organizationID)) has no unmatched devices left to create.")
        }
        try planCreateConfigurations(preview.assets)
    }

    mutating func ignoreDevice(_ ids: [Int]) throws(ActionError) {
        for id in ids {
            let (_, status, _) = try checkAsset(id)
            guard status.state != .ignored else { skipped.append("\(assetName(id)) is already ignored"); continue }
            setAsset(id, .ignored)
        }
        summary = edits.count == 1 ? "Ignored \(assetName(ids[0]))" : "Ignored \(plural(edits.count, "device"))"
    }

    mutating func unignoreDevice(_ ids: [Int]) throws(ActionError) {
        for id in ids {
            let (_, status, _) = try checkAsset(id)
            guard status.state == .ignored else { skipped.append("\(assetName(id)) is not ignored"); continue }
            setAsset(id, nil)
        }
        summary = edits.count == 1 ? "Unignored \(assetName(ids[0]))" : "Unignored \(plural(edits.count, "device"))"
    }

    mutating func revertDeviceMatch(_ ids: [Int]) throws(ActionError) {
        var last = ""
        for id in ids {
            let (_, status, _) = try checkAsset(id)
            guard status.state == .matched else { skipped.append("\(assetName(id)) is not matched"); continue }
            if status.pendingClass != nil {
                setAsset(id, nil)
                last = "Cancelled creating a configuration for \(assetName(id))"
            } else if status.pendingMoveFrom != nil {
                setAsset(id, nil)
                last = "Cancelled moving a configuration to \(assetName(id))"
            } else if let configuration = status.configurationID {
                setAsset(id, .unmatched(rejectedConfigurationID: configuration))
                last = "Reverted match of \(assetName(id)) (was \(configurationName(configuration)))"
            }
        }
        summary = edits.count == 1 ? last : "Reverted \(plural(edits.count, "device match"))"
    }

    /// Each device's configuration documented in another organization moves into its customer's organization at
    /// the next write. Refused where IT Glue would refuse (a PSA keeps the record) and where it would take a
    /// configuration away from the device it documents there.
    mutating func moveDevice(_ ids: [Int]) throws(ActionError) {
        var claimed = Set<String>()
        var last = ""
        for id in ids {
            let (_, status, organization) = try checkAsset(id)
            guard let organization else {
                skipped.append("\(assetName(id)) belongs to a customer without an IT Glue organization")
                continue
            }
            // Devices are flagged only where the organization is settled; an unsettled one is named as the reason.
            let customer = catalog.asset(id)?.customerID ?? 0
            guard workspace.settlement(ofCustomer: customer) != nil else {
                skipped.append("the match of \(customerName(customer)) to \(organizationName(organization)) is not settled (no "
                    + "person's decision, and the name is not exact and unique): match the customer first")
                continue
            }
            guard status.state == .unmatched, let moved = status.suggestion.moved else {
                skipped.append(status.state == .unmatched ? "\(assetName(id)) is not documented in another organization"
                                                          : "\(assetName(id)) is not unmatched")
                continue
            }
            guard let configuration = catalog.configuration(moved.configurationID), !configuration.archived,
                  configuration.organizationID == moved.organizationID else {
                skipped.append("\(moved.configurationName) is no longer in \(moved.organizationName)")
                continue
            }
            if let psa = configuration.psaIntegration {
                skipped.append("\(configuration.name) is kept by \(psa), and IT Glue refuses to move it: move it in the PSA")
                continue
            }
            if let holder = workspace.holder(ofConfiguration: configuration.id) {
                skipped.append("\(configuration.name) is matched to \(assetName(holder)) in \(moved.organizationName); revert that first")
                continue
            }
            guard claimed.insert(configuration.id).inserted else {
                skipped.append("\(configuration.name) is documented for more than one selected device")
                continue
            }
            setAsset(id, .moveConfiguration(configurationID: configuration.id, fromOrganizationID: configuration.organizationID))
            last = "\(configuration.name) will move from \(moved.organizationName) to \(organizationName(organization)) at the next sync, matched to \(assetName(id))"
        }
        summary = edits.count == 1 ? last : "\(plural(edits.count, "configuration")) will move into their devices' organizations at the next sync"
    }

    mutating func planCreateConfigurations(_ ids: [Int]) throws(ActionError) {
        var counts: [DeviceClass: Int] = [:]
        var firstName = ""
        for id in ids {
            let (asset, status, organization) = try checkAsset(id)
            guard organization != nil else {
                skipped.append("\(assetName(id)) belongs to a customer without an IT Glue organization")
                continue
            }
            guard status.state == .unmatched else { skipped.append("\(assetName(id)) is not unmatched"); continue }
            let deviceClass = workspace.deviceClass(of: asset)
            guard workspace.typeMapping[deviceClass] != nil else {
                skipped.append("no configuration type is mapped for \(deviceClass.title)")
                continue
            }
            setAsset(id, .createConfiguration(deviceClass: deviceClass))
            if counts.isEmpty { firstName = assetName(id) }
            counts[deviceClass, default: 0] += 1
        }
        let detail = counts.keys.sorted().map { "\(counts[$0]!) \($0.title)" }.joined(separator: ", ")
        summary = edits.count == 1
            ? "Configuration for \(firstName) will be created at the next sync"
            : "\(plural(edits.count, "configuration")) will be created at the next sync (\(detail))"
    }
}
