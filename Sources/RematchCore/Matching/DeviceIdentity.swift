/// Which device identifiers can be trusted as identity: MACs of real adapters and serials that are not
/// placeholders.
public enum DeviceIdentity {
    /// Twelve lower-case hex digits, or nil for anything that is not one MAC address.
    /// `F8-75-A4-19-C6-22`, `f8:75:a4:19:c6:22` and `f875.a419.c622` all give `f875a419c622`.
    public static func normalizeMAC(_ text: String?) -> String? {
        guard let text else { return nil }
        // Bytes, not Characters: this runs for every adapter of every device.
        var hex: [UInt8] = []
        hex.reserveCapacity(12)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"): hex.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): hex.append(byte + 32)
            case UInt8(ascii: ":"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: " "): continue
            default: return nil
            }
            if hex.count > 12 { return nil }
        }
        guard hex.count == 12 else { return nil }
        let mac = String(decoding: hex, as: UTF8.self)
        if mac == "000000000000" || mac == "ffffffffffff" { return nil }
        return mac
    }

    /// Shows a normalized MAC the way IT Glue does: `f8:75:a4:19:c6:22`.
    public static func displayMAC(_ mac: String) -> String {
        var out = ""
        for (index, character) in mac.enumerated() {
            if index > 0, index % 2 == 0 { out.append(":") }
            out.append(character)
        }
        return out
    }

    /// Vendor prefixes of hypervisors' virtual adapters.
    static let virtualPrefixes: Set<String> = [
        "00155d",  // Hyper-V
        "005056", "000c29", "000569", "001c14",  // VMware
        "080027", "0a0027",  // VirtualBox
        "00163e",  // Xen
        "525400",  // QEMU / KVM
        "001c42",  // Parallels
        "0003ff",  // Microsoft Virtual PC
    ]

    /// Words in adapter names that mark virtual, VPN, tunnel, loopback and Bluetooth adapters.
    static let nonIdentityAdapterWords = [
        "virtual", "vpn", "tap-", "tap ", "tap-windows", "tunnel", "wan miniport", "loopback", "bluetooth", "hyper-v",
        "vmware", "virtualbox", "vethernet", "fortinet", "forticlient", "anyconnect", "wireguard", "openvpn",
        "zerotier", "tailscale", "npcap", "teredo", "isatap", "6to4", "wi-fi direct", "kernel debug", "docker",
        "pangp", "globalprotect", "juniper", "sonicwall", "netextender", "nordlynx", "surfshark", "wintun",
        "ras async", "ppp", "hamachi", "checkpoint", "check point", "pulse secure", "cisco systems vpn",
    ]

    /// True when a MAC says nothing about which physical machine this is: hypervisor prefixes,
    /// locally administered (randomized or generated) addresses, and virtual or VPN adapters by name.
    public static func isNonIdentityAdapter(mac: String, adapterName: String) -> Bool {
        if virtualPrefixes.contains(String(mac.prefix(6))) { return true }
        if let second = mac.dropFirst().first?.hexDigitValue, second & 0x2 != 0 { return true }
        guard !adapterName.isEmpty else { return false }
        let name = lowered(adapterName)
        return nonIdentityAdapterBytes.contains { ByteSearch.contains(name, $0) }
    }

    private static let nonIdentityAdapterBytes = nonIdentityAdapterWords.map { Array($0.utf8) }

    /// Words of the names hypervisors give a virtual machine's own network card: on a virtual machine, a MAC with its
    /// hypervisor's prefix on such a card is the machine's own (set by hand or from the host's pool, one per card).
    static let guestCardWords = [
        "hyper-v network adapter", "virtual machine bus network", "vmxnet", "virtio", "e1000", "82574l", "pcnet",
        "elastic network adapter", "aws pv network", "xen pv network", "xennet",
    ]
    private static let guestCardBytes = guestCardWords.map { Array($0.utf8) }

    /// Words of the names of adapters that plug in and move between machines: a USB network adapter, a dock.
    static let removableAdapterWords = ["usb", "dock", "thunderbolt"]
    private static let removableAdapterBytes = removableAdapterWords.map { Array($0.utf8) }

    /// An adapter's name as lower-cased UTF-8 bytes, for the byte searches of the word lists.
    private static func lowered(_ name: String) -> [UInt8] { name.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 } }

    /// A virtual machine's own network card: a guest card's name, or an ordinary one ("Ethernet · Intel(R) 82574L").
    static func isGuestCard(_ adapterName: String) -> Bool {
        let name = lowered(adapterName)
        return guestCardBytes.contains { ByteSearch.contains(name, $0) } || !isNonIdentityAdapter(mac: "000000000000", adapterName: adapterName)
    }

    /// The asset's identity MACs on adapters that plug in and move (USB adapters, docks): where such a MAC is
    /// documented says where the adapter was, not which machine this is.
    public static func removableMACs(of asset: Asset) -> Set<String> {
        Set(asset.adapters.compactMap { adapter in
            let name = lowered(adapter.name)
            return removableAdapterBytes.contains { ByteSearch.contains(name, $0) } ? normalizeMAC(adapter.macAddress) : nil
        })
    }

    /// The MACs of an asset's real adapters, normalized and without repeats.
    public static func identityMACs(of asset: Asset) -> [String] {
        var verdicts: [String: Bool] = [:]
        return identityMACs(of: asset, adapterVerdicts: &verdicts)
    }

    /// The same, remembering which adapter names are virtual: across a pass the same few names
    /// ("Intel(R) Ethernet Connection I219-LM") recur on thousands of devices.
    /// On a virtual machine, a MAC with a hypervisor's prefix on its own network card is identity too.
    public static func identityMACs(of asset: Asset, adapterVerdicts: inout [String: Bool]) -> [String] {
        var macs: [String] = []
        var isGuest: Bool?
        for adapter in asset.adapters {
            guard let mac = normalizeMAC(adapter.macAddress), !macs.contains(mac) else { continue }
            if virtualPrefixes.contains(String(mac.prefix(6))) {
                if isGuest == nil { isGuest = DeviceClass.isVirtualMachine(asset) }
                if isGuest == true, isGuestCard(adapter.name) { macs.append(mac) }
                continue
            }
            let virtualName: Bool
            if let known = adapterVerdicts[adapter.name] { virtualName = known } else {
                virtualName = isNonIdentityAdapter(mac: "000000000000", adapterName: adapter.name)
                adapterVerdicts[adapter.name] = virtualName
            }
            if virtualName || isNonIdentityAdapter(mac: mac, adapterName: "") { continue }
            macs.append(mac)
        }
        return macs
    }

    /// A configuration's MACs; IT Glue keeps no adapter names, so only the bit rule applies. A hypervisor's prefix
    /// is kept: it is a virtual machine's own card, which only a virtual machine's asset offers (a host's virtual
    /// switch, documented on its configuration, is in no asset's identity).
    public static func identityMACs(of configuration: Configuration) -> [String] {
        var seen = Set<String>()
        return configuration.allMACs.compactMap { text in
            guard let mac = normalizeMAC(text),
                  virtualPrefixes.contains(String(mac.prefix(6))) || !isNonIdentityAdapter(mac: mac, adapterName: ""),
                  seen.insert(mac).inserted else { return nil }
            return mac
        }
    }

    /// Placeholder serials BIOS vendors and hypervisors ship, compared on letters and digits only.
    static let junkSerials: Set<String> = [
        "tobefilledbyoem", "systemserialnumber", "defaultstring", "chassisserialnumber", "notspecified",
        "notapplicable", "none", "na", "null", "nil", "unknown", "0123456789", "123456789", "1234567890",
        "invalid", "oem", "serial", "serialnumber", "systemserial", "baseboardserialnumber", "notavailable",
        "empty", "defaultserial", "noasset", "noassettag", "tbd", "xxxx", "abcdefg", "abcdefgh",
        "00000000000000000000", "oemserial", "sn", "sernum", "chassis", "systemproductname", "tobefilled",
        "insertserialnumber", "noserial", "missing", "undefined", "various",
    ]

    /// Words placeholder serials are made of ("Default", "OEM Serial Number", "N/A N/A", "Not Specified",
    /// "Type2 - Board Serial Number"): a serial of these words alone is no serial.
    static let placeholderWords: Set<String> = [
        "default", "string", "serial", "number", "no", "num", "sn", "oem", "o", "e", "m", "system", "chassis", "board",
        "base", "baseboard", "not", "specified", "available", "applicable", "none", "na", "n", "a", "to", "be",
        "filled", "by", "type1", "type2", "type3", "product", "config", "id", "sku", "uuid", "invalid", "unknown",
        "empty", "null", "nil", "blank", "tbd", "asset", "tag", "the", "of", "provided", "set", "unset", "x",
        "type1productconfigid", "systemserialnumber", "serialnumber", "defaultstring", "tobefilledbyoem",
    ]

    /// SMBIOS placeholder UUIDs some firmware reports as the serial, compared on letters and digits.
    /// ``junkSerials`` as compared: upper-cased, like the serial.
    static let junkSerialsUpper = Set(junkSerials.map { $0.uppercased() })
    static let placeholderUUIDs: Set<String> = ["03000200040005000006000700080009", "0123456789ABCDEF0123456789ABCDEF"]

    /// The serial as compared: letters and digits, upper-cased; nil for a placeholder.
    /// Junk: the list above, a serial made only of placeholder words, SMBIOS default UUIDs, anything under 4
    /// characters, one repeated character, and a run of consecutive digits ("1234", "0123456789").
    public static func normalizeSerial(_ text: String?) -> String? {
        guard let text else { return nil }
        let compact: String
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            // The common case, in bytes: letters and digits, upper-cased.
            compact = String(decoding: text.utf8.compactMap { byte -> UInt8? in
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"): byte
                case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - 32
                default: nil
                }
            }, as: UTF8.self)
        } else {
            let alphanumeric = text.unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }
            compact = String(String.UnicodeScalarView(alphanumeric)).uppercased()
        }
        // Counted and compared in bytes where the serial is ASCII (nearly always): no grapheme breaking.
        let ascii = compact.utf8.allSatisfy { $0 < 0x80 }
        guard (ascii ? compact.utf8.count : compact.count) >= 4 else { return nil }
        if junkSerialsUpper.contains(compact) { return nil }
        if compact.hasPrefix("123456789") || compact.hasPrefix("TOBEFILLED") { return nil }
        if ascii {
            if let first = compact.utf8.first, compact.utf8.allSatisfy({ $0 == first }) { return nil }
        } else if let first = compact.first, compact.allSatisfy({ $0 == first }) {
            return nil
        }
        if placeholderUUIDs.contains(compact) || isDigitRun(compact) || isPlaceholderWords(text) { return nil }
        return compact
    }

    /// "1234", "0123456789", "23456": consecutive ascending digits.
    static func isDigitRun(_ compact: String) -> Bool {
        var previous: UInt8?
        for byte in compact.utf8 {
            guard byte >= 48, byte <= 57 else { return false }
            if let previous, byte != previous + 1 { return false }
            previous = byte
        }
        return previous != nil
    }

    /// Every word of the serial is a placeholder word. Only short texts with a letter can be one.
    static func isPlaceholderWords(_ text: String) -> Bool {
        guard text.utf8.count <= 48, text.utf8.contains(where: { ($0 | 0x20) >= 97 && ($0 | 0x20) <= 122 }) else { return false }
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else {
            let words = text.lowercased().split { !$0.isLetter && !$0.isNumber }
            return !words.isEmpty && words.allSatisfy { placeholderWords.contains(String($0)) }
        }
        // ASCII, the common case, in bytes: it runs for every serial of the account, and most fail at the first word.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { word -> Bool in
            var length = 0, words = 0
            func endWord() -> Bool {
                defer { length = 0 }
                guard length > 0 else { return true }
                words += 1
                return placeholderWords.contains(String(decoding: UnsafeBufferPointer(rebasing: word[..<length]), as: UTF8.self))
            }
            for byte in text.utf8 {
                let lower = byte >= 65 && byte <= 90 ? byte + 32 : byte
                if (lower >= 97 && lower <= 122) || (lower >= 48 && lower <= 57) {
                    word[length] = lower
                    length += 1
                } else if !endWord() {
                    return false
                }
            }
            return endWord() && words > 0
        }
    }

    /// An asset's usable serials, agent's first.
    public static func identitySerials(of asset: Asset) -> [String] {
        var seen = Set<String>()
        return asset.serialCandidates.compactMap { normalizeSerial($0) }.filter { seen.insert($0).inserted }
    }

    /// Device names compared case-insensitively, without a DNS domain ("HEND-LT04.corp.local" → "hend-lt04").
    /// A dot starts a domain only when what follows is one: two or more labels ("acme.co.uk"), or one label that
    /// is a top-level or internal domain ("local", "lan", "com"…). "J.SMITH-PC" and "Dr. Lee's laptop" keep
    /// their dots.
    public static func normalizeName(_ text: String?) -> String? {
        guard let text else { return nil }
        let host: Substring
        if let dot = text.firstIndex(of: "."), isDomain(text[text.index(after: dot)...]) { host = text[..<dot] } else { host = Substring(text) }
        if host.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII, in bytes: trim, lower-case.
            var bytes: [UInt8] = []
            bytes.reserveCapacity(host.utf8.count)
            for byte in host.utf8 { bytes.append(byte >= 65 && byte <= 90 ? byte + 32 : byte) }
            while let last = bytes.last, last == 0x20 || last == 0x09 { bytes.removeLast() }
            let start = bytes.firstIndex { $0 != 0x20 && $0 != 0x09 } ?? bytes.endIndex
            return start == bytes.endIndex ? nil : String(decoding: bytes[start...], as: UTF8.self)
        }
        guard let trimmed = String(host).trimmedNonEmpty else { return nil }
        let folded = TextFolding.fold(trimmed)
        return folded.isEmpty ? nil : folded
    }

    /// Top-level domains and the suffixes Active Directory and home networks use, as a device's last label.
    static let domainSuffixes: Set<String> = [
        "local", "lan", "corp", "internal", "intranet", "intra", "home", "domain", "localdomain", "ad", "private", "net",
        "com", "org", "edu", "gov", "io", "co", "biz", "info", "us", "uk", "ca", "au", "nz", "de", "fr", "nl", "ie",
        "za", "in", "mx", "es", "it", "ch", "at", "be", "se", "no", "dk", "fi", "pl", "eu", "cloud", "tech", "site",
    ]

    /// Whether text after a name's first dot is a DNS domain: labels of letters, digits and hyphens, and either
    /// two or more of them or one known suffix.
    static func isDomain(_ rest: Substring) -> Bool {
        let labels = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard !labels.isEmpty, labels.allSatisfy({ label in
            !label.isEmpty && label.utf8.allSatisfy { byte in
                (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || byte == 45
            }
        }) else { return false }
        return labels.count >= 2 || domainSuffixes.contains(labels[0].lowercased())
    }
}
