import Foundation
import ITGlueAPI
import RematchCore
import RematchHTTP
import RematchJSON
import RematchStore
import SyncroAPI

/// Carries out pending creations in IT Glue exactly once. Each intent is journalled before its request;
/// after a crash, restart or timeout the journal says which requests may have reached IT Glue, and those
/// are looked up there before anything is sent again.
public struct RemoteWriter: Sendable {
    public let itGlue: ITGlueClient
    /// How long an unanswered request may still land (``UnansweredWrite``).
    public let settle: TimeInterval
    public static let chunkSize = 50

    public init(itGlue: ITGlueClient, settle: TimeInterval = UnansweredWrite.defaultSettle) {
        self.itGlue = itGlue
        self.settle = settle
    }

    /// A time of day for a report line ("14:05:09").
    public static func clock(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        return formatter.string(from: date)
    }

    /// The report line for a write held back: when its request went, and from when it will be looked for again.
    static func waitingLine(_ what: String, sentAt: Date?, until: Date) -> String {
        "\(what): the request sent at \(sentAt.map(clock) ?? "?") got no answer and IT Glue may still act on it; nothing is sent "
            + "again before \(clock(until)), when Rematch looks for it once more (run again then)"
    }

    /// The note written on every configuration Rematch creates; it also finds them again after a crash. It ends
    /// with a full stop, so the marker of asset #12 is not a prefix of asset #123's.
    public static func marker(assetID: Int) -> String { "Created by Rematch from Syncro asset #\(assetID)." }

    /// Whether notes carry the marker of this asset: the marker as written now, or as earlier versions wrote it
    /// (no full stop), then only when no digit follows (so "#12" never finds "#123").
    public static func notes(_ notes: String, carryMarkerOf assetID: Int) -> Bool {
        markedAssets(in: notes).contains(assetID)
    }

