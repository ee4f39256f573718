import ArgumentParser
import Foundation
import RematchCore
import RematchPresentation
import RematchStore

struct ChangesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changes", abstract: "Show what the last sync changed.",
        discussion: """
            New, vanished and renamed customers and devices, new and vanished organizations and configurations, \
            exact matches the new data made ambiguous, decisions whose record vanished, and matched devices gone \
            from Syncro (whose configurations rematch retire-configurations offers to mark Inactive). A first sync \
            only counts what it brought in. Reads the state file only, so it works while a console is open. \
            --json prints one object with every key present (null where there is no value).
            """)

    @OptionGroup var options: CommonOptions
    @Flag(help: "Print one JSON object.") var json = false

    func run() async throws {
        let store = try options.storeToRead(try options.configuration())
        let synced = try store.syncState().lastSuccessAt != nil
        let changes = try store.syncChanges()
        if json {
            print(String(decoding: try ChangesJSON.document(changes, synced: synced), as: UTF8.self))
            return
        }
        guard let changes else {
            print(synced ? "No changes recorded yet: the last sync was made by an older Rematch; the next sync records them."
                         : "Never synced: rematch sync reads both accounts and records what changes from then on.")
            return
        }
        print("Last sync \(ISO8601DateFormatter().string(from: changes.at)): \(changes.summary)")
        for section in ChangeSection.sections(of: changes) {
            print("")
            print(section.title + ":")
            for line in section.lines { print("  " + line) }
        }
        if !changes.vanishedMatches.isEmpty {
            print("")
            print("rematch retire-configurations shows which configurations it would mark Inactive, and asks first.")
        }
    }
}

/// `rematch changes --json`: snake_case keys, every key present, null where there is no value.
enum ChangesJSON {
    static func document(_ changes: SyncChanges?, synced: Bool) throws -> Data {
        let none = NSNull()
        func list<T>(_ items: [T]?, _ body: (T) -> [String: Any]) -> [[String: Any]] { (items ?? []).map(body) }
        func customer(_ item: SyncChanges.CustomerItem) -> [String: Any] {
            ["id": item.id, "name": item.name, "previous_name": item.previousName ?? none]
        }
        func device(_ item: SyncChanges.DeviceItem) -> [String: Any] {
            ["id": item.id, "name": item.name, "previous_name": item.previousName ?? none, "customer_id": item.customerID,
             "customer_name": item.customerName]
        }
        func record(_ item: SyncChanges.RecordItem) -> [String: Any] {
            ["id": item.id, "name": item.name, "organization_name": item.organizationName ?? none]
        }
        let object: [String: Any] = [
            "synced": synced,
            "at": changes.map { ISO8601DateFormatter().string(from: $0.at) } ?? none,
            "first_sync": changes?.isFirstSync ?? false,
            "summary": changes?.summary ?? none,
            "totals": changes.map { ["customers": $0.totals.customers, "devices": $0.totals.devices,
                                     "organizations": $0.totals.organizations, "configurations": $0.totals.configurations] } ?? none,
            "new_customers": list(changes?.newCustomers, customer),
            "vanished_customers": list(changes?.vanishedCustomers, customer),
            "renamed_customers": list(changes?.renamedCustomers, customer),
            "new_devices": list(changes?.newDevices, device),
            "vanished_devices": list(changes?.vanishedDevices, device),
            "renamed_devices": list(changes?.renamedDevices, device),
            "new_organizations": list(changes?.newOrganizations, record),
            "vanished_organizations": list(changes?.vanishedOrganizations, record),
            "new_configurations": list(changes?.newConfigurations, record),
            "vanished_configurations": list(changes?.vanishedConfigurations, record),
            "lost_exact_matches": list(changes?.lostExactMatches) { lost in
                ["customer_id": lost.customerID, "customer_name": lost.customerName, "organization_id": lost.organizationID,
                 "organization_name": lost.organizationName, "reason": lost.reason,
                 "suggestion": lost.suggestion.map { ["organization_id": $0.organizationID, "name": $0.name, "score": $0.score,
                                                      "reason": $0.reason] as [String: Any] } ?? none]
            },
            "vanished_decisions": list(changes?.vanishedDecisions) { decision in
                ["subject": decision.subject.rawValue, "id": decision.id, "name": decision.name, "decision": decision.decision,
                 "reason": decision.reason]
            },
            "vanished_matches": list(changes?.vanishedMatches) { match in
                ["asset_id": match.assetID, "asset_name": match.assetName, "customer_name": match.customerName,
                 "configuration_id": match.configurationID, "configuration_name": match.configurationName,
                 "origin": match.origin.rawValue]
            },
        ]
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }
}

struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Show the audit log, newest first.",
        discussion: """
            Every decision, undo and remote effect (an organization or configuration created, a configuration \
            retired) writes one line per customer or device it touched: when, who (user@machine when another machine \
            did it, on a shared state), which action, the subject and a summary. --since takes a date (2026-12-01, local midnight), an ISO 8601 time (2026-12-01T09:00:00Z) or a \
            duration back from now (90m, 24h, 7d, 2w). Reads the state file only, so it works while a console is open.
            """)

    @OptionGroup var options: CommonOptions
    @Flag(help: "Print a JSON array of entries.") var json = false
    @Option(help: "Only entries at or after this time: 2026-12-01, an ISO 8601 time, or a duration such as 24h or 7d.")
    var since: Since?
    @Option(help: "At most this many entries.") var limit = 100

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit is at least 1.") }
    }

    func run() async throws {
        let store = try options.storeToRead(try options.configuration())
        let entries = try store.auditLog(limit: limit, since: since?.date)
        let formatter = ISO8601DateFormatter()
        if json {
            let objects: [[String: Any]] = entries.map { entry in
                ["at": formatter.string(from: entry.at), "user": entry.user, "host": entry.host ?? NSNull(), "action": entry.action,
                 "subject_kind": entry.subjectKind, "subject_id": entry.subjectID, "before": entry.before ?? NSNull(),
                 "after": entry.after ?? NSNull(), "summary": entry.summary]
            }
            print(String(decoding: try JSONSerialization.data(withJSONObject: objects, options: [.sortedKeys]), as: UTF8.self))
            return
        }
        let local = DateFormatter()
        local.locale = Locale(identifier: "en_US_POSIX")
        local.dateFormat = "yyyy-MM-dd HH:mm:ss"
        guard !entries.isEmpty else {
            print(since.map { "No audit log entries since \(local.string(from: $0.date))." } ?? "The audit log is empty.")
            return
        }
        let rows = entries.map { entry in
            [local.string(from: entry.at), TerminalText.sanitize(entry.who), entry.action,
             "\(entry.subjectKind) #\(entry.subjectID)", TerminalText.sanitize(entry.summary)]
        }
        let widths = (0..<4).map { column in rows.map { TerminalText.width(of: $0[column]) }.max() ?? 0 }
        for row in rows {
            let padded = (0..<4).map { row[$0] + String(repeating: " ", count: widths[$0] - TerminalText.width(of: row[$0])) }
            print((padded + [row[4]]).joined(separator: "  "))
        }
    }
}

/// `--since`: a date, an ISO 8601 time, or a duration back from now.
struct Since: ExpressibleByArgument {
    var date: Date

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces)
        if let unit = text.last, let seconds = ["s": 1.0, "m": 60, "h": 3_600, "d": 86_400, "w": 604_800][String(unit)],
           let count = Double(text.dropLast()), count >= 0 {
            date = Date().addingTimeInterval(-count * seconds)
            return
        }
        if let time = ISO8601DateFormatter().date(from: text) {
            date = time
            return
        }
        let day = DateFormatter()
        day.locale = Locale(identifier: "en_US_POSIX")
        day.dateFormat = "yyyy-MM-dd"
        guard let midnight = day.date(from: text) else { return nil }
        date = midnight
    }

    static var defaultCompletionKind: CompletionKind { .default }
}
