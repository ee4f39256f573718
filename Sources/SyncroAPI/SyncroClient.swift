import Foundation
import RematchCore
import RematchHTTP
import RematchJSON

/// The Syncro API: customers and assets, and the one write Rematch makes there (an asset property).
public struct SyncroClient: Sendable {
    public let transport: APITransport
    /// The host requests go to, for headers and reports (never the key).
    public var host: String { transport.endpoint.host }

    /// The asset custom field that holds the link to the matched IT Glue configuration.
    public let linkField: String

    public init(baseURL: String, apiKey: String, limiter: RequestLimiter = .syncro(), retry: RetryPolicy = RetryPolicy(),
                timeout: Duration = .seconds(30), linkField: String = SyncroClient.linkProperty) throws(APIError) {
        self.linkField = linkField
        let endpoint = try ServiceEndpoint(service: "Syncro", baseURL: baseURL)
        transport = APITransport(endpoint: endpoint, authorization: [("Authorization", "Bearer \(apiKey)")], limiter: limiter,
                                 retry: retry.window(60), timeout: timeout,
                                 keyHint: "Check the API token and that its group may list customers and assets.",
                                 permission: Self.permission)
    }

    /// The permission (as Syncro's API token screen names it) a request needs.
    @Sendable static func permission(method: String, path: String) -> String? {
        let route = path.split(separator: "/").first.map(String.init) ?? ""
        switch (method, route) {
        case ("GET", "customers"): return "Customers - List/Search"
        case ("GET", "customer_assets"): return "Assets - List/Search"
        case ("PUT", "customer_assets"): return "Assets - Edit"
        default: return nil
        }
    }

    /// Checks the connection and the key with one small request.
    public func check() async throws(APIError) {
        _ = try await transport.get("/customers?page=1")
        _ = try await transport.get("/customer_assets?page=1")
    }

    /// Every customer, disabled ones included.
    public func customers(progress: @escaping @Sendable (PageProgress) -> Void = { _ in }) async throws(APIError) -> (customers: [Customer], skipped: [SkippedRecord]) {
        let records = try await all(path: "/customers", key: "customers", list: "Syncro customers", extra: [("include_disabled", "true")],
                                    progress: progress) { json in
            PageRecord(SyncroDecoding.customer(json), from: json, service: "Syncro", kind: "customer", reason: "no usable id")
        }
        return Self.unique(records)
    }

    /// Every asset.
    public func assets(progress: @escaping @Sendable (PageProgress) -> Void = { _ in }) async throws(APIError) -> (assets: [Asset], skipped: [SkippedRecord]) {
        let linkField = self.linkField
        let records = try await all(path: "/customer_assets", key: "assets", list: "Syncro assets", extra: [], progress: progress) { json in
            PageRecord(SyncroDecoding.asset(json, linkField: linkField), from: json, service: "Syncro", kind: "asset",
                       reason: "no usable id or customer")
        }
        return Self.unique(records)
    }

    /// Whether Syncro still has this asset: `GET /customer_assets/{id}` answers it (true) or 404 (false). Any
    /// other answer throws, so a device is only ever taken for gone on Syncro's own word.
    public func assetExists(_ id: Int) async throws(APIError) -> Bool {
        try await asset(id) != nil
    }

    /// One asset read by id (`GET /customer_assets/{id}`), nil only when Syncro answers 404.
    public func asset(_ id: Int) async throws(APIError) -> Asset? {
        do throws(APIError) {
            let response = try await transport.get("/customer_assets/\(id)")
            let record = response.json["asset"] ?? response.json
            guard record["id"]?.intValue == id, let asset = SyncroDecoding.asset(record, linkField: linkField) else {
                throw APIError(.decoding, service: "Syncro", message: "Syncro's answer for asset #\(id) does not show the asset")
            }
            return asset
        } catch {
            if error.kind == .notFound { return nil }
            throw error
        }
    }

