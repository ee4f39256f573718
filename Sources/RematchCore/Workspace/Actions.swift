import Foundation

/// What a person (or the sync layer, for remote effects) can do. Lists act on a selection.
public enum Action: Sendable, Hashable {
    case acceptSuggestion(customers: [Int])
    case matchTo(customer: Int, organizationID: String)
    case changeMatch(customer: Int, organizationID: String)
    case createOrganization(customers: [Int])
    case ignore(customers: [Int])
    case unignore(customers: [Int])
    case revertMatch(customers: [Int])

    case acceptDeviceSuggestion(assets: [Int])
    case matchDevice(asset: Int, configurationID: String)
    case changeDeviceMatch(asset: Int, configurationID: String)
    case createConfiguration(assets: [Int])
    /// Every remaining unmatched device of the customers matched to an organization.
    case createAllConfigurations(organizationID: String)
    case ignoreDevice(assets: [Int])
    case unignoreDevice(assets: [Int])
    case revertDeviceMatch(assets: [Int])

    /// Remote effect: IT Glue created the organization these customers were waiting for.
    case organizationCreated(customers: [Int], organization: Organization)
    /// Remote effect: these configurations, matched to assets gone from Syncro, were marked Inactive in
    /// IT Glue; the decisions about the vanished assets are closed.
    case configurationsRetired(assets: [Int])
    /// Remote effect: IT Glue created the configurations these assets were waiting for (asset id → record).
    case configurationsCreated([Int: Configuration])

    /// The name written to the audit log.
    public var name: String {
        switch self {
        case .acceptSuggestion: "accept-suggestion"
        case .matchTo: "match-to"
        case .changeMatch: "change-match"
        case .createOrganization: "create-organization"
        case .ignore: "ignore"
        case .unignore: "unignore"
        case .revertMatch: "revert-match"
        case .acceptDeviceSuggestion: "accept-device-suggestion"
        case .matchDevice: "match-device"
        case .changeDeviceMatch: "change-device-match"
        case .createConfiguration: "create-configuration"
        case .createAllConfigurations: "create-all-configurations"
        case .ignoreDevice: "ignore-device"
        case .unignoreDevice: "unignore-device"
        case .revertDeviceMatch: "revert-device-match"
        case .organizationCreated: "organization-created"
        case .configurationsCreated: "configuration-created"
        case .configurationsRetired: "configuration-retired"
        }
    }
}

/// What a bulk create would do, for the preview before it.
public struct BulkCreatePreview: Sendable, Hashable {
    public var assets: [Int]
    public var countsByClass: [DeviceClass: Int]
    /// Classes with devices to create but no configuration type mapped.
    public var unmappedClasses: [DeviceClass]
    /// Devices that have a suggestion: matching them may be better than creating.
    public var withSuggestion: Int
}

extension Workspace {
    /// Works out the change an action makes, without making it. Throws when nothing in it applies.
    public func plan(_ action: Action, at date: Date = Date(), user: String) throws(ActionError) -> Change {
        var planner = Planner(workspace: self)
        try planner.run(action)
        guard !planner.edits.isEmpty else {
            throw ActionError(planner.skipped.first ?? "Nothing to do.")
        }
        var summary = planner.summary
        if !planner.skipped.isEmpty { summary += " (\(planner.skipped.count) skipped: \(planner.skipped[0]))" }
        let isRemote: Bool
        switch action {
        case .organizationCreated, .configurationsCreated, .configurationsRetired: isRemote = true
        default: isRemote = false
        }
        return Change(action: action.name, edits: planner.edits, at: date, user: user, summary: summary,
                      history: isRemote ? .none : .push, createdOrganizations: planner.createdOrganizations,
                      createdConfigurations: planner.createdConfigurations)
    }

    /// Works out the undo of the last decision. A decision whose effect was already carried out in
    /// IT Glue cannot be undone here.
    public func planUndo(at date: Date = Date(), user: String) throws(ActionError) -> Change {
        guard let last = history.last else { throw ActionError("Nothing to undo.") }
        for edit in last.edits {
            let unchanged: Bool
            switch edit {
            case let .customer(id, _, after): unchanged = customerDecisions[id] == after
            case let .asset(id, _, after): unchanged = deviceDecisions[id] == after
            }
            guard unchanged else {
                throw ActionError("Cannot undo \"\(last.summary)\": it was already carried out in IT Glue.")
            }
        }
        return Change(action: "undo", edits: last.edits.reversed().map(\.inverse), at: date, user: user,
                      summary: "Undid: \(last.summary)", history: .pop(last.id))
    }

    /// Plans and applies in one step, for callers without a store (tests, previews).
    @discardableResult
    public mutating func perform(_ action: Action, at date: Date = Date(), user: String = "test") throws(ActionError) -> Change {
        let change = try plan(action, at: date, user: user)
        apply(change)
        return change
    }

    @discardableResult
    public mutating func undo(at date: Date = Date(), user: String = "test") throws(ActionError) -> Change {
        let change = try planUndo(at: date, user: user)
        apply(change)
        return change
    }

