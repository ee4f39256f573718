import RematchCore

extension Builder {
    /// The domains and location phones IT Glue documents for organizations, from their own random stream (the
    /// rest of the data is the same with or without them): a share of the businesses that have a counterpart get
    /// their email's domain and their phone there, as an MSP's documentation holds them. And what real accounts
    /// hold besides: the MSP's own number on several customers' locations and on a few Syncro customers (an
    /// MSP types its number where the customer has none), its help-desk number on many Syncro customers but one
    /// organization, and one domain two organizations share (a parent and a subsidiary).
    mutating func addContacts() {
        var rng = SeededGenerator(seed: seed ^ 0xC047_AC75_0000_0013)
        let index = Dictionary(snapshot.organizations.indices.map { (snapshot.organizations[$0].id, $0) }, uniquingKeysWith: { first, _ in first })
        var documented: [Int] = []
        for (position, customer) in snapshot.customers.enumerated() where !customer.isResidential {
            guard let truth = truth[customer.id], let organization = index[truth] else { continue }
            if let email = customer.email, rng.chance(0.45), let at = email.lastIndex(of: "@") {
                snapshot.organizations[organization].domains.append(String(email[email.index(after: at)...]))
                documented.append(organization)
            }
            if let phone = customer.phone, rng.chance(0.35) {
                snapshot.organizations[organization].phones.append(rng.chance(0.5) ? phone : "(\(phone.prefix(3))) \(phone.dropFirst(4))")
            }
            if rng.chance(0.02) { snapshot.customers[position].phone = Self.mspPhone }
        }
        guard !snapshot.organizations.isEmpty else { return }
        for _ in 0..<max(3, snapshot.organizations.count / 50) {
            snapshot.organizations[rng.int(0...(snapshot.organizations.count - 1))].phones.append(Self.mspPhone)
        }
        if let shared = documented.first, let domain = snapshot.organizations[shared].domains.first {
            let other = rng.int(0...(snapshot.organizations.count - 1))
            if other != shared { snapshot.organizations[other].domains.append(domain) }
        }
        addHelpdeskNumber()
    }

    /// The MSP's help-desk number typed in as the phone of one business in twenty-five (from a stream of its own,
    /// so the rest of the data stays as it was) and documented on a single organization's location: unique in IT
    /// Glue, yet evidence for none of the customers that carry it.
    private mutating func addHelpdeskNumber() {
        var rng = SeededGenerator(seed: seed ^ 0x4E1D_E5C0_0000_0026)
        var carriers = 0
        for position in snapshot.customers.indices where !snapshot.customers[position].isResidential && rng.chance(0.04) {
            snapshot.customers[position].phone = Self.helpdeskPhone
            carriers += 1
        }
        guard carriers >= 2, !snapshot.organizations.isEmpty else { return }
        snapshot.organizations[rng.int(0...(snapshot.organizations.count - 1))].phones.append(Self.helpdeskPhone)
    }

    /// The MSP's own main number.
    static let mspPhone = "555-010-2000"
    /// The MSP's help-desk line.
    static let helpdeskPhone = "555-010-2100"
}
