import Foundation
import RematchCore

/// The organization traps of issue 12 (namesakes, branches, titles, short-word and legal-suffix typos, new
/// abbreviations, near names with no counterpart, duplicate organizations), about 12 % extra customers appended
/// after everything else. The builder's generator is reseeded first, so the helpers above serve the traps while
/// the rest of the data for a seed stays as it was. The truth is what a real MSP's two accounts hold.
extension Builder {
    mutating func addTraps(customerCount: Int) {
        rng = SeededGenerator(seed: seed ^ 0x7EA9_C1A5_5E50_0012)
        // Namesakes are two customers and branches up to four: near the end only what still fits.
        let hosts = addRounds(of: TrapClass.organizationTraps, budget: max(4, customerCount * 12 / 100),
                              size: { $0 == .branch ? 4 : $0 == .namesake ? 2 : 1 }, add: { $0.addOrganizationTrap($1) })
        // The device traps go among the devices of trap businesses that have a counterpart.
        spread(TrapClass.deviceTraps, over: hosts, perHost: { $0.chance(0.5) ? 2 : 1 }, add: { $0.addDeviceTrap($1, customer: $2) })
    }

    /// Rounds of one instance of each trap, in a shuffled order, until `budget` customers were added (a trap
    /// adds `size` customers at most; near the end only what still fits); returns the businesses `add` returned.
    mutating func addRounds(of traps: [TrapClass], budget: Int, size: (TrapClass) -> Int = { _ in 1 },
                            add: (inout Builder, TrapClass) -> [Customer]) -> [Customer] {
        let start = snapshot.customers.count
        var hosts: [Customer] = []
        while snapshot.customers.count - start < budget {
            for trap in traps.shuffled(using: &rng) where budget - (snapshot.customers.count - start) >= size(trap) {
                hosts += add(&self, trap)
            }
        }
        return hosts
    }

    /// Device traps among the hosts' devices, `perHost` each, every trap once before any comes again.
    mutating func spread(_ traps: [TrapClass], over hosts: [Customer], perHost: (inout SeededGenerator) -> Int,
                         add: (inout Builder, TrapClass, Customer) -> Void) {
        var pending: [TrapClass] = []
        for host in hosts {
            for _ in 0..<perHost(&rng) {
                if pending.isEmpty { pending = traps.shuffled(using: &rng) }
                add(&self, pending.removeLast(), host)
            }
        }
    }

    /// One instance of an organization trap; returns its businesses that have a counterpart.
    private mutating func addOrganizationTrap(_ trap: TrapClass) -> [Customer] {
        switch trap {
        case .namesake: addNamesakes(); return []
        case .branch: return addBranches()
        case .title: return addTitledPerson()
        case .nearNameOnly: addNearNameOnly(); return []
        case .duplicateOrganization:
            let name = uniqueBusinessName() + suffix(probability: 0.6)
            let first = addOrganization(name: name, configurations: 0), second = addOrganization(name: name, configurations: 0)
            // The duplicate made by hand is empty; the customer's devices are documented in the other.
            return [addTrapCustomer(business: name, organizationID: rng.chance(0.5) ? first : second, trap: trap)]
        default:
            let (syncro, itGlue) = spelledTwice(trap)
            return [addTrapCustomer(business: syncro, organizationID: addOrganization(name: itGlue, configurations: 0), trap: trap)]
        }
    }

    /// A Syncro customer and its counterpart, one side carrying the trap, with devices of its own.
    @discardableResult
    mutating func addTrapCustomer(business: String? = nil, first: String? = nil, last: String? = nil, email: String? = nil,
                                  organizationID: String?, trap: TrapClass, identified: Bool = false) -> Customer {
        var customer = appendTrapCustomer(business: business, first: first, last: last, email: email, organizationID: organizationID, trap: trap)
        if business != nil {
            customer.phone = "555-\(rng.int(100...999))-\(rng.int(1000...9999))"
            snapshot.customers[snapshot.customers.count - 1].phone = customer.phone
        }
        addAssets(customer: customer, organizationID: organizationID, residential: customer.isResidential, identified: identified)
        return customer
    }

