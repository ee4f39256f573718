import Foundation
import RematchJSON
import Hummingbird

/// The Syncro API (`/api/v1`): customers and customer assets, as the real service answers them.
struct SyncroResponder: SandboxResponder {
    typealias Context = BasicRequestContext
    static let basePath = "/api/v1"
    static let contentType = "application/json; charset=utf-8"
    static let customersPerPage = 100
    static let assetsPerPage = 50
    static let maximumBody = 1 << 20

    let store: SandboxStore
    let apiKey: String
    let gate: RequestGate
    let behaviour: SandboxBehaviour

    private func error(_ status: HTTPResponse.Status, _ message: String) -> Answer {
        Answer(status, ["error": .string(message)], contentType: Self.contentType)
    }

    func answer(_ request: inout Request, path: String) async -> Answer {
        if path == "/_sandbox/stats" {
            let stats = gate.stats
            return Answer(.ok, stats.json, contentType: Self.contentType)
        }
        guard path == Self.basePath || path.hasPrefix(Self.basePath + "/") else { return error(.notFound, "Not found") }
        let routePath = String(path.dropFirst(Self.basePath.count))
        if gate.latency > .zero { try? await Task.sleep(for: gate.latency) }
        var fault: FaultRule.Kind?
        switch gate.admit(path: routePath, method: request.method.rawValue) {
        case .rateLimited(let retryAfter):
            _ = retryAfter  // Syncro sends no Retry-After header.
            return Answer(.tooManyRequests, text: "Retry later")
        case .proceed(let chosen):
            fault = chosen
        }
        switch fault {
        case .status(let code)?:
            return Answer(HTTPResponse.Status(code: code), ["error": "Internal server error"], contentType: Self.contentType)
        case .tooManyRequests(let retryAfter)?:
            var headers: HTTPFields = [:]
            if let retryAfter { headers[.retryAfter] = String(retryAfter) }
            return Answer(.tooManyRequests, text: "Retry later", headers: headers)
        case .slow(let milliseconds)?:
            try? await Task.sleep(for: .milliseconds(milliseconds))
            fault = nil
        case .redirect(let base)?:
            let query = request.uri.query.map { "?" + $0 } ?? ""
            return Answer(.found, text: "", headers: [.location: base + request.uri.path + query])
        default:
            break
        }
        let query = QueryParameters(request.uri.query)
        guard authorized(request, query) else {
            return error(.unauthorized, "Not authorized. Please ask account admin to update your group permissions.")
        }
        if let needed = Self.permission(request.method, routePath), behaviour.syncroDeniedPermissions.contains(needed) {
            return error(.unauthorized, "Not authorized. Please ask account admin to update your group permissions.")
        }
        var result = await route(routePath, request: &request, query: query)
        result.fault = fault
        return result
    }

    /// The permission of the token's group a request needs.
    static func permission(_ method: HTTPRequest.Method, _ route: String) -> String? {
        let resource = route.split(separator: "/").first.map(String.init) ?? ""
        switch (method, resource) {
        case (.get, "customers"): return "Customers - List/Search"
        case (.get, "customer_assets"): return "Assets - List/Search"
        case (.put, "customer_assets"): return "Assets - Edit"
        default: return nil
        }
    }

