import Foundation
import RematchJSON
import HTTPTypes
import Hummingbird

/// The IT Glue API (JSON:API): organizations, configurations and their lookup tables, as the real
/// service answers them.
struct ITGlueResponder: SandboxResponder {
    typealias Context = BasicRequestContext
    static let contentType = "application/vnd.api+json; charset=utf-8"
    static let defaultPageSize = 50
    static let maximumPageSize = 1000
    static let maximumBody = 8 << 20

    let store: SandboxStore
    let apiKey: String
    let gate: RequestGate
    let behaviour: SandboxBehaviour
    /// The base URL links point at, e.g. `http://127.0.0.1:8081`.
    let baseURL: @Sendable () -> String

    // MARK: Errors

    static func errors(_ status: HTTPResponse.Status, _ items: [(title: String, detail: String?, pointer: String?)]) -> Answer {
        let list: [JSONValue] = items.map { item in
            var error: [String: JSONValue] = ["status": .from(status.code), "title": .string(item.title)]
            if let detail = item.detail { error["detail"] = .string(detail) }
            if let pointer = item.pointer { error["source"] = ["pointer": .string(pointer)] }
            return .object(error)
        }
        return Answer(status, ["errors": .array(list)], contentType: contentType)
    }

    static func error(_ status: HTTPResponse.Status, _ title: String, _ detail: String? = nil, pointer: String? = nil) -> Answer {
        errors(status, [(title, detail, pointer)])
    }

    static let notFound = error(.notFound, "Not Found", "The requested resource could not be found")

    // MARK: Dispatch

    func answer(_ request: inout Request, path: String) async -> Answer {
        if path == "/_sandbox/stats" { return Answer(.ok, gate.stats.json, contentType: Self.contentType) }
        if gate.latency > .zero { try? await Task.sleep(for: gate.latency) }
        var fault: FaultRule.Kind?
        switch gate.admit(path: path, method: request.method.rawValue) {
        case .rateLimited:
            return Self.error(.tooManyRequests, "Too Many Requests", "Rate limit exceeded: 3000 requests per 5 minutes")
        case .proceed(let chosen):
            fault = chosen
        }
        switch fault {
        case .status(let code)?:
            let titles = [403: "Forbidden", 404: "Not Found", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
                          504: "Gateway Timeout"]
            return Self.error(HTTPResponse.Status(code: code), titles[code] ?? "Error")
        case .tooManyRequests(let retryAfter)?:
            var answer = Self.error(.tooManyRequests, "Too Many Requests", "Rate limit exceeded")
            if let retryAfter { answer.headers[.retryAfter] = String(retryAfter) }
            return answer
        case .slow(let milliseconds)?:
            try? await Task.sleep(for: .milliseconds(milliseconds))
            fault = nil
        case .redirect(let base)?:
            let query = request.uri.query.map { "?" + $0 } ?? ""
            return Answer(.found, text: "", headers: [.location: base + request.uri.path + query])
        default:
            break
        }
        guard let key = request.headers[HTTPField.Name("x-api-key")!], !key.isEmpty else {
            return Self.error(.unauthorized, "Unauthorized", "Unauthorized resource access: the x-api-key header is missing")
        }
        guard key == apiKey else { return Self.error(.forbidden, "Forbidden", "The API key is not valid for this account") }
        var result = await route(path, &request)
        result.fault = fault
        return result
    }

