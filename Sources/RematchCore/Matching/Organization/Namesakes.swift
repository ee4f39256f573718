extension OrganizationPipeline {
    /// An exact name is unique evidence only when one Syncro customer holds it: namesakes (two residential
    /// "John Smith"s, a business entered twice, a former customer of the same name) whose exact name is one
    /// organization's become ambiguous proposals, for a person to tell apart. Every Syncro customer counts, also
    /// one without assets that no tab shows: the organization may be that namesake's.
    static func unshared(_ suggestions: [Int: OrganizationSuggestion], catalog: Catalog,
                         matcher: OrganizationMatcher) -> [Int: OrganizationSuggestion] {
        var claims: [String: [Int]] = [:]
        for (id, suggestion) in suggestions where !suggestion.isAmbiguous {
            if let best = suggestion.best, best.score >= 1 { claims[best.organizationID, default: []].append(id) }
        }
        if !claims.isEmpty {
            for customer in catalog.customers where suggestions[customer.id] == nil {
                for organization in matcher.sameName(as: customer.displayName) where claims[organization.id] != nil {
                    claims[organization.id]!.append(customer.id)
                }
            }
        }
        var result = suggestions
        for (_, claimants) in claims where claimants.count > 1 {
            let names = claimants.sorted().compactMap { catalog.customer($0)?.displayName }
            for id in claimants {
                guard var suggestion = result[id], var best = suggestion.best else { continue }
                best.reason = "ambiguous: \(claimants.count) Syncro customers share this name (\(names.prefix(3).joined(separator: ", ")))"
                best.score = 0.6
                suggestion.best = best
                suggestion.isAutoLink = false
                suggestion.isAmbiguous = true
                result[id] = suggestion
            }
        }
        return result
    }
}
