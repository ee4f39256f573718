import Foundation

extension SyncChanges {
    /// The changes from the workspace before a sync to the one built over its snapshot. Each list is one pass
    /// over the records with the catalogs' id indexes (no pairwise comparison), in id order.
    public init(before: Workspace, after: Workspace, at date: Date) {
        let old = before.catalog, new = after.catalog
        at = date
        totals = Totals(customers: new.customers.count, devices: new.assets.count,
                        organizations: new.organizations.count, configurations: new.configurations.count)
        isFirstSync = old.customers.isEmpty && old.assets.isEmpty
        guard !isFirstSync else { return }
        compareCustomers(old, new)
        compareDevices(old, new)
        for organization in new.organizations where old.organization(organization.id) == nil {
            newOrganizations.append(RecordItem(id: organization.id, name: organization.name))
        }
        for organization in old.organizations where new.organization(organization.id) == nil {
            vanishedOrganizations.append(RecordItem(id: organization.id, name: organization.name))
        }
        for configuration in new.configurations where old.configuration(configuration.id) == nil {
            newConfigurations.append(Self.item(configuration, in: new))
        }
        for configuration in old.configurations where new.configuration(configuration.id) == nil {
            vanishedConfigurations.append(Self.item(configuration, in: old))
        }
        lostExactMatches = Self.lostExactMatches(before, after)
        vanishedMatches = Self.vanishedMatches(before, after)
        vanishedDecisions = Self.vanishedDecisions(before, after, matched: Set(vanishedMatches.map(\.assetID)))
        for name in [\SyncChanges.newOrganizations, \.vanishedOrganizations, \.newConfigurations, \.vanishedConfigurations] {
            self[keyPath: name].sort { ($0.id.count, $0.id) < ($1.id.count, $1.id) }
        }
    }

    private static func item(_ configuration: Configuration, in catalog: Catalog) -> RecordItem {
        RecordItem(id: configuration.id, name: configuration.name,
                   organizationName: catalog.organization(configuration.organizationID)?.name ?? "#\(configuration.organizationID)")
    }

    private mutating func compareCustomers(_ old: Catalog, _ new: Catalog) {
        for customer in new.customers {
            if let previous = old.customer(customer.id) {
                if previous.displayName != customer.displayName {
                    renamedCustomers.append(CustomerItem(id: customer.id, name: customer.displayName, previousName: previous.displayName))
                }
            } else {
                newCustomers.append(CustomerItem(id: customer.id, name: customer.displayName))
            }
        }
        for customer in old.customers where new.customer(customer.id) == nil {
            vanishedCustomers.append(CustomerItem(id: customer.id, name: customer.displayName))
        }
        for name in [\SyncChanges.newCustomers, \.vanishedCustomers, \.renamedCustomers] { self[keyPath: name].sort { $0.id < $1.id } }
    }

    private mutating func compareDevices(_ old: Catalog, _ new: Catalog) {
        func item(_ asset: Asset, _ catalog: Catalog, previousName: String? = nil) -> DeviceItem {
            DeviceItem(id: asset.id, name: asset.name, previousName: previousName, customerID: asset.customerID,
                       customerName: catalog.customer(asset.customerID)?.displayName ?? "#\(asset.customerID)")
        }
        for asset in new.assets {
            if let previous = old.asset(asset.id) {
                if previous.name != asset.name { renamedDevices.append(item(asset, new, previousName: previous.name)) }
            } else {
                newDevices.append(item(asset, new))
            }
        }
        for asset in old.assets where new.asset(asset.id) == nil { vanishedDevices.append(item(asset, old)) }
        for name in [\SyncChanges.newDevices, \.vanishedDevices, \.renamedDevices] { self[keyPath: name].sort { $0.id < $1.id } }
    }

