import Dispatch
import Foundation
import RematchConfig
import RematchCore
import RematchStore
import RematchSync
import Synchronization

/// Results background work posts to the UI thread.
enum Mail: Sendable {
    case opened(Result<MatchingSession, any Error>)
    case syncProgress(SyncProgress)
    case synced(Result<Workspace, any Error>)
    case written(changes: [Change], report: WriteReport)
}

/// A thread-safe mailbox the UI loop empties between key polls.
final class Mailbox: Sendable {
    private let queue = Mutex<[Mail]>([])
    func post(_ mail: Mail) { queue.withLock { $0.append(mail) } }
    func take() -> [Mail] { queue.withLock { mail in defer { mail = [] }; return mail } }
}

/// Set from a signal handler, read by the UI loop: SIGINT, SIGTERM and SIGHUP end the console cleanly.
final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    var isSet: Bool { flag.load(ordering: .relaxed) }

    /// Installs the handlers. Built outside the main actor: the handlers run on a dispatch queue, and a
    /// closure inferred as main-actor isolated traps there.
    nonisolated func watchSignals() -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM, SIGHUP].map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [self] in flag.store(true, ordering: .relaxed) }
            source.resume()
            return source
        }
    }
}

/// Lines posted from background tasks.
final class Lines: Sendable {
    private let queue = Mutex<[String]>([])
    func post(_ line: String) { queue.withLock { $0.append(line) } }
    func take() -> [String] { queue.withLock { lines in defer { lines = [] }; return lines } }
}

/// Runs the console: one UI thread owns curses, network work runs in tasks that post back.
public enum ConsoleApp {
    /// Opens the console on a state file and returns when the person quits (or on SIGINT/SIGTERM), with the
    /// terminal restored. The console is on screen at once; the workspace (the snapshot, every suggestion and
    /// device match) is built off the UI thread meanwhile, so a large state file never freezes the terminal.
    /// Throws what opening the state file threw, after the terminal is restored.
    @MainActor
    public static func run(store: StateStore, synchronizer: Synchronizer?, theme: Theme, syncroHost: String,
                           itGlueHost: String, syncFirst: Bool = false) async throws {
        try await loop(start: .store(store), synchronizer: synchronizer, theme: theme, syncroHost: syncroHost,
                       itGlueHost: itGlueHost, syncFirst: syncFirst)
    }

    /// Opens the console on a session already loaded (the demo, which syncs before it opens).
    @MainActor
    public static func run(session: MatchingSession, synchronizer: Synchronizer?, theme: Theme, syncroHost: String,
                           itGlueHost: String, syncFirst: Bool = false) async {
        try? await loop(start: .session(session), synchronizer: synchronizer, theme: theme, syncroHost: syncroHost,
                        itGlueHost: itGlueHost, syncFirst: syncFirst)
    }

    enum Start {
        case store(StateStore)
        case session(MatchingSession)
    }

    /// Words for the opening frame: what is being loaded, counted without loading it.
    public static func openingLine(_ store: StateStore) -> String {
        guard let counts = try? store.snapshotCounts(), counts.customers > 0 else { return "Opening the state file…" }
        let number = NumberFormatter()
        number.numberStyle = .decimal
        let customers = number.string(from: NSNumber(value: counts.customers)) ?? "\(counts.customers)"
        let devices = number.string(from: NSNumber(value: counts.assets)) ?? "\(counts.assets)"
        return "Opening \(customers) customers and \(devices) devices: matching them…"
    }

