import Testing
@testable import RematchCore

private func suggest(_ business: String, among names: [String]) -> OrganizationSuggestion {
    let organizations = names.enumerated().map { Organization(id: String(500 + $0.offset), name: $0.element) }
    return OrganizationMatcher(organizations: organizations).suggest(for: Customer(id: 1, businessName: business))
}

/// A weak proposal: there is one, it is weak, and its reason says so.
private func isWeak(_ suggestion: OrganizationSuggestion) -> Bool {
    suggestion.isWeak && !suggestion.isAmbiguous && (suggestion.best?.reason.hasPrefix("weak") ?? false)
}

/// The name rules of issue 12: titles, short forms of phrases, legal-form words inside a name, misspelled
/// suffixes, short-word typos, branches, and partial likeness.
@Suite("Name rules")
struct NameRulesTests {
    @Test("personal titles and professional designations are not identity", arguments: [
        ("Dr. Jane Smith", "jane smith"), ("Jane Smith, DDS", "jane smith"), ("Jane Smith MD", "jane smith"),
        ("Dr Jane Smith DMD, PC", "jane smith"), ("Mrs. Olga Novak", "olga novak"),
    ])
    func titles(name: String, core: String) {
        #expect(AnalyzedName(name).whole.coreKey == core)
    }

    @Test("a title on a single word stays: \"Dr. Smith\" is not \"Smith\"")
    func titleNeedsTwoWords() {
        #expect(AnalyzedName("Dr. Smith").whole.coreKey == "dr smith")
        #expect(AnalyzedName("Smith MD").whole.coreKey == "smith md")
    }

    @Test("the same person with a title on each side is a strong suggestion that says so")
    func samePersonTitled() throws {
        let best = try #require(suggest("Dr. Jane Whitaker", among: ["Jane Whitaker MD", "Whitaker Roofing"]).best)
        #expect(best.name == "Jane Whitaker MD")
        #expect(best.score >= 0.9)
        #expect(best.reason.contains("title differs: Dr / MD"))
    }

    @Test("two different people with the same title share nothing by it")
    func differentPeopleSameTitle() {
        let result = suggest("Dr. Alan Brooks", among: ["Dr. Maria Castellanos", "Dr. Kenji Yamamoto"])
        #expect(result.best == nil)
    }

    @Test("phrases and their usual short forms share a key", arguments: [
        ("Riverside PT", "Riverside Physical Therapy"), ("Lakeside USD", "Lakeside Unified School District"),
        ("Pine Valley ISD", "Pine Valley Independent School District"), ("Summit HOA", "Summit Homeowners Association"),
        ("Harbor View FCU", "Harbor View Federal Credit Union"), ("Crescent HOA", "Crescent Homeowners Assn"),
    ])
    func phrases(short: String, long: String) throws {
        #expect(AnalyzedName(short).whole.coreKey == AnalyzedName(long).whole.coreKey)
        let best = try #require(suggest(short, among: [long, "Riverside Dental", "Lakeside Bakery"]).best)
        #expect(best.name == long)
        #expect(best.score >= 0.9)
        // The exact key is as written: a short form never auto-links.
        #expect(AnalyzedName(long).exactKey == TextFolding.fold(long))
    }

    @Test("a phrase with one word misspelt is still the phrase, scored as the typo it is (#26 item 7)", arguments: [
        ("Aurora Physcal Therapy", "Aurora PT"), ("Aurora Physcal Therapy", "Aurora Physical Therapy"),
        ("Harbor View Cerdit Union", "Harbor View CU"), ("Harbor View Federal Credit Unoin", "Harbor View Federal Credit Union"),
        ("Lakeside Unifed School District", "Lakeside USD"), ("Summit Homeowners Asociation", "Summit HOA"),
    ])
    func misspeltPhrase(typo: String, right: String) throws {
        #expect(AnalyzedName(typo).whole.coreKey == AnalyzedName(right).whole.coreKey)
        for (syncro, itGlue) in [(typo, right), (right, typo)] {
            let result = suggest(syncro, among: [itGlue, "Aurora Dental", "Harbor View Bakery", "Lakeside Marina"])
            let best = try #require(result.best, "\(syncro) finds \(itGlue)")
            #expect(best.name == itGlue)
            #expect(!result.isAutoLink && !result.isAmbiguous && !result.isWeak)
            #expect(best.score == NameRule.misspeltPhrase.score)
            #expect(best.reason.contains("typo"))
        }
    }

