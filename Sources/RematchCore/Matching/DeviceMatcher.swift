/// A piece of evidence that ties a device to a configuration.
public struct DeviceEvidence: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable { case mac, serial, name }
    public var kind: Kind
    public var value: String
}

/// One IT Glue configuration proposed for a Syncro asset.
public struct DeviceCandidate: Sendable, Hashable, Codable {
    public var configurationID: String
    public var name: String
    public var score: Double
    public var reason: String
    public var evidence: [DeviceEvidence]
}

/// What the matcher proposes for one asset.
public struct DeviceSuggestion: Sendable, Hashable {
    public var best: DeviceCandidate?
    /// True for a unique MAC + serial, MAC, or serial match that nothing else shares.
    public var isAutoLink: Bool
    public var isAmbiguous: Bool
    /// The configuration in another organization that carries this device's own identifiers, if one does: the
    /// device may have moved there from another customer. Such a device never links by itself.
    public var moved: MovedDevice? = nil

    public static let none = DeviceSuggestion(best: nil, isAutoLink: false, isAmbiguous: false)
}

/// A configuration in another customer's organization that carries a device's own serial or MAC, which one asset
/// and one live configuration alone carry in the whole account: the device was sold on or handed over to this
/// customer, or documented under the wrong organization. Moving the configuration here keeps its history.
public struct MovedDevice: Sendable, Hashable {
    public var configurationID: String
    public var configurationName: String
    public var organizationID: String
    public var organizationName: String
    /// The identifiers that tie the device to it.
    public var evidence: [DeviceEvidence]

    /// "possibly moved: serial 5CG8401XYZ is documented in Northwind Traders (NW-LT04)".
    public var reason: String {
        let what = evidence.map { "\($0.kind == .mac ? "MAC" : "serial") \($0.value)" }.joined(separator: " and ")
        return "possibly moved: \(what) \(evidence.count == 1 ? "is" : "are") documented in \(organizationName) (\(configurationName))"
    }
}

/// Matches the assets of the customers linked to one organization against that organization's
/// configurations, in IT Glue's order: MAC + serial, MAC, serial (these may auto-link), then exact name
/// (a suggestion only). Identifiers shared by more than one asset or configuration never auto-link.
public enum DeviceMatcher {
    enum Level: Int, Comparable {
        case macAndSerial, mac, serial, name
        static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
        var autoScore: Double { [1.0, 0.95, 0.9, 0.7][rawValue] }
        var title: String { ["MAC + serial", "MAC", "serial", "same name"][rawValue] }
    }

    /// The identifiers of one asset that count as identity: its usable serials and real adapters' MACs, normalized.
    public struct Identity: Sendable, Hashable {
        public var serials: [String]
        public var macs: [String]
    }

    /// One organization's share of a full pass: its customers' assets and its configurations.
    public struct Group: Sendable {
        public var assets: [Asset]
        public var configurations: [Configuration]
        public var reserved: Set<String>
        public var decided: Set<Int>
        /// The assets' identities, one per asset, when the caller has them already (``IdentityIndex``).
        public var identities: [Identity]?

        public init(assets: [Asset], configurations: [Configuration], reserved: Set<String> = [], decided: Set<Int> = [],
                    identities: [Identity]? = nil) {
            self.assets = assets
            self.configurations = configurations
            self.reserved = reserved
            self.decided = decided
            self.identities = identities
        }
    }

    /// A full pass over many organizations at once: each is matched on its own, and the organizations are
    /// spread over all cores. The answers of all groups together, keyed by asset.
    public static func match(groups: [Group]) -> [Int: DeviceSuggestion] {
        match(groupCount: groups.count) { groups[$0] }
    }

