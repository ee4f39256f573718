import Foundation

/// Builds the edits of one action, collecting what it had to skip and why.
struct Planner {
    let workspace: Workspace
    var edits: [Edit] = []
    var skipped: [String] = []
    var summary = ""
    var createdOrganizations: [Organization] = []
    var createdConfigurations: [Configuration] = []
    var updatedConfigurations: [Configuration] = []

    init(workspace: Workspace) { self.workspace = workspace }

    var catalog: Catalog { workspace.catalog }

    func customerName(_ id: Int) -> String { "\"\(catalog.customer(id)?.displayName ?? "#\(id)")\"" }
    func assetName(_ id: Int) -> String { "\"\(catalog.asset(id)?.name ?? "#\(id)")\"" }
    func organizationName(_ id: String) -> String { catalog.organization(id)?.name ?? "#\(id)" }
    func configurationName(_ id: String) -> String { catalog.configuration(id)?.name ?? "#\(id)" }

    mutating func setCustomer(_ id: Int, _ after: CustomerDecision?) {
        edits.append(.customer(id: id, before: workspace.customerDecisions[id], after: after))
    }

    mutating func setAsset(_ id: Int, _ after: DeviceDecision?) {
        edits.append(.asset(id: id, before: workspace.deviceDecisions[id], after: after))
    }

    func checkCustomer(_ id: Int) throws(ActionError) -> CustomerStatus {
        guard catalog.customer(id) != nil, catalog.assetsByCustomer[id] != nil else {
            throw ActionError("Syncro customer #\(id) is not in the current snapshot.")
        }
        return workspace.status(ofCustomer: id)
    }

    func checkAsset(_ id: Int) throws(ActionError) -> (Asset, DeviceStatus, organization: String?) {
        guard let asset = catalog.asset(id) else { throw ActionError("Syncro asset #\(id) is not in the current snapshot.") }
        return (asset, workspace.status(ofAsset: id), workspace.status(ofCustomer: asset.customerID).organizationID)
    }

    func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }

    mutating func run(_ action: Action) throws(ActionError) {
        switch action {
        case .acceptSuggestion(let ids): try acceptSuggestion(ids)
        case let .matchTo(id, organizationID): try match(id, to: organizationID, changing: false)
        case let .changeMatch(id, organizationID): try match(id, to: organizationID, changing: true)
        case .createOrganization(let ids): try createOrganization(ids)
        case .ignore(let ids): try ignore(ids)
        case .unignore(let ids): try unignore(ids)
        case .revertMatch(let ids): try revertMatch(ids)
        case .acceptDeviceSuggestion(let ids): try acceptDeviceSuggestion(ids)
        case let .matchDevice(id, configurationID): try matchDevice(id, to: configurationID, changing: false)
        case let .changeDeviceMatch(id, configurationID): try matchDevice(id, to: configurationID, changing: true)
        case .createConfiguration(let ids): try planCreateConfigurations(ids)
        case let .createAllConfigurations(organizationID, includingSuggested):
            try createAllConfigurations(organizationID, includingSuggested: includingSuggested)
        case .ignoreDevice(let ids): try ignoreDevice(ids)
        case .unignoreDevice(let ids): try unignoreDevice(ids)
        case .revertDeviceMatch(let ids): try revertDeviceMatch(ids)
        case .moveDevice(let ids): try moveDevice(ids)
        case .configurationsMoved(let moved): try configurationsMoved(moved)
        case .configurationMovesRefused(let ids): try configurationMovesRefused(ids)
        case let .organizationCreated(ids, organization): try organizationCreated(ids, organization)
        case .organizationRefused(let ids): try organizationRefused(ids)
        case .configurationsRetired(let ids): try configurationsRetired(ids)
        case .configurationsCreated(let created): try configurationsCreated(created)
        case .configurationsRefused(let ids): try configurationsRefused(ids)
        case .rememberVanishedMatches(let matches): rememberVanishedMatches(matches)
        }
    }
}

// MARK: Remote effects: what IT Glue did, reported back by the sync layer.

extension Planner {
    mutating func organizationCreated(_ ids: [Int], _ organization: Organization) throws(ActionError) {
        for id in ids {
            guard case .createOrganization? = workspace.customerDecisions[id] else {
                skipped.append("\(customerName(id)) was not waiting for an organization")
                continue
            }
            setCustomer(id, .matched(organizationID: organization.id, origin: .created))
        }
        createdOrganizations = [organization]
        summary = "Created organization \"\(organization.name)\" in IT Glue"
    }

