import Foundation

/// The organizations' email domains and phone numbers, against a customer's own: a third witness beside names and
/// devices, as IT Glue's own Syncro integration suggests on name, email and phone. Only a value one organization
/// holds alone and one Syncro customer carries alone counts: an MSP's own number on many locations or customers,
/// or a domain two organizations or two customers share, says nothing of which one; nor does a free mail
/// provider's domain (gmail.com, outlook.com…), which residential customers use.
public struct ContactIndex: Sendable {
    /// One value that ties a customer to an organization.
    public struct Hit: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable { case emailDomain, phone }
        public var organizationIndex: Int
        public var kind: Kind
        /// As the reason shows it: the domain, or the customer's number as written.
        public var value: String
    }

    private let byDomain: [String: [Int32]]
    private let byPhone: [String: [Int32]]
    /// The domains and phones more than one Syncro customer carries: evidence for none of them.
    private let domainsShared: Set<String>, phonesShared: Set<String>

    /// Indexes the domains and phones of the organizations the matcher may offer (an Owner's, a Vendor's or an
    /// Inactive one's are left out, as they are from suggestions), and which of them several of `customers` carry
    /// (every Syncro customer counts, shown in the tabs or not).
    public init(organizations: [Organization], customers: [Customer]) {
        var domains: [String: [Int32]] = [:], phones: [String: [Int32]] = [:]
        for (index, organization) in organizations.enumerated() where organization.notOfferedBecause == nil {
            for domain in Set(organization.domains.compactMap(Self.domainKey)) { domains[domain, default: []].append(Int32(index)) }
            for phone in Set(organization.phones.compactMap(Self.phoneKey)) { phones[phone, default: []].append(Int32(index)) }
        }
        byDomain = domains
        byPhone = phones
        var seenDomains = Set<String>(), seenPhones = Set<String>(), sharedDomains = Set<String>(), sharedPhones = Set<String>()
        for customer in customers {
            if let domain = Self.emailDomain(customer.email), domains[domain] != nil, !seenDomains.insert(domain).inserted {
                sharedDomains.insert(domain)
            }
            if let phone = Self.phoneKey(customer.phone), phones[phone] != nil, !seenPhones.insert(phone).inserted {
                sharedPhones.insert(phone)
            }
        }
        domainsShared = sharedDomains
        phonesShared = sharedPhones
    }

    /// Whether any organization has a domain or phone to compare with.
    public var isEmpty: Bool { byDomain.isEmpty && byPhone.isEmpty }

    /// What ties the customer to exactly one organization: its email's domain and its phone, each where one
    /// organization alone holds it and no other Syncro customer carries it. Empty when nothing does, or when the
    /// two point to different organizations.
    public func hits(for customer: Customer) -> [Hit] {
        var hits: [Hit] = []
        if let domain = Self.emailDomain(customer.email), let found = byDomain[domain], found.count == 1,
           !domainsShared.contains(domain) {
            hits.append(Hit(organizationIndex: Int(found[0]), kind: .emailDomain, value: domain))
        }
        if let phone = Self.phoneKey(customer.phone), let found = byPhone[phone], found.count == 1, let written = customer.phone,
           !phonesShared.contains(phone) {
            hits.append(Hit(organizationIndex: Int(found[0]), kind: .phone, value: written.trimmingWhitespace()))
        }
        return Set(hits.map(\.organizationIndex)).count == 1 ? hits : []
    }

    /// "email domain riverside.example and phone 555-201-3344 are Riverside Family Dental's".
    public static func reason(_ hits: [Hit], organizationName: String) -> String {
        let parts = hits.map { $0.kind == .emailDomain ? "email domain \($0.value)" : "phone \($0.value)" }
        return "\(parts.joined(separator: " and ")) \(parts.count == 1 ? "is" : "are") \(organizationName)'s"
    }

    // MARK: Normal forms

    /// The domain of an email address, lower-cased, unless a free mail provider's: "Billing@Riverside.example" →
    /// "riverside.example"; "jo@gmail.com" → nil.
    public static func emailDomain(_ email: String?) -> String? {
        guard let email, let at = email.lastIndex(of: "@") else { return nil }
        guard let domain = domainKey(String(email[email.index(after: at)...])) else { return nil }
        let labels = domain.split(separator: ".")
        if freeMail.contains(domain) || (labels.first.map { freeMailBrands.contains(String($0)) } ?? false) { return nil }
        return domain
    }

    /// A domain as a key: lower-cased, without "www.", a scheme, a path or a trailing dot; nil unless it has a dot
    /// and only the letters, digits and hyphens of a host name.
    public static func domainKey(_ text: String) -> String? {
        var domain = text.trimmingWhitespace().lowercased()
        if let scheme = domain.range(of: "://") { domain = String(domain[scheme.upperBound...]) }
        if let slash = domain.firstIndex(of: "/") { domain = String(domain[..<slash]) }
        if domain.hasPrefix("www.") { domain.removeFirst(4) }
        while domain.hasSuffix(".") { domain.removeLast() }
        guard domain.contains("."), !domain.hasPrefix("."), !domain.contains(".."),
              domain.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "." })
        else { return nil }
        return domain
    }

    /// A phone number as a key: its digits, without an extension ("x 12", "ext. 12") and without the North
    /// American "1" in front of ten digits; nil under seven digits, or for one digit repeated (0000000).
    public static func phoneKey(_ text: String?) -> String? {
        guard var text = text?.lowercased() else { return nil }
        if let extensionMark = text.range(of: "ext") ?? text.range(of: "x") ?? text.range(of: "#") {
            text = String(text[..<extensionMark.lowerBound])
        }
        var digits = text.unicodeScalars.filter { ("0"..."9").contains($0) }.map(Character.init)
        if digits.count == 11, digits.first == "1" { digits.removeFirst() }
        guard digits.count >= 7, let first = digits.first, !digits.allSatisfy({ $0 == first }) else { return nil }
        return String(digits)
    }

    /// Mail providers anyone can sign up with: their domain says nothing of a business.
    static let freeMail: Set<String> = [
        "gmail.com", "googlemail.com", "aol.com", "icloud.com", "me.com", "mac.com", "msn.com", "live.com", "ymail.com",
        "comcast.net", "att.net", "sbcglobal.net", "verizon.net", "cox.net", "charter.net", "bellsouth.net", "earthlink.net",
        "optonline.net", "frontier.com", "windstream.net", "centurylink.net", "q.com", "roadrunner.com", "rr.com",
        "shaw.ca", "rogers.com", "sympatico.ca", "telus.net", "btinternet.com", "sky.com", "virginmedia.com",
        "talktalk.net", "bigpond.com", "optusnet.com.au", "xtra.co.nz", "proton.me", "protonmail.com", "pm.me",
        "mail.com", "zoho.com", "fastmail.com", "hey.com", "tutanota.com", "web.de", "t-online.de", "freenet.de",
        "orange.fr", "free.fr", "laposte.net", "libero.it", "qq.com", "163.com", "126.com", "naver.com",
        "mail.ru", "rambler.ru", "seznam.cz", "wp.pl", "o2.pl",
    ]
    /// Providers with a domain in many countries (yahoo.co.uk, hotmail.fr, outlook.de…), by their first label.
    static let freeMailBrands: Set<String> = ["yahoo", "hotmail", "outlook", "gmx", "yandex", "live", "windowslive"]
}