    /// The same, with each group made when it is matched (nil: none for that index): a full pass holds only the
    /// groups being matched, never copies of every asset and configuration of the account at once. An asset belongs
    /// to one customer and a customer to one organization, so no asset is in two groups.
    public static func match(groupCount: Int, group: @Sendable (Int) -> Group?) -> [Int: DeviceSuggestion] {
        Parallel.merge(groupCount, minimumChunk: 64, into: [Int: DeviceSuggestion]()) { range in
            range.compactMap { index in
                group(index).map { match(assets: $0.assets, configurations: $0.configurations, reserved: $0.reserved, decided: $0.decided,
                                         identities: $0.identities) }
            }
        } merge: { table, answers in
            for answer in answers {
                for (asset, suggestion) in answer where table[asset] == nil { table[asset] = suggestion }
            }
        }
    }

    /// - Parameters:
    ///   - assets: every asset of the customers matched to the organization.
    ///   - configurations: the organization's configurations.
    ///   - reserved: configurations a person already tied to an asset; never proposed again.
    ///   - decided: assets with a person's decision; not matched here, but their identifiers still count
    ///     as shared.
    ///   - identities: the assets' identities, one per asset, if already worked out; else they are here.
    public static func match(
        assets: [Asset], configurations: [Configuration], reserved: Set<String> = [], decided: Set<Int> = [],
        identities: [Identity]? = nil
    ) -> [Int: DeviceSuggestion] {
        let pass = Pass(assets: assets, configurations: configurations.filter { !$0.archived && !reserved.contains($0.id) },
                        identities: identities)
        var results: [Int: DeviceSuggestion] = [:]
        var autoTargets: [String: [Int]] = [:]
        for (position, asset) in assets.enumerated() where !decided.contains(asset.id) {
            let suggestion = pass.suggestion(forAssetAt: position)
            results[asset.id] = suggestion
            if suggestion.isAutoLink, let target = suggestion.best?.configurationID { autoTargets[target, default: []].append(asset.id) }
        }
        resolveConflicts(autoTargets, in: &results, assets: assets)
        // A configuration another device links to on identifiers of its own is that device's: it is not proposed
        // to a device that only shares a dock's MAC, a template serial or a name with it (an undocumented VM clone,
        // a new laptop on the same dock).
        let linked = Set(autoTargets.filter { $0.value.count == 1 }.keys)
        for (assetID, suggestion) in results where !suggestion.isAutoLink {
            if let target = suggestion.best?.configurationID, linked.contains(target), autoTargets[target]?.first != assetID {
                results[assetID] = DeviceSuggestion.none
            }
        }
        return results
    }