    mutating func configurationsRetired(_ ids: [Int]) throws(ActionError) {
        for id in ids {
            guard case .matched? = workspace.deviceDecisions[id], catalog.asset(id) == nil else {
                skipped.append("asset #\(id) is not a vanished device with a match")
                continue
            }
            setAsset(id, nil)
        }
        summary = "Marked \(plural(edits.count, "configuration")) Inactive in IT Glue (their Syncro assets are gone)"
    }

    /// Stores the automatic matches of devices about to vanish, each only while it still holds.
    mutating func rememberVanishedMatches(_ matches: [Int: String]) {
        for (id, configurationID) in matches.sorted(by: { $0.key < $1.key }) {
            let status = workspace.status(ofAsset: id)
            guard workspace.deviceDecisions[id] == nil, status.origin == .automatic, status.configurationID == configurationID else {
                skipped.append("\(assetName(id)) is no longer matched automatically to \(configurationName(configurationID))")
                continue
            }
            setAsset(id, .matched(configurationID: configurationID, origin: .automatic))
        }
        summary = "Kept \(edits.count) automatic \(edits.count == 1 ? "match" : "matches") of devices gone from Syncro, so their configurations can be retired"
    }

    mutating func configurationsCreated(_ created: [Int: Configuration]) throws(ActionError) {
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

    mutating func organizationRefused(_ ids: [Int]) throws(ActionError) {
        for id in ids {
            guard case .createOrganization? = workspace.customerDecisions[id] else {
                skipped.append("\(customerName(id)) was not waiting for an organization")
                continue
            }
            setCustomer(id, nil)
        }
        summary = edits.count == 1
            ? "IT Glue refused to create the organization for \(customerName(ids[0])); it is unmatched again"
            : "IT Glue refused to create \(plural(edits.count, "organization")); those customers are unmatched again"
    }

    mutating func configurationsMoved(_ moved: [Int: Configuration]) throws(ActionError) {
        var into = ""
        for (id, configuration) in moved.sorted(by: { $0.key < $1.key }) {
            guard case .moveConfiguration(let configurationID, _)? = workspace.deviceDecisions[id], configurationID == configuration.id else {
                skipped.append("\(assetName(id)) was not waiting for that configuration to move")
                continue
            }
            setAsset(id, .matched(configurationID: configuration.id, origin: .moved))
            updatedConfigurations.append(configuration)
            into = organizationName(configuration.organizationID)
        }
        summary = updatedConfigurations.count == 1
            ? "Moved configuration \"\(updatedConfigurations[0].name)\" into \(into) in IT Glue"
            : "Moved \(plural(updatedConfigurations.count, "configuration")) in IT Glue"
    }

    mutating func configurationMovesRefused(_ ids: [Int]) throws(ActionError) {
        clearWaiting(ids, for: "a configuration to move") { if case .moveConfiguration = $0 { true } else { false } }
        summary = edits.count == 1
            ? "IT Glue did not move the configuration of \(assetName(ids[0])); it is unmatched again"
            : "IT Glue did not move \(plural(edits.count, "configuration")); those devices are unmatched again"
    }

    /// Takes back the decisions of devices that waited on IT Glue for something it did not do.
    private mutating func clearWaiting(_ ids: [Int], for what: String, _ isWaiting: (DeviceDecision) -> Bool) {
        for id in ids {
            guard let decision = workspace.deviceDecisions[id], isWaiting(decision) else {
                skipped.append("\(assetName(id)) was not waiting for \(what)")
                continue
            }
            setAsset(id, nil)
        }
    }

    mutating func configurationsRefused(_ ids: [Int]) throws(ActionError) {
        clearWaiting(ids, for: "a configuration") { if case .createConfiguration = $0 { true } else { false } }
        summary = "IT Glue refused to create \(plural(edits.count, "configuration")); those devices are unmatched again"
    }
}
