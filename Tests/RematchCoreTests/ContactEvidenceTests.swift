import Testing
@testable import RematchCore

/// Email domains and phones as a witness for organization suggestions (``ContactIndex``, `Matching/Organization/ContactEvidence.swift`).
@Suite("Organization evidence from email domain and phone")
struct ContactEvidenceTests {
    @Test("email domains: lower-cased, free mail says nothing", arguments: [
        ("Billing@Riverside.Example", "riverside.example"), ("jo@mail.acme-dental.co.uk", "mail.acme-dental.co.uk"),
        ("jo@gmail.com", nil), ("jo@yahoo.co.uk", nil), ("jo@hotmail.fr", nil), ("jo@outlook.com", nil), ("not an email", nil),
        ("jo@localhost", nil), ("", nil),
    ] as [(String, String?)])
    func emailDomains(email: String, domain: String?) {
        #expect(ContactIndex.emailDomain(email) == domain)
    }

    @Test("domains as IT Glue may write them: a URL, www., a trailing dot", arguments: [
        ("https://www.Riverside.example/contact", "riverside.example"), ("riverside.example.", "riverside.example"),
        ("Riverside Dental", nil), ("..", nil),
    ] as [(String, String?)])
    func domainKeys(text: String, key: String?) {
        #expect(ContactIndex.domainKey(text) == key)
    }

    @Test("phones: digits, no extension, no leading 1 before ten digits; too short or one digit repeated is none", arguments: [
        ("(555) 201-3344", "5552013344"), ("+1 555.201.3344", "5552013344"), ("555-201-3344 x12", "5552013344"),
        ("555-201-3344 ext. 7", "5552013344"), ("+44 20 7946 0958", "442079460958"), ("201-33", nil), ("000-000-0000", nil),
        ("n/a", nil),
    ] as [(String, String?)])
    func phoneKeys(text: String, key: String?) {
        #expect(ContactIndex.phoneKey(text) == key)
    }

    private static func workspace(_ customer: Customer, organizations: [Organization]) -> Workspace {
        var snapshot = Fixture.snapshot
        snapshot.customers.append(customer)
        snapshot.assets.append(Asset(id: customer.id * 10, customerID: customer.id, name: "PC-\(customer.id)"))
        snapshot.organizations += organizations
        return Workspace(snapshot: snapshot)
    }

    @Test("an organization entered twice: the twin with the customer's domain, never an auto-link")
    func twinsSettled() {
        let customer = Customer(id: 20, businessName: "Acme Widgets", email: "office@acmewidgets.example")
        let workspace = Self.workspace(customer, organizations: [Organization(id: "700", name: "Acme Widgets"),
                                                                 Organization(id: "701", name: "Acme Widgets", domains: ["acmewidgets.example"])])
        let suggestion = workspace.status(ofCustomer: 20).suggestion
        #expect(suggestion.best?.organizationID == "701" && suggestion.best?.score == 0.97)
        #expect(suggestion.best?.reason == "email domain acmewidgets.example is Acme Widgets's; name: same name")
        #expect(!suggestion.isAutoLink && !suggestion.isAmbiguous)
    }

    @Test("a partial name with the customer's phone stays weak but names the organization; a phone two organizations share says nothing")
    func partialStaysWeak() {
        let customer = Customer(id: 20, businessName: "Harborview Optics", phone: "(555) 410-2288")
        let lab = Organization(id: "700", name: "Harborview Optics Lab", phones: ["555-410-2288"])
        let backed = Self.workspace(customer, organizations: [lab]).status(ofCustomer: 20).suggestion
        #expect(backed.best?.organizationID == "700" && backed.best?.score == 0.6 && backed.isWeak)
        #expect(backed.best?.reason.hasPrefix("weak: phone (555) 410-2288 is Harborview Optics Lab's; name: ") == true)

        let msp = Organization(id: "701", name: "Northwind Traders", phones: ["+1 555 410 2288"])
        let shared = Self.workspace(customer, organizations: [lab, msp]).status(ofCustomer: 20).suggestion
        #expect(shared.best?.organizationID == "700" && shared.isWeak, "the number is on two organizations: the name alone")
        #expect(shared.best?.reason.contains("phone") == false)
    }

    @Test("a strong name backed by the domain; two places of one business are not told apart by it")
    func strongBackedBranchesNot() {
        let backed = Self.workspace(Customer(id: 20, businessName: "Riverside Family Dental PLLC", email: "office@rfd.example"),
                                    organizations: [Organization(id: "700", name: "Riverside Family Dental", domains: ["rfd.example"])])
        let suggestion = backed.status(ofCustomer: 20).suggestion
        #expect(suggestion.best?.score == 0.97 && suggestion.isPlain && !suggestion.isAutoLink)
        #expect(suggestion.best?.reason.hasPrefix("email domain rfd.example is Riverside Family Dental's; name: ") == true)
        let places = Self.workspace(Customer(id: 20, businessName: "Summit Roofing - Englewood", email: "eng@summitroofing.example"),
                                    organizations: [Organization(id: "700", name: "Summit Roofing - Longmont", domains: ["summitroofing.example"])])
        #expect(places.status(ofCustomer: 20).suggestion.best?.reason.contains("email domain") != true)
    }

