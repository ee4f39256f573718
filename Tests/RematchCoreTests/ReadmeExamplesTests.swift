import Testing
@testable import RematchCore

/// The suggestion table in the README, checked so it stays true.
@Suite("README examples")
struct ReadmeExamplesTests {
    static let organizations = [
        "Riverside Family Dental", "Acme International", "Oakridge Bakery, Ltd.", "Northwind Traders - Main Office",
        "Quick Print", "The Law Offices of Alvarez Brown", "Novak, Mary", "Summit Orthodontics Lab",
        "Summit Orthodontic Group",
    ].enumerated().map { Organization(id: String($0.offset), name: $0.element) }

    @Test("each row of the README table", arguments: [
        ("Riverside Family Dental, PLLC", "Riverside Family Dental", 0.97, "legal suffix differs: PLLC / —"),
        ("Acme Intl", "Acme International", 0.97, "abbreviation: Intl / International"),
        ("Oakridge Bkery Ltd", "Oakridge Bakery, Ltd.", 0.86, "one-letter typo: Bkery / Bakery"),
        ("Northwind Traders", "Northwind Traders - Main Office", 0.93, "location qualifier on IT Glue side: Main Office"),
        ("Kessler Holdings LLC dba Quick Print", "Quick Print", 0.91, "matched the dba name on the Syncro side (legal name Kessler Holdings LLC)"),
        ("Alvarez Brown Law Offices", "The Law Offices of Alvarez Brown", 0.93, "word order differs"),
        ("Summit Orthodontics", "Summit Orthodontic Group", 0.34, "ambiguous: 2 close candidates"),
    ])
    func row(syncro: String, expected: String, score: Double, reason: String) throws {
        let matcher = OrganizationMatcher(organizations: Self.organizations)
        let best = try #require(matcher.suggest(for: Customer(id: 1, businessName: syncro)).best)
        #expect(best.name == expected)
        #expect(best.score == score)
        #expect(best.reason.hasPrefix(reason), "\(best.reason)")
        if syncro == "Summit Orthodontics" {
            #expect(best.reason == "ambiguous: 2 close candidates: Summit Orthodontic Group (0.56), Summit Orthodontics Lab (0.56)")
        }
    }

    @Test("the residential row")
    func person() throws {
        let matcher = OrganizationMatcher(organizations: Self.organizations)
        let best = try #require(matcher.suggest(for: Customer(id: 1, firstName: "Mary", lastName: "Novak")).best)
        #expect(best.name == "Novak, Mary")
        #expect(best.score == 0.93)
        #expect(best.reason == "person name, reordered")
    }
}