    @MainActor
    private static func loop(start: Start, synchronizer: Synchronizer?, theme: Theme, syncroHost: String,
                             itGlueHost: String, syncFirst: Bool) async throws {
        let mailbox = Mailbox()
        let stop = StopFlag()
        let sources = stop.watchSignals()
        let screen = CursesScreen(theme: theme)
        defer {
            screen.end()
            for source in sources { source.cancel() }
        }
        var background: [Task<Void, Never>] = []
        defer { for task in background { task.cancel() } }
        var console: Console?
        var opening = ""
        /// Background work whose result has not come back yet; the customer list is kept at the end only when
        /// nothing is outstanding, so that it holds every write.
        var outstanding = 0
        /// The workspace is here: the console takes it over (or is made for it), then syncs if there is no snapshot.
        func opened(_ session: MatchingSession) {
            let ready: Console
            if let console, console.isOpening {
                console.finishOpening(session)
                ready = console
            } else {
                ready = Console(session: session, syncroHost: syncroHost, itGlueHost: itGlueHost)
                console = ready
            }
            if syncFirst, let synchronizer {
                ready.syncStarted()
                outstanding += 1
                background.append(startSync(session: ready.session, synchronizer: synchronizer, mailbox: mailbox))
            }
        }
        switch start {
        case .session(let session):
            opened(session)
        case .store(let store):
            // The list kept from last time, if no write has changed it since, is shown while the workspace is built.
            if let kept = try? store.loadCustomerList() {
                console = Console(store: store, list: kept.rows, devices: kept.devices, syncroHost: syncroHost, itGlueHost: itGlueHost)
            } else {
                opening = openingLine(store)
            }
            outstanding += 1
            background.append(Task.detached {
                let revision = try? store.revision()
                let result = Result { try MatchingSession(store: store) }
                mailbox.post(.opened(result))
                // Kept for the next start; refused by the store if a write came in since the workspace was read.
                if case .success(let session) = result, let revision { try? store.keepCustomerList(of: session.workspace, readAt: revision) }
            })
        }
        defer {
            if outstanding == 0, let console, !console.isOpening { try? console.session.store.keepCustomerList(of: console.workspace) }
        }
        var dirty = true
        while !stop.isSet {
            for mail in mailbox.take() {
                dirty = true
                switch mail {
                case .opened(.success(let session)):
                    outstanding -= 1
                    opened(session)
                case .opened(.failure(let error)): throw error
                case .syncProgress(let progress): console?.syncProgressed(progress)
                case .synced(let result):
                    outstanding -= 1
                    console?.syncFinished(result)
                    if case .success = result, let synchronizer, let console,
                       let writes = startWrites(console: console, synchronizer: synchronizer, mailbox: mailbox, organization: nil) {
                        outstanding += 1
                        background.append(writes)
                    }
                case .written(let changes, let report):
                    outstanding -= 1
                    console?.writesFinished(changes: changes, report: report)
                }
            }
            if dirty {
                let (rows, columns) = screen.size
                screen.draw(console?.render(rows: rows, columns: columns)
                    ?? Console.renderOpening(rows: rows, columns: columns, syncroHost: syncroHost, itGlueHost: itGlueHost, line: opening))
                dirty = false
            }
            let (key, closed) = screen.readKey()
            if closed { break }
            guard let key else { continue }
            dirty = true
            guard let console else {
                // Still opening: only quitting (and resizing, which redraws) does anything.
                if key == .character("q") || key == .escape { break }
                continue
            }
            var quit = false
            for effect in console.handle(key) {
                switch effect {
                case .quit: quit = true
                case .sync:
                    guard let synchronizer else {
                        console.show("No accounts to sync with.", error: true)
                        continue
                    }
                    console.syncStarted()
                    outstanding += 1
                    background.append(startSync(session: console.session, synchronizer: synchronizer, mailbox: mailbox))
                case .createOrganizations, .createConfigurations:
                    var organization: String?
                    if case .createConfigurations(let id) = effect { organization = id }
                    if let synchronizer,
                       let writes = startWrites(console: console, synchronizer: synchronizer, mailbox: mailbox, organization: organization) {
                        outstanding += 1
                        background.append(writes)
                    }
                }
            }
            if quit { break }
        }
    }

    /// The setup screen: returns the saved configuration, or nil when the person quits.
    /// `test` checks the typed accounts (off the UI thread) and returns a line to show.
    @MainActor
    public static func setup(form: SetupForm, theme: Theme,
                             test: @escaping @Sendable (RematchConfiguration) async -> String) async -> RematchConfiguration? {
        let screen = CursesScreen(theme: theme)
        defer { screen.end() }
        let results = Lines()
        var testing = false
        var dirty = true
        while true {
            let done = results.take()
            if let line = done.last {
                form.message = (line, !line.hasPrefix("OK"))
                testing = false
                dirty = true
            }
            if dirty {
                let (rows, columns) = screen.size
                screen.draw(form.render(rows: rows, columns: columns))
                dirty = false
            }
            let (key, closed) = screen.readKey()
            if closed { return nil }
            guard let key else { continue }
            dirty = true
            switch form.handle(key) {
            case .none: break
            case .quit: return nil
            case .test:
                guard !testing else { continue }
                testing = true
                form.message = ("Testing both connections…", false)
                let configuration = form.configuration
                Task.detached { results.post(await test(configuration)) }
            case .save:
                do {
                    _ = try form.configuration.accounts()
                    try form.configuration.write(to: form.path)
                    return form.configuration
                } catch let error as ConfigurationError {
                    form.message = (error.message, true)
                } catch {
                    form.message = ("Could not save \(form.path): \(error)", true)
                }
            }
        }
    }

    /// Reads both accounts, stores the snapshot and builds the new workspace, all off the UI thread.
    static func startSync(session: MatchingSession, synchronizer: Synchronizer, mailbox: Mailbox) -> Task<Void, Never> {
        Task.detached {
            do {
                let (snapshot, _) = try await synchronizer.fetch { mailbox.post(.syncProgress($0)) }
                try session.store.saveSnapshot(snapshot)
                try session.store.recordSync(success: true, error: nil)
                let fresh = session.workspace.resynced(with: snapshot)
                mailbox.post(.synced(.success(fresh)))
            } catch {
                try? session.store.recordSync(success: false, error: error is CancellationError ? "cancelled" : "\(error)")
                mailbox.post(.synced(.failure(error)))
            }
        }
    }

    /// Carries out pending creations on a copy of the session; its changes are handed back to the UI.
    /// Nil when nothing waits to be created.
    @MainActor
    static func startWrites(console: Console, synchronizer: Synchronizer, mailbox: Mailbox, organization: String?) -> Task<Void, Never>? {
        let workspace = console.session.workspace
        let hasPending = workspace.customerDecisions.values.contains { if case .createOrganization = $0 { true } else { false } }
            || workspace.deviceDecisions.values.contains { if case .createConfiguration = $0 { true } else { false } }
        guard hasPending else { return nil }
        console.show("Creating in IT Glue…")
        let copy = console.session
        return Task.detached {
            var session = copy
            let before = session.log.count
            let writer = RemoteWriter(itGlue: synchronizer.itGlue)
            var report = await writer.createOrganizations(session: &session)
            let configurations = await writer.createConfigurations(session: &session, organizationID: organization)
            report.created += configurations.created
            report.adopted += configurations.adopted
            report.failures += configurations.failures
            mailbox.post(.written(changes: Array(session.log.dropFirst(before)), report: report))
        }
    }
}
