import Foundation
import RematchCore

/// The patterns of issue 26, each a write a wrong proposal would make, appended after everything else from their
/// own random stream (so the rest of the data for a seed stays as it was): a namesake Syncro hides from every tab, a
/// different business two letters away, devices documented in a neighbour's organization, a few devices documented
/// in a partly named organization, a misspelt phrase with a short form; among their devices, docked laptops with
/// placeholder serials and virtual machines documented by their own hypervisor MAC.
extension Builder {
    mutating func addRoundTwoTraps(customerCount: Int) {
        rng = SeededGenerator(seed: seed ^ 0x26A2_0000_5AFE_0026)
        let hosts = addRounds(of: TrapClass.roundTwoTraps, budget: max(5, customerCount * 4 / 100), add: { $0.addRoundTwoTrap($1) })
        spread(TrapClass.roundTwoDeviceTraps, over: hosts, perHost: { _ in 1 }, add: { $0.addRoundTwoDeviceTrap($1, customer: $2) })
    }

    /// One instance of a pattern; returns its businesses whose devices can carry a device trap.
    private mutating func addRoundTwoTrap(_ trap: TrapClass) -> [Customer] {
        switch trap {
        case .hiddenNamesake: addHiddenNamesake(); return []
        case .nearTwin: addNearTwin(); return []
        case .misfiledDevices: return addMisfiledDevices()
        case .fewDocumented: return addFewDocumented()
        case .transliterated: return addTransliterated()
        default: return addPhraseTypo()
        }
    }

    /// Two Syncro customers of one person's name. The one with devices is "Last, First" in IT Glue, where some of its
    /// devices are documented; the other has no assets (no tab shows it) and is the organization "First Last".
    private mutating func addHiddenNamesake() {
        let (first, last) = personName()
        let inverted = addOrganization(name: "\(last), \(first)", configurations: 0)
        let plain = addOrganization(name: "\(first) \(last)", configurations: rng.int(0...2))
        let customer = appendTrapCustomer(first: first, last: last, email: personalEmail(first, last), organizationID: inverted,
                                          trap: .hiddenNamesake)
        let count = rng.int(5...8), documented = rng.int(2...3)
        for index in 0..<count {
            let (asset, mac, serial) = device(of: customer, kind: rng.int(0...1))
            append(asset, trap: .hiddenNamesake)
            if index < documented {
                deviceTruth[asset.id] = addConfiguration(organizationID: inverted, name: asset.name, typeID: "1", mac: mac, serial: serial)
            }
        }
        appendTrapCustomer(first: first, last: last, email: personalEmail(first, last, number: rng.int(10...99)), organizationID: plain,
                           trap: .hiddenNamesake)
    }

    /// A business with no counterpart while IT Glue holds another one whose distinguishing word is two letters
    /// away ("Whitfield Storage" / "Westfield Storage").
    private mutating func addNearTwin() {
        for _ in 0..<50 {
            let word = rng.pick(rng.chance(0.5) ? DemoVocabulary.places : DemoVocabulary.surnames)
            guard word.count >= 6, word.allSatisfy(\.isLetter), let twin = twoLettersOff(word) else { continue }
            let trade = rng.pick(DemoVocabulary.trades)
            let (name, other) = ("\(word) \(trade)", "\(twin) \(trade)")
            guard claim(name), claim(other) else { continue }
            addOrganization(name: other + suffix(probability: 0.5), configurations: rng.int(0...2))
            addTrapCustomer(business: name + suffix(probability: 0.4), organizationID: nil, trap: .nearTwin)
            return
        }
    }

    /// Another word two letters from `word`: two letters replaced, not next to each other, a vowel by a vowel and a
    /// consonant by a consonant, the first letter kept; nil when it is a word of the vocabulary.
    private mutating func twoLettersOff(_ word: String) -> String? {
        var letters = Array(word)
        let first = rng.int(1...(letters.count - 3)), second = rng.int((first + 2)...(letters.count - 1))
        for position in [first, second] {
            let vowels = Array("aeiou"), consonants = Array("bcdfghklmnprstvw")
            let pool = vowels.contains(letters[position]) ? vowels : consonants
            letters[position] = rng.pick(pool.filter { $0 != letters[position] })
        }
        let twin = String(letters)
        let known = Set(DemoVocabulary.places + DemoVocabulary.surnames)
        return known.contains(twin) ? nil : twin
    }

