import Foundation
import ITGlueAPI
import RematchCore
import RematchHTTP
import RematchJSON
import RematchStore
import SyncroAPI

/// What a round of writes did, line by line for a person.
public struct WriteReport: Sendable {
    public var created: [String] = []
    public var adopted: [String] = []
    public var failures: [String] = []
}

/// Carries out pending creations in IT Glue exactly once. Each intent is journalled before its request;
/// after a crash, restart or timeout the journal says which requests may have reached IT Glue, and those
/// are looked up there before anything is sent again.
public struct RemoteWriter: Sendable {
    public let itGlue: ITGlueClient
    public static let chunkSize = 50

    public init(itGlue: ITGlueClient) { self.itGlue = itGlue }

    /// The note written on every configuration Rematch creates; it also finds them again after a crash.
    public static func marker(assetID: Int) -> String { "Created by Rematch from Syncro asset #\(assetID)" }

    // MARK: Organizations

    /// Creates the organizations customers are waiting for. Right before each POST, IT Glue is searched for
    /// the exact name: if it exists, nothing is created and the closest names are reported.
    public func createOrganizations(session: inout MatchingSession) async -> WriteReport {
        var report = WriteReport()
        let waiting = session.workspace.customerDecisions.compactMap { id, decision -> (Int, String)? in
            if case .createOrganization(let name) = decision, session.workspace.catalog.customer(id) != nil { return (id, name) }
            return nil
        }.sorted { $0.0 < $1.0 }
        do {
            var journal = Dictionary(try session.store.journal(kind: .organization).map { ($0.subjectID, $0) },
                                     uniquingKeysWith: { $1 })
            // Entries whose customer no longer waits were finished before a crash could record it.
            let waitingIDs = Set(waiting.map(\.0))
            for entry in journal.values where !waitingIDs.contains(entry.subjectID) {
                try session.store.updateJournal([entry.id], state: .done, message: "no longer pending")
            }
            let new = waiting.filter { journal[$0.0] == nil }.map { (kind: JournalEntry.Kind.organization, subjectID: $0.0, organizationID: String?.none, name: $0.1) }
            for entry in try session.store.addJournalEntries(new) { journal[entry.subjectID] = entry }
            for (customerID, name) in waiting {
                guard let entry = journal[customerID] else { continue }
                await createOrganization(entry, customerID: customerID, name: name, session: &session, report: &report)
            }
        } catch {
            report.failures.append("The write journal could not be updated: \(error)")
        }
        return report
    }

