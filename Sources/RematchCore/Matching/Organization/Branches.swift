extension OrganizationPipeline {
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
                best.caveats.insert(.branch)
                suggestion.best = best
                result[claim.customer] = suggestion
            }
        }
        return result
    }
}