    /// A business whose name is exact and unique on both sides, most of whose devices were documented by mistake
    /// in a neighbour's organization (a business of the same trade): devices to move, not a reason to link there.
    private mutating func addMisfiledDevices() -> [Customer] {
        let trade = rng.pick(DemoVocabulary.trades)
        var names: [String] = []
        for _ in 0..<50 where names.count < 2 {
            let name = "\(rng.pick(DemoVocabulary.surnames)) \(trade)"
            if claim(name) { names.append(name + suffix(probability: 0.4)) }
        }
        guard names.count == 2 else { return [] }
        let neighbourOrganization = addOrganization(name: names[0], configurations: 0)
        let neighbour = addTrapCustomer(business: names[0], organizationID: neighbourOrganization, trap: .misfiledDevices)
        let ownOrganization = addOrganization(name: names[1], configurations: 0)
        let customer = appendTrapCustomer(business: names[1], organizationID: ownOrganization, trap: .misfiledDevices)
        let count = rng.int(4...8), misfiled = count / 2 + 1
        for index in 0..<count {
            let (asset, mac, serial) = device(of: customer, kind: rng.int(0...1))
            append(asset, trap: .misfiledDevices)
            if index < misfiled {
                misfiledTruth[asset.id] = addConfiguration(organizationID: neighbourOrganization, name: asset.name, typeID: "1",
                                                           mac: mac, serial: serial)
            } else if rng.chance(0.5) {
                deviceTruth[asset.id] = addConfiguration(organizationID: ownOrganization, name: asset.name, typeID: "1", mac: mac, serial: serial)
            }
        }
        return [neighbour]
    }

    /// A business IT Glue knows under a longer name ("Summit Dental" / "Summit Dental Group"), where only two of
    /// its many devices are documented.
    private mutating func addFewDocumented() -> [Customer] {
        let name = uniqueBusinessName()
        let organization = addOrganization(name: "\(name) \(rng.pick(["Group", "Partners", "Clinic", "Studio", "Center"]))",
                                           configurations: 0)
        let customer = appendTrapCustomer(business: name, organizationID: organization, trap: .fewDocumented)
        for index in 0..<rng.int(7...12) {
            let (asset, mac, serial) = device(of: customer, kind: rng.int(0...1))
            append(asset, trap: .fewDocumented)
            if index < 2 {
                deviceTruth[asset.id] = addConfiguration(organizationID: organization, name: asset.name, typeID: "1", mac: mac, serial: serial)
            }
        }
        return [customer]
    }

    /// A person whose name Syncro holds in Cyrillic and IT Glue in Latin, or the other way round, by the scheme of
    /// Russian passports (ICAO: "Дмитрий" → "Dmitrii", "Юлия" → "Iuliia", "Хабаров" → "Khabarov"), which is not
    /// the one Rematch writes.
    private mutating func addTransliterated() -> [Customer] {
        for _ in 0..<50 {
            let first = rng.pick(DemoVocabulary.cyrillicFirstNames), last = rng.pick(DemoVocabulary.cyrillicSurnames)
            let latin = (Self.icao(first), Self.icao(last))
            guard claim("\(latin.0) \(latin.1)") else { continue }
            let organizationName = rng.chance(0.5) ? "\(first) \(last)" : "\(latin.0) \(latin.1)"
            let syncro = organizationName.hasPrefix(first) ? latin : (first, last)
            let organization = addOrganization(name: organizationName, configurations: 0)
            return [addTrapCustomer(first: syncro.0, last: syncro.1, email: personalEmail(latin.0, latin.1),
                                    organizationID: organization, trap: .transliterated)]
        }
        return []
    }

    /// Cyrillic in Latin as Russian passports write it (ICAO 9303).
    static func icao(_ text: String) -> String {
        let letters: [Character: String] = [
            "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i", "й": "i",
            "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
            "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu",
            "я": "ia", "і": "i", "ї": "i", "є": "ie", "ґ": "g",
        ]
        var out = ""
        for character in text {
            let lower = Character(character.lowercased())
            guard let latin = letters[lower] else { out.append(character); continue }
            out += character == lower || latin.isEmpty ? latin : latin.prefix(1).uppercased() + latin.dropFirst()
        }
        return out
    }

