import Foundation
import RematchCore

/// How well the matcher does on generated data whose truth is known, per trap class (#12): organizations as a
/// ``Workspace`` proposes them, devices matched against each customer's true organization.
public struct MatchingQualityReport: Sendable {
    /// Organization figures of one trap class. A plain suggestion is one a person would take at face value: a best
    /// candidate, not ambiguous, not flagged "weak" (auto-links included).
    public struct Organizations: Sendable {
        public var customers = 0, autoLinks = 0, wrongAutoLinks = 0
        public var withTruth = 0, firstRight = 0
        public var plainSuggestions = 0, plainRight = 0
        public var withoutTruth = 0, plainWithoutTruth = 0

        mutating func add(_ other: Organizations) {
            customers += other.customers; autoLinks += other.autoLinks; wrongAutoLinks += other.wrongAutoLinks
            withTruth += other.withTruth; firstRight += other.firstRight
            plainSuggestions += other.plainSuggestions; plainRight += other.plainRight
            withoutTruth += other.withoutTruth; plainWithoutTruth += other.plainWithoutTruth
        }
    }

    /// Device figures of one trap class; a wrong auto-link is one to anything but the truth, also where the truth is none.
    public struct Devices: Sendable {
        public var assets = 0, withTruth = 0, autoLinks = 0, wrongAutoLinks = 0, firstRight = 0
        public var withoutTruth = 0, plainWithoutTruth = 0
        /// Devices flagged "possibly moved": documented by their own identifiers in another organization.
        public var flaggedMoved = 0

        public init() {}

        mutating func add(_ other: Devices) {
            assets += other.assets; withTruth += other.withTruth; autoLinks += other.autoLinks
            wrongAutoLinks += other.wrongAutoLinks; firstRight += other.firstRight
            withoutTruth += other.withoutTruth; plainWithoutTruth += other.plainWithoutTruth
            flaggedMoved += other.flaggedMoved
        }
    }

    /// The writes a person who takes Rematch's defaults makes (#26): every automatic link, one bulk accept of the
    /// whole Unmatched tab at the default threshold, then every move the devices' view proposes in the
    /// organizations that settles. Each one wrong is a write to undo by hand in IT Glue. The organizations' automatic
    /// links are the per-class tally's (``Organizations/autoLinks``); ``wrongWrites`` counts them too.
    public struct Writes: Sendable {
        public var bulkAccepts = 0, wrongBulkAccepts = 0
        public var deviceAutoLinks = 0, wrongDeviceAutoLinks = 0
        public var moves = 0, wrongMoves = 0

        public init() {}

        mutating func add(_ other: Writes) {
            bulkAccepts += other.bulkAccepts; wrongBulkAccepts += other.wrongBulkAccepts
            deviceAutoLinks += other.deviceAutoLinks; wrongDeviceAutoLinks += other.wrongDeviceAutoLinks
            moves += other.moves; wrongMoves += other.wrongMoves
        }
    }

    /// One record the matcher got wrong, worst kind first.
    public struct Miss: Sendable {
        public enum Kind: Int, Sendable { case wrongAutoLink, wrongWrite, plainWithoutTruth, wrongFirstProposal }
        public var kind: Kind
        public var trap: TrapClass
        public var isDevice: Bool
        public var subject: String
        public var proposal: String
        public var truth: String

        static func worseFirst(_ a: Miss, _ b: Miss) -> Bool {
            (a.kind.rawValue, a.isDevice ? 1 : 0, a.trap.rawValue, a.subject) < (b.kind.rawValue, b.isDevice ? 1 : 0, b.trap.rawValue, b.subject)
        }
    }

    /// Unambiguous organization suggestions (weak ones and auto-links too) in one score band, and how many of
    /// them name the true organization: what a score is worth, measured (``calibration``).
    public struct Band: Sendable, Hashable {
        /// The band's lowest score; it holds scores from there up to the next band's lowest.
        public var lower: Double
        public var suggestions = 0, right = 0
    }

    /// The score bands of the calibration table, highest first: exact names (auto-links), then bands down to the
    /// suggestion floor.
    public static let bandFloors: [Double] = [1, 0.95, 0.9, 0.8, 0.7, OrganizationMatcher.weakBelow, OrganizationMatcher.suggestionFloor]

    public var label: String
    /// Per band of ``bandFloors`` (same order): unambiguous suggestions and how many are right.
    public var calibration: [Band] = bandFloors.map { Band(lower: $0) }
    public var organizations: [TrapClass: Organizations] = [:]
    public var devices: [TrapClass: Devices] = [:]
    public var writes = Writes()
    public var misses: [Miss] = []

