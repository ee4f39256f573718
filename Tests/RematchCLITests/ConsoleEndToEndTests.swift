import Foundation
import ITGlueAPI
import RematchCore
import RematchHTTP
import RematchSandbox
import RematchStore
import RematchSync
import RematchPresentation
import RematchTUI
import SyncroAPI
import RematchTestSupport
import Testing

/// The real binary in tmux: keys with send-keys, the screen read back with capture-pane, polled (never a
/// fixed sleep) until the expected text appears. Every tmux call is an async child process.
struct TmuxSession: Sendable {
    let name = "rematch-e2e-\(UUID().uuidString.prefix(8))"

    /// Runs `body` with a session running `command`, and kills the session however `body` ends.
    static func with<T>(command: String, columns: Int = 120, rows: Int = 40,
                        _ body: (TmuxSession) async throws -> T) async throws -> T {
        let session = TmuxSession()
        try await tmux(["new-session", "-d", "-s", session.name, "-x", String(columns), "-y", String(rows), command])
        do {
            let result = try await body(session)
            await session.kill()
            return result
        } catch {
            await session.kill()
            throw error
        }
    }

    @discardableResult
    static func tmux(_ arguments: [String]) async throws -> String { try await Child.tool("tmux", arguments) }

    func keys(_ keys: String...) async throws { try await Self.tmux(["send-keys", "-t", name] + keys) }
    func type(_ text: String) async throws { try await Self.tmux(["send-keys", "-t", name, "-l", text]) }
    func screen() async -> String { (try? await Self.tmux(["capture-pane", "-t", name, "-p"])) ?? "" }

    /// Waits until the screen contains the text; fails with the screen if it never does.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 20, sourceLocation: SourceLocation = #_sourceLocation) async -> Bool {
        await screen(containing: text, timeout: timeout, sourceLocation: sourceLocation) != nil
    }

    /// The first screen read that contains the text (for a line that is there only for a while); nil, with the screen
    /// recorded as an issue, if none does before the timeout.
    func screen(containing text: String, timeout: Double = 20, sourceLocation: SourceLocation = #_sourceLocation) async -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let screen = await screen()
            if screen.contains(text) { return screen }
            try? await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("Timed out waiting for \"\(text)\". Screen:\n\(await screen())", sourceLocation: sourceLocation)
        return nil
    }

    func resize(columns: Int, rows: Int) async throws {
        try await Self.tmux(["resize-window", "-t", name, "-x", String(columns), "-y", String(rows)])
    }

    func kill() async { _ = try? await Self.tmux(["kill-session", "-t", name]) }
}

@Suite("The console end to end, in tmux", .serialized, .timeLimit(.minutes(5)))
struct ConsoleEndToEndTests {
    @Test("sync, accept, Match To, create, ignore, change, revert, bulk create, resize and quit")
    func fullRun() async throws {
        let data = DemoData.generate(seed: 4, scale: .small)
        try await withRunningSandbox(SandboxConfiguration(dataset: SandboxDataset.from(data.snapshot))) { sandbox in
            try await Self.fullRun(sandbox, data: data)
        }
    }

    private static func fullRun(_ sandbox: RunningSandbox, data: DemoData) async throws {
        let directory = temporaryDirectory("rematch-cli")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // As after a first start whose sync failed: no snapshot, and the (empty) list that console kept. The
        // console must still sync first.
        do {
            let store = try StateStore(path: "\(directory)/state.sqlite")
            try store.keepCustomerList(of: Workspace(snapshot: Snapshot()))
            #expect(try store.loadCustomerList()?.rows.isEmpty == true)
        }
        let command = Self.console(sandbox.environment(state: "\(directory)/state.sqlite", configHome: "\(directory)/config"))
        try await TmuxSession.with(command: command) { tmux in try await Self.drive(tmux, sandbox: sandbox, data: data) }
    }

    /// A shell command for tmux: `rematch` (the console) in this environment, then its exit status.
    static func console(_ environment: [String: String]) -> String {
        let assignments = (environment.merging(["TERM": "xterm-256color"]) { $1 }).sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return "env \(assignments) \(BinaryRunner.executable.path); echo REMATCH-EXIT=$?; sleep 30"
    }