    /// Syncro takes the key as `Authorization: Bearer KEY`, a bare `Authorization: KEY`, or `?api_key=KEY`.
    private func authorized(_ request: Request, _ query: QueryParameters) -> Bool {
        if let header = request.headers[.authorization]?.trimmingCharacters(in: .whitespaces) {
            let token = header.lowercased().hasPrefix("bearer ") ? String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces) : header
            if token == apiKey { return true }
        }
        return query["api_key"] == apiKey
    }

    private func route(_ route: String, request: inout Request, query: QueryParameters) async -> Answer {
        let parts = route.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let method = request.method
        switch (method, parts.count, parts.first) {
        case (.get, 1, "customers"):
            return await listCustomers(query)
        case (.get, 2, "customers"):
            guard let id = Int(parts[1]), let customer = await store.syncroCustomer(id) else { return error(.notFound, "Customer not found") }
            return Answer(.ok, ["customer": customer], contentType: Self.contentType)
        case (.get, 1, "customer_assets"):
            return await listAssets(query)
        case (.get, 2, "customer_assets"):
            guard let id = Int(parts[1]), let asset = await store.syncroAsset(id) else { return error(.notFound, "Asset not found") }
            return Answer(.ok, ["asset": asset], contentType: Self.contentType)
        case (.put, 2, "customer_assets"):
            guard let id = Int(parts[1]), let asset = await store.syncroAsset(id) else { return error(.notFound, "Asset not found") }
            return await updateAsset(id, asset, &request)
        default:
            return error(.notFound, "Not found")
        }
    }

    /// Rails-style `page`: missing, zero, negative or not a number all mean page 1. Huge numbers are
    /// capped (an empty page) rather than overflowing.
    private func page(_ query: QueryParameters) -> Int {
        min(max(1, query["page"].flatMap { Int($0) } ?? 1), 1 << 40)
    }

    private func paginated(_ key: String, _ records: [JSONValue], page: Int, perPage: Int, meta: Bool = true) -> Answer {
        let start = min((page - 1) * perPage, records.count)
        return paginated(key, Array(records[start..<min(start + perPage, records.count)]), total: records.count, page: page,
                         perPage: perPage, meta: meta)
    }

    /// A page already cut from a list of `total` records.
    private func paginated(_ key: String, _ slice: [JSONValue], total: Int, page: Int, perPage: Int, meta: Bool) -> Answer {
        let pages = (total + perPage - 1) / perPage
        var body: JSONValue = [key: .array(slice)]
        if meta {
            body["meta"] = ["total_pages": .from(pages), "total_entries": .from(total), "per_page": .from(perPage), "page": .from(page)]
        }
        return Answer(.ok, body, contentType: Self.contentType)
    }

    private static func contains(_ value: JSONValue?, _ needle: String) -> Bool {
        guard let text = value?.stringValue else { return false }
        return text.range(of: needle, options: [.caseInsensitive, .diacriticInsensitive]) != nil
    }

    private func listCustomers(_ query: QueryParameters) async -> Answer {
        var records = await store.syncroCustomers()
        if query["include_disabled"]?.lowercased() != "true" {
            records = records.filter { $0["disabled"]?.boolValue != true }
        }
        if let name = query["business_name"], !name.isEmpty {
            records = records.filter { Self.contains($0["business_name"], name) }
        }
        if let first = query["firstname"], !first.isEmpty { records = records.filter { Self.contains($0["firstname"], first) } }
        if let last = query["lastname"], !last.isEmpty { records = records.filter { Self.contains($0["lastname"], last) } }
        if let email = query["email"], !email.isEmpty {
            records = records.filter { $0["email"]?.stringValue?.lowercased() == email.lowercased() }
        }
        if let text = query["query"], !text.isEmpty {
            records = records.filter { record in
                ["business_name", "firstname", "lastname", "fullname", "email", "phone"].contains { Self.contains(record[$0], text) }
            }
        }
        return paginated("customers", records, page: page(query), perPage: Self.customersPerPage)
    }

    private func listAssets(_ query: QueryParameters) async -> Answer {
        var records: [JSONValue]
        let page = page(query)
        if let customer = query["customer_id"], !customer.isEmpty {
            if let id = Int(customer) { records = await store.syncroAssets(customerID: id) } else { records = [] }
        } else if !behaviour.assetPageChurn, (query["query"] ?? "").isEmpty {
            // The plain list, page by page: only the page is read.
            let (slice, total) = await store.syncroAssets(from: (page - 1) * Self.assetsPerPage, count: Self.assetsPerPage)
            return paginated("assets", slice, total: total, page: page, perPage: Self.assetsPerPage, meta: !behaviour.assetListWithoutMeta)
        } else {
            records = await store.syncroAssets(customerID: nil)
            if behaviour.assetPageChurn { records = await churn(records, page: page) }
        }
        if let text = query["query"], !text.isEmpty {
            records = records.filter { Self.contains($0["name"], text) || Self.contains($0["asset_serial"], text) }
        }
        return paginated("assets", records, page: page, perPage: Self.assetsPerPage, meta: !behaviour.assetListWithoutMeta)
    }

    /// Orders assets by `updated_at` and, before a page after the first, updates one already served (an agent
    /// checking in), so the rest shift back by one. See ``SandboxBehaviour/assetPageChurn``.
    private func churn(_ records: [JSONValue], page: Int) async -> [JSONValue] {
        func ordered(_ records: [JSONValue]) -> [JSONValue] {
            records.sorted { ($0["updated_at"]?.stringValue ?? "", $0["id"]?.intValue ?? 0) < ($1["updated_at"]?.stringValue ?? "", $1["id"]?.intValue ?? 0) }
        }
        var sorted = ordered(records)
        let served = (page - 1) * Self.assetsPerPage
        guard page > 1, served > 0, served <= sorted.count, var touched = sorted.first,
              let id = touched["id"]?.intValue else { return sorted }
        touched["updated_at"] = .string(SandboxStore.now())
        try? await store.updateSyncroAsset(id, touched)
        sorted.removeFirst()
        sorted.append(touched)
        return sorted
    }

    /// `PUT /customer_assets/{id}`: merges `properties`, and sets `name` and `asset_serial` when given.
    /// The fields may come at the top level (as the spec shows) or inside `"asset"`.
    private func updateAsset(_ id: Int, _ asset: JSONValue, _ request: inout Request) async -> Answer {
        guard let buffer = try? await request.collectBody(upTo: Self.maximumBody) else {
            return error(.contentTooLarge, "Request body too large")
        }
        let data = Data(buffer.readableBytesView)
        // No body (the spec does not require one) changes nothing, as Rails does with empty params.
        let blank = data.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        guard let parsed = blank ? JSONValue.object([:]) : try? JSONValue.decode(data) else {
            return Answer(.badRequest, ["success": false, "message": ["Malformed JSON body"]], contentType: Self.contentType)
        }
        guard var fields = parsed.objectValue else {
            return Answer(.unprocessableContent, ["success": false, "message": ["The body must be a JSON object"]], contentType: Self.contentType)
        }
        if let inner = fields["asset"]?.objectValue { fields = inner }
        var updated = asset
        if let name = fields["name"] { updated["name"] = name }
        if let serial = fields["asset_serial"] {
            guard serial.isNull || serial.stringValue != nil else {
                return Answer(.unprocessableContent, ["success": false, "message": ["Asset serial is invalid"]], contentType: Self.contentType)
            }
            updated["asset_serial"] = serial
        }
        if let properties = fields["properties"] {
            guard let changes = properties.objectValue else {
                return Answer(.unprocessableContent, ["success": false, "message": ["Properties must be an object"]], contentType: Self.contentType)
            }
            var merged = asset["properties"]?.objectValue ?? [:]
            let type = asset["asset_type"]?.stringValue ?? "Syncro Device"
            let defined = await store.customFields(ofAssetType: type)
            for (key, value) in changes {
                // Properties are the asset type's custom fields (kabuto_information is the agent's own).
                if let defined, key != "kabuto_information", !defined.contains(key) {
                    switch behaviour.unknownAssetProperty {
                    case .kept: break
                    case .dropped: continue
                    case .refused:
                        return Answer(.unprocessableContent, ["success": false, "message": [.string("Properties \(key) is not a field of \(type)")]],
                                      contentType: Self.contentType)
                    }
                }
                merged[key] = value
            }
            updated["properties"] = .object(merged)
        }
        // Like any Rails model, the whole record is validated on every update, not only the fields sent: an asset
        // saved blank-named by another path refuses even a write to one custom field. Blank as Rails means it: nothing but
        // Unicode White_Space (tabs and line breaks included).
        guard let name = updated["name"]?.stringValue, !name.unicodeScalars.allSatisfy(\.properties.isWhitespace) else {
            return Answer(.unprocessableContent, ["success": false, "message": ["Name can't be blank"]], contentType: Self.contentType)
        }
        updated["updated_at"] = .string(SandboxStore.now())
        do {
            try await store.updateSyncroAsset(id, updated)
        } catch {
            return self.error(.internalServerError, "Could not save the asset")
        }
        return Answer(.ok, ["asset": updated], contentType: Self.contentType)
    }
}
