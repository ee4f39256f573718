import Testing
@testable import RematchCore

/// A small IT Glue account with the traps the issue names.
private let itGlue: [Organization] = [
    "Riverside Family Dental", "Riverside Dental", "Riverside Dental Lab", "Henderson Plumbing and Heating Inc",
    "Oakridge Bakery, Ltd.", "Quick Print", "Summit Orthodontics Lab", "Summit Orthodontic Group",
    "Novak, Mary", "Acme International", "The Law Offices of Alvarez Brown", "Café Olé", "Greenfield Accounting",
    "Northwind Traders - Main Office", "Blue Harbor Marine Supply", "Contoso Pty Ltd", "Contoso Holdings",
    "Duplicate Name Co", "Duplicate Name Co.", "Precision Mfg", "Lakeside Pediatrics, P.C.",
].enumerated().map { Organization(id: String(100 + $0.offset), name: $0.element) }

private let matcher = OrganizationMatcher(organizations: itGlue)

private func suggestion(_ business: String) -> OrganizationSuggestion {
    matcher.suggest(for: Customer(id: 1, businessName: business))
}

@Suite("Organization suggestions")
struct OrganizationMatcherTests {
    @Test("identically named organizations of one kind are proposed in one order whatever the list's order: the oldest (lowest id) first")
    func deterministicTies() throws {
        let twins = [Organization(id: "907", name: "Summit Dental"), Organization(id: "88", name: "Summit Dental"),
                     Organization(id: "1200", name: "Summit Dental")]
        for order in [twins, twins.reversed(), [twins[1], twins[2], twins[0]]] {
            let result = OrganizationMatcher(organizations: order).suggest(for: Customer(id: 1, businessName: "Summit Dental"))
            #expect(result.best?.organizationID == "88")
            #expect(result.alternatives.map(\.organizationID) == ["907", "1200"])
            #expect(result.isAmbiguous && !result.isAutoLink)
        }
    }

    @Test("an exact normalized, unique name auto-links")
    func exactAutoLink() throws {
        let result = suggestion("HENDERSON PLUMBING & HEATING, INC.")
        #expect(result.isAutoLink)
        #expect(try #require(result.best).name == "Henderson Plumbing and Heating Inc")
        #expect(result.best?.score == 1)
    }

    @Test("a legal suffix difference is a strong suggestion, never an auto-link")
    func legalSuffix() throws {
        let result = suggestion("Riverside Family Dental, PLLC")
        let best = try #require(result.best)
        #expect(!result.isAutoLink)
        #expect(best.name == "Riverside Family Dental")
        #expect(best.score >= 0.95)
        #expect(best.reason == "legal suffix differs: PLLC / —")
    }

    @Test("a one-letter typo is suggested with its reason")
    func typo() throws {
        let best = try #require(suggestion("Oakridge Bkery Ltd").best)
        #expect(best.name == "Oakridge Bakery, Ltd.")
        #expect(best.score >= 0.85)
        #expect(best.reason.contains("one-letter typo: Bkery / Bakery"))
    }

    @Test("two letters apart in the word that tells names apart is another business as often as a typo: weak, never bulk-accepted")
    func twoEditsInDistinguishingWord() throws {
        // Trade words ("Storage", "Eye Care", "Landscaping") recur across organizations; the proper name is the rarer.
        let organizations = [Organization(id: "1", name: "Westfield Eye Care Ltd"), Organization(id: "2", name: "Westfield Storage"),
                             Organization(id: "3", name: "Greenway Landscaping"), Organization(id: "4", name: "Lakeview Landscaping"),
                             Organization(id: "5", name: "Harbor Storage"), Organization(id: "6", name: "Summit Storage"),
                             Organization(id: "7", name: "Summit Eye Care"), Organization(id: "8", name: "Pine Eye Care")]
        let matcher = OrganizationMatcher(organizations: organizations)
        for business in ["Whitfield Eye Care", "Whitfield Storage"] {
            let result = matcher.suggest(for: Customer(id: 1, businessName: business))
            let best = try #require(result.best, "\(business)")
            #expect(best.score < OrganizationMatcher.weakBelow && result.isWeak, "\(business): \(best.score) \(best.reason)")
            #expect(best.reason.contains("two letters apart: Whitfield / Westfield (another name?)"), "\(best.reason)")
        }
        // One letter off in that word is still a typo, and two letters off in a common word still counts.
        let typo = try #require(matcher.suggest(for: Customer(id: 1, businessName: "Westfeld Storage")).best)
        #expect(typo.organizationID == "2" && typo.score >= OrganizationMatcher.weakBelow)
        // "Lanscapng" is two letters from "Landscaping", which two organizations share: a typo, not another name.
        let common = try #require(matcher.suggest(for: Customer(id: 1, businessName: "Greenway Lanscapng")).best)
        #expect(common.organizationID == "3" && common.reason.contains("typo: Lanscapng / Landscaping"), "\(common.reason)")
        #expect(!common.reason.contains("another name?"))
    }