    /// The asset whose current match holds a configuration, if any.
    public func holder(ofConfiguration configurationID: String) -> Int? {
        guard let configuration = catalog.configuration(configurationID) else { return nil }
        for customer in customers(matchedTo: configuration.organizationID) {
            for asset in catalog.assets(ofCustomer: customer)
            where status(ofAsset: asset.id).configurationID == configurationID {
                return asset.id
            }
        }
        return nil
    }

    /// Configurations still matched to assets that vanished from Syncro: offered to be marked Inactive,
    /// never done silently. Archived and already inactive ones are left out.
    public var retirableConfigurations: [(assetID: Int, configuration: Configuration)] {
        deviceDecisions.compactMap { assetID, decision in
            guard catalog.asset(assetID) == nil, case .matched(let configurationID, _) = decision,
                  let configuration = catalog.configuration(configurationID), !configuration.archived,
                  configuration.configurationStatusName?.lowercased() != "inactive" else { return nil }
            return (assetID, configuration)
        }.sorted { $0.assetID < $1.assetID }
    }

    /// The unmatched devices a bulk create would create, grouped for the preview.
    public func bulkCreatePreview(organizationID: String) -> BulkCreatePreview {
        let assets = customers(matchedTo: organizationID).flatMap { self.assets(ofCustomer: $0, in: .unmatched) }
        var counts: [DeviceClass: Int] = [:]
        var withSuggestion = 0
        for asset in assets {
            counts[DeviceClass.classify(asset), default: 0] += 1
            if status(ofAsset: asset.id).suggestion.best != nil { withSuggestion += 1 }
        }
        let unmapped = counts.keys.filter { typeMapping[$0] == nil }.sorted()
        return BulkCreatePreview(assets: assets.map(\.id), countsByClass: counts, unmappedClasses: unmapped,
                                 withSuggestion: withSuggestion)
    }
}

/// Builds the edits of one action, collecting what it had to skip and why.
private struct Planner {
    let workspace: Workspace
    var edits: [Edit] = []
    var skipped: [String] = []
    var summary = ""
    var createdOrganizations: [Organization] = []
    var createdConfigurations: [Configuration] = []

    init(workspace: Workspace) { self.workspace = workspace }

    private var catalog: Catalog { workspace.catalog }

