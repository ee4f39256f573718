import Foundation
import ITGlueAPI
import RematchCore
import RematchHTTP
import RematchStore

/// Bulk creation of configurations. IT Glue documents neither the order of a bulk-create answer, nor whether a
/// refused request created some of its items, nor which item an error points at (pointers seen on the real API
/// carry no index). So every created record is paired to its device by the marker in its notes, whatever the
/// answer does not show is looked up by marker before anything is sent again, and a refused chunk whose errors
/// name no item is split until the refused device is found.
extension RemoteWriter {
    typealias Waiting = (asset: Asset, deviceClass: DeviceClass)
    typealias Sent = (item: Waiting, entry: JournalEntry)

    func createConfigurations(_ waiting: [Waiting], entries: [Int: JournalEntry],
                              organizationID: String, workbench: Workbench, report: inout WriteReport) async {
        var remaining = waiting
        // Requests that may have reached IT Glue before an interruption: find what they made. One not found is sent
        // again only when it can no longer land; until then it waits, and so does nothing else.
        if entries.values.contains(where: { $0.state == .sent }) {
            do {
                let searchedAt = Date()
                let existing = try await itGlue.configurationsWithNotes(inOrganization: organizationID)
                let interrupted = remaining.filter { entries[$0.asset.id]?.state == .sent }.compactMap { item in
                    entries[item.asset.id].map { (item: item, entry: $0) }
                }
                let adopted = try adopt(Self.pair(interrupted, with: existing), from: interrupted, workbench: workbench,
                                        report: &report, as: "created before an interruption")
                remaining.removeAll { adopted.contains($0.asset.id) }
                for sent in interrupted where !adopted.contains(sent.item.asset.id) {
                    guard case .wait(let until) = UnansweredWrite.verdict(sentAt: sent.entry.sentAt, searchedAt: searchedAt,
                                                                          settle: settle) else { continue }
                    remaining.removeAll { $0.asset.id == sent.item.asset.id }
                    report.wait(Self.waitingLine("Configuration \"\(sent.item.asset.name)\"", sentAt: sent.entry.sentAt, until: until),
                                until: until)
                }
            } catch {
                report.failures.append("Could not check IT Glue for configurations made before an interruption: \(error)")
                return
            }
        }
        // Syncro's own IT Glue integration may already have made some of these devices: adopt, never duplicate.
        do {
            let linked = try await itGlue.configurationsLinkedBySyncro(inOrganization: organizationID)
            let candidates = remaining.compactMap { item in entries[item.asset.id].map { (item: item, entry: $0) } }
            let adopted = try adopt(Self.pair(candidates, withLinked: linked), from: candidates, workbench: workbench, report: &report,
                                    as: "already made by Syncro's own IT Glue integration")
            remaining.removeAll { adopted.contains($0.asset.id) }
        } catch {
            report.failures.append("Could not check IT Glue for configurations Syncro's integration made in organization "
                + "#\(organizationID): \(error) (nothing was created there; will be checked before trying again)")
            return
        }
        let statusID = workbench.workspace.catalog.snapshot.configurationStatuses.first { $0.name.lowercased() == "active" }?.id
        var queue = stride(from: 0, to: remaining.count, by: Self.chunkSize).map {
            Array(remaining[$0..<min($0 + Self.chunkSize, remaining.count)])
        }
        while !queue.isEmpty {
            let chunk = queue.removeFirst()
            var drafts: [ConfigurationDraft] = []
            var sendable: [Sent] = []
            for item in chunk {
                guard let typeID = workbench.workspace.typeMapping[item.deviceClass], let entry = entries[item.asset.id] else {
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
                do {
                    queue.insert(contentsOf: try await settleRefused(sendable, error: error, organizationID: organizationID,
                                                                     workbench: workbench, report: &report), at: 0)
                } catch {
                    report.failures.append("\(sendable.count) configurations in organization #\(organizationID): IT Glue refused "
                        + "them, and what it created could not be checked: \(error) (will be checked before trying again)")
                    return
                }
            } catch {
                report.failures.append("\(sendable.count) configurations in organization #\(organizationID): \(error) "
                    + "(will be looked for before anything is sent again, from \(Self.clock(Date().addingTimeInterval(settle))))")
                return
            }
        }
    }

    /// One bulk request: journalled as sent first; the answer's records are paired to devices by marker, and the
    /// devices the answer does not show are looked up in the organization before anything else is sent.
    private func send(_ sendable: [Sent], _ drafts: [ConfigurationDraft], organizationID: String,
                      workbench: Workbench, report: inout WriteReport) async throws {
        try workbench.store.updateJournal(sendable.map(\.entry.id), state: .sent)
        Failpoint.hit("configurations.before-request")
        let created = try await sendConfigurations(organizationID: organizationID, drafts)
        Failpoint.hit("configurations.after-answer")
        let answered = try adopt(Self.pair(sendable, with: created), from: sendable, workbench: workbench, report: &report, as: nil)
        var missing = sendable.filter { !answered.contains($0.item.asset.id) }
        guard !missing.isEmpty else { return }
        let existing = try await itGlue.configurationsWithNotes(inOrganization: organizationID)
        let found = try adopt(Self.pair(missing, with: existing), from: missing, workbench: workbench, report: &report, as: nil)
        missing.removeAll { found.contains($0.item.asset.id) }
        for unseen in missing {
            // Accepted but nowhere to be found: left "sent", so the next run looks for it again before sending.
            report.failures.append("\(unseen.item.asset.name): IT Glue accepted the request but its configuration was not found "
                + "(will be looked for before anything is sent again)")
        }
    }

    /// After a refused bulk request: adopts what it created anyway, fails the devices the errors name, and
    /// returns the chunks to send again. Errors that name no item split the chunk in two until each refused
    /// device is alone, so one bad device never fails (or blocks) the others.
    private func settleRefused(_ sendable: [Sent], error: APIError, organizationID: String, workbench: Workbench,
                               report: inout WriteReport) async throws -> [[Waiting]] {
        let existing = try await itGlue.configurationsWithNotes(inOrganization: organizationID)
        let created = try adopt(Self.pair(sendable, with: existing), from: sendable, workbench: workbench, report: &report, as: nil)
        let refusedIndexes = Self.refusedIndexes(error)
        var failed: [(Sent, String)] = []
        var again: [Sent] = []
        for (index, sent) in sendable.enumerated() where !created.contains(sent.item.asset.id) {
            if refusedIndexes.contains(index) {
                let detail = error.details.first { Self.pointer(in: $0) == index } ?? error.message
                failed.append((sent, detail))
            } else {
                again.append(sent)
            }
        }
        if refusedIndexes.isEmpty, again.count == 1 {
            failed.append((again[0], error.details.isEmpty ? error.message : error.details.joined(separator: "; ")))
            again = []
        }
        for (sent, detail) in failed {
            try? workbench.store.updateJournal([sent.entry.id], state: .failed, message: detail)
            report.failures.append("\(sent.item.asset.name): \(detail) (back in Unmatched)")
        }
        if !failed.isEmpty { _ = try? workbench.perform(.configurationsRefused(assets: failed.map(\.0.item.asset.id))) }
        try workbench.store.updateJournal(again.map(\.entry.id), state: .pending)
        let items = again.map(\.item)
        guard refusedIndexes.isEmpty, items.count > 1 else { return items.isEmpty ? [] : [items] }
        return [Array(items[..<(items.count / 2)]), Array(items[(items.count / 2)...])]
    }

    /// Commits configurations found for devices: the decisions, the journal, the report. Returns the assets adopted.
    private func adopt(_ pairs: [Int: Configuration], from sendable: [Sent], workbench: Workbench,
                       report: inout WriteReport, as note: String?) throws -> Set<Int> {
        guard !pairs.isEmpty else { return [] }
        try workbench.perform(.configurationsCreated(pairs))
        for sent in sendable {
            guard let configuration = pairs[sent.item.asset.id] else { continue }
            try workbench.store.updateJournal([sent.entry.id], state: .done, remoteID: configuration.id)
            let line = "Configuration \"\(configuration.name)\" (#\(configuration.id))"
            if let note { report.found.append(line + ", " + note) } else { report.created.append(line) }
        }
        return Set(pairs.keys)
    }

    /// Pairs records to the devices sent by the marker in their notes, never by position. A record carrying
    /// several markers, or a device found in several records, pairs with the first record only.
    static func pair(_ sendable: [Sent], with records: [(configuration: Configuration, notes: String)]) -> [Int: Configuration] {
        let wanted = Set(sendable.map(\.item.asset.id))
        var pairs: [Int: Configuration] = [:]
        for record in records {
            for assetID in markedAssets(in: record.notes) where wanted.contains(assetID) && pairs[assetID] == nil {
                pairs[assetID] = record.configuration
                break
            }
        }
        return pairs
    }

    /// Pairs devices to configurations an integration keeps linked: by its device id when that is the asset's id,
    /// else by a serial or a MAC it reports (placeholders and virtual adapters never count), each used once.
    static func pair(_ sendable: [Sent], withLinked linked: [LinkedConfiguration]) -> [Int: Configuration] {
        var pairs: [Int: Configuration] = [:]
        var used = Set<String>()
        for sent in sendable {
            let asset = sent.item.asset
            let serials = Set(asset.serialCandidates.compactMap(DeviceIdentity.normalizeSerial))
            let macs = Set(asset.adapters.compactMap { adapter -> String? in
                guard let mac = DeviceIdentity.normalizeMAC(adapter.macAddress),
                      !DeviceIdentity.isNonIdentityAdapter(mac: mac, adapterName: adapter.name) else { return nil }
                return mac
            })
            let found = linked.first { $0.rmmID == String(asset.id) && !used.contains($0.configuration.id) }
                ?? linked.first { link in
                    !used.contains(link.configuration.id)
                        && (link.serials.contains { DeviceIdentity.normalizeSerial($0).map(serials.contains) ?? false }
                            || link.macs.contains { DeviceIdentity.normalizeMAC($0).map(macs.contains) ?? false })
                }
            if let found {
                pairs[asset.id] = found.configuration
                used.insert(found.configuration.id)
            }
        }
        return pairs
    }

    private func sendConfigurations(organizationID: String, _ drafts: [ConfigurationDraft]) async throws
        -> [(configuration: Configuration, notes: String)] {
        if Failpoint.isArmed("configurations.after-send") {
            let itGlue = self.itGlue
            Task { _ = try? await itGlue.createConfigurations(organizationID: organizationID, drafts) }
            try await Task.sleep(for: .milliseconds(700))
            Failpoint.die()
        }
        return try await itGlue.createConfigurations(organizationID: organizationID, drafts)
    }

    /// Indexes named by JSON:API error pointers such as `/data/3/attributes/name` or `data/3/attributes/name`.
    static func refusedIndexes(_ error: APIError) -> Set<Int> {
        Set(error.details.compactMap(pointer(in:)))
    }

    /// The item index in an error text's pointer (`(/data/3/attributes/name)`), if it names one.
    public static func pointer(in detail: String) -> Int? {
        var searchFrom = detail.startIndex
        while let range = detail.range(of: "data/", range: searchFrom..<detail.endIndex) {
            let before = range.lowerBound == detail.startIndex ? nil : detail[detail.index(before: range.lowerBound)]
            let digits = detail[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
            if before == nil || before == "/" || before == "(" || before == " ", !digits.isEmpty,
               digits.endIndex == detail.endIndex || detail[digits.endIndex] == "/" || detail[digits.endIndex] == ")" {
                return Int(digits)
            }
            searchFrom = range.upperBound
        }
        return nil
    }

    /// The fields written once: name, hostname, the primary MAC of a real adapter, a real serial, the type
    /// from the class mapping, Active, and a note that links back to the Syncro asset.
    public static func draft(for asset: Asset, typeID: String, statusID: String?) -> ConfigurationDraft {
        let mac = asset.adapters.first { adapter in
            guard let normalized = DeviceIdentity.normalizeMAC(adapter.macAddress) else { return false }
            return !DeviceIdentity.isNonIdentityAdapter(mac: normalized, adapterName: adapter.name)
        }?.macAddress
        let serial = asset.serialCandidates.first { DeviceIdentity.normalizeSerial($0) != nil }
        return ConfigurationDraft(name: asset.name, hostname: asset.name, macAddress: mac.map { String($0.prefix(17)) },
                                  serialNumber: serial, configurationTypeID: typeID, configurationStatusID: statusID,
                                  notes: marker(assetID: asset.id))
    }
}
