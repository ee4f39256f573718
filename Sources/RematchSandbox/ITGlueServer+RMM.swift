import Foundation
import RematchJSON

/// Configurations an RMM integration made and keeps linked (Syncro's own IT Glue app adds Syncro assets this
/// way). IT Glue's plain attributes do not show what the RMM reports (name aside): that lives in the `rmm-records`
/// sideloaded with `include=rmm_records`. Such configurations are found with `filter[rmm_integration_type]`
/// (and `filter[rmm_id]`).
extension ITGlueResponder {
    /// Whether the request asks for the RMM records.
    func includesRMMRecords(_ query: QueryParameters) -> Bool {
        (query["include"] ?? "").split(separator: ",").contains { $0 == "rmm_records" || $0 == "rmm-records" }
    }

    /// The `rmm-records` of these configurations, and each configuration with its relationship to them.
    /// `inside`: each record written out in full in its configuration's relationships (see
    /// ``SandboxBehaviour/includedPlacement``) rather than in `included`.
    static func withRMMRecords(_ rendered: [JSONValue], stored: [JSONValue], inside: Bool) -> (data: [JSONValue], included: [JSONValue]) {
        var data: [JSONValue] = []
        var included: [JSONValue] = []
        for (output, record) in zip(rendered, stored) {
            var output = output
            if let rmm = record["attributes"]?["rmm-record"], rmm.objectValue != nil, let id = record["id"]?.text {
                let resource = SandboxDataset.resource("rmm-records", id, rmm.objectValue ?? [:])
                included.append(resource)
                var relationships = output["relationships"]?.objectValue ?? [:]
                relationships["rmm-records"] = ["data": [inside ? resource : ["id": .string(id), "type": "rmm-records"]]]
                output["relationships"] = .object(relationships)
            }
            data.append(output)
        }
        return (data, included)
    }

    /// RMM linkage is IT Glue's own: never shown among a configuration's attributes.
    static let hiddenAttributes = ["rmm-integration-type", "rmm-id", "rmm-record"]
}

extension SandboxStore {
    /// A configuration made by an RMM integration for one of its devices, as Syncro's own IT Glue app does:
    /// only the name in IT Glue's attributes, the RMM's serial and MACs in its `rmm-records`, and linkage that
    /// `filter[rmm_integration_type]=syncro&filter[rmm_id]=ASSET` finds. Returns its id.
    public func addConfigurationLinkedByIntegration(assetID: Int, organizationID: Int, name: String, serial: String?,
                                                    macs: [String], integration: String = "syncro") throws -> Int {
        let record = SandboxDataset.rmmRecord(name: name, serial: serial, macs: macs)
        let created = try create(.configurations, attributes: [[
            "organization-id": .from(organizationID), "name": .string(name), "configuration-type-id": nil,
            "configuration-status-id": nil, "archived": false, "restricted": false, "rmm-integration-type": .string(integration),
            "rmm-id": .string(String(assetID)), "rmm-record": record,
        ]], type: "configurations")
        return created.first?["id"]?.intValue ?? 0
    }
}
