import Foundation
import RematchCore
import RematchPresentation
import RematchStore
import RematchSync

/// Sync and remote-write results arriving from the app loop.
extension Console {
    func describe(_ state: SyncState) {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm"
        switch state.status {
        case .never: (syncText, syncRole) = ("Sync: not yet (press s)", .dim)
        case .ok: (syncText, syncRole) = ("Sync: OK · \(state.lastSyncAt.map(formatter.string) ?? "")", .good)
        case .failed: (syncText, syncRole) = ("Sync: Failed: \(state.error ?? "")", .error)
        case .running: (syncText, syncRole) = ("Sync: did not finish (press s)", .warning)
        }
    }

    public func syncStarted() {
        syncing = true
        (syncText, syncRole) = ("Sync: Syncing…", .warning)
    }

    public func syncProgressed(_ progress: SyncProgress) {
        let percent = Int(progress.fraction * 100)
        (syncText, syncRole) = ("Sync: Syncing… \(percent)%  \(progress.summary)", .warning)
    }

    /// A finished sync: the workbench already holds its workspace, with every decision made meanwhile.
    public func syncFinished(_ result: Result<SyncSummary, any Error>) {
        syncing = false
        refresh()
        switch result {
        case .success(let summary):
            // What needs a decision first, then what changed; the counts when nothing did.
            var parts: [String] = []
            let retirable = workspace.retirableConfigurations.count
            if retirable > 0 { parts.append("R retires \(Formats.count(retirable, "configuration")) of vanished devices") }
            if let changes = summary.changes, !changes.isFirstSync, !changes.isEmpty { parts.append("N lists what changed: \(changes.summary)") }
            let counts = "\(Formats.count(summary.customers, "customer")), \(Formats.count(summary.assets, "device"))"
            show(parts.isEmpty ? "Synced: \(counts)." : "Synced. " + parts.joined(separator: "; "))
        case .failure(let error):
            show("Sync failed: \(error). Nothing was lost.", error: true)
        }
        if let state = try? workbench?.store.syncState() { describe(state) }
    }

    /// A round of writes finished: the workbench holds its changes; the report goes on the message line.
    public func writesFinished(_ report: WriteReport) {
        refresh()
        if let failure = report.failures.first {
            let done = report.created.count + report.found.count
            let moved = report.moved.isEmpty ? "" : ", \(report.moved.count) moved"
            show("\(done) created\(moved); \(report.failures.count) failed: \(failure)", error: true)
        } else if let waiting = report.waiting.first {
            let done = report.created.count + report.found.count
            show("\(done) created; \(report.waiting.count) wait for an earlier request that may still land: \(waiting)", error: true)
        } else if !report.created.isEmpty || !report.found.isEmpty || !report.moved.isEmpty {
            let created = report.created + report.found
            show([created.isEmpty ? nil : "Created in IT Glue: " + created.joined(separator: "; "),
                  report.moved.isEmpty ? nil : "Moved in IT Glue: " + report.moved.joined(separator: "; ")]
                .compactMap { $0 }.joined(separator: "; "))
        } else if !report.retired.isEmpty || !report.kept.isEmpty {
            let kept = report.kept.isEmpty ? "" : "\(report.kept.count) kept: " + report.kept.joined(separator: "; ")
            show(report.retired.isEmpty ? kept : "Marked Inactive in IT Glue: " + report.retired.joined(separator: "; ")
                 + (kept.isEmpty ? "" : "; " + kept))
        } else if !report.linked.isEmpty {
            show("IT Glue links written to \(report.linked.count) Syncro assets.")
        }
    }
}
