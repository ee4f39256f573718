import Foundation
import RematchCore
import RematchHTTP
import RematchJSON

/// What Rematch writes when it creates a configuration.
public struct ConfigurationDraft: Sendable, Hashable {
    public var name: String
    public var hostname: String?
    public var macAddress: String?
    public var serialNumber: String?
    public var configurationTypeID: String
    public var configurationStatusID: String?
    public var notes: String?

    public init(name: String, hostname: String?, macAddress: String?, serialNumber: String?, configurationTypeID: String,
                configurationStatusID: String?, notes: String?) {
        self.name = name
        self.hostname = hostname
        self.macAddress = macAddress
        self.serialNumber = serialNumber
        self.configurationTypeID = configurationTypeID
        self.configurationStatusID = configurationStatusID
        self.notes = notes
    }

    var attributes: JSONValue {
        var attributes: [String: JSONValue] = ["name": .string(name), "configuration-type-id": .from(Int(configurationTypeID))]
        if let hostname { attributes["hostname"] = .string(hostname) }
        if let macAddress { attributes["mac-address"] = .string(macAddress) }
        if let serialNumber { attributes["serial-number"] = .string(serialNumber) }
        if let configurationStatusID { attributes["configuration-status-id"] = .from(Int(configurationStatusID)) }
        if let notes { attributes["notes"] = .string(notes) }
        return ["type": "configurations", "attributes": .object(attributes)]
    }
}

/// The IT Glue API (JSON:API): organizations, configurations and their lookup tables.
public struct ITGlueClient: Sendable {
    public static let pageSize = 1000
    public static let contentType = "application/vnd.api+json"
    public let transport: APITransport
    /// The host requests go to, for headers and reports (never the key).
    public var host: String { transport.endpoint.host }

    public init(baseURL: String, apiKey: String, limiter: RequestLimiter = .itGlue(), retry: RetryPolicy = RetryPolicy(),
                timeout: Duration = .seconds(60)) throws(APIError) {
        let endpoint = try ServiceEndpoint(service: "IT Glue", baseURL: baseURL)
        transport = APITransport(endpoint: endpoint, authorization: [("x-api-key", apiKey)], limiter: limiter, retry: retry,
                                 timeout: timeout, keyHint: "Check the key and the region (US/EU/AU).")
    }

    public func check() async throws(APIError) {
        _ = try await transport.get("/organization_types?" + QueryString.encode([("page[size]", "1")]))
    }

    // MARK: Reading

    /// Every record of a list, 1,000 a page, sorted by id so pages stay stable.
    func all(_ path: String, list: String, filters: [(String, String)] = [], sort: Bool = true,
             progress: @escaping @Sendable (PageProgress) -> Void) async throws(APIError) -> [JSONValue] {
        try await pages(path, list: list, filters: filters, sort: sort, progress: progress) { $0["data"]?.arrayValue }
    }

    /// Every page of a list, each answer read into items by `read` (nil when the answer has no `data` list). IT
    /// Glue's large pages can time out ("try lowering the page size"): on a 504 or a timeout the list starts again
    /// with pages half as large, down to 50, below which the usual retries apply.
    func pages<Item: Sendable>(_ path: String, list: String, filters: [(String, String)] = [], sort: Bool = true,
                               progress: @escaping @Sendable (PageProgress) -> Void,
                               read: @escaping @Sendable (JSONValue) -> [Item]?) async throws(APIError) -> [Item] {
        var size = Self.pageSize
        while true {
            do {
                return try await pages(path, list: list, size: size, filters: filters, sort: sort, progress: progress, read: read)
            } catch where size > Self.smallestPageSize && (error.kind == .timeout || error.status == 504) {
                size = max(Self.smallestPageSize, size / 2)
            }
        }
    }

    /// The smallest page size a list falls back to (IT Glue's default).
    static let smallestPageSize = 50