    /// The keystrokes of `fullRun`.
    private static func drive(_ tmux: TmuxSession, sandbox: RunningSandbox, data: DemoData) async throws {
        let workspace = Workspace(snapshot: data.snapshot)
        let catalog = workspace.catalog
        let name = { (id: Int) in catalog.customer(id)!.displayName }
        let unmatched = workspace.customers(in: .unmatched)
        let withSuggestion = unmatched.filter { let s = workspace.status(ofCustomer: $0).suggestion; return s.best != nil && !s.isAmbiguous }
        let without = unmatched.filter { workspace.status(ofCustomer: $0).suggestion.best == nil }
        let matched = workspace.customers(in: .matched)
        // Customers whose every unmatched device a bulk create takes (none with a suggestion or documented elsewhere).
        let withNewDevices = matched.filter { id in
            let preview = workspace.bulkCreatePreview(organizationID: workspace.status(ofCustomer: id).organizationID!)
            return preview.assets.count > 0 && preview.withSuggestion.isEmpty
                && workspace.customers(matchedTo: workspace.status(ofCustomer: id).organizationID!).count == 1
        }
        try #require(withSuggestion.count >= 2 && without.count >= 2 && withNewDevices.count >= 2)
        try #require(catalog.organizations.contains { $0.name == "Rematch MSP (Internal)" })

        func select(_ customer: Int) async throws {
            try await tmux.keys("/")
            try await tmux.type(name(customer))
            try await tmux.keys("Enter")
            await tmux.waitFor("filter: \(name(customer).prefix(20))")
        }
        func clearFilter() async throws { try await tmux.keys("/", "Escape") }

        await tmux.waitFor("Sync: OK", timeout: 90)
        await tmux.waitFor("Unmatched (\(unmatched.count))")

        // Accept a suggestion.
        try await select(withSuggestion[0])
        try await tmux.keys("a")
        await tmux.waitFor("Accepted 1")
        try await clearFilter()

        // Match To by typing.
        try await select(without[0])
        try await tmux.keys("m")
        await tmux.waitFor("Match \"")
        try await tmux.type("rematch msp")
        await tmux.waitFor("▸ Rematch MSP (Internal)")
        try await tmux.keys("Enter")
        await tmux.waitFor("Matched \"\(name(without[0]).prefix(20))")
        try await clearFilter()

        // Create an organization, and find it in the sandbox through its API.
        try await select(without[1])
        try await tmux.keys("c")
        await tmux.waitFor("Create IT Glue organization")
        try await tmux.keys("y")
        await tmux.waitFor("Created in IT Glue: Organization")
        let itGlue = try ITGlueClient(baseURL: sandbox.itGlueURL, apiKey: sandbox.itGlueAPIKey)
        #expect(try await itGlue.organizations(named: name(without[1])).count == 1)
        try await clearFilter()

        // Ignore and unignore.
        try await select(withSuggestion[1])
        try await tmux.keys("i")
        await tmux.waitFor("Ignored \"")
        try await tmux.keys("3")
        // The disabled (former) customers wait on the Ignored tab too.
        await tmux.waitFor("[ 3 Ignored (1 of \(workspace.customers(in: .ignored).count + 1)) ]")
        try await tmux.keys("i")
        await tmux.waitFor("Unignored \"")
        try await clearFilter()

        // Change a match, then revert it.
        try await tmux.keys("2")
        try await select(withNewDevices[1])
        try await tmux.keys("x")
        await tmux.waitFor("Match \"")
        try await tmux.type("rematch msp")
        await tmux.waitFor("▸ Rematch MSP (Internal)")
        try await tmux.keys("Enter")
        await tmux.waitFor("Replace the match of")
        try await tmux.keys("y")
        await tmux.waitFor("Changed match of")
        try await tmux.keys("r")
        await tmux.waitFor("Reverted match of")
        try await clearFilter()

        // Bulk-create a customer's remaining devices.
        try await tmux.keys("2")
        try await select(withNewDevices[0])
        try await tmux.keys("Enter")
        await tmux.waitFor("(IT Glue #")
        try await tmux.keys("C")
        await tmux.waitFor("y go ahead")
        try await tmux.keys("y")
        await tmux.waitFor("Created in IT Glue: Configuration")
        await tmux.waitFor("Unmatched (0)")
        try await tmux.keys("Escape")

        // A tiny terminal, then back.
        try await tmux.resize(columns: 50, rows: 12)
        await tmux.waitFor("Terminal too small")
        try await tmux.resize(columns: 120, rows: 40)
        await tmux.waitFor("Rematch  Syncro:")

        // Quit, with the terminal restored and a clean exit.
        try await tmux.keys("q")
        await tmux.waitFor("REMATCH-EXIT=0")
        #expect(await !tmux.screen().contains("Rematch  Syncro:"))
    }

