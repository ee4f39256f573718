import Dispatch
import Foundation
import RematchConfig
import RematchCore
import RematchStore
import RematchSync
import Synchronization

/// Results background work posts to the UI thread.
enum Mail: Sendable {
    case opened(Result<Workbench, any Error>)
    case syncProgress(SyncProgress)
    case synced(Result<SyncSummary, any Error>)
    case written(WriteReport)
}

/// A thread-safe mailbox the UI loop empties between key polls.
final class Mailbox<Letter: Sendable>: Sendable {
    private let queue = Mutex<[Letter]>([])
    func post(_ letter: Letter) { queue.withLock { $0.append(letter) } }
    func take() -> [Letter] { queue.withLock { letters in defer { letters = [] }; return letters } }
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

/// What the setup screen's connection test found.
public struct ConnectionTestResult: Sendable {
    public var succeeded: Bool
    public var text: String

    public init(succeeded: Bool, text: String) {
        self.succeeded = succeeded
        self.text = text
    }
}

/// Runs the console: one UI thread owns curses, network work runs in tasks that post back.
public enum ConsoleApp {
    /// Opens the console on a state file and returns when the person quits (or on SIGINT/SIGTERM), with the
    /// terminal restored. The console is on screen at once; the workspace (the snapshot, every suggestion and
    /// device match) is built off the UI thread meanwhile, so a large state file never freezes the terminal.
    /// Throws what opening the state file threw, after the terminal is restored.
    /// `open` builds the workbench on the store (the slow part), off the UI thread, while the opening frame shows
    /// `openingLine` (by default, what the state file holds).
    @MainActor
    public static func run(store: StateStore, open: @escaping @Sendable () async throws -> Workbench, openingLine: String? = nil,
                           theme: Theme, syncroHost: String, itGlueHost: String, syncFirst: Bool = false) async throws {
        try await loop(.store(store, open: open, opening: openingLine), theme: theme, hosts: (syncroHost, itGlueHost),
                       syncFirst: syncFirst)
    }

    /// Opens the console on a workbench already loaded (the demo, which syncs before it opens).
    @MainActor
    public static func run(workbench: Workbench, theme: Theme, syncroHost: String, itGlueHost: String,
                           syncFirst: Bool = false) async {
        try? await loop(.workbench(workbench), theme: theme, hosts: (syncroHost, itGlueHost), syncFirst: syncFirst)
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
    private static func loop(_ start: AppLoop.Start, theme: Theme, hosts: (syncro: String, itGlue: String),
                             syncFirst: Bool) async throws {
        let stop = StopFlag()
        let sources = stop.watchSignals()
        let screen = CursesScreen(theme: theme)
        let app = AppLoop(hosts: hosts, syncFirst: syncFirst)
        defer {
            app.finish()
            screen.end()
            for source in sources { source.cancel() }
        }
        app.open(start)
        var dirty = true
        while !stop.isSet {
            if try app.receiveMail() { dirty = true }
            if dirty {
                let (rows, columns) = screen.size
                app.resize(rows: rows, columns: columns)
                screen.draw(app.frame(rows: rows, columns: columns))
                dirty = false
            }
            let (key, closed) = screen.readKey()
            if closed { break }
            guard let key else { continue }
            dirty = true
            if app.handle(key) == .quit { break }
        }
    }

    /// The setup screen: returns the saved configuration, or nil when the person quits.
    /// `test` checks the typed accounts (off the UI thread).
    @MainActor
    public static func setup(form: SetupForm, theme: Theme,
                             test: @escaping @Sendable (RematchConfiguration) async -> ConnectionTestResult) async -> RematchConfiguration? {
        let screen = CursesScreen(theme: theme)
        defer { screen.end() }
        let results = Mailbox<ConnectionTestResult>()
        var testing = false
        var dirty = true
        while true {
            if let result = results.take().last {
                form.message = (result.text, !result.succeeded)
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
                if let saved = save(form) { return saved }
            }
        }
    }

    /// Writes the form's configuration, or puts why not on its message line.
    @MainActor
    private static func save(_ form: SetupForm) -> RematchConfiguration? {
        do {
            _ = try form.configuration.accounts()
            try form.configuration.write(to: form.path)
            return form.configuration
        } catch let error as ConfigurationError {
            form.message = (error.message, true)
        } catch {
            form.message = ("Could not save \(form.path): \(error)", true)
        }
        return nil
    }
}
