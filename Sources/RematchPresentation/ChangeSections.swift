import Foundation
import RematchCore

/// What a sync changed, as titled groups of terminal-safe lines: what `rematch changes` prints and the
/// console's changes view lists. Empty groups are left out.
public struct ChangeSection: Sendable, Hashable {
    public var title: String
    /// One line per item, sanitized.
    public var lines: [String]

    /// The groups of a sync's changes, in a fixed order.
    public static func sections(of changes: SyncChanges) -> [ChangeSection] {
        let safe = TerminalText.sanitize
        func device(_ item: SyncChanges.DeviceItem) -> String {
            "#\(item.id) \(safe(item.name)) (\(safe(item.customerName)))"
        }
        func record(_ item: SyncChanges.RecordItem) -> String {
            "#\(item.id) \(safe(item.name))" + (item.organizationName.map { " (\(safe($0)))" } ?? "")
        }
        let groups: [(String, [String])] = [
            ("Matched devices gone from Syncro", changes.vanishedMatches.map { match in
                "#\(match.assetID) \(safe(match.assetName)) (\(safe(match.customerName))) → configuration "
                    + "#\(match.configurationID) \(safe(match.configurationName)), matched \(Formats.matchedHow(match.origin))"
            }),
            ("Exact matches lost", changes.lostExactMatches.map { lost in
                let now = lost.suggestion.map { "; suggestion now \(safe($0.name)) (\(Formats.score($0.score)))" } ?? ""
                return "#\(lost.customerID) \(safe(lost.customerName)), was \(safe(lost.organizationName)): \(safe(lost.reason))\(now)"
            }),
            ("Decisions whose record vanished", changes.vanishedDecisions.map { decision in
                "\(decision.subject.rawValue) #\(decision.id) \(safe(decision.name)): \(safe(decision.decision)); \(safe(decision.reason))"
            }),
            ("New customers", changes.newCustomers.map { "#\($0.id) \(safe($0.name))" }),
            ("Vanished customers", changes.vanishedCustomers.map { "#\($0.id) \(safe($0.name))" }),
            ("Renamed customers", changes.renamedCustomers.map { "#\($0.id) \(safe($0.previousName ?? "")) → \(safe($0.name))" }),
            ("New devices", changes.newDevices.map(device)),
            ("Vanished devices", changes.vanishedDevices.map(device)),
            ("Renamed devices", changes.renamedDevices.map { "\(device($0)), was \(safe($0.previousName ?? ""))" }),
            ("New organizations", changes.newOrganizations.map(record)),
            ("Vanished organizations", changes.vanishedOrganizations.map(record)),
            ("New configurations", changes.newConfigurations.map(record)),
            ("Vanished configurations", changes.vanishedConfigurations.map(record)),
        ]
        return groups.filter { !$0.1.isEmpty }.map { ChangeSection(title: "\($0.0) (\($0.1.count))", lines: $0.1) }
    }
}

extension Formats {
    /// How a match came about, in the words of a retirement preview: "automatically (MAC/serial)", "by hand".
    public static func matchedHow(_ origin: MatchOrigin) -> String {
        switch origin {
        case .automatic: "automatically (MAC/serial)"
        case .accepted: "by an accepted suggestion"
        case .manual: "by hand"
        case .created: "by creating the configuration"
        case .moved: "by moving the configuration here"
        }
    }
}

extension Workspace {
    /// The retirement preview, one sanitized line per configuration matched to a device gone from Syncro:
    /// "HEND-DT01 (#1001, Henderson Plumbing) ← device "HEND-DT01" (#11) gone from Syncro, matched by hand".
    /// `vanished` (the last sync's changes) names the devices it saw go; older ones are named by number.
    public func retirementPreview(vanished: SyncChanges?) -> [String] {
        let names = Dictionary((vanished?.vanishedMatches ?? []).map { ($0.assetID, $0.assetName) }, uniquingKeysWith: { first, _ in first })
        return retirableConfigurations.map { assetID, record in
            let organization = catalog.organization(record.organizationID)?.name ?? "#\(record.organizationID)"
            let device = names[assetID].map { "\"\(TerminalText.sanitize($0))\" (#\(assetID))" } ?? "#\(assetID)"
            var how = ""
            if case .matched(_, let origin)? = deviceDecisions[assetID] { how = ", matched \(Formats.matchedHow(origin))" }
            return "\(TerminalText.sanitize(record.name)) (#\(record.id), \(TerminalText.sanitize(organization))) "
                + "← device \(device) gone from Syncro\(how)"
        }
    }
}