    @Test("the distinguishing word shortened to its first part is as often another place: weak (Lakeside / Lake)")
    func shortenedDistinguishingWord() throws {
        let organizations = [Organization(id: "1", name: "Lake Orthodontics"), Organization(id: "2", name: "Summit Orthodontics"),
                             Organization(id: "3", name: "Pine Orthodontics")]
        let result = OrganizationMatcher(organizations: organizations).suggest(for: Customer(id: 1, businessName: "Lakeside Orthodontics Limited"))
        let best = try #require(result.best)
        #expect(best.organizationID == "1" && result.isWeak && best.score < OrganizationMatcher.weakBelow, "\(best.score) \(best.reason)")
        #expect(best.reason.contains("shortened: Lakeside / Lake (another name?)"), "\(best.reason)")
    }

    @Test("the closer of two near names wins: Riverside Dental vs Riverside Dental Lab")
    func distractor() throws {
        let plain = suggestion("Riverside Dental LLC")
        #expect(plain.best?.name == "Riverside Dental")
        #expect(!plain.isAmbiguous)
        let lab = suggestion("Riverside Dental Lab, Inc.")
        #expect(lab.best?.name == "Riverside Dental Lab")
        #expect(!lab.isAmbiguous)
        // A normalized-name match skips the fuzzy search; the runners-up are fetched when a person looks.
        #expect(lab.alternatives.isEmpty)
        #expect(matcher.closest(to: "Riverside Dental Lab, Inc.").map(\.name).prefix(2) == ["Riverside Dental Lab", "Riverside Dental"])
    }

    @Test("two nearly equal candidates make the suggestion ambiguous, with a lower score")
    func ambiguous() throws {
        let result = suggestion("Summit Orthodontics")
        let best = try #require(result.best)
        #expect(result.isAmbiguous)
        #expect(best.reason.hasPrefix("ambiguous"))
        #expect(best.score < 0.6)
    }

    @Test("two organizations with the same normalized name never auto-link")
    func duplicateOrganizations() throws {
        let result = suggestion("Duplicate Name Co")
        #expect(!result.isAutoLink)
        #expect(result.isAmbiguous)
        #expect(try #require(result.best).reason.contains("share this name"))
    }

    @Test("a residential customer matches a reordered person name")
    func residential() throws {
        let result = matcher.suggest(for: Customer(id: 2, firstName: "Mary", lastName: "Novak"))
        let best = try #require(result.best)
        #expect(best.name == "Novak, Mary")
        #expect(best.reason == "person name, reordered")
        #expect(best.score >= 0.9)
    }

    @Test("suggestions cover the common spelling differences", arguments: [
        ("Acme Intl", "Acme International", "abbreviation"),
        ("Alvarez Brown Law Offices", "The Law Offices of Alvarez Brown", "word order"),
        ("Cafe Ole", "Café Olé", "same name"),
        ("Northwind Traders", "Northwind Traders - Main Office", "location qualifier"),
        ("Quick Print (Downtown)", "Quick Print", "location qualifier"),
        ("Kessler Holdings LLC dba Quick Print", "Quick Print", "dba"),
        ("  Blue   Harbor Marine  Supply ", "Blue Harbor Marine Supply", "same name"),
        ("The Greenfield Accounting", "Greenfield Accounting", "The"),
        ("Contoso Pty. Ltd.", "Contoso Pty Ltd", "same name"),
        ("Precision Manufacturing LLC", "Precision Mfg", "abbreviation"),
        ("Lakeside Pediatrics", "Lakeside Pediatrics, P.C.", "legal suffix"),
    ])
    func variants(syncro: String, expected: String, reasonFragment: String) throws {
        let best = try #require(suggestion(syncro).best, "no suggestion for \(syncro)")
        #expect(best.name == expected)
        #expect(best.score >= 0.85, "\(syncro): \(best.score)")
        #expect(best.reason.contains(reasonFragment), "\(syncro): \(best.reason)")
    }

    @Test("a customer with no plausible organization gets no suggestion")
    func noCandidate() {
        let result = suggestion("Cedar Creek Animal Hospital")
        #expect(result.best == nil)
        #expect(!result.isAutoLink)
    }

    @Test("closest() lists near names for the duplicate warning")
    func closest() {
        let names = matcher.closest(to: "Riverside Dental Clinic").map(\.name)
        #expect(names.prefix(3).contains("Riverside Dental"))
    }
}
