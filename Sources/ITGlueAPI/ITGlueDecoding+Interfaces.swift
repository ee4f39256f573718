import RematchCore
import RematchJSON

extension ITGlueDecoding {
    /// The configuration interfaces a page sideloaded (`include=configuration_interfaces`). Where IT Glue puts them is
    /// unconfirmed, so both places are read: the document's top-level `included`, and interface resources written
    /// out in full inside a record's relationships. An interface belongs to a configuration when the record refers
    /// to it, or when the interface names the configuration (`configuration-id`).
    struct Interfaces {
        var byID: [String: JSONValue] = [:]
        var byConfiguration: [String: [JSONValue]] = [:]

        init(included: [JSONValue]) {
            for resource in included where Self.isInterface(resource) {
                if let id = ITGlueDecoding.text(resource["id"]) { byID[id] = resource }
                if let owner = ITGlueDecoding.text(resource["attributes"]?["configuration-id"]) { byConfiguration[owner, default: []].append(resource) }
            }
        }

        static func isInterface(_ resource: JSONValue) -> Bool {
            let type = resource["type"]?.stringValue ?? ""
            return type == "configuration-interfaces" || type == "configuration_interfaces"
        }

        /// The MACs of the record's interfaces other than the primary one (that one is the `mac-address` attribute).
        func secondaryMACs(of record: JSONValue) -> [String] {
            let relationships = record["relationships"]
            let references = (relationships?["configuration-interfaces"] ?? relationships?["configuration_interfaces"])?["data"]?.arrayValue ?? []
            var interfaces = references.compactMap { reference -> JSONValue? in
                reference["attributes"]?.objectValue != nil ? reference : ITGlueDecoding.text(reference["id"]).flatMap { byID[$0] }
            }
            interfaces += ITGlueDecoding.text(record["id"]).flatMap { byConfiguration[$0] } ?? []
            let primary = ITGlueDecoding.text(record["attributes"]?["mac-address"]).flatMap { DeviceIdentity.normalizeMAC($0) }
            var seen = Set(primary.map { [$0] } ?? [])
            return interfaces.compactMap { interface in
                guard interface["attributes"]?["primary"]?.isTrue != true,
                      let mac = ITGlueDecoding.text(interface["attributes"]?["mac-address"]),
                      let normalized = DeviceIdentity.normalizeMAC(mac), seen.insert(normalized).inserted else { return nil }
                return mac
            }
        }
    }
}