    private func pages<Item: Sendable>(_ path: String, list: String, size: Int, filters: [(String, String)], sort: Bool,
                                       progress: @escaping @Sendable (PageProgress) -> Void,
                                       read: @escaping @Sendable (JSONValue) -> [Item]?) async throws(APIError) -> [Item] {
        let transport = self.transport
        // Above the smallest size a page that times out is not sent again as it was: it is made smaller.
        let retrySlowPages = size <= Self.smallestPageSize
        do {
            return try await Pager.all(list: list, progress: progress) { page in
                var query = filters + [("page[size]", String(size)), ("page[number]", String(page))]
                if sort { query.append(("sort", "id")) }
                let response = try await transport.send("GET", path + "?" + QueryString.encode(query), body: nil, idempotent: true,
                                                        retrySlowAnswers: retrySlowPages)
                guard let items = read(response.json) else {
                    throw APIError(.decoding, service: "IT Glue", message: "IT Glue's answer to \(path) has no \"data\" list")
                }
                return Pager.Page(items: items, totalPages: response.json["meta"]?["total-pages"]?.intValue ?? page,
                                  fingerprint: response.json["data"]?.arrayValue?.map { $0["id"]?.text ?? "" })
            }
        } catch let error as APIError {
            throw error
        } catch let error as Pager.Unbounded {
            throw APIError(.unreadable, service: "IT Glue", message: "\(error)")
        } catch {
            throw APIError(.cancelled, service: "IT Glue", message: "IT Glue sync cancelled.")
        }
    }

    private func decodeAll<T: Sendable>(_ records: [JSONValue], kind: String, _ decode: (JSONValue) -> T?) -> ([T], [SkippedRecord]) {
        PageRecord.split(records.map { PageRecord(decode($0), from: $0, service: "IT Glue", kind: kind, reason: "missing id or name") })
    }

    public func organizations(progress: @escaping @Sendable (PageProgress) -> Void = { _ in }) async throws(APIError) -> ([Organization], [SkippedRecord]) {
        decodeAll(try await all("/organizations", list: "IT Glue organizations", progress: progress), kind: "organization", ITGlueDecoding.organization)
    }

    /// Every configuration with the MACs of its other interfaces (`include=configuration_interfaces`) and what an
    /// RMM integration reports for it (`include=rmm_records`: serial and MACs, see ``ITGlueDecoding/adding(rmmSerials:rmmMACs:to:)``).
    public func configurations(progress: @escaping @Sendable (PageProgress) -> Void = { _ in }) async throws(APIError) -> ([Configuration], [SkippedRecord]) {
        // Each page is read into configurations as it arrives: a sync never holds every page's JSON.
        let records = try await pages("/configurations", list: "IT Glue configurations",
                                      filters: [("include", "configuration_interfaces,rmm_records")],
                                      progress: progress) { document -> [PageRecord<Configuration>]? in
            guard let data = document["data"]?.arrayValue else { return nil }
            let included = document["included"]?.arrayValue ?? []
            let interfaces = ITGlueDecoding.Interfaces(included: included)
            let rmm = ITGlueDecoding.RMMRecords(included: included)
            return data.map { json in
                let configuration = ITGlueDecoding.configuration(json).map { found in
                    var configuration = found
                    configuration.interfaceMACs = interfaces.secondaryMACs(of: json)
                    return ITGlueDecoding.adding(rmmSerials: rmm.serials(of: json), rmmMACs: rmm.macs(of: json), to: configuration)
                }
                return PageRecord(configuration, from: json, service: "IT Glue", kind: "configuration", reason: "missing id or name")
            }
        }
        return PageRecord.split(records)
    }

    /// An organization's configurations with the notes each carries, to find the ones Rematch made.
    public func configurationsWithNotes(inOrganization id: String) async throws(APIError) -> [(configuration: Configuration, notes: String)] {
        try await all("/configurations", list: "IT Glue configurations", filters: [("filter[organization_id]", id)], progress: { _ in })
            .compactMap(ITGlueDecoding.configurationWithNotes)
    }

    /// An organization's configurations that Syncro's own IT Glue integration made and keeps linked to a Syncro
    /// asset, with what that integration reports (its `rmm-records`: serial, MACs; IT Glue's own attributes of such
    /// records stay blank) and its device id (`rmm_id`, unconfirmed to be the asset id, so identifiers count too).
    public func configurationsLinkedBySyncro(inOrganization id: String) async throws(APIError) -> [LinkedConfiguration] {
        let records = try await pages("/configurations", list: "IT Glue configurations",
                                      filters: [("filter[organization_id]", id), ("filter[rmm_integration_type]", "syncro"),
                                                ("include", "rmm_records")], progress: { _ in }) { document -> [LinkedConfiguration]? in
            guard let data = document["data"]?.arrayValue else { return nil }
            let rmm = ITGlueDecoding.RMMRecords(included: document["included"]?.arrayValue ?? [])
            return data.compactMap { record in
                guard let configuration = ITGlueDecoding.configuration(record) else { return nil }
                return LinkedConfiguration(
                    configuration: configuration, rmmID: ITGlueDecoding.text(record["attributes"]?["rmm-id"]),
                    serials: rmm.serials(of: record) + [configuration.serialNumber].compactMap { $0 },
                    macs: rmm.macs(of: record) + [configuration.macAddress].compactMap { $0 })
            }
        }
        return records
    }

