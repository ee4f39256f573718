import Foundation
import ITGlueAPI
import RematchHTTP
import RematchJSON
import SyncroAPI

/// One thing `rematch check --deep` found out about a real account: a behaviour the vendors leave undocumented,
/// or a permission, answered from read-only requests.
public struct ProbeResult: Sendable, Hashable, Codable {
    public var id: String
    public var question: String
    /// "yes", "no", or "unknown" (the probe could not tell, with why in `detail`).
    public var answer: String
    public var detail: String
}

/// Read-only probes of both accounts (a few requests each, nothing written), so the tool learns which of the
/// undocumented behaviours hold on the account it meets.
public struct AccountProbes: Sendable {
    public let syncro: SyncroClient
    public let itGlue: ITGlueClient

    public init(syncro: SyncroClient, itGlue: ITGlueClient) {
        self.syncro = syncro
        self.itGlue = itGlue
    }

    public func run() async -> [ProbeResult] {
        var results = await syncroProbes()
        results += await itGlueProbes()
        return results
    }

    private static func result(_ id: String, _ question: String, _ yes: Bool?, _ detail: String) -> ProbeResult {
        ProbeResult(id: id, question: question, answer: yes.map { $0 ? "yes" : "no" } ?? "unknown", detail: detail)
    }

    private static func failed(_ id: String, _ question: String, _ error: APIError) -> ProbeResult {
        let permission = error.kind == .forbidden || error.kind == .unauthorized
        return ProbeResult(id: id, question: question, answer: permission ? "no" : "unknown", detail: error.message)
    }

    func syncroProbes() async -> [ProbeResult] {
        var results: [ProbeResult] = []
        let transport = syncro.transport
        do {
            _ = try await transport.get("/customers?page=1")
            results.append(Self.result("syncro.permission.customers", "Syncro token may list customers", true, "GET /customers answered"))
        } catch {
            results.append(Self.failed("syncro.permission.customers", "Syncro token may list customers", error))
        }
        let assets: [JSONValue]
        do {
            let first = try await transport.get("/customer_assets?page=1")
            assets = first.json["assets"]?.arrayValue ?? []
            results.append(Self.result("syncro.permission.assets", "Syncro token may list assets", true, "GET /customer_assets answered"))
            let meta = first.json["meta"]
            results.append(Self.result("syncro.assets.meta", "Syncro's asset list carries meta (total pages)", meta != nil,
                                       meta.map { "meta: \($0.encodedString)" } ?? "no meta: Rematch reads to the first empty page"))
            let wider = try await transport.get("/customer_assets?page=1&per_page=100")
            let widerCount = wider.json["assets"]?.arrayValue?.count ?? 0
            var honoured: Bool? = widerCount > assets.count ? true : nil
            if honoured == nil, !assets.isEmpty, assets.count < 100 {
                // Fewer on page 1 than asked for: ignored if there is a page 2, else the account has too few assets to tell.
                let second = try await transport.get("/customer_assets?page=2")
                if !(second.json["assets"]?.arrayValue?.isEmpty ?? true) { honoured = false }
            }
            results.append(Self.result("syncro.assets.per_page", "Syncro honours per_page on the asset list", honoured,
                                       "\(assets.count) assets on page 1; \(widerCount) with per_page=100"))
        } catch {
            results.append(Self.failed("syncro.permission.assets", "Syncro token may list assets", error))
            return results
        }
        results.append(linkFieldProbe(assets))
        return results
    }

    /// Whether the link field shows on assets: seen proves it exists on that type; unseen proves nothing (an empty
    /// field may not be listed), so link-back itself is what finally says.
    private func linkFieldProbe(_ assets: [JSONValue]) -> ProbeResult {
        let field = syncro.linkField.lowercased()
        var seen: Set<String> = [], unseen: Set<String> = []
        for asset in assets {
            let type = asset["asset_type"]?.stringValue ?? "?"
            let keys = asset["properties"]?.objectValue?.keys.map { $0.lowercased() } ?? []
            if keys.contains(field) { seen.insert(type) } else { unseen.insert(type) }
        }
        unseen.subtract(seen)
        let detail = "on \(assets.count) assets of page 1: seen on " + (seen.isEmpty ? "none" : seen.sorted().joined(separator: ", "))
            + (unseen.isEmpty ? "" : "; not seen on " + unseen.sorted().joined(separator: ", "))
        return Self.result("syncro.link_field", "Syncro assets hold the \"\(syncro.linkField)\" field", seen.isEmpty ? nil : true, detail)
    }

    func itGlueProbes() async -> [ProbeResult] {
        var results: [ProbeResult] = []
        let transport = itGlue.transport
        do {
            let page = try await transport.get("/configurations?" + QueryString.encode([("page[size]", "3"), ("page[number]", "1")]))
            let count = page.json["data"]?.arrayValue?.count ?? 0
            let total = page.json["meta"]?["total-count"]?.intValue
            results.append(Self.result("itglue.page_size", "IT Glue honours page[size]", (total ?? 0) < 3 ? nil : count == 3,
                                       "page[size]=3 gave \(count)" + (total.map { " of \($0)" } ?? "")))
            let included = try await transport.get("/configurations?" + QueryString.encode(
                [("page[size]", "50"), ("page[number]", "1"), ("include", "configuration_interfaces")]))
            let topLevel = included.json["included"] != nil
            let inside = included.json["data"]?.arrayValue?.contains { record in
                (record["relationships"]?["configuration-interfaces"]?["data"]?.arrayValue ?? []).contains { $0["attributes"] != nil }
            } ?? false
            results.append(ProbeResult(id: "itglue.included", question: "Where IT Glue puts sideloaded interfaces",
                                       answer: topLevel ? "top-level" : inside ? "inside records" : "unknown",
                                       detail: topLevel || inside ? "Rematch reads both" : "no interface among the first 50 configurations"))
        } catch {
            results.append(Self.failed("itglue.permission.configurations", "IT Glue key may list configurations", error))
        }
        results.append(await filterCaseProbe())
        results.append(ProbeResult(id: "retry_after", question: "A 429 carries Retry-After", answer: "unknown",
                                   detail: "only a 429 tells, and these probes never provoke one; Rematch waits up to the window without it"))
        return results
    }

    /// Asks `filter[name]` for an existing organization's name in other case.
    private func filterCaseProbe() async -> ProbeResult {
        let question = "IT Glue's filter[name] ignores case"
        do {
            let page = try await itGlue.transport.get("/organizations?" + QueryString.encode([("page[size]", "50"), ("page[number]", "1")]))
            guard let name = page.json["data"]?.arrayValue?.lazy.compactMap({ $0["attributes"]?["name"]?.stringValue })
                .first(where: { $0.uppercased() != $0 && !$0.contains(",") && !$0.contains("\\") }) else {
                return Self.result("itglue.filter_case", question, nil, "no organization name with lower-case letters to ask for")
            }
            let other = try await itGlue.transport.get("/organizations?" + QueryString.encode([("filter[name]", name.uppercased())]))
            let found = !(other.json["data"]?.arrayValue?.isEmpty ?? true)
            return Self.result("itglue.filter_case", question, found,
                               found ? "found in capitals" : "not found in capitals: Rematch also compares the synced list")
        } catch {
            return Self.failed("itglue.filter_case", question, error)
        }
    }
}

extension JSONValue {
    var encodedString: String { String(decoding: encoded(), as: UTF8.self) }
}
