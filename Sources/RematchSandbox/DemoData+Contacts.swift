import RematchCore

extension Builder {
    /// The domains and location phones IT Glue documents for organizations, from their own random stream (the
    /// rest of the data is the same with or without them): a share of the businesses that have a counterpart get
    /// their email's domain and their phone there, as an MSP's documentation holds them. And what real accounts
    /// hold besides: the MSP's own number on several customers' locations and on a few Syncro customers (an
    /// MSP types its number where the customer has none), and one domain two organizations share (a parent and a
    /// subsidiary).
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
    }

    /// The MSP's own main number.
    static let mspPhone = "555-010-2000"
}