    private func customerName(_ id: Int) -> String { "\"\(catalog.customer(id)?.displayName ?? "#\(id)")\"" }
    private func assetName(_ id: Int) -> String { "\"\(catalog.asset(id)?.name ?? "#\(id)")\"" }
    private func organizationName(_ id: String) -> String { catalog.organization(id)?.name ?? "#\(id)" }
    private func configurationName(_ id: String) -> String { catalog.configuration(id)?.name ?? "#\(id)" }

    private mutating func setCustomer(_ id: Int, _ after: CustomerDecision?) {
        edits.append(.customer(id: id, before: workspace.customerDecisions[id], after: after))
    }

    private mutating func setAsset(_ id: Int, _ after: DeviceDecision?) {
        edits.append(.asset(id: id, before: workspace.deviceDecisions[id], after: after))
    }

    private func checkCustomer(_ id: Int) throws(ActionError) -> CustomerStatus {
        guard catalog.customer(id) != nil, catalog.assetsByCustomer[id] != nil else {
            throw ActionError("Syncro customer #\(id) is not in the current snapshot.")
        }
        return workspace.status(ofCustomer: id)
    }

    private func checkAsset(_ id: Int) throws(ActionError) -> (Asset, DeviceStatus, organization: String?) {
        guard let asset = catalog.asset(id) else { throw ActionError("Syncro asset #\(id) is not in the current snapshot.") }
        return (asset, workspace.status(ofAsset: id), workspace.status(ofCustomer: asset.customerID).organizationID)
    }

    private func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }

    mutating func run(_ action: Action) throws(ActionError) {
        switch action {
        case .acceptSuggestion(let ids):
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

        case let .matchTo(id, organizationID), let .changeMatch(id, organizationID):
            let status = try checkCustomer(id)
            guard catalog.organization(organizationID) != nil else {
                throw ActionError("IT Glue organization #\(organizationID) does not exist.")
            }
            if case .changeMatch = action {
                guard status.state == .matched else { throw ActionError("\(customerName(id)) is not matched; use Match To.") }
            } else if status.state == .matched {
                throw ActionError("\(customerName(id)) is already matched; use Change Match.")
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

        case .createOrganization(let ids):
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
                    skipped.append("IT Glue already has \"\(workspace.matcher.organizations[Int(existing)].name)\"; use Match To")
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

        case .ignore(let ids):
            for id in ids {
                let status = try checkCustomer(id)
                guard status.state != .ignored else { skipped.append("\(customerName(id)) is already ignored"); continue }
                setCustomer(id, .ignored)
            }
            summary = edits.count == 1 ? "Ignored \(customerName(ids[0]))" : "Ignored \(plural(edits.count, "customer"))"

        case .unignore(let ids):
            for id in ids {
                let status = try checkCustomer(id)
                guard status.state == .ignored else { skipped.append("\(customerName(id)) is not ignored"); continue }
                setCustomer(id, nil)
            }
            summary = edits.count == 1 ? "Unignored \(customerName(ids[0]))" : "Unignored \(plural(edits.count, "customer"))"

        case .revertMatch(let ids):
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

        case .acceptDeviceSuggestion(let ids):
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

        case let .matchDevice(id, configurationID), let .changeDeviceMatch(id, configurationID):
            let (_, status, organization) = try checkAsset(id)
            guard let organization else {
                throw ActionError("\(assetName(id)) belongs to a customer that is not matched to an IT Glue organization.")
            }
            guard let configuration = catalog.configuration(configurationID), configuration.organizationID == organization else {
                throw ActionError("Configuration #\(configurationID) is not in \(organizationName(organization)).")
            }
            if case .changeDeviceMatch = action {
                guard status.state == .matched else { throw ActionError("\(assetName(id)) is not matched; use Match To.") }
            } else if status.state == .matched {
                throw ActionError("\(assetName(id)) is already matched; use Change Match.")
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

        case .createConfiguration(let ids):
            try planCreateConfigurations(ids)

        case .createAllConfigurations(let organizationID):
            guard catalog.organization(organizationID) != nil else {
                throw ActionError("IT Glue organization #\(organizationID) does not exist.")
            }
            let preview = workspace.bulkCreatePreview(organizationID: organizationID)
            guard !preview.assets.isEmpty else {
                throw ActionError("\(organizationName(organizationID)) has no unmatched devices left to create.")
            }
            try planCreateConfigurations(preview.assets)

        case .ignoreDevice(let ids):
            for id in ids {
                let (_, status, _) = try checkAsset(id)
                guard status.state != .ignored else { skipped.append("\(assetName(id)) is already ignored"); continue }
                setAsset(id, .ignored)
            }
            summary = edits.count == 1 ? "Ignored \(assetName(ids[0]))" : "Ignored \(plural(edits.count, "device"))"

        case .unignoreDevice(let ids):
            for id in ids {
                let (_, status, _) = try checkAsset(id)
                guard status.state == .ignored else { skipped.append("\(assetName(id)) is not ignored"); continue }
                setAsset(id, nil)
            }
            summary = edits.count == 1 ? "Unignored \(assetName(ids[0]))" : "Unignored \(plural(edits.count, "device"))"

        case .revertDeviceMatch(let ids):
            var last = ""
            for id in ids {
                let (_, status, _) = try checkAsset(id)
                guard status.state == .matched else { skipped.append("\(assetName(id)) is not matched"); continue }
                if status.pendingClass != nil {
                    setAsset(id, nil)
                    last = "Cancelled creating a configuration for \(assetName(id))"
                } else if let configuration = status.configurationID {
                    setAsset(id, .unmatched(rejectedConfigurationID: configuration))
                    last = "Reverted match of \(assetName(id)) (was \(configurationName(configuration)))"
                }
            }
            summary = edits.count == 1 ? last : "Reverted \(plural(edits.count, "device match"))"

        case let .organizationCreated(ids, organization):
            for id in ids {
                guard case .createOrganization? = workspace.customerDecisions[id] else {
                    skipped.append("\(customerName(id)) was not waiting for an organization")
                    continue
                }
                setCustomer(id, .matched(organizationID: organization.id, origin: .created))
            }
            createdOrganizations = [organization]
            summary = "Created organization \"\(organization.name)\" in IT Glue"

        case .configurationsRetired(let ids):
            for id in ids {
                guard case .matched? = workspace.deviceDecisions[id], catalog.asset(id) == nil else {
                    skipped.append("asset #\(id) is not a vanished device with a match")
                    continue
                }
                setAsset(id, nil)
            }
            summary = "Marked \(plural(edits.count, "configuration")) Inactive in IT Glue (their Syncro assets are gone)"

        case .configurationsCreated(let created):
            for (id, configuration) in created.sorted(by: { $0.key < $1.key }) {
                guard case .createConfiguration? = workspace.deviceDecisions[id] else {
                    skipped.append("\(assetName(id)) was not waiting for a configuration")
                    continue
                }
                setAsset(id, .matched(configurationID: configuration.id, origin: .created))
                createdConfigurations.append(configuration)
            }
            summary = createdConfigurations.count == 1
                ? "Created configuration \"\(createdConfigurations[0].name)\" in IT Glue"
                : "Created \(createdConfigurations.count) configurations in IT Glue"
        }
    }

    private mutating func planCreateConfigurations(_ ids: [Int]) throws(ActionError) {
        var counts: [DeviceClass: Int] = [:]
        var firstName = ""
        for id in ids {
            let (asset, status, organization) = try checkAsset(id)
            guard organization != nil else {
                skipped.append("\(assetName(id)) belongs to a customer without an IT Glue organization")
                continue
            }
            guard status.state == .unmatched else { skipped.append("\(assetName(id)) is not unmatched"); continue }
            let deviceClass = DeviceClass.classify(asset)
            guard workspace.typeMapping[deviceClass] != nil else {
                skipped.append("no configuration type is mapped for \(deviceClass.title) (press t)")
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