    public init(_ data: DemoData, label: String = "") {
        self.label = label
        let workspace = Workspace(snapshot: data.snapshot)
        let catalog = workspace.catalog
        func organizationName(_ id: String?) -> String {
            id.map { "\(catalog.organization($0)?.name ?? "?") #\($0)" } ?? "none"
        }
        for id in workspace.customerIDs {
            let suggestion = workspace.status(ofCustomer: id).suggestion
            let truth = data.truth[id], trap = data.customerTraps[id] ?? .plain
            let best = suggestion.best
            var tally = organizations[trap] ?? Organizations()
            tally.customers += 1
            let plain = suggestion.isPlain
            var miss: Miss.Kind?
            if suggestion.isAutoLink {
                tally.autoLinks += 1
                if best?.organizationID != truth { tally.wrongAutoLinks += 1; miss = .wrongAutoLink }
            }
            if let best, !suggestion.isAmbiguous, let band = Self.bandFloors.firstIndex(where: { best.score >= $0 }) {
                calibration[band].suggestions += 1
                if best.organizationID == truth { calibration[band].right += 1 }
            }
            if plain {
                tally.plainSuggestions += 1
                if best?.organizationID == truth { tally.plainRight += 1 }
            }
            if let truth {
                tally.withTruth += 1
                if best?.organizationID == truth { tally.firstRight += 1 } else { miss = miss ?? .wrongFirstProposal }
            } else {
                tally.withoutTruth += 1
                if plain { tally.plainWithoutTruth += 1; miss = miss ?? .plainWithoutTruth }
            }
            organizations[trap] = tally
            if let miss {
                misses.append(Miss(kind: miss, trap: trap, isDevice: false, subject: catalog.customer(id)?.displayName ?? "#\(id)",
                                   proposal: best.map { Self.describe($0.name + " #" + $0.organizationID, $0.score, $0.reason, suggestion.isAutoLink) } ?? "nothing",
                                   truth: organizationName(truth)))
            }
        }
        tallyDevices(data, catalog: catalog, identities: workspace.identities)
        tallyWrites(data, workspace: workspace)
        misses.sort(by: Miss.worseFirst)
    }