    /// Two assets may not auto-link to one configuration: each claimant becomes an ambiguous proposal.
    private static func resolveConflicts(_ autoTargets: [String: [Int]], in results: inout [Int: DeviceSuggestion], assets: [Asset]) {
        let conflicts = autoTargets.values.filter { $0.count > 1 }
        guard !conflicts.isEmpty else { return }
        let assetNames = Dictionary(assets.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        for claimants in conflicts {
            for assetID in claimants {
                guard var suggestion = results[assetID], var best = suggestion.best else { continue }
                let others = claimants.filter { $0 != assetID }.compactMap { assetNames[$0] }
                best.reason += "; also matches \(others.joined(separator: ", "))"
                best.score = 0.5
                suggestion.best = best
                suggestion.isAutoLink = false
                suggestion.isAmbiguous = true
                results[assetID] = suggestion
            }
        }
    }

    /// One organization's identifiers, indexed once: which configurations carry each MAC, serial and name, and
    /// how many assets carry each MAC and serial (a dock's MAC, a cloned VM's serial).
    struct Pass {
        let usable: [Configuration]
        var configsByMAC: [String: [Int]] = [:]
        var configsBySerial: [String: [Int]] = [:]
        var configsByName: [String: [Int]] = [:]
        /// Each usable configuration's serial, if it has a usable one.
        var configSerials: [String?] = []
        var assetMACCount: [String: Int] = [:]
        var assetSerialCount: [String: Int] = [:]
        var assetMACs: [[String]] = []
        var assetSerials: [[String]] = []
        let assets: [Asset]

        init(assets: [Asset], configurations usable: [Configuration], identities: [Identity]? = nil) {
            self.usable = usable
            self.assets = assets
            configSerials.reserveCapacity(usable.count)
            configsByName.reserveCapacity(usable.count)
            configsBySerial.reserveCapacity(usable.count)
            assetMACs.reserveCapacity(assets.count)
            assetSerials.reserveCapacity(assets.count)
            for (index, configuration) in usable.enumerated() {
                for mac in DeviceIdentity.identityMACs(of: configuration) { configsByMAC[mac, default: []].append(index) }
                let serial = DeviceIdentity.normalizeSerial(configuration.serialNumber)
                configSerials.append(serial)
                if let serial { configsBySerial[serial, default: []].append(index) }
                let name = DeviceIdentity.normalizeName(configuration.name)
                if let name { configsByName[name, default: []].append(index) }
                if let host = DeviceIdentity.normalizeName(configuration.hostname), host != name { configsByName[host, default: []].append(index) }
            }
            var adapterVerdicts: [String: Bool] = [:]
            for (position, asset) in assets.enumerated() {
                let known = identities.flatMap { $0.count == assets.count ? $0[position] : nil }
                let macs = known?.macs ?? DeviceIdentity.identityMACs(of: asset, adapterVerdicts: &adapterVerdicts)
                let serials = known?.serials ?? DeviceIdentity.identitySerials(of: asset)
                for mac in macs { assetMACCount[mac, default: 0] += 1 }
                for serial in serials { assetSerialCount[serial, default: 0] += 1 }
                assetMACs.append(macs)
                assetSerials.append(serials)
            }
        }

        /// The configurations one asset's identifiers and name hit.
        struct Hits {
            var macs: [Int: [String]] = [:]
            var serials: [Int: [String]] = [:]
            var names: Set<Int> = []
        }

        func hits(forAssetAt position: Int) -> Hits {
            var hits = Hits()
            for mac in assetMACs[position] {
                for index in configsByMAC[mac] ?? [] { hits.macs[index, default: []].append(mac) }
            }
            for serial in assetSerials[position] {
                for index in configsBySerial[serial] ?? [] { hits.serials[index, default: []].append(serial) }
            }
            hits.names = Set(DeviceIdentity.normalizeName(assets[position].name).flatMap { configsByName[$0] } ?? [])
            return hits
        }

        /// Whether an identifier is one device's alone: no other asset and no other configuration carries it.
        func isUnique(mac: String) -> Bool { assetMACCount[mac] == 1 && configsByMAC[mac]?.count == 1 }
        func isUnique(serial: String) -> Bool { assetSerialCount[serial] == 1 && configsBySerial[serial]?.count == 1 }

        /// The configuration carries a serial and the asset others: a MAC shared with it belongs to an adapter that
        /// moved (a USB dongle, a dock), not to this machine.
        func serialsDiffer(_ position: Int, _ index: Int) -> Bool {
            guard let serial = configSerials[index] else { return false }
            return !assetSerials[position].isEmpty && !assetSerials[position].contains(serial)
        }

        /// A MAC-only proposal that the device's name contradicts: the MAC is on configurations whose names differ
        /// while another carries the device's name, or it is only an adapter that plugs in (a USB adapter, a dock)
        /// on a configuration of another name. Words for the reason, or nil when nothing contradicts it.
        func macContradicted(_ position: Int, candidates: Set<Int>, hits: Hits) -> (caution: String, byName: Int?)? {
            guard candidates.isDisjoint(with: hits.names) else { return nil }
            let removable = DeviceIdentity.removableMACs(of: assets[position])
            let adapterOnly = candidates.allSatisfy { hits.macs[$0, default: []].allSatisfy(removable.contains) }
            let named = hits.names.count == 1 ? hits.names.first : nil
            guard adapterOnly || named != nil else { return nil }
            let ordered = candidates.sorted()
            let records = ordered.map { usable[$0].name }.joined(separator: ", ")
            let mac = DeviceIdentity.displayMAC(hits.macs[ordered[0]]![0])
            let caution = adapterOnly ? "MAC \(mac) is a plug-in adapter's (USB or dock), documented on \(records)"
                                      : "MAC \(mac) is on \(records), the name on \(named.map { usable[$0].name } ?? "another")"
            return (caution, adapterOnly ? named : nil)
        }

        /// The asset's proposal at the strongest level it reaches: MAC + serial, MAC, serial, then name. Identifiers
        /// the device holds alone come first: a dock's MAC or a template serial that others share never hides
        /// the device's own serial on its own configuration, and a MAC whose configuration's serial contradicts the
        /// asset's is no evidence of identity. A MAC and a serial that point at different configurations, shared or
        /// contradicted identifiers only make a proposal.
        func suggestion(forAssetAt position: Int) -> DeviceSuggestion {
            let hits = hits(forAssetAt: position)
            var macs = Set<Int>(), serials = Set<Int>()
            for (index, found) in hits.macs where found.contains(where: isUnique(mac:)) && !serialsDiffer(position, index) {
                macs.insert(index)
            }
            for (index, found) in hits.serials where found.contains(where: isUnique(serial:)) { serials.insert(index) }
            let both = macs.intersection(serials)
            if !both.isEmpty { return identified(position, level: .macAndSerial, candidates: both, hits: hits) }
            if !macs.isEmpty, !serials.isEmpty {
                // The MAC says one configuration and the serial another: an adapter that moves between machines (a
                // USB dongle) documented on a configuration without a serial. The device's own serial is the better
                // witness, above all with the name; but a person decides.
                let elsewhere = macs.subtracting(serials).sorted().map { index in
                    "MAC \(DeviceIdentity.displayMAC(hits.macs[index]![0])) is on \(usable[index].name) (a moved USB adapter?)"
                }
                return identified(position, level: .serial, candidates: serials, hits: hits, caution: elsewhere)
            }
            if !macs.isEmpty {
                // A plug-in adapter's MAC on a record of another name, or a MAC the device's own name contradicts: a
                // person decides, and the device's own name is the proposal where the MAC is only an adapter's.
                if let (caution, named) = macContradicted(position, candidates: macs, hits: hits) {
                    if let named {
                        return DeviceSuggestion(best: candidate(named, score: 0.7, reason: "same name; \(caution)", hits: hits),
                                                isAutoLink: false, isAmbiguous: false)
                    }
                    return identified(position, level: .mac, candidates: macs, hits: hits, caution: [caution])
                }
                return identified(position, level: .mac, candidates: macs, hits: hits)
            }
            if !serials.isEmpty { return identified(position, level: .serial, candidates: serials, hits: hits) }
            let anyBoth = Set(hits.macs.keys).intersection(hits.serials.keys)
            if !anyBoth.isEmpty { return identified(position, level: .macAndSerial, candidates: anyBoth, hits: hits) }
            if !hits.macs.isEmpty {
                let contradicted = hits.macs.keys.filter { serialsDiffer(position, $0) }.sorted().map { index in
                    "MAC \(DeviceIdentity.displayMAC(hits.macs[index]![0])) is on \(usable[index].name), whose serial differs (a moved USB adapter or dock?)"
                }
                return identified(position, level: .mac, candidates: Set(hits.macs.keys), hits: hits, caution: contradicted)
            }
            if !hits.serials.isEmpty {
                // A serial others share too (a VM template) on records of other names, while a record carries the
                // device's own name: the name is the better witness (a clone documented by name only).
                let candidates = Set(hits.serials.keys)
                if !hits.names.isEmpty, candidates.isDisjoint(with: hits.names) { return byName(position, hits: hits) }
                return identified(position, level: .serial, candidates: candidates, hits: hits)
            }
            if !hits.names.isEmpty { return byName(position, hits: hits) }
            return .none
        }

        private func candidate(_ index: Int, score: Double, reason: String, hits: Hits) -> DeviceCandidate {
            var evidence: [DeviceEvidence] = []
            evidence += (hits.macs[index] ?? []).map { DeviceEvidence(kind: .mac, value: DeviceIdentity.displayMAC($0)) }
            evidence += (hits.serials[index] ?? []).map { DeviceEvidence(kind: .serial, value: $0) }
            if hits.names.contains(index) { evidence.append(DeviceEvidence(kind: .name, value: usable[index].name)) }
            return DeviceCandidate(configurationID: usable[index].id, name: usable[index].name, score: score,
                                   reason: reason, evidence: evidence)
        }

        /// Name only: never an auto-link; weaker when the serials on both sides disagree.
        private func byName(_ position: Int, hits: Hits) -> DeviceSuggestion {
            let sorted = hits.names.sorted()
            let index = sorted[0]
            if sorted.count > 1 {
                return DeviceSuggestion(best: candidate(index, score: 0.4, reason: "name shared by \(sorted.count) configurations", hits: hits),
                                        isAutoLink: false, isAmbiguous: true)
            }
            if !assetSerials[position].isEmpty, configSerials[index] != nil {
                return DeviceSuggestion(best: candidate(index, score: 0.45, reason: "same name, but the serials differ", hits: hits),
                                        isAutoLink: false, isAmbiguous: false)
            }
            return DeviceSuggestion(best: candidate(index, score: 0.7, reason: "same name only (no MAC or serial in common)", hits: hits),
                                    isAutoLink: false, isAmbiguous: false)
        }

        /// MAC and/or serial: an auto-link when one configuration is hit and no identifier used is shared;
        /// else the candidate the name also agrees with, if exactly one does, as an ambiguous proposal.
        private func identified(_ position: Int, level: Level, candidates: Set<Int>, hits: Hits, caution: [String] = []) -> DeviceSuggestion {
            let sharing = caution + sharedIdentifiers(level: level, candidates: candidates, hits: hits)
            if candidates.count == 1, sharing.isEmpty, let index = candidates.first {
                return DeviceSuggestion(best: candidate(index, score: level.autoScore, reason: level.title, hits: hits),
                                        isAutoLink: true, isAmbiguous: false)
            }
            let ordered = candidates.sorted()
            let agreeing = ordered.filter { hits.names.contains($0) }
            let chosen = agreeing.count == 1 ? agreeing[0] : ordered[0]
            var reason = sharing.isEmpty ? "\(level.title) matches \(candidates.count) configurations" : sharing.joined(separator: "; ")
            var score = 0.5
            if agreeing.count == 1 {
                reason += "; the name agrees with this one"
                score = 0.75
            }
            return DeviceSuggestion(best: candidate(chosen, score: score, reason: reason, hits: hits), isAutoLink: false, isAmbiguous: true)
        }

        /// The identifiers behind the match that more than one asset or configuration carries, in words.
        private func sharedIdentifiers(level: Level, candidates: Set<Int>, hits: Hits) -> [String] {
            var sharing: [String] = []
            if level != .serial {
                for mac in Set(candidates.flatMap { hits.macs[$0] ?? [] }).sorted() {
                    if let count = assetMACCount[mac], count > 1 {
                        sharing.append("MAC \(DeviceIdentity.displayMAC(mac)) shared by \(count) devices (a dock?)")
                    }
                    if let count = configsByMAC[mac]?.count, count > 1 {
                        sharing.append("MAC \(DeviceIdentity.displayMAC(mac)) on \(count) configurations")
                    }
                }
            }
            if level != .mac {
                for serial in Set(candidates.flatMap { hits.serials[$0] ?? [] }).sorted() {
                    if let count = assetSerialCount[serial], count > 1 {
                        sharing.append("serial \(serial) shared by \(count) devices (cloned VMs?)")
                    }
                    if let count = configsBySerial[serial]?.count, count > 1 {
                        sharing.append("serial \(serial) on \(count) configurations (cloned VMs?)")
                    }
                }
            }
            return sharing
        }
    }
}
