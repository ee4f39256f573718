/// Devices documented by their own identifiers in another organization than their customer's (``MovedDevice``).
enum MovedDevices {
    /// Marks each device of `customers` (matched to `organizationID`) whose own serial or MAC is documented in another
    /// organization's configuration: never an auto-link (its identifiers point two ways: a person decides), and a
    /// person may move that configuration here. The caller passes only customers whose organization is settled.
    static func flag(_ suggestions: inout [Int: DeviceSuggestion], ofCustomers customers: [Int], in organizationID: String,
                     catalog: Catalog, identities: IdentityIndex) {
        for customer in customers {
            for position in catalog.assetsByCustomer[customer] ?? [] {
                let id = catalog.assets[position].id
                guard var suggestion = suggestions[id],
                      let (configuration, hits) = identities.documentedElsewhere(assetAt: position, notIn: organizationID),
                      let organization = catalog.organization(configuration.organizationID) else { continue }
                let moved = MovedDevice(configurationID: configuration.id, configurationName: configuration.name,
                                        organizationID: organization.id, organizationName: organization.name,
                                        evidence: hits.map { DeviceEvidence(kind: $0.kind, value: $0.value) })
                suggestion.moved = moved
                if suggestion.isAutoLink, var best = suggestion.best {
                    best.reason += "; but " + moved.reason
                    suggestion.best = best
                    suggestion.isAutoLink = false
                    suggestion.isAmbiguous = true
                }
                suggestions[id] = suggestion
            }
        }
    }
}
