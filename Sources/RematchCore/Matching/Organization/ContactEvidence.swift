extension OrganizationPipeline {
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
                  suggestion.best?.caveats.contains(.branch) != true else { continue }
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
}
