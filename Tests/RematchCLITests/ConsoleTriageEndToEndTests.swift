import Foundation
import ITGlueAPI
import RematchCore
import RematchSandbox
import RematchStore
import RematchTestSupport
import Testing

/// The triage views, bulk accept, the changes view and retirement, and the large demo, driven in tmux: more
/// tests of the same serialized suite.
extension ConsoleEndToEndTests {
    @Test("bulk accept previews and takes only the rule's rows; w, o and D narrow, sort and gather the work")
    func triageAndBulkAccept() async throws {
        let data = DemoData.generate(seed: 4, scale: .small)
        try await withRunningSandbox(SandboxConfiguration(dataset: SandboxDataset.from(data.snapshot))) { sandbox in
            let directory = temporaryDirectory("rematch-cli")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let workspace = Workspace(snapshot: data.snapshot)
            let unmatched = workspace.customers(in: .unmatched)
            let plan = workspace.bulkAcceptPlan(customers: unmatched, minimumScore: BulkAcceptPlan.defaultMinimumScore)
            try #require(!plan.accepted.isEmpty && !plan.excluded.isEmpty)
            let state = "\(directory)/state.sqlite"
            let command = Self.console(sandbox.environment(state: state, configHome: "\(directory)/config"))
            try await TmuxSession.with(command: command) { tmux in
                await tmux.waitFor("Sync: OK", timeout: 90)
                try await tmux.keys("*", "a")
                await tmux.waitFor("Accept \(plan.accepted.count) of \(unmatched.count) suggestions")
                await tmux.waitFor("Left out:")
                try await tmux.keys("y")
                await tmux.waitFor("Accepted \(plan.accepted.count)")
                await tmux.waitFor("Unmatched (\(unmatched.count - plan.accepted.count))")
                try await tmux.keys("2", "w")
                await tmux.waitFor("Matched, devices left (")
                try await tmux.keys("o", "o", "o", "o", "o", "O")
                await tmux.waitFor("Left ▼")
                try await tmux.keys("D")
                await tmux.waitFor("Devices of every matched customer")
                try await tmux.keys("Escape", "q")
                await tmux.waitFor("REMATCH-EXIT=0")
            }
            let accepted = try StateStore(readingOnly: state).loadWorkspace().customerDecisions.filter {
                if case .matched(_, .accepted) = $0.value { true } else { false }
            }
            #expect(Set(accepted.keys) == Set(plan.accepted.map(\.customer)), "exactly the rule's rows, none of the left-out ones")
        }
    }

    @Test("a matched device deleted in Syncro: after s, N shows it gone, R previews and retires its configuration, L logs it")
    func changesViewAndRetire() async throws {
        try await withRunningSandbox(.unlimited()) { sandbox in
            let directory = temporaryDirectory("rematch-cli")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let state = "\(directory)/state.sqlite"
            let command = Self.console(sandbox.environment(state: state, configHome: "\(directory)/config"))
            let configuration = try await TmuxSession.with(command: command, columns: 170) { tmux in
                await tmux.waitFor("Sync: OK", timeout: 90)
                let workspace = try StateStore(readingOnly: state).loadWorkspace()
                let asset = try #require(workspace.catalog.assets.first { workspace.status(ofAsset: $0.id).origin == .automatic })
                let configuration = try #require(workspace.catalog.configuration(workspace.status(ofAsset: asset.id).configurationID!))
                try await sandbox.store.deleteSyncroAsset(asset.id)
                try await tmux.keys("s")
                await tmux.waitFor("R retires 1 configuration of vanished devices")
                try await tmux.keys("N")
                await tmux.waitFor("What the last sync changed")
                await tmux.waitFor("Matched devices gone from Syncro (1)")
                await tmux.waitFor("#\(asset.id) \(asset.name)")
                try await tmux.keys("R")
                await tmux.waitFor("Mark 1 configuration Inactive in IT Glue")
                await tmux.waitFor("matched automatically (MAC/serial)")
                try await tmux.keys("y")
                await tmux.waitFor("Marked Inactive in IT Glue: Configuration \"\(configuration.name)\"")
                try await tmux.keys("L")
                await tmux.waitFor("configuration-retired")
                await tmux.waitFor("remember-vanished-match")
                try await tmux.keys("q", "q")
                await tmux.waitFor("REMATCH-EXIT=0")
                return configuration
            }
            let itGlue = try ITGlueClient(baseURL: sandbox.itGlueURL, apiKey: sandbox.itGlueAPIKey)
            let (all, _) = try await itGlue.configurations()
            #expect(all.first { $0.id == configuration.id }?.configurationStatusName == "Inactive")
        }
    }

    @Test("rematch demo --scale large: the console is up while the first sync is still reading, and q quits at once")
    func demoLargeIsDrawnAtOnce() async throws {
        let directory = temporaryDirectory("rematch-cli")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let command = "env TERM=xterm-256color \(BinaryRunner.executable.path) demo --scale large --state \(directory)/state.sqlite; "
            + "echo REMATCH-EXIT=$?; sleep 30"
        try await TmuxSession.with(command: command, columns: 120, rows: 30) { tmux in
            let started = Date()
            await tmux.waitFor("Rematch  Syncro:", timeout: 10)
            let drawn = Date().timeIntervalSince(started)
            let screen = await tmux.screen()
            #expect(screen.contains("Starting the demo") || screen.contains("Syncing…"), "\(screen)")
            #expect(!screen.contains("Sync: OK"), "drawn before the large sync could finish")
            print("demo --scale large: console drawn after \(String(format: "%.2f", drawn)) s (debug build, loaded machine)")
            await tmux.waitFor("Syncing…", timeout: 30)
            try await tmux.keys("q")
            await tmux.waitFor("REMATCH-EXIT=0", timeout: 10)
        }
    }
}
