import Foundation
import ITGlueAPI
import RematchCore
import RematchHTTP
import RematchSandbox
import Testing

/// The real binary in tmux: keys with send-keys, the screen read back with capture-pane, polled (never a
/// fixed sleep) until the expected text appears.
final class TmuxSession {
    let name = "rematch-e2e-\(UUID().uuidString.prefix(8))"

    init(command: String, columns: Int = 120, rows: Int = 40) throws {
        try Self.tmux(["new-session", "-d", "-s", name, "-x", String(columns), "-y", String(rows), command])
    }

    @discardableResult
    static func tmux(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tmux"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    func keys(_ keys: String...) throws { try Self.tmux(["send-keys", "-t", name] + keys) }
    func type(_ text: String) throws { try Self.tmux(["send-keys", "-t", name, "-l", text]) }
    var screen: String { (try? Self.tmux(["capture-pane", "-t", name, "-p"])) ?? "" }

    /// Waits until the screen contains the text; fails with the screen if it never does. Polls with
    /// Task.sleep, so the in-process sandbox keeps its threads.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 20, sourceLocation: SourceLocation = #_sourceLocation) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if screen.contains(text) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("Timed out waiting for \"\(text)\". Screen:\n\(screen)", sourceLocation: sourceLocation)
        return false
    }

    func resize(columns: Int, rows: Int) throws {
        try Self.tmux(["resize-window", "-t", name, "-x", String(columns), "-y", String(rows)])
    }

    func kill() { _ = try? Self.tmux(["kill-session", "-t", name]) }
}