    /// The records read, each id once (a record that moved between pages while they were read shows up twice).
    private static func unique<Record: Identifiable<Int>>(_ records: [PageRecord<Record>]) -> ([Record], [SkippedRecord]) {
        var (values, skipped) = PageRecord.split(records)
        var seen = Set<Int>()
        seen.reserveCapacity(values.count)
        values.removeAll { !seen.insert($0.id).inserted }
        return (values, skipped)
    }

    /// The default link field.
    public static let linkProperty = "IT Glue"

    /// Writes the link into the asset's link field (`PUT /customer_assets/{id}` with `properties`) and checks that
    /// Syncro kept it: in the PUT's answer, else by reading the asset back. Syncro keeps only the custom fields
    /// its asset type defines; an unknown key is dropped (or refused), so false means the field does not exist.
    public func writeLink(_ id: Int, _ link: String) async throws(APIError) -> Bool {
        let response = try await transport.send("PUT", "/customer_assets/\(id)", body: ["properties": [linkField: .string(link)]],
                                                idempotent: true)
        let echoed: JSONValue? = response.json["asset"] ?? (response.json["id"] != nil ? response.json : nil)
        if let echoed, echoed["properties"] != nil {
            return SyncroDecoding.text(SyncroDecoding.field(echoed["properties"], linkField)) == link
        }
        let read = try await transport.get("/customer_assets/\(id)")
        return SyncroDecoding.text(SyncroDecoding.field((read.json["asset"] ?? read.json)["properties"], linkField)) == link
    }

    /// Pages of one list in flight at once. Syncro answers a page in a few hundred milliseconds and allows 3 requests a
    /// second (a burst of 180): eight keep the limiter, not the latency, the pace even when pages are slow or the
    /// limit's window is shorter (the benchmark runs it five times faster).
    public static let pageConcurrency = 8
    /// Pages asked for beyond the last full one when Syncro does not say how many there are: the pager's concurrency,
    /// so a list without a count is read as fast as one with (at most this many empty pages are asked for at its end).
    public static let readAhead = pageConcurrency

    /// Every page of a list, each record read by `read` as its page arrives.
    private func all<Item: Sendable>(path: String, key: String, list: String, extra: [(String, String)],
                                     progress: @escaping @Sendable (PageProgress) -> Void,
                                     read: @escaping @Sendable (JSONValue) -> Item) async throws(APIError) -> [Item] {
        let transport = self.transport
        do {
            return try await Pager.all(list: list, concurrency: Self.pageConcurrency, progress: progress) { page in
                let response = try await transport.get(path + "?" + QueryString.encode(extra + [("page", String(page))]))
                guard let items = response.json[key]?.arrayValue else {
                    throw APIError(.decoding, service: "Syncro", message: "Syncro's answer to \(path) has no \"\(key)\" list")
                }
                // Without `meta` (Syncro's own spec example has none) the list ends at the first empty page, and the
                // pages after a full one are asked for a few at a time, as with a known count (one after another, a
                // list of 2,000 pages would wait out each page's latency in turn).
                let totalPages = response.json["meta"]?["total_pages"]?.intValue ?? (items.isEmpty ? page : page + Self.readAhead)
                return Pager.Page(items: items.map(read), totalPages: totalPages, fingerprint: items.map { $0["id"]?.text ?? "" })
            }
        } catch let error as APIError {
            throw error
        } catch let error as Pager.Unbounded {
            throw APIError(.unreadable, service: "Syncro", message: "\(error)")
        } catch {
            throw APIError(.cancelled, service: "Syncro", message: "Syncro sync cancelled.")
        }
    }
}

/// Reads Syncro's JSON into core values, tolerant of nulls, missing fields, numbers where strings are
/// expected, and property keys that differ only by case.
public enum SyncroDecoding {
    static func text(_ value: JSONValue?) -> String? { value?.text?.trimmedNonEmpty }


    /// A key looked up exactly, else case-insensitively (Syncro sometimes sends "Notes" and "notes").
    static func field(_ object: JSONValue?, _ key: String) -> JSONValue? {
        guard let dictionary = object?.objectValue else { return nil }
        if let exact = dictionary[key] { return exact }
        return dictionary.first { $0.key.lowercased() == key.lowercased() }?.value
    }

