import Foundation
import RematchCore
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
        }
    }

    public func syncStarted() {
        syncing = true
        changesDuringSync = []
        (syncText, syncRole) = ("Sync: Syncing…", .warning)
    }

    public func syncProgressed(_ progress: SyncProgress) {
        let percent = Int(progress.fraction * 100)
        (syncText, syncRole) = ("Sync: Syncing… \(percent)%  \(progress.summary)", .warning)
    }

    /// A finished sync: the new workspace (built off the UI thread), with the decisions made meanwhile replayed.
    public func syncFinished(_ result: Result<Workspace, any Error>) {
        syncing = false
        switch result {
        case .success(var fresh):
            for change in changesDuringSync { fresh.apply(change) }
            session.adopt(fresh)
            workspaceChanged()
            show("Synced: \(fresh.catalog.customers.count) customers, \(fresh.catalog.assets.count) devices.")
            if deviceCustomer.map({ fresh.status(ofCustomer: $0).organizationID == nil }) ?? false { deviceCustomer = nil }
        case .failure(let error):
            show("Sync failed: \(error). Nothing was lost.", error: true)
        }
        changesDuringSync = []
        if let state = try? session.store.syncState() { describe(state) }
    }

    /// Remote writes finished: their changes are applied and reported.
    public func writesFinished(changes: [Change], report: WriteReport) {
        for change in changes { session.adoptRemote(change) }
        workspaceChanged()
        if let failure = report.failures.first {
            show("\(report.created.count) created; failed: \(failure)", error: true)
        } else if !report.created.isEmpty || !report.adopted.isEmpty {
            show("Created in IT Glue: " + (report.created + report.adopted).joined(separator: "; "))
        }
    }
}
