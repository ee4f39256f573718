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
    /// Remote effect: IT Glue refused to create the organization these customers were waiting for; they are
    /// unmatched again.
    case organizationRefused(customers: [Int])
    /// Remote effect: these configurations, matched to assets gone from Syncro, were marked Inactive in
    /// IT Glue; the decisions about the vanished assets are closed.
    case configurationsRetired(assets: [Int])
    /// Remote effect: IT Glue created the configurations these assets were waiting for (asset id → record).
    case configurationsCreated([Int: Configuration])
    /// Remote effect: IT Glue refused to create these assets' configurations; they are unmatched again.
    case configurationsRefused(assets: [Int])

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
        case .organizationRefused: "organization-refused"
        case .configurationsRefused: "configuration-refused"
        }
    }
}

/// What a bulk create would do, for the preview before it.
public struct BulkCreatePreview: Sendable, Hashable {
    public var assets: [Int]
    public var countsByClass: [DeviceClass: Int]
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
        case .organizationCreated, .organizationRefused, .configurationsCreated, .configurationsRefused, .configurationsRetired:
            isRemote = true
        default: isRemote = false
        }
        return Change(action: action.name, edits: planner.edits, at: date, user: user, summary: summary,
                      history: isRemote ? .none : .push, createdOrganizations: planner.createdOrganizations,
                      createdConfigurations: planner.createdConfigurations, skipped: planner.skipped)
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

    /// Unmatched customers whose suggestion is unambiguous and scores at least `minimumScore`, in list order:
    /// what accepting suggestions in bulk takes.
    public func confidentSuggestions(minimumScore: Double) -> [(customer: Int, suggestion: OrganizationCandidate)] {
        customers(in: .unmatched).compactMap { id in
            let suggestion = status(ofCustomer: id).suggestion
            guard !suggestion.isAmbiguous, let best = suggestion.best, best.score >= minimumScore else { return nil }
            return (id, best)
        }
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
        return BulkCreatePreview(assets: assets.map(\.id), countsByClass: counts, withSuggestion: withSuggestion)
    }
}