    private func createOrganization(_ entry: JournalEntry, customerID: Int, name: String, session: inout MatchingSession,
                                    report: inout WriteReport) async {
        let customer = session.workspace.catalog.customer(customerID)?.displayName ?? "#\(customerID)"
        do {
            let existing = try await itGlue.organizations(named: name)
            if let found = existing.first {
                if entry.state == .sent {
                    // Our earlier request got through before the crash: adopt what it made.
                    try session.perform(.organizationCreated(customers: [customerID], organization: found))
                    try session.store.updateJournal([entry.id], state: .done, remoteID: found.id)
                    report.adopted.append("Organization \"\(found.name)\" (#\(found.id)) for \(customer), created before an interruption")
                } else {
                    let closest = session.workspace.matcher.closest(to: name, limit: 3).map { "\($0.name) (\(Self.format($0.score)))" }
                    let message = "IT Glue already has an organization named \"\(found.name)\" (#\(found.id)); nothing was created. "
                        + "Use Match To instead. Closest: \(closest.joined(separator: ", "))"
                    try session.store.updateJournal([entry.id], state: .failed, message: message)
                    report.failures.append("\(customer): \(message)")
                }
                return
            }
            try session.store.updateJournal([entry.id], state: .sent)
            Failpoint.hit("organization.before-request")
            let organization = try await sendOrganization(name)
            Failpoint.hit("organization.after-answer")
            try session.perform(.organizationCreated(customers: [customerID], organization: organization))
            try session.store.updateJournal([entry.id], state: .done, remoteID: organization.id)
            report.created.append("Organization \"\(organization.name)\" (#\(organization.id)) for \(customer)")
        } catch let error as APIError where error.kind == .rejected {
            try? session.store.updateJournal([entry.id], state: .failed, message: error.message)
            report.failures.append("\(customer): \(error.message)")
        } catch {
            // The request may or may not have reached IT Glue: the entry stays "sent" and the next run looks first.
            report.failures.append("\(customer): \(error) (will be checked before trying again)")
        }
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
    public func createConfigurations(session: inout MatchingSession, organizationID only: String? = nil) async -> WriteReport {
        var report = WriteReport()
        let workspace = session.workspace
        var waitingByOrganization: [String: [(asset: Asset, deviceClass: DeviceClass)]] = [:]
        for (assetID, decision) in workspace.deviceDecisions {
            guard case .createConfiguration(let deviceClass) = decision, let asset = workspace.catalog.asset(assetID),
                  let organization = workspace.status(ofCustomer: asset.customerID).organizationID,
                  only == nil || only == organization else { continue }
            waitingByOrganization[organization, default: []].append((asset, deviceClass))
        }
        do {
            let journal = Dictionary(try session.store.journal(kind: .configuration).map { ($0.subjectID, $0) }, uniquingKeysWith: { $1 })
            let waitingIDs = Set(waitingByOrganization.values.flatMap { $0.map(\.asset.id) })
            for entry in journal.values where !waitingIDs.contains(entry.subjectID) && (only == nil || entry.organizationID == only) {
                try session.store.updateJournal([entry.id], state: .done, message: "no longer pending")
            }
            for organization in waitingByOrganization.keys.sorted() {
                let waiting = waitingByOrganization[organization]!.sorted { $0.asset.id < $1.asset.id }
                var entries = journal.filter { entry in waiting.contains { $0.asset.id == entry.key } }
                let new = waiting.filter { entries[$0.asset.id] == nil }
                    .map { (kind: JournalEntry.Kind.configuration, subjectID: $0.asset.id, organizationID: Optional(organization), name: $0.asset.name) }
                for entry in try session.store.addJournalEntries(new) { entries[entry.subjectID] = entry }
                await createConfigurations(waiting, entries: entries, organizationID: organization, session: &session, report: &report)
            }
        } catch {
            report.failures.append("The write journal could not be updated: \(error)")
        }
        return report
    }

    private func createConfigurations(_ waiting: [(asset: Asset, deviceClass: DeviceClass)], entries: [Int: JournalEntry],
                                      organizationID: String, session: inout MatchingSession, report: inout WriteReport) async {
        var remaining = waiting
        // Requests that may have reached IT Glue before an interruption: find what they made.
        if entries.values.contains(where: { $0.state == .sent }) {
            do {
                let existing = try await itGlue.configurationRecords(inOrganization: organizationID)
                var adopted: [Int: Configuration] = [:]
                for item in remaining where entries[item.asset.id]?.state == .sent {
                    let marker = Self.marker(assetID: item.asset.id)
                    if let record = existing.first(where: { ($0["attributes"]?["notes"]?.stringValue ?? "").contains(marker) }),
                       let configuration = ITGlueDecoding.configuration(record) {
                        adopted[item.asset.id] = configuration
                    }
                }
                if !adopted.isEmpty {
                    try session.perform(.configurationsCreated(adopted))
                    for (assetID, configuration) in adopted {
                        try session.store.updateJournal([entries[assetID]!.id], state: .done, remoteID: configuration.id)
                        report.adopted.append("Configuration \"\(configuration.name)\" (#\(configuration.id)), created before an interruption")
                    }
                    remaining.removeAll { adopted[$0.asset.id] != nil }
                }
            } catch {
                report.failures.append("Could not check IT Glue for configurations made before an interruption: \(error)")
                return
            }
        }
        let statusID = session.workspace.catalog.snapshot.configurationStatuses.first { $0.name.lowercased() == "active" }?.id
        while !remaining.isEmpty {
            let chunk = Array(remaining.prefix(Self.chunkSize))
            var drafts: [ConfigurationDraft] = []
            var sendable: [(asset: Asset, entry: JournalEntry)] = []
            for item in chunk {
                guard let typeID = session.workspace.typeMapping[item.deviceClass], let entry = entries[item.asset.id] else {
                    report.failures.append("\(item.asset.name): no configuration type is mapped for \(item.deviceClass.title)")
                    continue
                }
                drafts.append(Self.draft(for: item.asset, typeID: typeID, statusID: statusID))
                sendable.append((item.asset, entry))
            }
            remaining.removeFirst(chunk.count)
            guard !drafts.isEmpty else { continue }
            do {
                try session.store.updateJournal(sendable.map(\.entry.id), state: .sent)
                Failpoint.hit("configurations.before-request")
                let created = try await sendConfigurations(organizationID: organizationID, drafts)
                Failpoint.hit("configurations.after-answer")
                var pairs: [Int: Configuration] = [:]
                for (item, configuration) in zip(sendable, created) { pairs[item.asset.id] = configuration }
                try session.perform(.configurationsCreated(pairs))
                for (item, configuration) in zip(sendable, created) {
                    try session.store.updateJournal([item.entry.id], state: .done, remoteID: configuration.id)
                    report.created.append("Configuration \"\(configuration.name)\" (#\(configuration.id))")
                }
            } catch let error as APIError where error.kind == .rejected {
                // IT Glue refuses a bulk create whole; set aside the devices it named and send the rest again.
                let refused = Self.refusedIndexes(error)
                var retry: [(asset: Asset, deviceClass: DeviceClass)] = []
                for (index, item) in sendable.enumerated() {
                    if refused.isEmpty || refused.contains(index) {
                        let detail = error.details.first { $0.contains("/data/\(index)/") } ?? error.message
                        try? session.store.updateJournal([item.entry.id], state: .failed, message: detail)
                        report.failures.append("\(item.asset.name): \(detail)")
                    } else if let original = chunk.first(where: { $0.asset.id == item.asset.id }) {
                        try? session.store.updateJournal([item.entry.id], state: .pending)
                        retry.append(original)
                    }
                }
                remaining.insert(contentsOf: retry, at: 0)
            } catch {
                report.failures.append("\(sendable.count) configurations in organization #\(organizationID): \(error) "
                    + "(will be checked before trying again)")
                return
            }
        }
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

// MARK: Retiring and linking

extension RemoteWriter {
    /// Marks Inactive the configurations whose Syncro asset is gone (only when asked: `rematch retire-configurations`).
    public func retireConfigurations(session: inout MatchingSession) async -> WriteReport {
        var report = WriteReport()
        let candidates = session.workspace.retirableConfigurations
        guard !candidates.isEmpty else { return report }
        guard let inactive = session.workspace.catalog.snapshot.configurationStatuses.first(where: { $0.name.lowercased() == "inactive" }) else {
            report.failures.append("IT Glue has no configuration status named Inactive.")
            return report
        }
        var retired: [Int] = []
        for (assetID, configuration) in candidates {
            do {
                _ = try await itGlue.setConfigurationStatus(id: configuration.id, statusID: inactive.id)
                retired.append(assetID)
                report.created.append("Configuration \"\(configuration.name)\" (#\(configuration.id)) marked Inactive")
            } catch {
                report.failures.append("\(configuration.name): \(error)")
            }
        }
        if !retired.isEmpty {
            do { try session.perform(.configurationsRetired(assets: retired)) } catch {
                report.failures.append("The retirements could not be recorded: \(error)")
            }
        }
        return report
    }
}

/// Writes the IT Glue link of each matched device into its Syncro asset's "IT Glue" property
/// (`write_back_links = true`). Only links that changed are written, so a run repeats cheaply.
public struct LinkWriter: Sendable {
    public let syncro: SyncroClient

    public init(syncro: SyncroClient) { self.syncro = syncro }

    public static func link(for configuration: Configuration) -> String {
        configuration.resourceURL ?? "IT Glue configuration #\(configuration.id)"
    }

    public func writeLinks(workspace: Workspace) async -> WriteReport {
        var report = WriteReport()
        for customerID in workspace.customerIDs where workspace.status(ofCustomer: customerID).organizationID != nil {
            for asset in workspace.catalog.assets(ofCustomer: customerID) {
                guard let configurationID = workspace.status(ofAsset: asset.id).configurationID,
                      let configuration = workspace.catalog.configuration(configurationID) else { continue }
                let link = Self.link(for: configuration)
                guard asset.itGlueLink != link else { continue }
                do {
                    try await syncro.updateAssetProperties(asset.id, [SyncroClient.linkProperty: .string(link)])
                    report.created.append("Link on \(asset.name) → \(link)")
                } catch {
                    report.failures.append("\(asset.name): \(error)")
                }
            }
        }
        return report
    }
}