    private func route(_ path: String, _ request: inout Request) async -> Answer {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let query = QueryParameters(request.uri.query)
        let method = request.method
        guard let first = parts.first else { return Self.notFound }
        if let kind = Self.lookupKinds[first] {
            switch (method, parts.count) {
            case (.get, 1): return await list(kind.storeKind, query, path: path, records: await store.all(kind.storeKind), filters: ["name"])
            case (.get, 2):
                guard let id = Int(parts[1]), let record = await store.record(kind.storeKind, id) else { return recordNotFound(kind.type, parts[1]) }
                return Answer(.ok, ["data": await render(record)], contentType: Self.contentType)
            case (.post, 1): return await createLookup(kind, &request)
            default: return Self.notFound
            }
        }
        switch (method, parts.count, first) {
        case (.get, 1, "organizations"):
            return await list(.organizations, query, path: path, records: await store.all(.organizations),
                              filters: ["id", "name", "organization_type_id", "organization_status_id"])
        case (.post, 1, "organizations"):
            return await createOrganization(&request)
        case (.get, 2, "organizations"):
            guard let id = Int(parts[1]), let record = await store.record(.organizations, id) else { return recordNotFound("organizations", parts[1]) }
            return Answer(.ok, ["data": await render(record)], contentType: Self.contentType)
        case (.patch, 2, "organizations"):
            guard let id = Int(parts[1]), await store.record(.organizations, id) != nil else { return recordNotFound("organizations", parts[1]) }
            return await patch(.organizations, id: id, &request)
        case (_, 4, "organizations") where parts[2] == "relationships" && parts[3] == "configurations":
            guard let id = Int(parts[1]), await store.record(.organizations, id) != nil else { return recordNotFound("organizations", parts[1]) }
            if method == .get {
                // Filters are ignored on nested routes, as IT Glue documents.
                return await list(.configurations, query, path: path, records: await store.configurations(ofOrganization: id), filters: [])
            }
            if method == .post { return await createConfigurations(&request, organizationID: id) }
            return Self.notFound
        case (.get, 1, "domains"):
            return await list(.domains, query, path: path, records: await store.all(.domains), filters: ["id", "organization_id"])
        case (.get, 1, "locations"):
            return await list(.locations, query, path: path, records: await store.all(.locations), filters: ["id", "organization_id", "name"])
        case (.get, 1, "configurations"):
            let records: [JSONValue]
            if let organization = query["filter[organization_id]"], let id = Int(organization), !organization.contains(",") {
                records = await store.configurations(ofOrganization: id)
            } else {
                records = await store.all(.configurations)
            }
            return await list(.configurations, query, path: path, records: records,
                              filters: ["id", "name", "organization_id", "configuration_type_id", "configuration_status_id",
                                        "serial_number", "mac_address", "archived", "rmm_integration_type", "rmm_id"])
        case (.post, 1, "configurations"):
            return await createConfigurations(&request, organizationID: nil)
        case (.patch, 1, "configurations"):
            return await bulkPatchConfigurations(&request)
        case (.get, 2, "configurations"):
            guard let id = Int(parts[1]), let record = await store.record(.configurations, id) else { return recordNotFound("configurations", parts[1]) }
            var body: JSONValue = ["data": await render(record, include: includes(query))]
            if includes(query), behaviour.includedPlacement == .topLevel { body["included"] = .array(await includedInterfaces([record])) }
            return Answer(.ok, body, contentType: Self.contentType)
        case (.patch, 2, "configurations"):
            guard let id = Int(parts[1]), await store.record(.configurations, id) != nil else { return recordNotFound("configurations", parts[1]) }
            return await patch(.configurations, id: id, &request)
        default:
            return Self.notFound
        }
    }

    private func recordNotFound(_ type: String, _ id: String) -> Answer {
        Self.error(.notFound, "Record not found", "No \(type) with id \(id)")
    }

    func includes(_ query: QueryParameters) -> Bool {
        (query["include"] ?? "").split(separator: ",").contains { $0 == "configuration_interfaces" || $0 == "configuration-interfaces" }
    }

    // MARK: Lookup tables

    struct LookupKind: Sendable {
        var type: String
        var storeKind: SandboxStore.Kind
    }

    static let lookupKinds: [String: LookupKind] = [
        "configuration_types": LookupKind(type: "configuration-types", storeKind: .configurationTypes),
        "configuration_statuses": LookupKind(type: "configuration-statuses", storeKind: .configurationStatuses),
        "organization_types": LookupKind(type: "organization-types", storeKind: .organizationTypes),
        "organization_statuses": LookupKind(type: "organization-statuses", storeKind: .organizationStatuses),
    ]
}