    @Test("a name in Cyrillic meets its Latin transliteration, whatever the scheme (#26 item 9)", arguments: [
        ("Иван Петров", "Ivan Petrov", true), ("Дмитрий Соколов", "Dmitry Sokolov", false),
        ("Дмитрий Соколов", "Dmitrii Sokolov", false), ("Юлия Смирнова", "Iuliia Smirnova", false),
        ("Юлия Смирнова", "Yulia Smirnova", false), ("Алексей Кузнецов", "Aleksei Kuznetsov", false),
        ("Наталья Хабарова", "Natalya Khabarova", true), ("Наталья Хабарова", "Natalia Habarova", false), ("Ольга Жукова", "Olga Zhukova", true),
    ])
    func transliterated(cyrillic: String, latin: String, exact: Bool) throws {
        let parts = cyrillic.split(separator: " ").map(String.init)
        let organizations = [Organization(id: "1", name: latin), Organization(id: "2", name: "Petra Sokolova"),
                             Organization(id: "3", name: "Ivana Petrovic")]
        let result = OrganizationMatcher(organizations: organizations)
            .suggest(for: Customer(id: 1, firstName: parts[0], lastName: parts[1]))
        let best = try #require(result.best, "\(cyrillic) finds \(latin)")
        #expect(best.organizationID == "1")
        #expect(result.isAutoLink == exact, "\(best.score) \(best.reason)")
        if !exact {
            #expect(!result.isWeak && !result.isAmbiguous && best.score >= 0.9, "\(best.score) \(best.reason)")
            #expect(best.reason.contains("transliterated"), "\(best.reason)")
        }
    }

    @Test("Cyrillic folds into Latin; other words and scripts are as before")
    func cyrillicFolding() {
        #expect(TextFolding.fold("Щукин и Ёлкин") == "shchukin i elkin")
        #expect(TextFolding.fold("Кафе «Café»") == "kafe «cafe»")
        #expect(TextFolding.fold("Ærø Café") == "aero cafe")
        #expect(TextFolding.transliterationSkeleton("dmitriy") == TextFolding.transliterationSkeleton("dmitry"))
        // Two different Latin names stay two: the skeleton is only for a word written in Cyrillic.
        #expect(NameComparison.compare(AnalyzedName("Kim Lynn"), AnalyzedName("Kym Linn"), syncroIsPerson: true).score < 0.9)
    }

    @Test("a phrase is not found where two of its words are misspelt or its short words differ")
    func misspeltPhraseLimits() {
        #expect(AnalyzedName("Aurora Physcal Therpy").whole.coreKey != AnalyzedName("Aurora PT").whole.coreKey)
        // "Fire" has four letters: "Fine Department" is another phrase, not a typo of "Fire Department".
        #expect(AnalyzedName("Oakdale Fine Department").whole.coreKey != AnalyzedName("Oakdale FD").whole.coreKey)
        // The same misspelling on both sides is no typo between them.
        let same = NameComparison.compare(AnalyzedName("Aurora Physcal Therapy LLC"), AnalyzedName("Aurora Physcal Therapy"))
        #expect(same.score == 0.97)
    }

    @Test("legal-form words inside a name carry no identity; the first word is kept", arguments: [
        ("Henderson Company Plumbing", "henderson plumbing"), ("Smith & Co Plumbing", "smith plumbing"),
        ("Kessler Inc Holdings", "kessler holding"), ("Company Three Films", "company three film"),
    ])
    func innerLegalForms(name: String, core: String) {
        #expect(AnalyzedName(name).whole.coreKey == core)
    }

    @Test("a legal suffix misspelled by one letter is still the suffix", arguments: [
        "Oakridge Bakery Liimted", "Oakridge Bakery Copany", "Oakridge Bakery Incorporatd", "Oakridge Bakery Corportion",
        "Oakridge Bakery, Limted",
    ])
    func misspelledSuffix(name: String) throws {
        #expect(AnalyzedName(name).whole.coreKey == "oakridge bakery")
        let best = try #require(suggest(name, among: ["Oakridge Bakery Ltd", "Oakridge Bank", "Summit Bakery"]).best)
        #expect(best.name == "Oakridge Bakery Ltd")
        #expect(best.score >= 0.9)
    }

    @Test("a misspelled suffix never eats a name's only word or a real word further from it")
    func misspelledSuffixLimits() {
        #expect(AnalyzedName("Limted").whole.coreKey == "limted")
        #expect(AnalyzedName("Summit Compass").whole.coreKey == "summit compass")
    }

    @Test("three-letter words: a swap or a doubled letter is a typo, a changed letter another word")
    func shortWordTypos() throws {
        let swapped = try #require(suggest("Oka Tree Dental", among: ["Oak Tree Dental", "Elm Tree Dental"]).best)
        #expect(swapped.name == "Oak Tree Dental")
        #expect(swapped.score >= OrganizationMatcher.weakBelow)
        let doubled = try #require(suggest("Bayy Area Realty", among: ["Bay Area Realty", "Bay Shore Realty"]).best)
        #expect(doubled.name == "Bay Area Realty")
        #expect(NameComparison.isShortWordTypo(Array("oak".unicodeScalars.map(\.value)), Array("oat".unicodeScalars.map(\.value))) == false)
    }