    @Test("first run: setup shows the sandbox's URLs from the environment, tests them, saves with Ctrl-S under XON/XOFF flow control, and opens the console")
    func setupSaves() async throws {
        try await withRunningSandbox(.unlimited()) { sandbox in try await Self.setupSaves(sandbox) }
    }

    private static func setupSaves(_ sandbox: RunningSandbox) async throws {
        let directory = temporaryDirectory("rematch-cli")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configFile = "\(directory)/config/rematch/config.toml"
        // No keys anywhere: the setup screen. The URLs come from the environment, as for `rematch sandbox`.
        let environment = ["REMATCH_SYNCRO_URL": sandbox.syncroURL, "REMATCH_ITGLUE_URL": sandbox.itGlueURL,
                           "REMATCH_STATE": "\(directory)/state.sqlite", "XDG_CONFIG_HOME": "\(directory)/config"]
        try await TmuxSession.with(command: "stty ixon ixoff; " + Self.console(environment)) { tmux in
            await tmux.waitFor("set up the two accounts")
            #expect(await tmux.screen().contains(sandbox.syncroURL))
            try await tmux.keys("Tab")
            try await tmux.type(sandbox.syncroAPIKey)
            try await tmux.keys("Tab", "Tab")
            try await tmux.type(sandbox.itGlueAPIKey)
            #expect(!(await tmux.screen()).contains(sandbox.itGlueAPIKey))
            try await tmux.keys("C-t")
            await tmux.waitFor("OK: both connections work")
            try await tmux.keys("C-s")
            await tmux.waitFor("Sync: OK", timeout: 90)
            try await tmux.keys("q")
            await tmux.waitFor("REMATCH-EXIT=0")
        }
        let saved = try String(contentsOfFile: configFile, encoding: .utf8)
        #expect(saved.contains(sandbox.syncroURL))
        #expect((try FileManager.default.attributesOfItem(atPath: configFile)[.posixPermissions] as? Int) == 0o600)
    }

    @Test("s in the console syncs and, with write_back_links, writes IT Glue links into Syncro as rematch sync does")
    func consoleSyncWritesLinks() async throws {
        // A link per matched device, under limits this test does not measure. Half the small demo: its 170 or so
        // matched devices (printers and switches included) would fill Syncro's 176 a minute and wait a minute.
        var configuration = SandboxConfiguration(dataset: .from(DemoData.generate(seed: 4, customers: 25).snapshot))
        configuration.rateLimits = false
        try await withRunningSandbox(configuration) { sandbox in try await Self.consoleSyncWritesLinks(sandbox) }
    }

    private static func consoleSyncWritesLinks(_ sandbox: RunningSandbox) async throws {
        let directory = temporaryDirectory("rematch-cli")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let state = "\(directory)/state.sqlite"
        // A state file synced without links, so the console opens without syncing first.
        let synchronizer = Synchronizer(syncro: try SyncroClient(baseURL: sandbox.syncroURL, apiKey: sandbox.syncroAPIKey),
                                        itGlue: try ITGlueClient(baseURL: sandbox.itGlueURL, apiKey: sandbox.itGlueAPIKey))
        let before = try await synchronizer.fetch().0
        #expect(before.assets.allSatisfy { $0.itGlueLink == nil })
        do {
            // Closed (and unlocked) before the console opens the file.
            let store = try StateStore(path: state)
            try store.saveSnapshot(before)
            try store.recordSync(success: true, error: nil)
        }
        try FileManager.default.createDirectory(atPath: "\(directory)/config/rematch", withIntermediateDirectories: true)
        try Data("write_back_links = true\n".utf8).write(to: URL(fileURLWithPath: "\(directory)/config/rematch/config.toml"))
        let command = Self.console(sandbox.environment(state: state, configHome: "\(directory)/config"))
        try await TmuxSession.with(command: command) { tmux in
            await tmux.waitFor("Sync: OK", timeout: 90)
            try await tmux.keys("s")
            await tmux.waitFor("IT Glue links written to")
            try await tmux.keys("q")
            await tmux.waitFor("REMATCH-EXIT=0")
        }
        let after = try await synchronizer.fetch().0
        let linked = after.assets.filter { $0.itGlueLink != nil }
        #expect(!linked.isEmpty)
        #expect(linked.allSatisfy { $0.itGlueLink?.hasPrefix("https://") == true })
    }

