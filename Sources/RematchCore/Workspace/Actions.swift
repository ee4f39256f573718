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
    /// Every remaining unmatched device of the customers matched to an organization, except those with a
    /// suggestion or possible match unless `includingSuggested` (a match may be better than a new record).
    case createAllConfigurations(organizationID: String, includingSuggested: Bool = false)
    case ignoreDevice(assets: [Int])
    case unignoreDevice(assets: [Int])
    case revertDeviceMatch(assets: [Int])
    /// Moves the configuration each device is documented in elsewhere (``DeviceSuggestion/moved``) into its
    /// customer's organization, at the next write; refused for a configuration a PSA keeps or another device holds.
    case moveDevice(assets: [Int])

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
    /// Remote effect: IT Glue moved these assets' configurations into their customers' organizations (asset id →
    /// the record as IT Glue answered).
    case configurationsMoved([Int: Configuration])
    /// Remote effect: IT Glue refused (or did not carry out) these moves; the devices are unmatched again.
    case configurationMovesRefused(assets: [Int])
    /// Sync effect: these assets, matched automatically (asset id → configuration id), are gone from the next
    /// snapshot. An automatic match is derived, so it is stored here, or the configuration could not be retired.
    case rememberVanishedMatches([Int: String])

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
        case .moveDevice: "move-device"
        case .configurationsMoved: "configuration-moved"
        case .configurationMovesRefused: "configuration-move-refused"
        case .organizationCreated: "organization-created"
        case .configurationsCreated: "configuration-created"
        case .configurationsRetired: "configuration-retired"
        case .organizationRefused: "organization-refused"
        case .configurationsRefused: "configuration-refused"
        case .rememberVanishedMatches: "remember-vanished-match"
        }
    }
}

/// What a bulk create would do, for the preview before it.
public struct BulkCreatePreview: Sendable, Hashable {
    /// The devices it creates configurations for, in list order.
    public var assets: [Int]
    public var countsByClass: [DeviceClass: Int]
    /// Unmatched devices with a suggestion or possible match: left out unless included on purpose, since
    /// matching them is likely better than a second record (included, they are also in `assets`).
    public var withSuggestion: [Int]
    public var includingSuggested: Bool
}

/// What accepting suggestions in bulk takes, and what it leaves out and why: one rule for the console and
/// the commands.
public struct BulkAcceptPlan: Sendable, Hashable {
    /// Why a customer is left out, in the order the preview lists the groups.
    public enum Exclusion: Int, Sendable, Hashable, Comparable, CaseIterable {
        case ambiguous, belowThreshold, noSuggestion, notUnmatched

        public static func < (a: Exclusion, b: Exclusion) -> Bool { a.rawValue < b.rawValue }
    }

    /// One customer it accepts and the organization it links to.
    public struct Row: Sendable, Hashable {
        public var customer: Int
        public var suggestion: OrganizationCandidate
    }

    public var minimumScore: Double
    /// What it accepts, in list order.
    public var accepted: [Row]
    public var excluded: [Exclusion: [Int]]

    /// The default threshold: a suggestion below it is left for a person to look at. It is the one the
    /// measurement on generated accounts supports (the Matching article's calibration table; `MatchingQualityTests` keeps
    /// the two in step).
    public static let defaultMinimumScore = 0.9
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
        case .organizationCreated, .organizationRefused, .configurationsCreated, .configurationsRefused, .configurationsRetired,
             .configurationsMoved, .configurationMovesRefused, .rememberVanishedMatches:
            // Not undoable: undoing a remembered match would forget it once its device is gone.
            isRemote = true
        default: isRemote = false
        }
        return Change(action: action.name, edits: planner.edits, at: date, user: user, summary: summary,
                      history: isRemote ? .none : .push, createdOrganizations: planner.createdOrganizations,
                      createdConfigurations: planner.createdConfigurations, updatedConfigurations: planner.updatedConfigurations,
                      skipped: planner.skipped)
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

    /// The bulk accept of `customers` (all of them in list order; the Unmatched tab, or a selection): only
    /// unmatched customers with an unambiguous suggestion scoring at least `minimumScore` are taken.
    public func bulkAcceptPlan(customers ids: [Int], minimumScore: Double) -> BulkAcceptPlan {
        var plan = BulkAcceptPlan(minimumScore: minimumScore, accepted: [], excluded: [:])
        for id in ids {
            let status = status(ofCustomer: id)
            let exclusion: BulkAcceptPlan.Exclusion
            if status.state != .unmatched { exclusion = .notUnmatched }
            else if let best = status.suggestion.best {
                if status.suggestion.isAmbiguous { exclusion = .ambiguous }
                else if best.score < minimumScore { exclusion = .belowThreshold }
                else {
                    plan.accepted.append(.init(customer: id, suggestion: best))
                    continue
                }
            } else { exclusion = .noSuggestion }
            plan.excluded[exclusion, default: []].append(id)
        }
        return plan
    }

    /// The unmatched devices a bulk create would create, grouped for the preview. Devices with a suggestion or a
    /// possible match are left out unless `includingSuggested`.
    public func bulkCreatePreview(organizationID: String, includingSuggested: Bool = false) -> BulkCreatePreview {
        let unmatched = customers(matchedTo: organizationID).flatMap { self.assets(ofCustomer: $0, in: .unmatched) }
        var counts: [DeviceClass: Int] = [:]
        var assets: [Int] = []
        var withSuggestion: [Int] = []
        for asset in unmatched {
            // A suggestion the person already rejected (a reverted match) is no possible match.
            var rejected: String?
            if case .unmatched(let configurationID)? = deviceDecisions[asset.id] { rejected = configurationID }
            // So is a device documented in another organization: moving that configuration beats a second one.
            let suggestion = status(ofAsset: asset.id).suggestion
            let suggested = suggestion.moved != nil || (suggestion.best.map { $0.configurationID != rejected } ?? false)
            if suggested { withSuggestion.append(asset.id) }
            guard includingSuggested || !suggested else { continue }
            assets.append(asset.id)
            counts[deviceClass(of: asset), default: 0] += 1
        }
        return BulkCreatePreview(assets: assets, countsByClass: counts, withSuggestion: withSuggestion,
                                 includingSuggested: includingSuggested)
    }
}
