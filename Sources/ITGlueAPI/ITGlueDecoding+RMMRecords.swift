import RematchCore
import RematchJSON

extension ITGlueDecoding {
    /// The RMM records a page sideloaded (`include=rmm_records`): what an RMM integration (Syncro's own IT Glue app
    /// among them) reports for a configuration it keeps. IT Glue's own attributes of such a configuration stay
    /// blank but for the name, so its serial and MACs are only here. Like interfaces, they are read from the
    /// document's top-level `included` and from resources written out inside a record's relationships.
    struct RMMRecords {
        var byID: [String: JSONValue] = [:]

        init(included: [JSONValue]) {
            for resource in included where ["rmm-records", "rmm_records"].contains(resource["type"]?.stringValue ?? "") {
                if let id = ITGlueDecoding.text(resource["id"]), byID[id] == nil { byID[id] = resource }
            }
        }

        /// The attributes of each RMM record of a configuration.
        func reports(of record: JSONValue) -> [JSONValue] {
            let relationships = record["relationships"]
            let references = (relationships?["rmm-records"] ?? relationships?["rmm_records"])?["data"]?.arrayValue ?? []
            return references.compactMap { reference in
                reference["attributes"]?.objectValue != nil
                    ? reference["attributes"] : ITGlueDecoding.text(reference["id"]).flatMap { byID[$0] }?["attributes"]
            }
        }

        func serials(of record: JSONValue) -> [String] {
            reports(of: record).compactMap { ITGlueDecoding.text($0["serial-number"] ?? $0["serial_number"]) }
        }

        func macs(of record: JSONValue) -> [String] {
            reports(of: record).flatMap { report in
                let list = (report["mac-addresses"] ?? report["mac_addresses"])?.arrayValue ?? []
                return list.compactMap { ITGlueDecoding.text($0) } + [ITGlueDecoding.text(report["mac-address"])].compactMap { $0 }
            }
        }
    }

    /// A configuration with what its RMM records add: their serial where IT Glue's own is blank, and their MACs
    /// among the other interfaces' (each MAC once), so an integration-made configuration matches its device by
    /// serial and MAC, not by name alone.
    static func adding(rmmSerials serials: [String], rmmMACs macs: [String], to configuration: Configuration) -> Configuration {
        var configuration = configuration
        if configuration.serialNumber == nil { configuration.serialNumber = serials.first }
        var seen = Set(configuration.allMACs.compactMap(DeviceIdentity.normalizeMAC))
        for mac in macs {
            guard let normalized = DeviceIdentity.normalizeMAC(mac), seen.insert(normalized).inserted else { continue }
            configuration.interfaceMACs.append(mac)
        }
        return configuration
    }
}