    public static func customer(_ json: JSONValue) -> Customer? {
        guard let id = json["id"]?.intValue else { return nil }
        return Customer(id: id, businessName: text(json["business_name"]), firstName: text(json["firstname"]),
                        lastName: text(json["lastname"]), email: text(json["email"]), phone: text(json["phone"]),
                        disabled: json["disabled"]?.isTrue ?? false)
    }

    public static func asset(_ json: JSONValue, linkField: String = SyncroClient.linkProperty) -> Asset? {
        guard let id = json["id"]?.intValue,
              let customerID = json["customer_id"]?.intValue ?? json["customer"]?["id"]?.intValue else { return nil }
        let properties = json["properties"]
        let kabuto = field(properties, "kabuto_information")
        let general = field(kabuto, "general")
        var asset = Asset(
            id: id, customerID: customerID, name: text(json["name"]) ?? "Asset #\(id)", assetSerial: text(json["asset_serial"]),
            agentSerial: text(field(general, "serial_number")), adapters: adapters(kabuto),
            formFactor: text(field(general, "form_factor")), osName: text(field(field(kabuto, "os"), "name")),
            manufacturer: text(field(general, "manufacturer")), model: text(field(general, "model")),
            assetType: text(json["asset_type"]), itGlueLink: text(field(properties, linkField)))
        if kabuto?.objectValue == nil { readCustomFields(properties, into: &asset) }
        return asset
    }

    private static func adapters(_ kabuto: JSONValue?) -> [NetworkAdapter] {
        (field(kabuto, "network_adapters")?.arrayValue ?? []).compactMap { adapter in
            guard adapter.objectValue != nil else { return nil }
            // Windows names connections "Ethernet 5"; the product ("FortiClient Virtual Ethernet Adapter", "ASIX USB
            // 3.0 Gigabit Ethernet") is in the description, so both are kept: whether the MAC is the machine's is
            // read from either.
            let given = text(field(adapter, "name")), description = text(field(adapter, "description"))
            let name = [given, description].compactMap { $0 }.reduce(into: [String]()) { names, next in
                if !names.contains(where: { $0.caseInsensitiveCompare(next) == .orderedSame }) { names.append(next) }
            }.joined(separator: " · ")
            return NetworkAdapter(name: name.isEmpty ? "Adapter" : name, macAddress: text(field(adapter, "physical_address")) ?? text(field(adapter, "mac")))
        }
    }

    /// Custom-field labels that hold a device's identifiers on assets without the agent (printers, switches,
    /// firewalls…), compared case-insensitively: accounts name their fields themselves.
    static let serialLabels = ["serial number", "serial", "serial no", "serial #", "service tag"]
    static let macLabels = ["mac address", "mac", "mac addresses", "mac address(es)"]

    /// Serial, MACs, make and model from the asset type's custom fields, where the agent reported nothing.
    static func readCustomFields(_ properties: JSONValue?, into asset: inout Asset) {
        guard let fields = properties?.objectValue else { return }
        var byLabel: [String: String] = [:]
        for (label, value) in fields {
            guard let text = text(value) else { continue }
            let key = label.trimmingWhitespace().lowercased()
            if byLabel[key] == nil || label == label.trimmingWhitespace() { byLabel[key] = text }
        }
        func first(_ labels: [String]) -> String? { labels.lazy.compactMap { byLabel[$0] }.first }
        if asset.assetSerial == nil { asset.assetSerial = first(serialLabels) }
        if asset.adapters.isEmpty, let macs = first(macLabels) {
            // One MAC a field, or several separated by commas, semicolons or spaces.
            asset.adapters = macs.split(whereSeparator: { ",; \n".contains($0) })
                .map { NetworkAdapter(name: "MAC Address", macAddress: String($0)) }
        }
        asset.manufacturer = asset.manufacturer ?? first(["make", "manufacturer", "vendor"])
        asset.model = asset.model ?? first(["model"])
    }
}