    @Test("a plain name suggestion the domain contradicts is held back; alone, a domain makes a weak suggestion; an exact name still links")
    func contradictionAndAlone() {
        let customer = Customer(id: 20, businessName: "Bluebird Bakery Co", email: "orders@bluebirdbakes.example")
        let named = Organization(id: "700", name: "Bluebird Bakery")
        let elsewhere = Organization(id: "701", name: "BBK Holdings", domains: ["bluebirdbakes.example"])
        let held = Self.workspace(customer, organizations: [named, elsewhere]).status(ofCustomer: 20).suggestion
        #expect(held.best?.organizationID == "700" && held.isAmbiguous && !held.isPlain)
        #expect(held.best?.reason.hasSuffix("; but email domain bluebirdbakes.example is BBK Holdings's") == true)

        let alone = Self.workspace(Customer(id: 20, businessName: "Zephyrine Lighting", email: "hi@bluebirdbakes.example"),
                                   organizations: [elsewhere]).status(ofCustomer: 20).suggestion
        #expect(alone.best?.organizationID == "701" && alone.best?.score == 0.55 && alone.isWeak)
        #expect(alone.best?.reason.hasPrefix("weak: email domain bluebirdbakes.example is BBK Holdings's; the names differ") == true)

        let exact = Self.workspace(Customer(id: 20, businessName: "Bluebird Bakery", email: "orders@bluebirdbakes.example"),
                                   organizations: [named, elsewhere])
        #expect(exact.status(ofCustomer: 20).state == .matched && exact.status(ofCustomer: 20).organizationID == "700")
    }

    @Test("free mail, an Owner's domain and a branch the main office's domain would swallow are no evidence")
    func noEvidence() {
        let gmail = Self.workspace(Customer(id: 20, firstName: "Jo", lastName: "Park", email: "jo.park@gmail.com"),
                                   organizations: [Organization(id: "700", name: "Gmail Users", domains: ["gmail.com"])])
        #expect(gmail.status(ofCustomer: 20).suggestion.best == nil)
        let owner = Self.workspace(Customer(id: 20, businessName: "Zephyrine Lighting", email: "hi@ourmsp.example"),
                                   organizations: [Organization(id: "700", name: "Our MSP", typeName: "Owner", domains: ["ourmsp.example"])])
        #expect(owner.status(ofCustomer: 20).suggestion.best == nil)

        var snapshot = Fixture.snapshot
        snapshot.customers += [Customer(id: 20, businessName: "Summit Roofing"),
                               Customer(id: 21, businessName: "Summit Roofing - Aurora", email: "aurora@summitroofing.example")]
        snapshot.assets += [Asset(id: 200, customerID: 20, name: "SR-1"), Asset(id: 210, customerID: 21, name: "SR-2")]
        snapshot.organizations.append(Organization(id: "950", name: "Summit Roofing", domains: ["summitroofing.example"]))
        let branch = Workspace(snapshot: snapshot).status(ofCustomer: 21).suggestion
        #expect(branch.isWeak && branch.best?.reason.hasPrefix("weak: a branch") == true)
    }

    @Test("a phone or domain several Syncro customers carry is evidence for none of them, counting customers no tab shows")
    func sharedByCustomers() {
        // The MSP's own number, entered on many customers and documented on one organization.
        let msp = Organization(id: "700", name: "Northwind Traders", domains: ["northwind.example"], phones: ["555-010-9000"])
        let rightful = Organization(id: "701", name: "Harbor Lights Cafe")
        var snapshot = Fixture.snapshot
        snapshot.customers += [Customer(id: 20, businessName: "Harbor Lights Cafe", phone: "(555) 010-9000"),
                               Customer(id: 21, businessName: "Zephyrine Lighting", phone: "555 010 9000"),
                               // No assets: never shown, yet it carries the domain too.
                               Customer(id: 22, businessName: "Quillfeather Books", email: "office@northwind.example"),
                               Customer(id: 23, businessName: "Marigold Tailoring", email: "desk@northwind.example")]
        snapshot.assets += [Asset(id: 200, customerID: 20, name: "HL-1"), Asset(id: 210, customerID: 21, name: "ZL-1"),
                            Asset(id: 230, customerID: 23, name: "MT-1")]
        snapshot.organizations += [msp, rightful]
        let workspace = Workspace(snapshot: snapshot)
        // The number does not hold back the name's exact match, nor make a weak suggestion for another customer.
        #expect(workspace.status(ofCustomer: 20).organizationID == "701")
        #expect(workspace.status(ofCustomer: 21).suggestion.best?.organizationID != "700")
        #expect(workspace.status(ofCustomer: 23).suggestion.best?.organizationID != "700")
        // One customer alone with the number: it is that customer's witness again.
        var alone = Fixture.snapshot
        alone.customers.append(Customer(id: 21, businessName: "Zephyrine Lighting", phone: "555 010 9000"))
        alone.assets.append(Asset(id: 210, customerID: 21, name: "ZL-1"))
        alone.organizations.append(msp)
        #expect(Workspace(snapshot: alone).status(ofCustomer: 21).suggestion.best?.organizationID == "700")
    }
}