    /// A Syncro customer of a trap and its truth, without devices (a trap that shapes them itself adds them); a
    /// business gets its office address.
    @discardableResult
    mutating func appendTrapCustomer(business: String? = nil, first: String? = nil, last: String? = nil, email: String? = nil,
                                     organizationID: String?, trap: TrapClass) -> Customer {
        var customer = Customer(id: nextCustomerID, businessName: business, firstName: first, lastName: last, email: email)
        nextCustomerID += 1
        if let business { customer.email = "office@\(TextFolding.fold(business).filter(\.isLetter).prefix(16).lowercased()).example" }
        snapshot.customers.append(customer)
        truth[customer.id] = organizationID
        customerTraps[customer.id] = trap
        return customer
    }

    // MARK: People

    /// A person's name no other customer or organization holds.
    mutating func personName(last: String? = nil, first: String? = nil) -> (first: String, last: String) {
        for attempt in 0..<1_000 {
            let given = first ?? rng.pick(DemoVocabulary.firstNames)
            var family = last ?? rng.pick(DemoVocabulary.surnames)
            if attempt > 20, last == nil { family += "-" + rng.pick(DemoVocabulary.surnames) }
            if usedNames.insert(AnalyzedName("\(given) \(family)").whole.sortedKey).inserted { return (given, family) }
        }
        return (first ?? rng.pick(DemoVocabulary.firstNames), (last ?? "") + rng.alphanumeric(3))
    }

