extension Workspace {
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

    /// The name suggestions with the customers' email domains and phones as a witness (``ContactIndex``). A domain
    /// or number one organization alone documents names a business, not which of its places, nor which of two
    /// names: it settles names several organizations answer equally and backs up a name that is alike (to at least
    /// 0.95); it holds back a plain name suggestion for another organization (ambiguous, for a person to look
    /// at); with a partial likeness or none it is only a weak suggestion. Never an auto-link, and nothing where
    /// locations differ (a business's branches share its domain). Devices, a stronger witness, come after.
    static func withContactEvidence(_ suggestions: [Int: OrganizationSuggestion], contacts: ContactIndex,
                                    matcher: OrganizationMatcher, catalog: Catalog) -> [Int: OrganizationSuggestion] {
        guard !contacts.isEmpty else { return suggestions }
        var result = suggestions
        for (id, suggestion) in suggestions {
            guard let customer = catalog.customer(id), !suggestion.isAutoLink,
                  suggestion.best?.reason.hasPrefix("weak: a branch") != true else { continue }
            let hits = contacts.hits(for: customer)
            guard let index = hits.first?.organizationIndex else { continue }
            // A branch and another place of the same business share the domain and often the number.
            if AnalyzedName.qualifier(of: customer.displayName) != nil || matcher.hasQualifier(organizationAt: index) { continue }
            let organization = catalog.organizations[index]
            let contact = ContactIndex.reason(hits, organizationName: organization.name)
            let name = matcher.similarity(of: matcher.analyzed(customer), isPerson: customer.isResidential, toOrganizationAt: index)
            let others = ([suggestion.best].compactMap { $0 } + suggestion.alternatives).filter { $0.organizationID != organization.id }
            var out = suggestion
            if name.score >= 0.9, !name.isPartial {
                // The names are alike and the customer's own domain or number is there: one business.
                out.best = OrganizationCandidate(organizationID: organization.id, name: organization.name,
                                                 score: min(0.97, max(name.score, 0.95)), reason: "\(contact); name: \(name.reason)")
            } else if suggestion.isPlain || suggestion.isAmbiguous, var best = suggestion.best {
                guard best.organizationID != organization.id else { continue }
                // The name says one organization, the contact another: a person decides.
                best.reason = "\(best.reason); but \(contact)"
                if !suggestion.isAmbiguous { best.score = OrganizationMatcher.ambiguous(best.score) }
                out.best = best
                out.isAmbiguous = true
                result[id] = out
                continue
            } else {
                // No suggestion, or a weak one: the contact is a hint, as weak as the name allows.
                let score = name.score >= OrganizationMatcher.suggestionFloor ? 0.6 : (hits.count > 1 ? 0.6 : 0.55)
                guard score > (suggestion.best?.score ?? 0) || suggestion.best?.organizationID == organization.id else { continue }
                let names = name.score >= OrganizationMatcher.suggestionFloor ? "name: \(name.reason)" : "the names differ (\(name.reason))"
                out.best = OrganizationCandidate(organizationID: organization.id, name: organization.name, score: score,
                                                 reason: "weak: \(contact); \(names)")
            }
            out.alternatives = Array(others.prefix(3))
            out.isAutoLink = false
            out.isAmbiguous = false
            result[id] = out
        }
        return result
    }

    /// A branch ("Acme - Aurora") suggested the organization of the plain name ("Acme") is a location note only
    /// while that organization can stand for the whole business. It is one place, so the suggestion is weak, when
    /// another Syncro customer has its exact name (the main office), when Syncro customers of two different
    /// branches would share it, or when IT Glue keeps branches apart ("Acme - Lakewood" beside it). The customer's
    /// devices, if documented there, still make it a strong suggestion (after this).
    static func branchesKeptApart(_ suggestions: [Int: OrganizationSuggestion], matcher: OrganizationMatcher,
                                  catalog: Catalog) -> [Int: OrganizationSuggestion] {
        var exactClaims: [String: Int] = [:]
        var branchClaims: [String: [(customer: Int, qualifier: String)]] = [:]
        for (id, suggestion) in suggestions {
            guard let best = suggestion.best, !suggestion.isAmbiguous, let customer = catalog.customer(id),
                  let index = catalog.organizationIndex[best.organizationID] else { continue }
            if best.score >= 1 { exactClaims[best.organizationID, default: 0] += 1; continue }
            guard !matcher.hasQualifier(organizationAt: index), let qualifier = AnalyzedName.qualifier(of: customer.displayName)
            else { continue }
            branchClaims[best.organizationID, default: []].append((id, qualifier))
        }
        var result = suggestions
        for (organizationID, claims) in branchClaims {
            guard let index = catalog.organizationIndex[organizationID] else { continue }
            let qualifiers = Set(claims.map { TextFolding.fold($0.qualifier) })
            let why: String
            if exactClaims[organizationID] != nil {
                why = "the main office in Syncro has this name"
            } else if qualifiers.count > 1 {
                why = "\(qualifiers.count) branches in Syncro would share it"
            } else if let branch = matcher.branches(ofOrganizationAt: index).first {
                why = "IT Glue keeps branches apart (\(branch.name))"
            } else {
                continue
            }
            for claim in claims {
                guard var suggestion = result[claim.customer], var best = suggestion.best else { continue }
                best.score = min(best.score, NameSimilarity.partialCap)
                best.reason = "weak: a branch; \(why): \(best.reason)"
                suggestion.best = best
                result[claim.customer] = suggestion
            }
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