@Suite("The console end to end, in tmux", .serialized)
struct ConsoleEndToEndTests {
    @Test("sync, accept, Match To, create, ignore, change, revert, bulk create, resize and quit")
    func fullRun() async throws {
        let data = DemoData.generate(seed: 4, scale: .small)
        let sandbox = try await Sandbox.start(SandboxConfiguration(dataset: SandboxDataset.from(data.snapshot)))
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let workspace = Workspace(snapshot: data.snapshot)
        let catalog = workspace.catalog
        let name = { (id: Int) in catalog.customer(id)!.displayName }
        let unmatched = workspace.customers(in: .unmatched)
        let withSuggestion = unmatched.filter { let s = workspace.status(ofCustomer: $0).suggestion; return s.best != nil && !s.isAmbiguous }
        let without = unmatched.filter { workspace.status(ofCustomer: $0).suggestion.best == nil }
        let matched = workspace.customers(in: .matched)
        let withNewDevices = matched.filter { id in
            workspace.bulkCreatePreview(organizationID: workspace.status(ofCustomer: id).organizationID!).assets.count > 0
                && workspace.customers(matchedTo: workspace.status(ofCustomer: id).organizationID!).count == 1
        }
        try #require(withSuggestion.count >= 2 && without.count >= 2 && withNewDevices.count >= 2)
        try #require(catalog.organizations.contains { $0.name == "Rematch MSP (Internal)" })

        let environment = [
            "REMATCH_SYNCRO_URL=\(sandbox.syncroURL)", "REMATCH_SYNCRO_API_KEY=\(sandbox.syncroAPIKey)",
            "REMATCH_ITGLUE_URL=\(sandbox.itGlueURL)", "REMATCH_ITGLUE_API_KEY=\(sandbox.itGlueAPIKey)",
            "REMATCH_STATE=\(directory)/state.sqlite", "XDG_CONFIG_HOME=\(directory)/config", "TERM=xterm-256color",
        ].joined(separator: " ")
        let command = "env \(environment) \(BinaryRunner.executable.path); echo REMATCH-EXIT=$?; sleep 30"
        let tmux = try TmuxSession(command: command)
        defer { tmux.kill() }

        func select(_ customer: Int) async throws {
            try tmux.keys("/")
            try tmux.type(name(customer))
            try tmux.keys("Enter")
            await tmux.waitFor("filter: \(name(customer).prefix(20))")
        }
        func clearFilter() throws { try tmux.keys("/", "Escape") }

        await tmux.waitFor("Sync: OK")
        await tmux.waitFor("Unmatched (\(unmatched.count))")

        // Accept a suggestion.
        try await select(withSuggestion[0])
        try tmux.keys("a")
        await tmux.waitFor("Accepted 1")
        try clearFilter()

        // Match To by typing.
        try await select(without[0])
        try tmux.keys("m")
        await tmux.waitFor("Match \"")
        try tmux.type("rematch msp")
        await tmux.waitFor("▸ Rematch MSP (Internal)")
        try tmux.keys("Enter")
        await tmux.waitFor("Matched \"\(name(without[0]).prefix(20))")
        try clearFilter()

        // Create an organization, and find it in the sandbox through its API.
        try await select(without[1])
        try tmux.keys("c")
        await tmux.waitFor("Create IT Glue organization")
        try tmux.keys("y")
        await tmux.waitFor("Created in IT Glue: Organization")
        let itGlue = try ITGlueClient(baseURL: sandbox.itGlueURL, apiKey: sandbox.itGlueAPIKey)
        #expect(try await itGlue.organizations(named: name(without[1])).count == 1)
        try clearFilter()

        // Ignore and unignore.
        try await select(withSuggestion[1])
        try tmux.keys("i")
        await tmux.waitFor("Ignored \"")
        try tmux.keys("3")
        await tmux.waitFor("[ 3 Ignored (1) ]")
        try tmux.keys("i")
        await tmux.waitFor("Unignored \"")
        try clearFilter()

        // Change a match, then revert it.
        try tmux.keys("2")
        try await select(withNewDevices[1])
        try tmux.keys("x")
        await tmux.waitFor("Match \"")
        try tmux.type("rematch msp")
        await tmux.waitFor("▸ Rematch MSP (Internal)")
        try tmux.keys("Enter")
        await tmux.waitFor("Changed match of")
        try tmux.keys("r")
        await tmux.waitFor("Reverted match of")
        try clearFilter()

        // Bulk-create a customer's remaining devices.
        try tmux.keys("2")
        try await select(withNewDevices[0])
        try tmux.keys("Enter")
        await tmux.waitFor("(IT Glue #")
        try tmux.keys("C")
        await tmux.waitFor("y go ahead")
        try tmux.keys("y")
        await tmux.waitFor("Created in IT Glue: Configuration")
        await tmux.waitFor("Unmatched (0)")
        try tmux.keys("Escape")

        // A tiny terminal, then back.
        try tmux.resize(columns: 50, rows: 12)
        await tmux.waitFor("Terminal too small")
        try tmux.resize(columns: 120, rows: 40)
        await tmux.waitFor("Rematch  Syncro:")

        // Quit, with the terminal restored and a clean exit.
        try tmux.keys("q")
        await tmux.waitFor("REMATCH-EXIT=0")
        #expect(!tmux.screen.contains("Rematch  Syncro:"))
        await sandbox.stop()
    }

    @Test("rematch demo opens the console in a terminal; SIGINT and SIGTERM leave it with the terminal restored",
          arguments: ["INT", "TERM"])
    func signals(signalName: String) async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let command = "env TERM=xterm-256color \(BinaryRunner.executable.path) demo --state \(directory)/state.sqlite; echo REMATCH-EXIT=$?; sleep 30"
        let tmux = try TmuxSession(command: command, columns: 100, rows: 30)
        defer { tmux.kill() }
        await tmux.waitFor("Sync: OK")
        await tmux.waitFor("1 Unmatched (")
        if signalName == "INT" {
            try tmux.keys("C-c")
        } else {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["pkill", "-TERM", "-f", "demo --state \(directory)/state.sqlite"]
            try process.run()
            process.waitUntilExit()
        }
        await tmux.waitFor("REMATCH-EXIT=0")
        #expect(!tmux.screen.contains("Rematch  Syncro:"))
    }
}
