import Foundation
import RematchJSON
import Hummingbird

extension ITGlueResponder {
    static let organizationAttributes: Set<String> = [
        "name", "alert", "description", "organization-type-id", "organization-status-id", "quick-notes", "short-name",
        "parent-id",
    ]
    static let configurationAttributes: Set<String> = [
        "organization-id", "configuration-type-id", "configuration-status-id", "name", "hostname", "primary-ip",
        "mac-address", "serial-number", "asset-tag", "notes", "location-id", "contact-id", "manufacturer-id", "model-id",
        "operating-system-id", "operating-system-notes", "default-gateway", "position", "installed-by", "purchased-by",
        "purchased-at", "warranty-expires-at", "installed-at", "mitp-device-expiration-date", "mitp-end-of-life-date",
        "restricted", "archived",
    ]

    /// What IT Glue lets an API client change on a configuration synced from a PSA (its PATCH documentation).
    static let syncedRecordAttributes = ["archived", "asset-tag", "notes", "purchased-at", "restricted", "serial-number",
                                         "warranty-expires-at", "mitp-device-expiration-date", "mitp-end-of-life-date"]

    typealias Problem = (title: String, detail: String?, pointer: String?)

    /// The body of a write: checks the content type (415), the size (413), JSON (400) and `data` (422).
    enum Document {
        case data(JSONValue)
        case refused(Answer)
    }