    /// Customers linked by an exact name before and not matched now: a second organization of the same name, the
    /// organization gone or renamed, or the customer renamed.
    private static func lostExactMatches(_ before: Workspace, _ after: Workspace) -> [LostExactMatch] {
        var lost: [LostExactMatch] = []
        for id in before.customerIDs {
            let was = before.status(ofCustomer: id)
            guard was.origin == .automatic, let organizationID = was.organizationID,
                  let customer = after.catalog.customer(id), after.catalog.assetsByCustomer[id] != nil else { continue }
            let now = after.status(ofCustomer: id)
            guard now.state != .matched else { continue }
            let suggestion = now.suggestion.best
            let reason: String
            let twins = after.matcher.sameName(as: customer.displayName).filter { $0.notOfferedBecause == nil }
            if after.catalog.organization(organizationID) == nil {
                reason = "IT Glue organization #\(organizationID) no longer exists"
            } else if now.suggestion.isAmbiguous, let suggestion {
                reason = suggestion.reason.hasPrefix("ambiguous: ") ? String(suggestion.reason.dropFirst(11)) : suggestion.reason
            } else if twins.count > 1 {
                // Devices may still tell which one it is: that is the suggestion now, never a link by itself.
                reason = "\(twins.count) IT Glue organizations share this name" + (suggestion.map { "; suggested: \($0.reason)" } ?? "")
            } else {
                reason = "the names no longer match exactly"
            }
            lost.append(LostExactMatch(customerID: id, customerName: customer.displayName, organizationID: organizationID,
                                       organizationName: before.catalog.organization(organizationID)?.name ?? "#\(organizationID)",
                                       reason: reason, suggestion: suggestion))
        }
        return lost.sorted { $0.customerID < $1.customerID }
    }

    /// Devices matched before (by any origin) that are gone from Syncro now.
    private static func vanishedMatches(_ before: Workspace, _ after: Workspace) -> [VanishedMatch] {
        var gone: [VanishedMatch] = []
        for asset in before.catalog.assets where after.catalog.asset(asset.id) == nil {
            let status = before.status(ofAsset: asset.id)
            guard let configurationID = status.configurationID, let origin = status.origin else { continue }
            gone.append(VanishedMatch(
                assetID: asset.id, assetName: asset.name,
                customerName: before.catalog.customer(asset.customerID)?.displayName ?? "#\(asset.customerID)",
                configurationID: configurationID,
                configurationName: before.catalog.configuration(configurationID)?.name ?? "#\(configurationID)", origin: origin))
        }
        return gone.sorted { $0.assetID < $1.assetID }
    }

    /// Decisions kept over the new snapshot whose record this sync found gone; matched devices that vanished
    /// are listed with their configuration instead.
    private static func vanishedDecisions(_ before: Workspace, _ after: Workspace, matched: Set<Int>) -> [VanishedDecision] {
        let old = before.catalog, new = after.catalog
        var found: [VanishedDecision] = []
        /// Lists a decision whose own record is gone, else one whose IT Glue record (kind, id) is gone.
        func check(_ subject: VanishedDecision.Subject, _ id: Int, name: String, decision: String, recordGone: Bool,
                   target: (kind: String, name: String?, id: String)?) {
            let reason: String
            if recordGone {
                reason = "the \(subject.rawValue) is gone from Syncro"
            } else if let target, let name = target.name {
                reason = "IT Glue \(target.kind) \(name) (#\(target.id)) is gone"
            } else {
                return
            }
            found.append(VanishedDecision(subject: subject, id: id, name: name, decision: decision, reason: reason))
        }
        for (id, decision) in after.customerDecisions {
            var target: (kind: String, name: String?, id: String)?
            if case .matched(let organization, _) = decision, new.organization(organization) == nil {
                target = ("organization", old.organization(organization)?.name, organization)
            }
            check(.customer, id, name: (new.customer(id) ?? old.customer(id))?.displayName ?? "Customer #\(id)",
                  decision: decision.auditText, recordGone: old.customer(id) != nil && new.customer(id) == nil, target: target)
        }
        for (id, decision) in after.deviceDecisions where !matched.contains(id) {
            var target: (kind: String, name: String?, id: String)?
            if case .matched(let configuration, _) = decision, new.configuration(configuration) == nil {
                target = ("configuration", old.configuration(configuration)?.name, configuration)
            }
            check(.device, id, name: (new.asset(id) ?? old.asset(id))?.name ?? "Asset #\(id)",
                  decision: decision.auditText, recordGone: old.asset(id) != nil && new.asset(id) == nil, target: target)
        }
        return found.sorted { ($0.subject == .customer ? 0 : 1, $0.id) < ($1.subject == .customer ? 0 : 1, $1.id) }
    }
}