    /// The organizations' email domains and location phones (`GET /domains`, `GET /locations`), organization id →
    /// values: evidence for suggestions, nothing more. An account or key that cannot list them (403, 404) gives
    /// none, and the sync goes on without; other failures fail the sync as any list does.
    public func contacts(progress: @escaping @Sendable (PageProgress) -> Void = { _ in }) async throws(APIError)
        -> (domains: [String: [String]], phones: [String: [String]]) {
        func values(_ path: String, list: String, attribute: String) async throws(APIError) -> [String: [String]] {
            let records: [JSONValue]
            do {
                records = try await all(path, list: list, progress: progress)
            } catch where error.kind == .forbidden || error.kind == .notFound {
                return [:]
            }
            var found: [String: [String]] = [:]
            for record in records {
                let attributes = record["attributes"]
                guard let organization = ITGlueDecoding.text(attributes?["organization-id"]),
                      let value = ITGlueDecoding.text(attributes?[attribute]) else { continue }
                found[organization, default: []].append(value)
            }
            return found
        }
        let domains = try await values("/domains", list: "IT Glue domains", attribute: "name")
        let phones = try await values("/locations", list: "IT Glue locations", attribute: "phone")
        return (domains, phones)
    }

    public func configurationTypes() async throws(APIError) -> [ConfigurationType] {
        try await all("/configuration_types", list: "IT Glue configuration types", progress: { _ in })
            .compactMap { record in ITGlueDecoding.named(record).map { ConfigurationType(id: $0.id, name: $0.name) } }
    }

    public func configurationStatuses() async throws(APIError) -> [ConfigurationStatus] {
        try await all("/configuration_statuses", list: "IT Glue configuration statuses", progress: { _ in })
            .compactMap { record in ITGlueDecoding.named(record).map { ConfigurationStatus(id: $0.id, name: $0.name) } }
    }

    /// Organizations with this name, case, accents, spacing and punctuation aside (the matcher's exact key). IT Glue's `filter[name]` documents only `\,`
    /// as an escape, and not whether case counts: a name holding a backslash is looked for in the whole list, and the
    /// filter is asked both for the name and for the synced list's names with the same key (`variants`).
    public func organizations(named name: String, alsoAs variants: [String] = []) async throws(APIError) -> [Organization] {
        let wanted = AnalyzedName(name).exactKey
        let records: [JSONValue]
        if name.contains("\\") || variants.contains(where: { $0.contains("\\") }) {
            records = try await all("/organizations", list: "IT Glue organizations", progress: { _ in })
        } else {
            let values = ([name] + variants).map { $0.replacingOccurrences(of: ",", with: "\\,") }.joined(separator: ",")
            records = try await all("/organizations", list: "IT Glue organizations", filters: [("filter[name]", values)], progress: { _ in })
        }
        return records.compactMap(ITGlueDecoding.organization).filter { AnalyzedName($0.name).exactKey == wanted }
    }

    // MARK: Writing

    /// The ids of the organization type and status named so (case aside), when the account has them: new
    /// organizations are made Customer and Active, as MSPs filter their lists on those.
    public func organizationKind(type: String = "Customer", status: String = "Active") async throws(APIError)
        -> (typeID: String?, statusID: String?) {
        func id(_ path: String, _ name: String) async throws(APIError) -> String? {
            try await all(path, list: "IT Glue lookups", progress: { _ in })
                .compactMap(ITGlueDecoding.named).first { $0.name.lowercased() == name.lowercased() }?.id
        }
        return (try await id("/organization_types", type), try await id("/organization_statuses", status))
    }

    /// `POST /organizations` (one at a time: IT Glue has no bulk create for organizations).
    public func createOrganization(name: String, typeID: String? = nil, statusID: String? = nil) async throws(APIError) -> Organization {
        var attributes: [String: JSONValue] = ["name": .string(name)]
        if let typeID, let id = Int(typeID) { attributes["organization-type-id"] = .from(id) }
        if let statusID, let id = Int(statusID) { attributes["organization-status-id"] = .from(id) }
        let body: JSONValue = ["data": ["type": "organizations", "attributes": .object(attributes)]]
        let response = try await transport.send("POST", "/organizations", body: body, contentType: Self.contentType, idempotent: false)
        guard let organization = ITGlueDecoding.organization(response.json["data"] ?? .null) else {
            throw APIError(.decoding, service: "IT Glue", message: "IT Glue created the organization but its answer could not be read")
        }
        return organization
    }

