import Foundation
import RematchJSON
import Hummingbird

extension ITGlueResponder {
    static let sortFields: [String: Set<String>] = [
        "organizations": ["name", "id", "updated_at", "created_at", "organization_status_name", "organization_type_name",
                          "short_name", "my_glue_account_id"],
        "configurations": ["name", "id", "created_at", "updated_at"],
        "configuration-types": ["name", "id", "created_at", "updated_at"],
        "configuration-statuses": ["name", "id", "created_at", "updated_at"],
        "organization-types": ["name", "id", "created_at", "updated_at"],
        "organization-statuses": ["name", "id", "created_at", "updated_at"],
        "domains": ["id", "name", "created_at", "updated_at"],
        "locations": ["id", "name", "created_at", "updated_at"],
    ]

    /// Splits a filter value on commas, keeping `\,` as a comma inside a value. That is the only escape IT Glue
    /// documents: any other backslash is a backslash.
    static func filterValues(_ text: String) -> [String] {
        var values: [String] = []
        var current = ""
        var escaped = false
        for character in text {
            if escaped {
                if character != "," { current.append("\\") }
                if character == "\\" { continue }
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "," {
                values.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        if escaped { current.append("\\") }
        values.append(current)
        return values
    }

    struct Refusal: Error { var answer: Answer }

    /// `page[size]` (default 50, at most 1000) and `page[number]` (from 1), or the 400 IT Glue answers.
    static func paging(_ query: QueryParameters) -> Result<(size: Int, number: Int), Refusal> {
        var size = defaultPageSize
        if let text = query["page[size]"] {
            guard let value = Int(text), value >= 1 else {
                return .failure(Refusal(answer: error(.badRequest, "Bad Request", "page[size] must be a positive integer", pointer: "page[size]")))
            }
            guard value <= maximumPageSize else {
                return .failure(Refusal(answer: error(.badRequest, "Bad Request", "page[size] must be 1000 or less", pointer: "page[size]")))
            }
            size = value
        }
        var number = 1
        if let text = query["page[number]"] {
            guard let value = Int(text), value >= 1 else {
                return .failure(Refusal(answer: error(.badRequest, "Bad Request", "page[number] must be a positive integer", pointer: "page[number]")))
            }
            number = min(value, 1 << 40)  // far past the last page: an empty page, never an overflow
        }
        return .success((size, number))
    }

    /// A page of resources with `meta` and `links`, after filters and sort.
    func list(_ kind: SandboxStore.Kind, _ query: QueryParameters, path: String, records: [JSONValue], filters allowed: Set<String>) async -> Answer {
        let type = Self.typeName(kind)
        let size: Int, number: Int
        switch Self.paging(query) {
        case .success(let paging): (size, number) = paging
        case .failure(let refusal): return refusal.answer
        }
        // Filters.
        var records = records
        var applied: [String: JSONValue] = [:]
        for (key, value) in query.pairs where key.hasPrefix("filter[") && key.hasSuffix("]") {
            let field = String(key.dropFirst(7).dropLast())
            guard allowed.contains(field) else { continue }
            applied[field] = .string(value)
            records = filter(records, field: field, values: Self.filterValues(value))
        }
        // A large page of many records takes too long.
        if let limit = behaviour.gatewayTimeoutAbovePageSize, size > limit, records.count - (number - 1) * size > limit {
            return Self.error(.gatewayTimeout, "Gateway Timeout", "The request took too long")
        }
        // Sort.
        if let sort = query["sort"], !sort.isEmpty {
            let fields = sort.split(separator: ",").map(String.init)
            for field in fields {
                let name = field.hasPrefix("-") ? String(field.dropFirst()) : field
                guard Self.sortFields[type]?.contains(name) == true else {
                    return Self.error(.badRequest, "Bad Request", "\(name) is not a sortable field", pointer: "sort")
                }
            }
            let lookups = await lookupNames()
            records = records.sorted { a, b in
                for field in fields {
                    let descending = field.hasPrefix("-")
                    let name = descending ? String(field.dropFirst()) : field
                    let left = Self.sortKey(a, name, lookups), right = Self.sortKey(b, name, lookups)
                    if left == right { continue }
                    return descending ? left > right : left < right
                }
                return false
            }
        }
        let total = records.count
        let pages = (total + size - 1) / size
        let start = min((number - 1) * size, total)
        let page = Array(records[start..<min(start + size, total)])
        let include = kind == .configurations && includes(query)
        var data: [JSONValue] = []
        data.reserveCapacity(page.count)
        let lookups = await lookupNames()
        for record in page {
            let secondary = include ? await store.interfaces(ofConfiguration: record["id"]?.intValue ?? 0) : nil
            data.append(render(record, lookups: lookups, interfaces: secondary))
        }
        var body: JSONValue = [
            "data": .array(data),
            "meta": ["current-page": .from(number), "next-page": number < pages ? .from(number + 1) : nil,
                     "prev-page": number > 1 ? .from(number - 1) : nil, "total-pages": .from(pages),
                     "total-count": .from(total), "filters": .object(applied)],
            "links": links(path: path, query: query, number: number, pages: pages),
        ]
        if include, behaviour.includedPlacement == .topLevel { body["included"] = .array(await includedInterfaces(page)) }
        if kind == .configurations, includesRMMRecords(query) {
            let inside = behaviour.includedPlacement == .insideRecords
            let (linked, records) = Self.withRMMRecords(body["data"]?.arrayValue ?? [], stored: page, inside: inside)
            body["data"] = .array(linked)
            if !inside { body["included"] = .array((body["included"]?.arrayValue ?? []) + records) }
        }
        return Answer(.ok, body, contentType: Self.contentType)
    }

    private func filter(_ records: [JSONValue], field: String, values: [String]) -> [JSONValue] {
        switch field {
        case "id":
            let ids = Set(values.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) })
            return records.filter { $0["id"]?.intValue.map(ids.contains) ?? false }
        case "rmm_integration_type", "rmm_id":
            let attribute = field.replacingOccurrences(of: "_", with: "-")
            return records.filter { record in record["attributes"]?[attribute]?.text.map(values.contains) ?? false }
        case "name", "serial_number", "mac_address":
            // Exact match (no wildcards); whether case counts is undocumented, so the realistic sandbox counts it.
            let attribute = field.replacingOccurrences(of: "_", with: "-")
            let fold = { (text: String) in self.behaviour.caseSensitiveFilters ? text : text.lowercased() }
            let wanted = Set(values.map(fold))
            return records.filter { record in
                record["attributes"]?[attribute]?.stringValue.map { wanted.contains(fold($0)) } ?? false
            }
        case "archived":
            let wanted = values.compactMap { value -> Bool? in
                switch value.lowercased() {
                case "true", "1": true
                case "false", "0": false
                default: nil
                }
            }
            return records.filter { wanted.contains($0["attributes"]?["archived"]?.boolValue ?? false) }
        default:
            // Numeric foreign keys: organization_id, configuration_type_id, …
            let attribute = field.replacingOccurrences(of: "_", with: "-")
            let ids = Set(values.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) })
            return records.filter { $0["attributes"]?[attribute]?.intValue.map(ids.contains) ?? false }
        }
    }

    private static func sortKey(_ record: JSONValue, _ field: String, _ lookups: LookupNames) -> String {
        switch field {
        case "id": return String(format: "%020d", record["id"]?.intValue ?? 0)
        case "organization_status_name":
            return lookups.organizationStatuses[record["attributes"]?["organization-status-id"]?.intValue ?? -1] ?? ""
        case "organization_type_name":
            return lookups.organizationTypes[record["attributes"]?["organization-type-id"]?.intValue ?? -1] ?? ""
        default:
            let value = record["attributes"]?[field.replacingOccurrences(of: "_", with: "-")]
            if let number = value?.intValue, value?.doubleValue != nil { return String(format: "%020d", number) }
            return value?.stringValue?.lowercased() ?? ""
        }
    }

    /// `self`, `first`, `prev`, `next` and `last`, with every other parameter kept, ready to follow as they are.
    private func links(path: String, query: QueryParameters, number: Int, pages: Int) -> JSONValue {
        func url(_ page: Int) -> JSONValue {
            var items = query.pairs.filter { $0.key != "page[number]" }
            items.append(("page[number]", String(page)))
            let encoded = items.map { Self.encode($0.key) + "=" + Self.encode($0.value) }.joined(separator: "&")
            return .string(baseURL() + path + "?" + encoded)
        }
        var links: [String: JSONValue] = ["self": url(number), "first": url(1), "last": url(max(pages, 1))]
        if number > 1 { links["prev"] = url(min(number - 1, max(pages, 1))) }
        if number < pages { links["next"] = url(number + 1) }
        return .object(links)
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    // MARK: Rendering

    struct LookupNames: Sendable {
        var organizations: [Int: String] = [:]
        var organizationTypes: [Int: String] = [:]
        var organizationStatuses: [Int: String] = [:]
        var configurationTypes: [Int: String] = [:]
        var configurationStatuses: [Int: String] = [:]
    }

    func lookupNames() async -> LookupNames {
        func names(_ records: [JSONValue]) -> [Int: String] {
            var map: [Int: String] = [:]
            for record in records {
                if let id = record["id"]?.intValue, let name = record["attributes"]?["name"]?.stringValue { map[id] = name }
            }
            return map
        }
        return LookupNames(
            organizations: names(await store.all(.organizations)),
            organizationTypes: names(await store.all(.organizationTypes)),
            organizationStatuses: names(await store.all(.organizationStatuses)),
            configurationTypes: names(await store.all(.configurationTypes)),
            configurationStatuses: names(await store.all(.configurationStatuses)))
    }

    static func typeName(_ kind: SandboxStore.Kind) -> String {
        switch kind {
        case .organizations: "organizations"
        case .configurations: "configurations"
        case .configurationTypes: "configuration-types"
        case .configurationStatuses: "configuration-statuses"
        case .organizationTypes: "organization-types"
        case .organizationStatuses: "organization-statuses"
        case .interfaces: "configuration-interfaces"
        case .domains: "domains"
        case .locations: "locations"
        }
    }

    func render(_ record: JSONValue, include: Bool = false) async -> JSONValue {
        let secondary = include ? await store.interfaces(ofConfiguration: record["id"]?.intValue ?? 0) : nil
        return render(record, lookups: await lookupNames(), interfaces: secondary)
    }

    /// A stored resource with the denormalized `*-name` fields IT Glue adds, filled in at answer time so
    /// a renamed organization shows everywhere at once. `interfaces` (secondary ones) asks for the
    /// configuration-interfaces relationship.
    func render(_ record: JSONValue, lookups: LookupNames, interfaces: [JSONValue]?) -> JSONValue {
        guard var attributes = record["attributes"]?.objectValue, let type = record["type"]?.stringValue else { return record }
        var output = record
        switch type {
        case "organizations":
            attributes["organization-type-name"] = .from(attributes["organization-type-id"]?.intValue.flatMap { lookups.organizationTypes[$0] })
            attributes["organization-status-name"] = .from(attributes["organization-status-id"]?.intValue.flatMap { lookups.organizationStatuses[$0] })
        case "domains", "locations":
            attributes["organization-name"] = .from(attributes["organization-id"]?.intValue.flatMap { lookups.organizations[$0] })
        case "configurations":
            let organization = attributes["organization-id"]?.intValue
            let typeName = attributes["configuration-type-id"]?.intValue.flatMap { lookups.configurationTypes[$0] }
            attributes["organization-name"] = .from(organization.flatMap { lookups.organizations[$0] })
            attributes["configuration-type-name"] = .from(typeName)
            attributes["configuration-type-kind"] = .from(typeName.map(Self.kind(ofType:)))
            attributes["configuration-status-name"] = .from(attributes["configuration-status-id"]?.intValue.flatMap { lookups.configurationStatuses[$0] })
            attributes["resource-url"] = .string("https://sandbox.itglue.local/\(organization ?? 0)/configurations/\(record["id"]?.text ?? "")")
            if let interfaces {
                let all = (primaryInterface(record).map { [$0] } ?? []) + interfaces
                let written = behaviour.includedPlacement == .insideRecords
                    ? all : all.map { ["id": $0["id"] ?? nil, "type": "configuration-interfaces"] as JSONValue }
                output["relationships"] = ["configuration-interfaces": ["data": .array(written)]]
            }
        default:
            break
        }
        for hidden in Self.hiddenAttributes { attributes[hidden] = nil }
        output["attributes"] = .object(attributes)
        return output
    }

    static func kind(ofType name: String) -> String {
        let lower = name.lowercased()
        for (word, kind) in [("server", "server"), ("laptop", "laptop"), ("workstation", "workstation"), ("printer", "printer"),
                             ("switch", "switch"), ("firewall", "firewall"), ("router", "router")] where lower.contains(word) {
            return kind
        }
        return "other"
    }

    /// The primary interface is the configuration's own `mac-address` / `primary-ip`; its id is
    /// 1,000,000,000 + the configuration id. Secondary interfaces are stored records.
    private func primaryInterface(_ record: JSONValue) -> JSONValue? {
        guard let id = record["id"]?.intValue, let attributes = record["attributes"] else { return nil }
        let mac = attributes["mac-address"] ?? .null, ip = attributes["primary-ip"] ?? .null
        guard !mac.isNull || !ip.isNull else { return nil }
        return SandboxDataset.resource("configuration-interfaces", String(1_000_000_000 + id), [
            "configuration-id": .from(id), "name": "Primary", "primary": true, "ip-address": ip, "mac-address": mac,
            "notes": nil, "created-at": attributes["created-at"] ?? nil, "updated-at": attributes["updated-at"] ?? nil,
        ])
    }

    func includedInterfaces(_ records: [JSONValue]) async -> [JSONValue] {
        var included: [JSONValue] = []
        for record in records {
            if let primary = primaryInterface(record) { included.append(primary) }
            if let id = record["id"]?.intValue { included += await store.interfaces(ofConfiguration: id) }
        }
        return included
    }
}
