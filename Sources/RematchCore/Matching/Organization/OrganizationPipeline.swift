/// Every customer's organization proposal, the rules in the order they apply: first the names
/// (``OrganizationMatcher``), then the rules that look across the whole account, each a pass from suggestions to
/// suggestions in a file of its own in this folder:
///
/// 1. **Namesakes** (`Namesakes.swift`): an exact name several Syncro customers hold is no auto-link.
/// 2. **Branches** (`Branches.swift`): a branch suggested the plain name's organization is weak where that
///    organization stands for one place.
/// 3. **Contact evidence** (`ContactEvidence.swift`): email domains and phones one organization alone documents.
/// 4. **Device evidence** (`DeviceEvidence.swift`): the customer's devices documented in an organization, the
///    strongest witness, last.
///
/// A later pass reads what an earlier one found from the candidate's ``OrganizationCandidate/caveats``, never from
/// its reason's words.
enum OrganizationPipeline {
    static func proposals(for ids: [Int], catalog: Catalog, matcher: OrganizationMatcher, contacts: ContactIndex,
                          identities: IdentityIndex) -> [Int: OrganizationSuggestion] {
        // The name pass is pure per customer, so it runs on all cores.
        let suggested = Parallel.flatMap(ids.count) { range -> [(Int, OrganizationSuggestion)] in
            var scratch = OrganizationMatcher.Scratch(matcher: matcher)
            return ids[range].map { ($0, matcher.suggest(for: catalog.customer($0)!, scratch: &scratch)) }
        }
        let byName = Dictionary(suggested, uniquingKeysWith: { first, _ in first })
        let namesakes = unshared(byName, catalog: catalog, matcher: matcher)
        let branches = branchesKeptApart(namesakes, matcher: matcher, catalog: catalog)
        let contact = withContactEvidence(branches, contacts: contacts, matcher: matcher, catalog: catalog)
        return withDeviceEvidence(contact, identities: identities, matcher: matcher, catalog: catalog)
    }
}