    /// Bulk create on the nested route. Returns what the answer shows, each record with its notes: the order,
    /// the count and whether a refused request created anything are undocumented, so the caller pairs records
    /// to devices by the marker in their notes and looks up whatever the answer does not show.
    public func createConfigurations(organizationID: String, _ drafts: [ConfigurationDraft]) async throws(APIError)
        -> [(configuration: Configuration, notes: String)] {
        let body: JSONValue = ["data": .array(drafts.map(\.attributes))]
        let path = "/organizations/\(QueryString.escape(organizationID))/relationships/configurations"
        let response = try await transport.send("POST", path, body: body, contentType: Self.contentType, idempotent: false)
        let records = response.json["data"]?.arrayValue ?? (response.json["data"].map { [$0] } ?? [])
        return records.compactMap(ITGlueDecoding.configurationWithNotes)
    }

    /// Archives a configuration: what IT Glue still allows on one synced from a PSA, which refuses status changes.
    public func archiveConfiguration(id: String) async throws(APIError) -> Configuration {
        try await patchConfiguration(id, ["archived": true], what: "the archiving")
    }

    /// Moves a configuration into another organization (a device that changed hands). The answer is the record as
    /// IT Glue keeps it: the caller checks that its organization is the new one.
    public func moveConfiguration(id: String, toOrganization organizationID: String) async throws(APIError) -> Configuration {
        try await patchConfiguration(id, ["organization-id": .from(Int(organizationID))], what: "the move")
    }

    /// Sets a configuration's status (e.g. Inactive for a device gone from Syncro).
    public func setConfigurationStatus(id: String, statusID: String) async throws(APIError) -> Configuration {
        try await patchConfiguration(id, ["configuration-status-id": .from(Int(statusID))], what: "the status change")
    }

    /// One configuration's PATCH (idempotent: the same attributes set twice change nothing), and the record answered.
    private func patchConfiguration(_ id: String, _ attributes: JSONValue, what: String) async throws(APIError) -> Configuration {
        let body: JSONValue = ["data": ["type": "configurations", "attributes": attributes]]
        let response = try await transport.send("PATCH", "/configurations/\(QueryString.escape(id))", body: body,
                                                contentType: Self.contentType, idempotent: true)
        guard let configuration = ITGlueDecoding.configuration(response.json["data"] ?? .null) else {
            throw APIError(.decoding, service: "IT Glue", message: "IT Glue's answer to \(what) could not be read")
        }
        return configuration
    }
}

/// Reads IT Glue's JSON:API resources into core values: string or numeric ids, nulls and missing fields.
public enum ITGlueDecoding {
    static func text(_ value: JSONValue?) -> String? { value?.text?.trimmedNonEmpty }


    static func named(_ record: JSONValue) -> (id: String, name: String)? {
        guard let id = text(record["id"]), let name = text(record["attributes"]?["name"]) else { return nil }
        return (id, name)
    }

    public static func organization(_ record: JSONValue) -> Organization? {
        guard let (id, name) = named(record) else { return nil }
        let attributes = record["attributes"]
        return Organization(id: id, name: name, typeName: text(attributes?["organization-type-name"]),
                            statusName: text(attributes?["organization-status-name"]), isPrimary: attributes?["primary"]?.isTrue ?? false)
    }

    /// A configuration and its notes (where Rematch's marker is; IT Glue may wrap them in HTML).
    public static func configurationWithNotes(_ record: JSONValue) -> (configuration: Configuration, notes: String)? {
        configuration(record).map { ($0, record["attributes"]?["notes"]?.stringValue ?? "") }
    }

    public static func configuration(_ record: JSONValue) -> Configuration? {
        guard let (id, name) = named(record), let attributes = record["attributes"],
              let organization = text(attributes["organization-id"]) else { return nil }
        let archived = attributes["archived"]?.isTrue ?? false
        return Configuration(
            id: id, organizationID: organization, name: name, hostname: text(attributes["hostname"]),
            macAddress: text(attributes["mac-address"]), serialNumber: text(attributes["serial-number"]),
            configurationTypeID: text(attributes["configuration-type-id"]), configurationTypeName: text(attributes["configuration-type-name"]),
            configurationStatusID: text(attributes["configuration-status-id"]),
            configurationStatusName: text(attributes["configuration-status-name"]), archived: archived,
            resourceURL: text(attributes["resource-url"]), psaIntegration: text(attributes["psa-integration"]))
    }
}

/// A configuration an RMM integration keeps linked to one of its devices, with what the integration reports.
public struct LinkedConfiguration: Sendable {
    public var configuration: Configuration
    public var rmmID: String?
    public var serials: [String]
    public var macs: [String]
}
