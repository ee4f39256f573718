import Foundation
import RematchCore
import RematchPresentation
import RematchStore
import RematchSync

/// What the console's loop holds between frames: the console, the work running behind it, and the mail that
/// work posts back. Lives on the UI thread; background tasks only call the workbench and post mail.
@MainActor
final class AppLoop {
    enum Start {
        /// `opening`: what the opening frame says while `open` runs (by default, what the state file holds).
        case store(StateStore, open: @Sendable () async throws -> Workbench, opening: String?)
        case workbench(Workbench)
    }

    enum Outcome { case goOn, quit }

    private let hosts: (syncro: String, itGlue: String)
    private let syncFirst: Bool
    private let mailbox = Mailbox<Mail>()
    private(set) var console: Console?
    /// The opening frame's line while there is neither a console nor a kept list to show.
    private var opening = ""
    private var background: [Task<Void, Never>] = []
    /// Background work whose result has not come back yet; the customer list is kept at the end only when
    /// nothing is outstanding, so that it holds every write.
    private var outstanding = 0
    /// The screen's size as last told, for a console made later.
    private var size: (rows: Int, columns: Int)?

    init(hosts: (syncro: String, itGlue: String), syncFirst: Bool) {
        self.hosts = hosts
        self.syncFirst = syncFirst
    }

    /// Shows what can be shown at once, and builds the workbench off the UI thread when it is not built yet.
    func open(_ start: Start) {
        switch start {
        case .workbench(let workbench):
            opened(workbench)
        case .store(let store, let open, let openingLine):
            // The list kept from last time, if no write has changed it since, is shown while the workspace is built.
            if let kept = try? store.loadCustomerList() {
                made(Console(store: store, list: kept.rows, devices: kept.devices, syncroHost: hosts.syncro,
                                  itGlueHost: hosts.itGlue))
            } else {
                opening = openingLine ?? ConsoleApp.openingLine(store)
            }
            let mailbox = self.mailbox
            run(Task.detached {
                let revision = try? store.revision()
                let result: Result<Workbench, any Error>
                do { result = .success(try await open()) } catch { result = .failure(error) }
                mailbox.post(.opened(result))
                // Kept for the next start; refused by the store if a write came in since the workspace was read.
                if case .success(let workbench) = result, let revision {
                    try? store.keepCustomerList(of: workbench.workspace, readAt: revision)
                }
            })
        }
    }

    /// The workbench is here: the console takes it over (or is made for it), then syncs if there is no snapshot.
    private func opened(_ workbench: Workbench) {
        let ready: Console
        if let console, console.isOpening {
            console.finishOpening(workbench)
            ready = console
        } else {
            ready = Console(workbench: workbench, syncroHost: hosts.syncro, itGlueHost: hosts.itGlue)
            made(ready)
        }
        if syncFirst, workbench.synchronizer != nil { startSync(workbench, console: ready) }
    }

    private func made(_ console: Console) {
        self.console = console
        if let size { console.resize(rows: size.rows, columns: size.columns) }
    }

    /// The screen's size, before the first frame and whenever it changes: keys page by it.
    func resize(rows: Int, columns: Int) {
        guard size.map({ $0 != (rows, columns) }) ?? true else { return }
        size = (rows, columns)
        console?.resize(rows: rows, columns: columns)
    }

    /// Takes the mail in; true when anything came. Throws what opening the state file threw.
    func receiveMail() throws -> Bool {
        let letters = mailbox.take()
        for mail in letters {
            switch mail {
            case .opened(.success(let workbench)):
                outstanding -= 1
                opened(workbench)
            case .opened(.failure(let error)):
                throw error
            case .syncProgress(let progress):
                console?.syncProgressed(progress)
            case .synced(let result):
                outstanding -= 1
                console?.syncFinished(result)
                // The same round `rematch sync` makes after it: creations waiting, and links when configured.
                if case .success = result, let console, let workbench = console.workbench {
                    startWrites(workbench, console: console, organization: nil)
                }
            case .written(let report):
                outstanding -= 1
                console?.writesFinished(report)
            }
        }
        console?.refresh()
        return !letters.isEmpty
    }

    func frame(rows: Int, columns: Int) -> ScreenBuffer {
        console?.render(rows: rows, columns: columns)
            ?? Console.renderOpening(rows: rows, columns: columns, syncroHost: hosts.syncro, itGlueHost: hosts.itGlue, line: opening)
    }

    /// A key: the console handles it; what it asks for off the UI thread starts here.
    func handle(_ key: Key) -> Outcome {
        guard let console else {
            // Still opening: only quitting (and resizing, which redraws) does anything.
            return key == .character("q") ? .quit : .goOn
        }
        var outcome = Outcome.goOn
        for effect in console.handle(key) {
            switch effect {
            case .quit:
                outcome = .quit
            case .sync:
                guard let workbench = console.workbench, workbench.synchronizer != nil else {
                    console.show("No accounts to sync with.", error: true)
                    continue
                }
                startSync(workbench, console: console)
            case .createOrganizations:
                if let workbench = console.workbench { startWrites(workbench, console: console, organization: nil) }
            case .createConfigurations(let organization):
                if let workbench = console.workbench { startWrites(workbench, console: console, organization: organization) }
            case .retireConfigurations:
                guard let workbench = console.workbench else { continue }
                console.show("Marking configurations Inactive in IT Glue…")
                let mailbox = self.mailbox
                run(Task.detached { mailbox.post(.written(await workbench.retireConfigurations())) })
            }
        }
        return outcome
    }

    /// Cancels what still runs and keeps the customer list for the next start when it holds every write.
    func finish() {
        for task in background { task.cancel() }
        if outstanding == 0, let workbench = console?.workbench {
            try? workbench.store.keepCustomerList(of: workbench.workspace)
        }
    }

    private func run(_ task: Task<Void, Never>) {
        outstanding += 1
        background.append(task)
    }

    /// A sync off the UI thread; the workbench takes its result in, the mail only reports it.
    private func startSync(_ workbench: Workbench, console: Console) {
        console.syncStarted()
        let mailbox = self.mailbox
        run(Task.detached {
            do {
                mailbox.post(.synced(.success(try await workbench.sync { mailbox.post(.syncProgress($0)) })))
            } catch {
                mailbox.post(.synced(.failure(error)))
            }
        })
    }

    /// A round of writes off the UI thread (the workbench runs rounds one at a time).
    private func startWrites(_ workbench: Workbench, console: Console, organization: String?) {
        if workbench.hasPendingCreations { console.show("Creating in IT Glue…") }
        let mailbox = self.mailbox
        run(Task.detached { mailbox.post(.written(await workbench.carryOutPendingWrites(organizationID: organization))) })
    }
}