    func personalEmail(_ first: String, _ last: String, number: Int? = nil) -> String {
        let local = TextFolding.fold(number == nil ? "\(first).\(last)" : "\(first.prefix(1))\(last)\(number!)")
        return local.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "." } + "@mail.example"
    }

    /// Two residential customers of one name; IT Glue holds "First Last" for one and "Last, First" for the other,
    /// each with its devices documented by serial and MAC, so evidence beyond the name tells them apart.
    private mutating func addNamesakes() {
        let (first, last) = personName()
        let plainFirst = rng.chance(0.5)
        let plain = addOrganization(name: "\(first) \(last)", configurations: 0)
        let inverted = addOrganization(name: "\(last), \(first)", configurations: 0)
        let organizations: [String] = plainFirst ? [plain, inverted] : [inverted, plain]
        for (index, organization) in organizations.enumerated() {
            addTrapCustomer(first: first, last: last, email: personalEmail(first, last, number: index == 0 ? nil : rng.int(10...99)),
                            organizationID: organization, trap: .namesake, identified: true)
        }
    }

    /// One practice under a title, spelt another way in IT Glue; or (three times in ten) a different person of the
    /// same surname and title, and no counterpart.
    private mutating func addTitledPerson() -> [Customer] {
        let profession = rng.pick(DemoVocabulary.professions)
        func titled(_ first: String, _ last: String, _ form: Int) -> String {
            let letters = profession == "MD" && form == 2 ? "M.D." : profession
            return ["Dr. \(first) \(last)", "\(first) \(last) \(letters)", "\(first) \(last), \(letters)", "Dr. \(first) \(last), \(letters)"][form]
        }
        let (first, last) = personName()
        let syncroForm = rng.int(0...3)
        if rng.chance(0.7) {
            let itGlueForm = (syncroForm + rng.int(1...3)) % 4
            let organization = addOrganization(name: titled(first, last, itGlueForm), configurations: 0)
            return [addTrapCustomer(business: titled(first, last, syncroForm), organizationID: organization, trap: .title)]
        }
        let other = personName(last: last)
        addOrganization(name: titled(other.first, other.last, syncroForm), configurations: rng.int(0...2))
        addTrapCustomer(business: titled(first, last, syncroForm), organizationID: nil, trap: .title)
        return []
    }

    /// A business with two or three branches in Syncro ("X - Lakewood", "X (Aurora)", "X: Aurora"). IT Glue holds all
    /// but one of them, or only plain "X" for the main office, or "X" for the main office and some branches.
    private mutating func addBranches() -> [Customer] {
        let base = uniqueBusinessName() + suffix(probability: 0.4)
        let places = Array(DemoVocabulary.branches.shuffled(using: &rng).prefix(rng.int(2...3)))
        func located(_ place: String) -> String {
            switch rng.int(0...2) {
            case 0: "\(base) - \(place)"
            case 1: "\(base) (\(place))"
            default: "\(base): \(place)"
            }
        }
        var hosts: [Customer] = []
        switch rng.int(0...2) {
        case 0:
            let missing = rng.int(0...(places.count - 1))
            for (index, place) in places.enumerated() {
                let organization = index == missing ? nil : addOrganization(name: located(place), configurations: 0)
                let customer = addTrapCustomer(business: located(place), organizationID: organization, trap: .branch)
                if organization != nil { hosts.append(customer) }
            }
        case 1:
            let main = addOrganization(name: base, configurations: 0)
            for (index, place) in places.enumerated() {
                let customer = addTrapCustomer(business: located(place), organizationID: index == 0 ? main : nil, trap: .branch)
                if index == 0 { hosts.append(customer) }
            }
        default:
            hosts.append(addTrapCustomer(business: base, organizationID: addOrganization(name: base, configurations: 0), trap: .branch))
            let missing = rng.int(0...(places.count - 1))
            for (index, place) in places.enumerated() {
                let organization = index == missing ? nil : addOrganization(name: located(place), configurations: 0)
                let customer = addTrapCustomer(business: located(place), organizationID: organization, trap: .branch)
                if organization != nil { hosts.append(customer) }
            }
        }
        return hosts
    }

    /// A customer with no counterpart while IT Glue holds a near name: another business sharing most words, another
    /// branch of the same business, or another person whose first name differs by a letter or two.
    private mutating func addNearNameOnly() {
        switch rng.int(0...2) {
        case 0:
            let (trade, neighbour) = rng.pick(DemoVocabulary.neighbourTrades)
            let prefix = rng.chance(0.5) ? rng.pick(DemoVocabulary.places) : rng.pick(DemoVocabulary.surnames)
            let (name, near) = rng.chance(0.5) ? ("\(prefix) \(trade)", "\(prefix) \(neighbour)") : ("\(prefix) \(neighbour)", "\(prefix) \(trade)")
            guard claim(name), claim(near) else { return addNearNameOnly() }
            addOrganization(name: near + suffix(probability: 0.4), configurations: rng.int(0...2))
            addTrapCustomer(business: name + suffix(probability: 0.4), organizationID: nil, trap: .nearNameOnly)
        case 1:
            let base = uniqueBusinessName()
            let places = Array(DemoVocabulary.branches.shuffled(using: &rng).prefix(2))
            addOrganization(name: rng.chance(0.5) ? "\(base) - \(places[0])" : "\(base) (\(places[0]))", configurations: rng.int(0...2))
            addTrapCustomer(business: "\(base) - \(places[1])", organizationID: nil, trap: .nearNameOnly)
        default:
            let (given, similar) = rng.pick(DemoVocabulary.similarFirstNames)
            let (first, last) = personName(first: given)
            let other = personName(last: last, first: similar)
            addOrganization(name: rng.chance(0.5) ? "\(other.first) \(other.last)" : "\(other.last), \(other.first)", configurations: 0)
            addTrapCustomer(first: first, last: last, email: personalEmail(first, last), organizationID: nil, trap: .nearNameOnly)
        }
    }

    /// Reserves a business name; false when another customer or organization already has it.
    mutating func claim(_ name: String) -> Bool { usedNames.insert(AnalyzedName(name).whole.coreKey).inserted }

    // MARK: Spellings

    /// The Syncro name and the IT Glue name of one business for a trap that is a matter of spelling.
    private mutating func spelledTwice(_ trap: TrapClass) -> (syncro: String, itGlue: String) {
        let (long, short) = spellings(trap)
        return rng.chance(0.5) ? (long, short) : (short, long)
    }

    private mutating func spellings(_ trap: TrapClass) -> (String, String) {
        switch trap {
        case .typo:
            var name = uniqueBusinessName()
            for _ in 0..<20 {
                if let typo = letterTypo(name, minimumLength: 7) {
                    let end = suffix(probability: 0.5)
                    return (name + end, typo + end)
                }
                name = uniqueBusinessName()
            }
            return (name, name)
        case .shortWordTypo:
            for _ in 0..<50 {
                let short = rng.pick(DemoVocabulary.shortWords)
                let rest = [rng.chance(0.3) ? rng.pick(DemoVocabulary.shortWords) : nil, rng.pick(DemoVocabulary.trades)].compactMap { $0 }
                let name = ([short] + rest).joined(separator: " ")
                guard rest[0] != short, claim(name) else { continue }
                let end = suffix(probability: 0.4)
                return (name + end, ([shortTypo(short)] + rest).joined(separator: " ") + end)
            }
            let name = uniqueBusinessName()
            return (name, name)
        case .suffixTypo:
            var base = uniqueBusinessName()
            while base.hasSuffix("Company") { base = uniqueBusinessName() }
            let (form, typo) = rng.pick(DemoVocabulary.misspelledSuffixes)
            return ("\(base) \(form)", "\(base) \(typo)")
        default:
            return abbreviated()
        }
    }

    /// A one-letter slip inside a word of at least `minimumLength` letters: dropped, doubled, swapped or a
    /// neighbouring key; nil when the name has no such word.
    mutating func letterTypo(_ text: String, minimumLength: Int) -> String? {
        var words = text.split(separator: " ").map(String.init)
        let candidates = words.indices.filter { words[$0].count >= minimumLength && words[$0].allSatisfy(\.isLetter) }
        guard !candidates.isEmpty else { return nil }
        let index = rng.pick(candidates)
        var letters = Array(words[index])
        let position = rng.int(1...(letters.count - 2))
        switch rng.int(0...3) {
        case 0: letters.remove(at: position)
        case 1: letters.insert(letters[position], at: position)
        case 2: letters.swapAt(position, position + 1)
        default:
            let neighbours: [Character: Character] = ["a": "s", "e": "r", "i": "o", "o": "i", "n": "m", "r": "t", "s": "d", "t": "r", "l": "k"]
            letters[position] = neighbours[letters[position]] ?? "e"
        }
        words[index] = String(letters)
        return words.joined(separator: " ")
    }

    /// A stuck key in a short word ("Bay" → "Bayy", "Oak" → "Oaak"), or a doubled letter dropped ("Hill" → "Hil").
    private mutating func shortTypo(_ word: String) -> String {
        var letters = Array(word)
        if let double = letters.indices.dropFirst().first(where: { letters[$0] == letters[$0 - 1] }) {
            letters.remove(at: double)
        } else {
            let position = rng.int(1...(letters.count - 1))
            letters.insert(letters[position], at: position)
        }
        return String(letters)
    }

    /// Abbreviations the base vocabulary lacks: "PT", "USD", "Mtn", "Assn", "St.", and "Company" inside a name.
    private mutating func abbreviated() -> (String, String) {
        for _ in 0..<50 {
            let place = rng.pick(DemoVocabulary.places), surname = rng.pick(DemoVocabulary.surnames)
            let (long, short): (String, String)
            switch rng.int(0...5) {
            case 0:
                let owner = rng.chance(0.5) ? place : surname
                (long, short) = ("\(owner) Physical Therapy", "\(owner) PT")
            case 1: (long, short) = ("\(place) Unified School District", "\(place) USD")
            case 2:
                let trade = rng.pick(DemoVocabulary.trades)
                (long, short) = ("\(surname) Company \(trade)", rng.chance(0.5) ? "\(surname) Co. \(trade)" : "\(surname) \(trade)")
            case 3:
                let peak = rng.pick(["Blue", "Rocky", "Eagle", "Bear", "Green"]), trade = rng.pick(DemoVocabulary.trades)
                (long, short) = ("\(peak) Mountain \(trade)", "\(peak) Mtn \(trade)")
            case 4: (long, short) = ("\(place) Homeowners Association", "\(place) Homeowners Assn")
            default:
                let saint = rng.pick(DemoVocabulary.saints), kind = rng.pick(["Church", "School", "Parish", "Academy"])
                (long, short) = ("Saint \(saint)'s \(kind)", "St. \(saint)'s \(kind)")
            }
            guard claim(long) else { continue }
            let end = suffix(probability: 0.4)
            return (long + end, short + end)
        }
        let name = uniqueBusinessName()
        return (name, name)
    }
}