    @Test("two different branches are two places; a branch next to the plain name is a note")
    func branches() throws {
        let other = suggest("Summit Dental - Aurora", among: ["Summit Dental - Lakewood", "Riverside Dental"])
        #expect(isWeak(other))
        #expect(try #require(other.best).reason.contains("different locations: Aurora / Lakewood"))
        let main = try #require(suggest("Summit Dental - Aurora", among: ["Summit Dental - Lakewood", "Summit Dental"]).best)
        #expect(main.name == "Summit Dental")
        #expect(main.score >= 0.9)
        #expect(main.reason.contains("location qualifier on Syncro side: Aurora"))
        let same = try #require(suggest("Summit Dental (Main Office)", among: ["Summit Dental - HQ", "Summit Dental - Lakewood"]).best)
        #expect(same.name == "Summit Dental - HQ")
        #expect(same.score >= OrganizationMatcher.weakBelow)
    }

    @Test("a word of weight on one side alone makes at most a weak suggestion", arguments: [
        ("Riverside Dental", "Riverside Dental Lab"), ("Summit Family Dental", "Summit Family Dental Group"),
    ])
    func partialIsWeak(customer: String, organization: String) {
        let result = suggest(customer, among: [organization, "Lakeside Bakery"])
        #expect(result.best?.name == organization)
        #expect(isWeak(result))
    }

    @Test("plurals the key's -s fold leaves apart are the same word", arguments: [
        ("Bluebird Bakery", "Bluebird Bakeries"), ("Crystal Glass Works", "Crystal Glasses Works"),
        ("First Baptist Church", "First Baptist Churches"), ("Lakeside Property Management", "Lakeside Properties Management"),
    ])
    func plurals(customer: String, organization: String) throws {
        let result = suggest(customer, among: [organization, "Lakeside Bakery"])
        let best = try #require(result.best)
        #expect(best.name == organization && result.isPlain && best.score >= 0.9)
        #expect(best.reason.contains("singular / plural"), "\(best.reason)")
        // "Movies" keeps its plain fold: "Movie" is its singular, not "Movy".
        #expect(AnalyzedName("Movies Galore").whole.coreKey == AnalyzedName("Movie Galore").whole.coreKey)
    }

    @Test("a connecting \"&\" on one side only costs nothing")
    func ampersandOnOneSide() throws {
        let best = try #require(suggest("Bluebird Bakery Cafe", among: ["Bluebird Bakery & Cafe"]).best)
        #expect(best.score >= 0.9)
        #expect(best.reason == "& / and on one side only")
    }

    @Test("a one-letter typo is found among thousands of names that share its other words")
    func typoRecallAtScale() {
        let places = ["Riverside", "Oakridge", "Summit", "Lakeside", "Maple Grove", "Pine Valley", "Harbor View", "Brookfield",
                      "Stonebridge", "Willow Bend", "Eagle Rock", "Silver Lake", "Fox Run", "Meadowbrook", "Clearwater"]
        let people = ["Henderson", "Kowalski", "Alvarez", "Nakamura", "Novak", "Patel", "Schmidt", "Johansson", "Dubois",
                      "Moreno", "Fitzgerald", "Okafor", "Lindqvist", "Rossi", "Murphy", "Kessler", "Brennan", "Haddad"]
        let trades = ["Family Dental", "Dental Lab", "Plumbing", "Bakery", "Auto Repair", "Accounting", "Pediatrics",
                      "Veterinary Clinic", "Construction", "Realty", "Landscaping", "Roofing"]
        var names: [String] = []
        for place in places { for person in people { for trade in trades { names.append("\(place) \(person) \(trade)") } } }
        let organizations = names.enumerated().map { Organization(id: String($0.offset + 1), name: $0.element) }
        let matcher = OrganizationMatcher(organizations: organizations)
        var found = 0, tried = 0
        for (index, name) in names.enumerated() where index % 23 == 0 {
            // Drop the second letter of the longest word.
            var words = name.split(separator: " ").map(String.init)
            let longest = words.indices.max { words[$0].count < words[$1].count }!
            var letters = Array(words[longest])
            letters.remove(at: 1)
            words[longest] = String(letters)
            tried += 1
            let typo = words.joined(separator: " ")
            let best = matcher.suggest(for: Customer(id: index, businessName: typo)).best
            if best?.name == name { found += 1 } else { print("typo miss: \(typo) → \(best?.name ?? "nothing") \(best?.reason ?? "")") }
        }
        #expect(tried > 100)
        #expect(found == tried)
    }
}