    /// ``Writes``: the workspace as the data opens, then after the bulk accept.
    private mutating func tallyWrites(_ data: DemoData, workspace: Workspace) {
        let catalog = workspace.catalog
        func trap(_ customer: Int) -> TrapClass { data.customerTraps[customer] ?? .plain }
        func organizationName(_ id: String?) -> String { id.map { "\(catalog.organization($0)?.name ?? "?") #\($0)" } ?? "none" }
        func customerName(_ id: Int) -> String { catalog.customer(id)?.displayName ?? "#\(id)" }
        var decided = workspace
        let plan = workspace.bulkAcceptPlan(customers: workspace.customers(in: .unmatched), minimumScore: BulkAcceptPlan.defaultMinimumScore)
        for row in plan.accepted {
            writes.bulkAccepts += 1
            guard row.suggestion.organizationID != data.truth[row.customer] else { continue }
            writes.wrongBulkAccepts += 1
            misses.append(Miss(kind: .wrongWrite, trap: trap(row.customer), isDevice: false, subject: customerName(row.customer),
                               proposal: "BULK ACCEPT " + Self.describe(row.suggestion.name + " #" + row.suggestion.organizationID,
                                                                        row.suggestion.score, row.suggestion.reason, false),
                               truth: organizationName(data.truth[row.customer])))
        }
        if let change = try? decided.plan(.acceptSuggestion(customers: plan.accepted.map(\.customer)), user: "quality") {
            decided.apply(change)
        }
        for customer in decided.customerIDs {
            let matched = decided.status(ofCustomer: customer)
            guard matched.state == .matched else { continue }
            let organization = matched.organizationID
            for asset in catalog.assets(ofCustomer: customer) {
                let status = decided.status(ofAsset: asset.id)
                let subject = "\(asset.name) (\(customerName(customer)))"
                if status.state == .matched, status.origin == .automatic {
                    writes.deviceAutoLinks += 1
                    if status.configurationID != data.deviceTruth[asset.id] {
                        writes.wrongDeviceAutoLinks += 1
                        misses.append(Miss(kind: .wrongWrite, trap: data.assetTraps[asset.id] ?? .plain, isDevice: true, subject: subject,
                                           proposal: "AUTO-LINK in the decided workspace: #\(status.configurationID ?? "?")",
                                           truth: data.deviceTruth[asset.id].map { "#\($0)" } ?? "none"))
                    }
                }
                guard status.state == .unmatched, let moved = status.suggestion.moved,
                      (try? decided.plan(.moveDevice(assets: [asset.id]), user: "quality")) != nil else { continue }
                writes.moves += 1
                guard data.misfiledTruth[asset.id] != moved.configurationID || data.truth[customer] != organization else { continue }
                writes.wrongMoves += 1
                misses.append(Miss(kind: .wrongWrite, trap: data.assetTraps[asset.id] ?? .plain, isDevice: true, subject: subject,
                                   proposal: "MOVE \(moved.configurationName) #\(moved.configurationID) from \(moved.organizationName) into \(organizationName(organization))",
                                   truth: "\(organizationName(data.truth[customer])); misfiled: \(data.misfiledTruth[asset.id].map { "#\($0)" } ?? "none")"))
            }
        }
    }

    /// Each customer's assets against its true organization's configurations, as the benchmarks group them.
    private mutating func tallyDevices(_ data: DemoData, catalog: Catalog, identities: IdentityIndex) {
        var assetsByOrganization: [String: [Asset]] = [:]
        for customer in data.truth.keys.sorted() {
            assetsByOrganization[data.truth[customer]!, default: []] += catalog.assets(ofCustomer: customer)
        }
        let groups = assetsByOrganization.keys.sorted().map {
            DeviceMatcher.Group(assets: assetsByOrganization[$0]!, configurations: catalog.configurations(ofOrganization: $0))
        }
        let suggestions = DeviceMatcher.match(groups: groups)
        for group in groups {
            for asset in group.assets {
                let suggestion = suggestions[asset.id] ?? .none
                let truth = data.deviceTruth[asset.id], trap = data.assetTraps[asset.id] ?? .plain
                let best = suggestion.best
                var tally = devices[trap] ?? Devices()
                tally.assets += 1
                var miss: Miss.Kind?
                let organization = data.truth[asset.customerID] ?? ""
                let moved = catalog.assetIndex[asset.id].flatMap { identities.documentedElsewhere(assetAt: $0, notIn: organization) }
                if moved != nil { tally.flaggedMoved += 1 }
                if suggestion.isAutoLink, moved == nil {
                    tally.autoLinks += 1
                    if best?.configurationID != truth { tally.wrongAutoLinks += 1; miss = .wrongAutoLink }
                }
                if let truth {
                    tally.withTruth += 1
                    if best?.configurationID == truth { tally.firstRight += 1 } else { miss = miss ?? .wrongFirstProposal }
                } else {
                    tally.withoutTruth += 1
                    if best != nil, !suggestion.isAmbiguous {
                        tally.plainWithoutTruth += 1
                        miss = miss ?? .plainWithoutTruth
                    }
                }
                devices[trap] = tally
                guard let miss else { continue }
                let customer = catalog.customer(asset.customerID)?.displayName ?? "#\(asset.customerID)"
                misses.append(Miss(kind: miss, trap: trap, isDevice: true, subject: "\(asset.name) (\(customer))",
                                   proposal: best.map { Self.describe($0.name + " #" + $0.configurationID, $0.score, $0.reason, suggestion.isAutoLink) } ?? "nothing",
                                   truth: truth.map { "\(catalog.configuration($0)?.name ?? "?") #\($0)" } ?? "none"))
            }
        }
    }

    private static func describe(_ name: String, _ score: Double, _ reason: String, _ auto: Bool) -> String {
        "\(auto ? "AUTO " : "")\(name) \(String(format: "%.2f", score)) (\(reason))"
    }

    /// Several reports (seeds) as one; the misses are kept in order of the reports.
    public init(combining reports: [MatchingQualityReport], label: String) {
        self.label = label
        for report in reports {
            for (trap, tally) in report.organizations { organizations[trap, default: Organizations()].add(tally) }
            for (trap, tally) in report.devices { devices[trap, default: Devices()].add(tally) }
            for (index, band) in report.calibration.enumerated() {
                calibration[index].suggestions += band.suggestions
                calibration[index].right += band.right
            }
            writes.add(report.writes)
            misses += report.misses
        }
        misses.sort(by: Miss.worseFirst)
    }

    /// Every wrong write a person taking the defaults makes: organization and device auto-links, bulk accepts, moves.
    public var wrongWrites: Int {
        organizationTotal.wrongAutoLinks + writes.wrongBulkAccepts + writes.wrongDeviceAutoLinks + writes.wrongMoves
    }

    public var organizationTotal: Organizations { organizations.values.reduce(into: Organizations()) { $0.add($1) } }
    public var deviceTotal: Devices { devices.values.reduce(into: Devices()) { $0.add($1) } }
}
