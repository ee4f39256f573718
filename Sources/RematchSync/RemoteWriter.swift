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
    public static let chunkSize = 50

    public init(itGlue: ITGlueClient) { self.itGlue = itGlue }

    /// The note written on every configuration Rematch creates; it also finds them again after a crash. It ends
    /// with a full stop, so the marker of asset #12 is not a prefix of asset #123's.
    public static func marker(assetID: Int) -> String { "Created by Rematch from Syncro asset #\(assetID)." }

    /// Whether notes carry the marker of this asset: the marker as written now, or as earlier versions wrote it
    /// (no full stop), then only when no digit follows (so "#12" never finds "#123").
    public static func notes(_ notes: String, carryMarkerOf assetID: Int) -> Bool {
        let old = "Created by Rematch from Syncro asset #\(assetID)"
        var searchFrom = notes.startIndex
        while let range = notes.range(of: old, range: searchFrom..<notes.endIndex) {
            if range.upperBound == notes.endIndex || !notes[range.upperBound].isNumber { return true }
            searchFrom = range.upperBound
        }
        return false
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
            for (customerID, name) in waiting {
                guard let entry = journal[customerID] else { continue }
                await createOrganization(entry, customerID: customerID, name: name, workbench: workbench, report: &report)
            }
        } catch {
            report.failures.append("The write journal could not be updated: \(error)")
        }
        return report
    }

    private func createOrganization(_ entry: JournalEntry, customerID: Int, name: String, workbench: Workbench,
                                    report: inout WriteReport) async {
        let customer = workbench.workspace.catalog.customer(customerID)?.displayName ?? "#\(customerID)"
        do {
            let existing = try await itGlue.organizations(named: name)
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
            try workbench.store.updateJournal([entry.id], state: .sent)
            Failpoint.hit("organization.before-request")
            let organization = try await sendOrganization(name)
            Failpoint.hit("organization.after-answer")
            try workbench.perform(.organizationCreated(customers: [customerID], organization: organization))
            try workbench.store.updateJournal([entry.id], state: .done, remoteID: organization.id)
            report.created.append("Organization \"\(organization.name)\" (#\(organization.id)) for \(customer)")
        } catch let error as APIError where error.kind == .rejected {
            refuse(entry, customerID: customerID, message: error.message, workbench: workbench)
            report.failures.append("\(customer): \(error.message) (back in Unmatched)")
        } catch {
            // The request may or may not have reached IT Glue: the entry stays "sent" and the next run looks first.
            report.failures.append("\(customer): \(error) (will be checked before trying again)")
        }
    }

    /// IT Glue will not create it: the journal entry fails and the customer goes back to Unmatched, where a
    /// person can match it instead.
    private func refuse(_ entry: JournalEntry, customerID: Int, message: String, workbench: Workbench) {
        try? workbench.store.updateJournal([entry.id], state: .failed, message: message)
        _ = try? workbench.perform(.organizationRefused(customers: [customerID]))
    }

    private func sendOrganization(_ name: String) async throws -> Organization {
        if Failpoint.isArmed("organization.after-send") {
            let itGlue = self.itGlue
            Task { _ = try? await itGlue.createOrganization(name: name) }
            try await Task.sleep(for: .milliseconds(700))
            Failpoint.die()
        }
        return try await itGlue.createOrganization(name: name)
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

    private typealias Waiting = (asset: Asset, deviceClass: DeviceClass)

    private func createConfigurations(_ waiting: [Waiting], entries: [Int: JournalEntry],
                                      organizationID: String, workbench: Workbench, report: inout WriteReport) async {
        var remaining = waiting
        // Requests that may have reached IT Glue before an interruption: find what they made.
        if entries.values.contains(where: { $0.state == .sent }) {
            do {
                let adopted = try await adoptInterrupted(remaining, entries: entries, organizationID: organizationID,
                                                         workbench: workbench, report: &report)
                remaining.removeAll { adopted.contains($0.asset.id) }
            } catch {
                report.failures.append("Could not check IT Glue for configurations made before an interruption: \(error)")
                return
            }
        }
        let workspace = workbench.workspace
        let statusID = workspace.catalog.snapshot.configurationStatuses.first { $0.name.lowercased() == "active" }?.id
        while !remaining.isEmpty {
            let chunk = Array(remaining.prefix(Self.chunkSize))
            remaining.removeFirst(chunk.count)
            var drafts: [ConfigurationDraft] = []
            var sendable: [(item: Waiting, entry: JournalEntry)] = []
            for item in chunk {
                guard let typeID = workspace.typeMapping[item.deviceClass], let entry = entries[item.asset.id] else {
                    report.failures.append("\(item.asset.name): no configuration type is mapped for \(item.deviceClass.title)")
                    continue
                }
                drafts.append(Self.draft(for: item.asset, typeID: typeID, statusID: statusID))
                sendable.append((item, entry))
            }
            guard !drafts.isEmpty else { continue }
            do {
                try await send(sendable, drafts, organizationID: organizationID, workbench: workbench, report: &report)
            } catch let error as APIError where error.kind == .rejected {
                remaining.insert(contentsOf: setAsideRefused(sendable, error: error, workbench: workbench, report: &report), at: 0)
            } catch {
                report.failures.append("\(sendable.count) configurations in organization #\(organizationID): \(error) "
                    + "(will be checked before trying again)")
                return
            }
        }
    }

    /// Finds, among the organization's configurations, those that interrupted requests made (by the marker in
    /// their notes) and adopts them. Returns the assets adopted.
    private func adoptInterrupted(_ waiting: [Waiting], entries: [Int: JournalEntry], organizationID: String,
                                  workbench: Workbench, report: inout WriteReport) async throws -> Set<Int> {
        let existing = try await itGlue.configurationsWithNotes(inOrganization: organizationID)
        var adopted: [Int: Configuration] = [:]
        for item in waiting where entries[item.asset.id]?.state == .sent {
            if let found = existing.first(where: { Self.notes($0.notes, carryMarkerOf: item.asset.id) }) {
                adopted[item.asset.id] = found.configuration
            }
        }
        guard !adopted.isEmpty else { return [] }
        try workbench.perform(.configurationsCreated(adopted))
        for (assetID, configuration) in adopted {
            try workbench.store.updateJournal([entries[assetID]!.id], state: .done, remoteID: configuration.id)
            report.found.append("Configuration \"\(configuration.name)\" (#\(configuration.id)), created before an interruption")
        }
        return Set(adopted.keys)
    }

    /// One bulk request: journalled as sent first, then the answer paired to the devices and committed.
    private func send(_ sendable: [(item: Waiting, entry: JournalEntry)], _ drafts: [ConfigurationDraft], organizationID: String,
                      workbench: Workbench, report: inout WriteReport) async throws {
        try workbench.store.updateJournal(sendable.map(\.entry.id), state: .sent)
        Failpoint.hit("configurations.before-request")
        let created = try await sendConfigurations(organizationID: organizationID, drafts)
        Failpoint.hit("configurations.after-answer")
        var pairs: [Int: Configuration] = [:]
        for (sent, configuration) in zip(sendable, created) { pairs[sent.item.asset.id] = configuration }
        try workbench.perform(.configurationsCreated(pairs))
        for (sent, configuration) in zip(sendable, created) {
            try workbench.store.updateJournal([sent.entry.id], state: .done, remoteID: configuration.id)
            report.created.append("Configuration \"\(configuration.name)\" (#\(configuration.id))")
        }
    }

    /// IT Glue refuses a bulk create whole: the devices it named fail (and go back to Unmatched); the rest are
    /// returned to be sent again.
    private func setAsideRefused(_ sendable: [(item: Waiting, entry: JournalEntry)], error: APIError, workbench: Workbench,
                                 report: inout WriteReport) -> [Waiting] {
        let refused = Self.refusedIndexes(error)
        var retry: [Waiting] = []
        var failed: [Int] = []
        for (index, sent) in sendable.enumerated() {
            if refused.isEmpty || refused.contains(index) {
                let detail = error.details.first { $0.contains("/data/\(index)/") } ?? error.message
                try? workbench.store.updateJournal([sent.entry.id], state: .failed, message: detail)
                report.failures.append("\(sent.item.asset.name): \(detail) (back in Unmatched)")
                failed.append(sent.item.asset.id)
            } else {
                try? workbench.store.updateJournal([sent.entry.id], state: .pending)
                retry.append(sent.item)
            }
        }
        if !failed.isEmpty { _ = try? workbench.perform(.configurationsRefused(assets: failed)) }
        return retry
    }

    private func sendConfigurations(organizationID: String, _ drafts: [ConfigurationDraft]) async throws -> [Configuration] {
        if Failpoint.isArmed("configurations.after-send") {
            let itGlue = self.itGlue
            Task { _ = try? await itGlue.createConfigurations(organizationID: organizationID, drafts) }
            try await Task.sleep(for: .milliseconds(700))
            Failpoint.die()
        }
        return try await itGlue.createConfigurations(organizationID: organizationID, drafts)
    }

    /// Indexes named by JSON:API error pointers such as `/data/3/attributes/name`.
    static func refusedIndexes(_ error: APIError) -> Set<Int> {
        Set(error.details.compactMap { detail in
            guard let range = detail.range(of: "/data/") else { return nil }
            return Int(detail[range.upperBound...].prefix { $0.isNumber })
        })
    }

    /// The fields written once: name, hostname, the primary MAC of a real adapter, a real serial, the type
    /// from the class mapping, Active, and a note that links back to the Syncro asset.
    static func draft(for asset: Asset, typeID: String, statusID: String?) -> ConfigurationDraft {
        let mac = asset.adapters.first { adapter in
            guard let normalized = DeviceIdentity.normalizeMAC(adapter.macAddress) else { return false }
            return !DeviceIdentity.isNonIdentityAdapter(mac: normalized, adapterName: adapter.name)
        }?.macAddress
        let serial = asset.serialCandidates.first { DeviceIdentity.normalizeSerial($0) != nil }
        return ConfigurationDraft(name: asset.name, hostname: asset.name, macAddress: mac.map { String($0.prefix(17)) },
                                  serialNumber: serial, configurationTypeID: typeID, configurationStatusID: statusID,
                                  notes: marker(assetID: asset.id))
    }

    static func format(_ score: Double) -> String { String(format: "%.2f", score) }
}