    @Test("rematch demo draws the console before its data exists, and shows the first sync's progress in it")
    func demoNeverBlank() async throws {
        let directory = temporaryDirectory("rematch-cli")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let command = "env TERM=xterm-256color \(BinaryRunner.executable.path) demo --scale medium --state \(directory)/state.sqlite; "
            + "echo REMATCH-EXIT=$?; sleep 30"
        try await TmuxSession.with(command: command, columns: 120, rows: 30) { tmux in
            // The first frame says what is happening; the header then shows the sync, then its result.
            var seen: [String] = []
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline, !seen.contains("Sync: OK") {
                let screen = await tmux.screen()
                for text in ["Starting the demo", "Syncing…", "Sync: OK"] where screen.contains(text) && !seen.contains(text) {
                    seen.append(text)
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(seen.first == "Starting the demo" || seen.first == "Syncing…", "\(seen)")
            #expect(seen.last == "Sync: OK")
            await tmux.waitFor("Unmatched (")
            try await tmux.keys("q")
            await tmux.waitFor("REMATCH-EXIT=0")
        }
    }

    @Test("rematch demo opens the console in a terminal; SIGINT and SIGTERM leave it with the terminal restored",
          arguments: ["INT", "TERM"])
    func signals(signalName: String) async throws {
        let directory = temporaryDirectory("rematch-cli")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let command = "env TERM=xterm-256color \(BinaryRunner.executable.path) demo --state \(directory)/state.sqlite; echo REMATCH-EXIT=$?; sleep 30"
        try await TmuxSession.with(command: command, columns: 100, rows: 30) { tmux in
            await tmux.waitFor("Sync: OK", timeout: 90)
            await tmux.waitFor("1 Unmatched (")
            if signalName == "INT" {
                try await tmux.keys("C-c")
            } else {
                // Anchored to the binary: the tmux server's own title holds the same words.
                try await Child.tool("pkill", ["-TERM", "-f", "^\(BinaryRunner.executable.path) demo --state \(directory)/state.sqlite"])
            }
            await tmux.waitFor("REMATCH-EXIT=0")
            #expect(await !tmux.screen().contains("Rematch  Syncro:"))
        }
    }

    @Test("rematch opens an existing state file at once and builds the workspace behind it; a broken one is reported after the terminal is restored")
    func openExisting() async throws {
        let directory = temporaryDirectory("rematch-cli")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let state = "\(directory)/state.sqlite"
        #expect(try await BinaryRunner.run(["demo", "--print", "--state", state, "--scale", "medium"]).status == 0)
        // Accounts that answer nothing: with a snapshot on file the console does not sync by itself.
        let command = Self.console([
            "REMATCH_SYNCRO_URL": "http://127.0.0.1:9/api/v1", "REMATCH_SYNCRO_API_KEY": "unused",
            "REMATCH_ITGLUE_URL": "http://127.0.0.1:9", "REMATCH_ITGLUE_API_KEY": "ITG.unused",
            "REMATCH_STATE": state, "XDG_CONFIG_HOME": "\(directory)/config",
        ])
        try await TmuxSession.with(command: command, columns: 120, rows: 30) { tmux in
            await tmux.waitFor("[ 1 Unmatched (")
            #expect(await tmux.screen().contains(" devices "))
            try await tmux.keys("q")
            await tmux.waitFor("REMATCH-EXIT=0")
        }
        // The list is kept for the next start, at the file's revision; the next start draws it first.
        do {
            let store = try StateStore(path: state)
            let kept = try #require(try store.loadCustomerList())
            #expect(kept.rows.count == (try MatchingSession(store: store)).workspace.customerIDs.count)
        }
        try await TmuxSession.with(command: command, columns: 120, rows: 30) { tmux in
            await tmux.waitFor("[ 1 Unmatched (")
            try await tmux.keys("q")
            await tmux.waitFor("REMATCH-EXIT=0")
        }
        // A decision the store cannot read: the console says so in words, with the terminal back, and exits 1.
        try await Child.tool("python3", ["-c", """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("INSERT OR REPLACE INTO customer_decision (customer_id, decision, decided_at) VALUES (1, 'not json', '2026-01-01')")
            db.commit()
            """, state])
        try await TmuxSession.with(command: command, columns: 120, rows: 30) { tmux in
            await tmux.waitFor("REMATCH-EXIT=1")
            let screen = await tmux.screen()
            let unwrapped = screen.replacingOccurrences(of: "\n", with: "")
            #expect(unwrapped.contains("holds a decision about Syncro customer #1 this version of Rematch cannot read"), "\(screen)")
            #expect(!screen.contains("Rematch  Syncro:"))
        }
    }
}