    func readDocument(_ request: inout Request) async -> Document {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/vnd.api+json") else {
            return .refused(Self.error(.unsupportedMediaType, "Unsupported Media Type",
                                       "Content-Type must be application/vnd.api+json"))
        }
        guard let buffer = try? await request.collectBody(upTo: Self.maximumBody) else {
            return .refused(Self.error(.contentTooLarge, "Payload Too Large", "The request body is larger than 8 MB"))
        }
        guard let document = try? JSONValue.decode(Data(buffer.readableBytesView)), document.objectValue != nil else {
            return .refused(Self.error(.badRequest, "Bad Request", "The request body is not a valid JSON document"))
        }
        guard let data = document["data"], !data.isNull else {
            return .refused(Self.error(.unprocessableContent, "Unprocessable Entity", "data is required", pointer: "/data"))
        }
        return .data(data)
    }

    /// Attribute keys as IT Glue stores them: snake_case and kebab-case are both accepted.
    static func normalizedAttributes(_ value: JSONValue?) -> [String: JSONValue]? {
        guard let object = value?.objectValue else { return nil }
        var attributes: [String: JSONValue] = [:]
        for (key, item) in object { attributes[key.replacingOccurrences(of: "_", with: "-")] = item }
        return attributes
    }

    private func exists(_ kind: SandboxStore.Kind, _ value: JSONValue?) async -> Bool {
        guard let id = value?.intValue else { return false }
        return await store.record(kind, id) != nil
    }

    /// Checks one resource object of a write. `creating` requires the fields a POST needs.
    private func validate(_ item: JSONValue, type: String, pointer: String, creating: Bool, organizationFromRoute: Int?) async
        -> (attributes: [String: JSONValue], problems: [Problem])
    {
        var problems: [Problem] = []
        guard item.objectValue != nil else { return ([:], [("Unprocessable Entity", "must be a resource object", pointer)]) }
        if let given = item["type"]?.stringValue, given.replacingOccurrences(of: "_", with: "-") != type {
            problems.append(("Unprocessable Entity", "type must be \(type)", pointer + "/type"))
        }
        if let relationships = item["relationships"], !relationships.isNull, !creating {
            problems.append(("Unprocessable Entity", "relationships cannot be updated with PATCH", pointer + "/relationships"))
        }
        guard var attributes = Self.normalizedAttributes(item["attributes"]) else {
            return ([:], problems + [("Unprocessable Entity", "attributes must be an object", pointer + "/attributes")])
        }
        let allowed = type == "organizations" ? Self.organizationAttributes : Self.configurationAttributes
        attributes = attributes.filter { allowed.contains($0.key) || $0.key == "id" }
        let at = pointer + "/attributes/"
        if creating || attributes["name"] != nil {
            if (attributes["name"]?.stringValue?.trimmingCharacters(in: .whitespaces) ?? "").isEmpty {
                problems.append(("Unprocessable Entity", "can't be blank", at + "name"))
            }
        }
        if type == "organizations" {
            for (field, kind) in [("organization-type-id", SandboxStore.Kind.organizationTypes), ("organization-status-id", .organizationStatuses)] {
                if let value = attributes[field], !value.isNull, await !exists(kind, value) {
                    problems.append(("Unprocessable Entity", "must exist", at + field))
                }
            }
            return (attributes, problems)
        }
        if let organization = organizationFromRoute { attributes["organization-id"] = .from(organization) }
        if creating || attributes["organization-id"] != nil {
            if await !exists(.organizations, attributes["organization-id"]) {
                problems.append(("Valid organization_id is required", nil, at + "organization_id"))
            }
        }
        if creating || attributes["configuration-type-id"] != nil {
            if await !exists(.configurationTypes, attributes["configuration-type-id"]) {
                problems.append(("Unprocessable Entity", "must exist", at + "configuration-type"))
            }
        }
        if let status = attributes["configuration-status-id"], !status.isNull, await !exists(.configurationStatuses, status) {
            problems.append(("Unprocessable Entity", "must exist", at + "configuration-status"))
        }
        if let mac = attributes["mac-address"]?.stringValue, mac.count > 17 {
            problems.append(("Unprocessable Entity", "is too long (maximum is 17 characters)", at + "mac-address"))
        }
        for field in ["archived", "restricted"] {
            if let value = attributes[field] {
                switch value {
                case .bool, .null: break
                case .string(let text) where ["true", "false", "1", "0"].contains(text.lowercased()):
                    attributes[field] = .bool(text == "true" || text == "1")
                case .number(let number) where number == 0 || number == 1: attributes[field] = .bool(number == 1)
                default: problems.append(("Unprocessable Entity", "must be true or false", at + field))
                }
            }
        }
        for field in ["organization-id", "configuration-type-id", "configuration-status-id"] {
            if let id = attributes[field]?.intValue { attributes[field] = .from(id) }
        }
        return (attributes, problems)
    }

    func createOrganization(_ request: inout Request) async -> Answer {
        let data: JSONValue
        switch await readDocument(&request) {
        case .refused(let answer): return answer
        case .data(let value): data = value
        }
        guard data.arrayValue == nil else {
            return Self.error(.unprocessableContent, "Unprocessable Entity", "organizations are created one at a time", pointer: "/data")
        }
        let (attributes, problems) = await validate(data, type: "organizations", pointer: "/data", creating: true, organizationFromRoute: nil)
        guard problems.isEmpty else { return Self.errors(.unprocessableContent, problems) }
        var fields = attributes
        fields["id"] = nil
        for key in Self.organizationAttributes where fields[key] == nil { fields[key] = .null }
        fields["primary"] = false
        fields["ancestor-ids"] = "[]"
        guard let created = try? await store.create(.organizations, attributes: [fields], type: "organizations").first else {
            return Self.error(.internalServerError, "Internal Server Error", "Could not save")
        }
        return Answer(.created, ["data": await render(created)], contentType: Self.contentType)
    }

    /// POST of one configuration or (nested route) an array of them. All or nothing: one invalid item
    /// rejects the request, with an error per problem pointing at the item.
    func createConfigurations(_ request: inout Request, organizationID: Int?) async -> Answer {
        let data: JSONValue
        switch await readDocument(&request) {
        case .refused(let answer): return answer
        case .data(let value): data = value
        }
        let items: [JSONValue]
        let isArray: Bool
        if let array = data.arrayValue {
            guard organizationID != nil else {
                return Self.error(.unprocessableContent, "Unprocessable Entity",
                                  "bulk create uses /organizations/:id/relationships/configurations", pointer: "/data")
            }
            guard !array.isEmpty else { return Self.error(.unprocessableContent, "Unprocessable Entity", "data is empty", pointer: "/data") }
            items = array
            isArray = true
        } else {
            items = [data]
            isArray = false
        }
        var prepared: [[String: JSONValue]] = []
        var problems: [Problem] = []
        for (index, item) in items.enumerated() {
            let pointer = isArray ? "/data/\(index)" : "/data"
            var (attributes, found) = await validate(item, type: "configurations", pointer: pointer, creating: true,
                                                     organizationFromRoute: organizationID)
            problems += behaviour.indexedErrorPointers ? found : found.map { ($0.title, $0.detail, $0.pointer.map(Self.unindexed)) }
            attributes["id"] = nil
            for key in Self.configurationAttributes where attributes[key] == nil {
                attributes[key] = key == "archived" || key == "restricted" ? false : .null
            }
            if found.isEmpty || behaviour.bulkCreateAtomicity == .allOrNothing { prepared.append(attributes) }
        }
        // All or nothing refuses the request whole; partial (the harsh reading of IT Glue's silence) keeps the
        // valid items and still answers 422 for the others.
        if !problems.isEmpty, behaviour.bulkCreateAtomicity == .allOrNothing || prepared.isEmpty {
            return Self.errors(.unprocessableContent, problems)
        }
        guard let created = try? await store.create(.configurations, attributes: prepared, type: "configurations") else {
            return Self.error(.internalServerError, "Internal Server Error", "Could not save")
        }
        guard problems.isEmpty else { return Self.errors(.unprocessableContent, problems) }
        let lookups = await lookupNames()
        var rendered = created.map { render($0, lookups: lookups, interfaces: nil) }
        if behaviour.bulkCreateOrder == .reversed { rendered.reverse() }
        return Answer(.created, ["data": isArray ? .array(rendered) : rendered[0]], contentType: Self.contentType)
    }

    /// A pointer as the real API has been seen to write it: no item index and no leading slash
    /// (`data/attributes/organization_id`).
    static func unindexed(_ pointer: String) -> String {
        var parts = pointer.split(separator: "/").map(String.init)
        if parts.count > 1, Int(parts[1]) != nil { parts.remove(at: 1) }
        return parts.joined(separator: "/")
    }

    func patch(_ kind: SandboxStore.Kind, id: Int, _ request: inout Request) async -> Answer {
        let data: JSONValue
        switch await readDocument(&request) {
        case .refused(let answer): return answer
        case .data(let value): data = value
        }
        guard data.arrayValue == nil else {
            return Self.error(.unprocessableContent, "Unprocessable Entity", "data must be one resource object", pointer: "/data")
        }
        let type = Self.typeName(kind)
        var (attributes, problems) = await validate(data, type: type, pointer: "/data", creating: false, organizationFromRoute: nil)
        if let given = data["id"]?.intValue, given != id {
            problems.append(("Unprocessable Entity", "id does not match the URL", "/data/id"))
        }
        if kind == .configurations, let existing = await store.record(.configurations, id), existing["attributes"]?["psa-integration"]?.isNull == false {
            let changed = Set(attributes.keys).subtracting(["id"] + Self.syncedRecordAttributes)
            if !changed.isEmpty {
                problems.append(("Unprocessable Entity", "externally synced records can only update: "
                    + Self.syncedRecordAttributes.joined(separator: ", "), "/data/attributes/" + changed.sorted()[0]))
            }
        }
        if kind == .configurations, let organization = attributes["organization-id"]?.intValue,
           await store.record(.configurations, id)?["attributes"]?["organization-id"]?.intValue != organization {
            switch behaviour.configurationMove {
            case .moves: break
            case .kept: attributes["organization-id"] = nil
            case .refused:
                problems.append(("Unprocessable Entity", "a configuration cannot move to another organization", "/data/attributes/organization_id"))
            }
        }
        guard problems.isEmpty else { return Self.errors(.unprocessableContent, problems) }
        attributes["id"] = nil
        guard let updated = try? await store.update(kind, changes: [(id, attributes)]).first else {
            return Self.error(.internalServerError, "Internal Server Error", "Could not save")
        }
        return Answer(.ok, ["data": await render(updated)], contentType: Self.contentType)
    }

    /// `PATCH /configurations` with `data: [{type, attributes: {id, …}}]`: all or nothing.
    func bulkPatchConfigurations(_ request: inout Request) async -> Answer {
        let data: JSONValue
        switch await readDocument(&request) {
        case .refused(let answer): return answer
        case .data(let value): data = value
        }
        guard let items = data.arrayValue, !items.isEmpty else {
            return Self.error(.unprocessableContent, "Unprocessable Entity", "data must be a non-empty array", pointer: "/data")
        }
        var changes: [(id: Int, attributes: [String: JSONValue])] = []
        var problems: [Problem] = []
        for (index, item) in items.enumerated() {
            let pointer = "/data/\(index)"
            var (attributes, found) = await validate(item, type: "configurations", pointer: pointer, creating: false, organizationFromRoute: nil)
            problems += found
            guard let id = attributes["id"]?.intValue else {
                problems.append(("Unprocessable Entity", "id is required in attributes for bulk updates", pointer + "/attributes/id"))
                continue
            }
            guard let existing = await store.record(.configurations, id) else {
                problems.append(("Record not found", "No configurations with id \(id)", pointer + "/attributes/id"))
                continue
            }
            if let organization = attributes["organization-id"]?.intValue, existing["attributes"]?["organization-id"]?.intValue != organization {
                problems.append(("Unprocessable Entity", "a configuration cannot move to another organization here", pointer + "/attributes/organization_id"))
            }
            attributes["id"] = nil
            changes.append((id, attributes))
        }
        guard problems.isEmpty else { return Self.errors(.unprocessableContent, problems) }
        guard let updated = try? await store.update(.configurations, changes: changes) else {
            return Self.error(.internalServerError, "Internal Server Error", "Could not save")
        }
        let lookups = await lookupNames()
        return Answer(.ok, ["data": .array(updated.map { render($0, lookups: lookups, interfaces: nil) })], contentType: Self.contentType)
    }

    func createLookup(_ kind: LookupKind, _ request: inout Request) async -> Answer {
        let data: JSONValue
        switch await readDocument(&request) {
        case .refused(let answer): return answer
        case .data(let value): data = value
        }
        guard data.objectValue != nil, let attributes = Self.normalizedAttributes(data["attributes"]) else {
            return Self.error(.unprocessableContent, "Unprocessable Entity", "attributes must be an object", pointer: "/data/attributes")
        }
        guard let name = attributes["name"]?.stringValue?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
            return Self.error(.unprocessableContent, "Unprocessable Entity", "can't be blank", pointer: "/data/attributes/name")
        }
        let existing = await store.all(kind.storeKind)
        if existing.contains(where: { $0["attributes"]?["name"]?.stringValue?.lowercased() == name.lowercased() }) {
            return Self.error(.unprocessableContent, "Unprocessable Entity", "has already been taken", pointer: "/data/attributes/name")
        }
        guard let created = try? await store.create(kind.storeKind, attributes: [["name": .string(name)]], type: kind.type).first else {
            return Self.error(.internalServerError, "Internal Server Error", "Could not save")
        }
        return Answer(.created, ["data": created], contentType: Self.contentType)
    }
}