    /// A phrase with a short form, one of its longer words misspelt on one side ("Aurora Physcal Therapy" /
    /// "Aurora PT" or "Aurora Physical Therapy").
    private mutating func addPhraseTypo() -> [Customer] {
        let phrases = ["Physical Therapy": "PT", "Occupational Therapy": "OT", "Credit Union": "CU",
                       "Federal Credit Union": "FCU", "Homeowners Association": "HOA", "Unified School District": "USD"]
        for _ in 0..<50 {
            let (long, short) = rng.pick(phrases.sorted { $0.key < $1.key })
            let owner = rng.chance(0.5) ? rng.pick(DemoVocabulary.places) : rng.pick(DemoVocabulary.surnames)
            guard claim("\(owner) \(long)"), let misspelt = phraseWordTypo(long) else { continue }
            let right = rng.chance(0.5) ? long : short
            let end = suffix(probability: 0.3)
            let (syncro, itGlue) = rng.chance(0.5) ? ("\(owner) \(misspelt)", "\(owner) \(right)") : ("\(owner) \(right)", "\(owner) \(misspelt)")
            return [addTrapCustomer(business: syncro + end, organizationID: addOrganization(name: itGlue + end, configurations: 0),
                                    trap: .phraseTypo)]
        }
        return []
    }

    /// One word of six letters or more in the phrase with one letter dropped, doubled, swapped or replaced.
    private mutating func phraseWordTypo(_ phrase: String) -> String? {
        var words = phrase.split(separator: " ").map(String.init)
        let long = words.indices.filter { words[$0].count >= 6 }
        guard !long.isEmpty else { return nil }
        let index = rng.pick(long)
        guard let typo = letterTypo(words[index], minimumLength: 6) else { return nil }
        words[index] = typo
        return words.joined(separator: " ")
    }

    // MARK: Devices

    private mutating func addRoundTwoDeviceTrap(_ trap: TrapClass, customer: Customer) {
        guard let organization = truth[customer.id] else { return }
        switch trap {
        case .dockedPlaceholder:
            // A laptop whose firmware reports a placeholder serial, on a USB dock; the dock is documented on its own
            // (by its MAC), the laptop by its name.
            var (laptop, _, _) = device(of: customer, kind: 1)
            let dock = "D8D090" + rng.hex(6)
            laptop.agentSerial = rng.pick(DemoVocabulary.placeholderSerials)
            laptop.assetSerial = nil
            laptop.adapters.append(NetworkAdapter(name: "Ethernet 2 · \(rng.pick(["Dell", "Lenovo", "HP"])) USB-C Dock (Realtek USB GbE Family Controller)",
                                                  macAddress: dash(dock)))
            append(laptop, trap: trap)
            addConfiguration(organizationID: organization, name: "DOCK-\(String(format: "%02d", rng.int(1...20)))", typeID: "5", mac: dock, serial: nil)
            deviceTruth[laptop.id] = addConfiguration(organizationID: organization, name: laptop.name, typeID: "2", mac: nil,
                                                      serial: rng.chance(0.5) ? laptop.agentSerial : nil)
        default:
            // A virtual machine documented by its own network card's MAC, which carries its hypervisor's prefix,
            // under another name than the agent reports.
            var (vm, _, _) = device(of: customer, kind: 2)
            let hyperV = rng.chance(0.5)
            let mac = (hyperV ? "00155D" : "005056") + rng.hex(6)
            if hyperV {
                vm.manufacturer = "Microsoft Corporation"
                vm.model = "Virtual Machine"
            }
            vm.adapters = [NetworkAdapter(name: hyperV ? "Ethernet · Microsoft Hyper-V Network Adapter" : "Ethernet0 · vmxnet3 Ethernet Adapter",
                                          macAddress: dash(mac))]
            append(vm, trap: trap)
            deviceTruth[vm.id] = addConfiguration(organizationID: organization, name: rng.pick(["APP", "FILE", "SQL", "DC"]) + "-VM\(rng.int(1...9))",
                                                  typeID: "3", mac: mac, serial: nil)
        }
    }
}