    /// The asset ids whose markers the notes carry (whole numbers only: "#123" is asset 123, never 12).
    public static func markedAssets(in notes: String) -> [Int] {
        let prefix = "Created by Rematch from Syncro asset #"
        var found: [Int] = []
        var searchFrom = notes.startIndex
        while let range = notes.range(of: prefix, range: searchFrom..<notes.endIndex) {
            let digits = notes[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
            if let id = Int(digits) { found.append(id) }
            searchFrom = digits.endIndex
        }
        return found
    }

    // MARK: Organizations

    /// Creates the organizations customers are waiting for. Right before each POST, IT Glue is searched for
    /// the exact name: if it exists, nothing is created and the closest names are reported.
    public func createOrganizations(in workbench: Workbench) async -> WriteReport {
        var report = WriteReport()
        let workspace = workbench.workspace
        let waiting = workspace.customerDecisions.compactMap { id, decision -> (Int, String)? in
            if case .createOrganization(let name) = decision, workspace.catalog.customer(id) != nil { return (id, name) }
            return nil
        }.sorted { $0.0 < $1.0 }
        do {
            var journal = Dictionary(try workbench.store.journal(kind: .organization).map { ($0.subjectID, $0) },
                                     uniquingKeysWith: { $1 })
            // Entries whose customer no longer waits were finished before a crash could record it.
            let waitingIDs = Set(waiting.map(\.0))
            for entry in journal.values where !waitingIDs.contains(entry.subjectID) {
                try workbench.store.updateJournal([entry.id], state: .done, message: "no longer pending")
            }
            let new = waiting.filter { journal[$0.0] == nil }.map { (kind: JournalEntry.Kind.organization, subjectID: $0.0, organizationID: String?.none, name: $0.1) }
            for entry in try workbench.store.addJournalEntries(new) { journal[entry.subjectID] = entry }
            // Customer and Active when the account has them; an organization without is still better than none.
            let kind = waiting.isEmpty ? (nil, nil) : (try? await itGlue.organizationKind()) ?? (nil, nil)
            for (customerID, name) in waiting {
                guard let entry = journal[customerID] else { continue }
                await createOrganization(entry, customerID: customerID, name: name, kind: kind, workbench: workbench, report: &report)
            }
        } catch {
            report.failures.append("The write journal could not be updated: \(error)")
        }
        return report
    }

    private func createOrganization(_ entry: JournalEntry, customerID: Int, name: String, kind: (typeID: String?, statusID: String?),
                                    workbench: Workbench, report: inout WriteReport) async {
        let customer = workbench.workspace.catalog.customer(customerID)?.displayName ?? "#\(customerID)"
        do {
            // The filter may count case: the synced list's names that differ only in case, accents, spacing or
            // punctuation (the matcher's exact key) are asked for too.
            let variants = workbench.workspace.matcher.sameName(as: name).map(\.name).filter { $0 != name }
            let searchedAt = Date()
            let existing = try await itGlue.organizations(named: name, alsoAs: variants)
            if let found = existing.first {
                if entry.state == .sent {
                    // Our earlier request got through before the crash: adopt what it made.
                    try workbench.perform(.organizationCreated(customers: [customerID], organization: found))
                    try workbench.store.updateJournal([entry.id], state: .done, remoteID: found.id)
                    report.found.append("Organization \"\(found.name)\" (#\(found.id)) for \(customer), created before an interruption")
                } else {
                    let closest = workbench.workspace.matcher.closest(to: name, limit: 3).map { "\($0.name) (\(Self.format($0.score)))" }
                    let message = "IT Glue already has an organization named \"\(found.name)\" (#\(found.id)); nothing was created, "
                        + "and the customer is back in Unmatched to match it instead. Closest: \(closest.joined(separator: ", "))"
                    refuse(entry, customerID: customerID, message: message, workbench: workbench)
                    report.failures.append("\(customer): \(message)")
                }
                return
            }
            if entry.state == .sent, case .wait(let until) = UnansweredWrite.verdict(sentAt: entry.sentAt, searchedAt: searchedAt, settle: settle) {
                report.wait(Self.waitingLine("Organization \"\(name)\" for \(customer)", sentAt: entry.sentAt, until: until), until: until)
                return
            }
            try workbench.store.updateJournal([entry.id], state: .sent)
            Failpoint.hit("organization.before-request")
            let organization = try await sendOrganization(name, kind: kind)
            Failpoint.hit("organization.after-answer")
            try workbench.perform(.organizationCreated(customers: [customerID], organization: organization))
            try workbench.store.updateJournal([entry.id], state: .done, remoteID: organization.id)
            report.created.append("Organization \"\(organization.name)\" (#\(organization.id)) for \(customer)")
        } catch let error as APIError where error.kind == .rejected {
            refuse(entry, customerID: customerID, message: error.message, workbench: workbench)
            report.failures.append("\(customer): \(error.message) (back in Unmatched)")
        } catch {
            // The request may or may not have reached IT Glue: the entry stays "sent" and the next run looks first,
            // sending again only once it can no longer land.
            report.failures.append("\(customer): \(error) (will be looked for before anything is sent again, from "
                + "\(Self.clock(Date().addingTimeInterval(settle))))")
        }
    }

    /// IT Glue will not create it: the journal entry fails and the customer goes back to Unmatched, where a
    /// person can match it instead.
    private func refuse(_ entry: JournalEntry, customerID: Int, message: String, workbench: Workbench) {
        try? workbench.store.updateJournal([entry.id], state: .failed, message: message)
        _ = try? workbench.perform(.organizationRefused(customers: [customerID]))
    }

    private func sendOrganization(_ name: String, kind: (typeID: String?, statusID: String?)) async throws -> Organization {
        if Failpoint.isArmed("organization.after-send") {
            let itGlue = self.itGlue
            Task { _ = try? await itGlue.createOrganization(name: name, typeID: kind.typeID, statusID: kind.statusID) }
            try await Task.sleep(for: .milliseconds(700))
            Failpoint.die()
        }
        return try await itGlue.createOrganization(name: name, typeID: kind.typeID, statusID: kind.statusID)
    }

    // MARK: Configurations

    /// Creates the configurations devices are waiting for (all, or one organization's), in chunks.
    /// A device IT Glue refuses is reported by name; the rest are still created.
    public func createConfigurations(in workbench: Workbench, organizationID only: String? = nil) async -> WriteReport {
        var report = WriteReport()
        let workspace = workbench.workspace
        var waitingByOrganization: [String: [(asset: Asset, deviceClass: DeviceClass)]] = [:]
        for (assetID, decision) in workspace.deviceDecisions {
            guard case .createConfiguration(let deviceClass) = decision, let asset = workspace.catalog.asset(assetID),
                  let organization = workspace.status(ofCustomer: asset.customerID).organizationID,
                  only == nil || only == organization else { continue }
            waitingByOrganization[organization, default: []].append((asset, deviceClass))
        }
        do {
            let journal = Dictionary(try workbench.store.journal(kind: .configuration).map { ($0.subjectID, $0) }, uniquingKeysWith: { $1 })
            let waitingIDs = Set(waitingByOrganization.values.flatMap { $0.map(\.asset.id) })
            for entry in journal.values where !waitingIDs.contains(entry.subjectID) && (only == nil || entry.organizationID == only) {
                try workbench.store.updateJournal([entry.id], state: .done, message: "no longer pending")
            }
            for organization in waitingByOrganization.keys.sorted() {
                let waiting = waitingByOrganization[organization]!.sorted { $0.asset.id < $1.asset.id }
                var entries = journal.filter { entry in waiting.contains { $0.asset.id == entry.key } }
                let new = waiting.filter { entries[$0.asset.id] == nil }
                    .map { (kind: JournalEntry.Kind.configuration, subjectID: $0.asset.id, organizationID: Optional(organization), name: $0.asset.name) }
                for entry in try workbench.store.addJournalEntries(new) { entries[entry.subjectID] = entry }
                await createConfigurations(waiting, entries: entries, organizationID: organization, workbench: workbench, report: &report)
            }
        } catch {
            report.failures.append("The write journal could not be updated: \(error)")
        }
        return report
    }

    static func format(_ score: Double) -> String { String(format: "%.2f", score) }
}
