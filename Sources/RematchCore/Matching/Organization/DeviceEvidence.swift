extension OrganizationPipeline {
    /// The name suggestions with the customers' devices as a second witness: where a customer's own serials and
    /// MACs are documented (``IdentityIndex/devicesDocumented(ofCustomer:)``). Devices never make an auto-link by
    /// themselves; they settle what names cannot (namesakes, identically named organizations), back a name up,
    /// and hold back a name suggestion they contradict, but never an exact name unique on both sides.
    static func withDeviceEvidence(_ suggestions: [Int: OrganizationSuggestion], identities: IdentityIndex,
                                   matcher: OrganizationMatcher, catalog: Catalog) -> [Int: OrganizationSuggestion] {
        var result = suggestions
        for (id, suggestion) in suggestions {
            guard let customer = catalog.customer(id), let votes = identities.devicesDocumented(ofCustomer: id) else { continue }
            let name = matcher.analyzed(customer)
            if suggestion.isAmbiguous, let settled = settled(suggestion, votes: votes, name: name, customer: customer,
                                                             matcher: matcher, catalog: catalog) {
                result[id] = settled
                continue
            }
            guard let documented = votes.majority, let index = catalog.organizationIndex[documented.organizationID],
                  catalog.organizations[index].notOfferedBecause == nil else { continue }
            result[id] = combine(suggestion, documented: documented, organization: catalog.organizations[index],
                                 name: matcher.similarity(of: name, isPerson: customer.isResidential, toOrganizationAt: index))
        }
        return result
    }

    /// A name several organizations answer equally (namesakes, an organization entered twice): the one that holds
    /// the customer's devices, when exactly one name-alike organization holds any and none holds more.
    static func settled(_ suggestion: OrganizationSuggestion, votes: IdentityIndex.Votes, name customerName: AnalyzedName,
                        customer: Customer, matcher: OrganizationMatcher, catalog: Catalog) -> OrganizationSuggestion? {
        guard let most = votes.organizations.first?.devices else { return nil }
        var alike: [(index: Int, name: NameSimilarity)] = []
        for entry in votes.organizations {
            guard let index = catalog.organizationIndex[entry.id], catalog.organizations[index].notOfferedBecause == nil else { continue }
            let name = matcher.similarity(of: customerName, isPerson: customer.isResidential, toOrganizationAt: index)
            if name.score >= 0.9 { alike.append((index, name)) }
        }
        guard alike.count == 1, let (index, name) = alike.first, let documented = votes.documented(catalog.organizations[index].id),
              documented.devices == most else { return nil }
        return combine(suggestion, documented: documented, organization: catalog.organizations[index], name: name)
    }

    /// How many devices documented in an organization whose name is unlike the customer's make a suggestion.
    static let devicesAloneMinimum = 3

    static func combine(_ suggestion: OrganizationSuggestion, documented: IdentityIndex.Documented,
                        organization: Organization, name: NameSimilarity) -> OrganizationSuggestion {
        // A name exact and unique on both sides wins: devices documented elsewhere are then misfiled devices to
        // move ("possibly moved"), not a reason to link elsewhere (a neighbour's organization that holds them).
        if suggestion.isAutoLink { return suggestion }
        let devices = documented.reason(organizationName: organization.name)
        var out = suggestion
        let others = ([suggestion.best].compactMap { $0 } + suggestion.alternatives).filter { $0.organizationID != organization.id }
        if name.score >= OrganizationMatcher.suggestionFloor {
            // The names are alike and the devices are there: one business, whatever else shares the name. Below 1,
            // so the devices never make an auto-link.
            let score = min(0.99, max(name.score, 0.95))
            out.best = OrganizationCandidate(organizationID: organization.id, name: organization.name, score: score,
                                             reason: "\(devices); name: \(name.reason)")
            out.alternatives = Array(others.prefix(3))
            out.isAutoLink = false
            out.isAmbiguous = false
            return out
        }
        if suggestion.isPlain, var best = suggestion.best {
            // A name suggestion the devices contradict is for a person to look at; one device may just have moved.
            guard documented.devices >= 2 else { return suggestion }
            best.reason = "\(best.reason); but \(devices)"
            best.score = OrganizationMatcher.ambiguous(best.score)
            out.best = best
            out.isAutoLink = false
            out.isAmbiguous = true
            return out
        }
        let strong = documented.devices >= devicesAloneMinimum
        let reason = "\(strong ? "" : "weak: ")\(devices); the names differ (\(name.reason))"
        out.best = OrganizationCandidate(organizationID: organization.id, name: organization.name,
                                         score: strong ? 0.8 : 0.55, reason: reason)
        out.alternatives = Array(others.prefix(3))
        out.isAutoLink = false
        out.isAmbiguous = false
        return out
    }
}
