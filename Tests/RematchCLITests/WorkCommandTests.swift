import Foundation
import ITGlueAPI
import RematchCore
import RematchSandbox
import RematchStore
import RematchTestSupport
import Testing

/// `accept-suggestions` and `create-configurations` against a synced sandbox: the same rules as the console.
@Suite("Work commands", .serialized, .timeLimit(.minutes(5)))
struct WorkCommandTests {
    private struct Setup {
        let sandbox: RunningSandbox
        let directory: String
        var state: String { directory + "/state.sqlite" }
        var environment: [String: String] { sandbox.environment(state: state, configHome: directory + "/config") }

        func rematch(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> ProcessOutput {
            try await BinaryRunner.run(arguments, environment: environment.merging(extra) { $1 })
        }

        /// The state file's workspace, read while no child runs.
        func workspace() throws -> Workspace { try StateStore(path: state).loadWorkspace() }
    }

    private func withSynced(_ body: (Setup) async throws -> Void) async throws {
        try await withRunningSandbox(.unlimited()) { sandbox in
            try await withTemporaryDirectory("rematch-cli") { directory in
                let setup = Setup(sandbox: sandbox, directory: directory)
                let sync = try await setup.rematch(["sync"])
                #expect(sync.status == 0, "\(sync.stderr)")
                try await body(setup)
            }
        }
    }

    @Test("accept-suggestions takes only unambiguous suggestions at the threshold, says what it left out, and never crashes at 0")
    func acceptSuggestions() async throws {
        try await withSynced { setup in
            let plan = try setup.workspace().bulkAcceptPlan(customers: try setup.workspace().customers(in: .unmatched),
                                                            minimumScore: BulkAcceptPlan.defaultMinimumScore)
            let dry = try await setup.rematch(["accept-suggestions", "--dry-run"])
            #expect(dry.status == 0, "\(dry.stderr)")
            let accepted = dry.stdout.split(separator: "\n").filter { $0.hasPrefix("would accept: ") }
            #expect(accepted.count == plan.accepted.count)
            if let ambiguous = plan.excluded[.ambiguous] { #expect(dry.stdout.contains("left out: \(ambiguous.count) ambiguous")) }
            // The configured threshold is the default of the command.
            let strict = try await setup.rematch(["accept-suggestions", "--dry-run"], environment: ["REMATCH_BULK_ACCEPT_MIN_SCORE": "0.99"])
            let strictPlan = try setup.workspace().bulkAcceptPlan(customers: try setup.workspace().customers(in: .unmatched), minimumScore: 0.99)
            #expect(strict.stdout.split(separator: "\n").count { $0.hasPrefix("would accept: ") } == strictPlan.accepted.count)
            // --min-score 0 accepts every unambiguous suggestion and no other; customers without one are no crash.
            let all = try await setup.rematch(["accept-suggestions", "--min-score", "0"])
            #expect(all.status == 0, "\(all.stderr)")
            let after = try setup.workspace()
            for id in plan.excluded[.ambiguous] ?? [] { #expect(after.status(ofCustomer: id).state == .unmatched) }
            for id in plan.excluded[.noSuggestion] ?? [] { #expect(after.status(ofCustomer: id).state == .unmatched) }
            for row in plan.accepted { #expect(after.status(ofCustomer: row.customer).origin == .accepted) }
        }
    }

    @Test("move-devices lists the devices documented in another organization, moves them with --yes, and the state says so")
    func moveDevices() async throws {
        try await withSynced { setup in
            #expect(try await setup.rematch(["accept-suggestions"]).status == 0)
            let workspace = try setup.workspace()
            let flagged = workspace.customerIDs.filter { workspace.status(ofCustomer: $0).organizationID != nil }
                .flatMap { workspace.assets(ofCustomer: $0, in: .unmatched) }
                .filter { workspace.status(ofAsset: $0.id).suggestion.moved != nil }.map(\.id)
            #expect(!flagged.isEmpty, "the generated account has moved devices")
            let dry = try await setup.rematch(["move-devices", "--dry-run"])
            #expect(dry.status == 0, "\(dry.stderr)")
            #expect(dry.stdout.split(separator: "\n").count { $0.hasPrefix("move: ") } == flagged.count)
            #expect(dry.stdout.contains("Dry run: nothing changed."))
            let moved = try await setup.rematch(["move-devices", "--yes"])
            #expect(moved.status == 0, "\(moved.stderr)")
            let after = try setup.workspace()
            let done = flagged.filter { after.status(ofAsset: $0).origin == .moved }
            #expect(moved.stdout.split(separator: "\n").count { $0.hasPrefix("moved: ") } == done.count)
            #expect(!done.isEmpty)
            for id in done {
                let configuration = try #require(after.status(ofAsset: id).configurationID.flatMap(after.catalog.configuration))
                let asset = try #require(after.catalog.asset(id))
                #expect(configuration.organizationID == after.status(ofCustomer: asset.customerID).organizationID)
            }
            let again = try await setup.rematch(["move-devices", "--yes"])
            #expect(again.stdout.contains("0 moved, 0 failed."), "\(again.stdout)")
        }
    }

    @Test("status and export read the state file while a console holds it; a command that writes is told who holds it")
    func readWhileHeld() async throws {
        try await withSynced { setup in
            let holder = try StateStore(path: setup.state)  // as an open console does
            let status = try await setup.rematch(["status", "--json"])
            #expect(status.status == 0, "\(status.stderr)")
            #expect(status.stdout.contains("\"customers\""))
            let export = try await setup.rematch(["export", "--format", "csv"])
            #expect(export.status == 0, "\(export.stderr)")
            #expect(export.stdout.unicodeScalars.count { $0 == "\n" } > 10)
            let sync = try await setup.rematch(["sync"])
            #expect(sync.status == 1)
            #expect(sync.stderr.contains("Another Rematch process (pid \(getpid()))"))
            _ = holder
        }
    }

    @Test("status on a state file that does not exist yet says how to make it, and makes nothing")
    func statusWithoutFile() async throws {
        try await withTemporaryDirectory("rematch-cli") { directory in
            let output = try await BinaryRunner.run(["status", "--state", directory + "/none.sqlite"],
                                                    environment: ["XDG_CONFIG_HOME": directory + "/config"])
            #expect(output.status == 1)
            #expect(output.stderr.contains("rematch sync makes it"))
            #expect(!FileManager.default.fileExists(atPath: directory + "/none.sqlite"))
            let named = try await BinaryRunner.run(["status", "--state", directory + "/none.sqlite", "--config", directory + "/none.toml"])
            #expect(named.status == 1)
            #expect(named.stderr.contains("There is no configuration file at \(directory)/none.toml"), "a named file is never skipped")
        }
    }

    @Test("a sync killed before it ends leaves status saying so, never the last sync's OK")
    func killedSync() async throws {
        try await withSynced { setup in
            let killed = try await setup.rematch(["sync"], environment: ["REMATCH_FAILPOINT": "sync.after-fetch"])
            #expect(killed.status == 70, "\(killed.stderr)")
            let status = try await setup.rematch(["status"])
            #expect(status.stdout.contains("Sync: did not finish"), "\(status.stdout)")
            let json = try await setup.rematch(["status", "--json"])
            #expect(json.stdout.contains("\"status\":\"running\""), "\(json.stdout)")
            #expect(try await setup.rematch(["sync"]).status == 0)
            #expect(try await setup.rematch(["status"]).stdout.contains("Sync: OK"))
        }
    }

    @Test("the same state reached by a symlink or a hard link is the same lock")
    func lockFollowsTheFile() async throws {
        try await withSynced { setup in
            let holder = try StateStore(path: setup.state)
            let symlink = setup.directory + "/other-name.sqlite", hardLink = setup.directory + "/hard.sqlite"
            try FileManager.default.createSymbolicLink(atPath: symlink, withDestinationPath: setup.state)
            try FileManager.default.linkItem(atPath: setup.state, toPath: hardLink)
            for path in [symlink, hardLink] {
                let sync = try await setup.rematch(["sync", "--state", path])
                #expect(sync.status == 1, "\(path): \(sync.stdout)")
                // The holder's pid is written beside its own name for the file, which a hard link does not share.
                #expect(sync.stderr.contains(path == symlink ? "Another Rematch process (pid \(getpid()))" : "Another Rematch process"),
                        "\(path): \(sync.stderr)")
            }
            _ = holder
        }
    }

    @Test("a customer id is checked: a negative one is named, not taken for an option")
    func negativeCustomer() async throws {
        try await withSynced { setup in
            for command in ["create-configurations", "create-organizations", "move-devices"] {
                let output = try await setup.rematch([command, "--customer", "-1", "--dry-run"])
                #expect(output.status != 0)
                #expect(output.stderr.contains("a number from 1 up (not -1)"), "\(command): \(output.stderr)")
            }
        }
    }

    @Test("create-configurations shows the plan, asks (a script passes --yes), and leaves devices with a possible match out")
    func createConfigurations() async throws {
        try await withSynced { setup in
            let workspace = try setup.workspace()
            let customer = try #require(workspace.customers(in: .matched).first { id in
                let organization = workspace.status(ofCustomer: id).organizationID!
                let preview = workspace.bulkCreatePreview(organizationID: organization)
                return !preview.assets.isEmpty && !preview.withSuggestion.isEmpty && workspace.customers(matchedTo: organization).count == 1
            })
            let organization = workspace.status(ofCustomer: customer).organizationID!
            let preview = workspace.bulkCreatePreview(organizationID: organization)
            // No terminal to ask on and no --yes: refused, nothing created.
            let refused = try await setup.rematch(["create-configurations", "--customer", String(customer)])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("pass --yes"))
            #expect(refused.stdout.contains("left out: \(preview.withSuggestion.count) with a suggestion or possible match"))
            #expect(try setup.workspace().deviceDecisions.isEmpty)
            let created = try await setup.rematch(["create-configurations", "--customer", String(customer), "--yes"])
            #expect(created.status == 0, "\(created.stderr)")
            #expect(created.stdout.contains("\(preview.assets.count) created"))
            let after = try setup.workspace()
            for id in preview.assets { #expect(after.status(ofAsset: id).origin == .created) }
            for id in preview.withSuggestion { #expect(after.status(ofAsset: id).state == .unmatched) }
            let itGlue = try ITGlueClient(baseURL: setup.sandbox.itGlueURL, apiKey: setup.sandbox.itGlueAPIKey)
            let made = try await itGlue.configurationsWithNotes(inOrganization: organization).filter { $0.notes.contains("Created by Rematch") }
            #expect(made.count == preview.assets.count)
        }
    }

    @Test("create-organizations creates each named customer's organization once, refuses a name IT Glue has, and asks first")
    func createOrganizations() async throws {
        try await withSynced { setup in
            let workspace = try setup.workspace()
            let unmatched = workspace.customers(in: .unmatched).filter { workspace.catalog.customer($0)?.disabled != true }
            // One without any candidate (its name is new to IT Glue) and one whose exact name IT Glue has.
            let fresh = try #require(unmatched.first { workspace.status(ofCustomer: $0).suggestion.best == nil })
            let name = workspace.catalog.customer(fresh)!.displayName
            let taken = try #require(workspace.customerIDs.first { id in
                workspace.catalog.customer(id)?.disabled != true && workspace.status(ofCustomer: id).state == .unmatched
                    && !workspace.matcher.sameName(as: workspace.catalog.customer(id)!.displayName).isEmpty
            } ?? workspace.customers(in: .matched).first)
            let arguments = ["create-organizations", "--customer", String(fresh), "--customer", String(taken)]
            let dry = try await setup.rematch(arguments + ["--dry-run"])
            #expect(dry.status == 0, "\(dry.stderr)")
            #expect(dry.stdout.contains("create: \(name) for"), "\(dry.stdout)")
            #expect(dry.stdout.contains("left out: "), "\(dry.stdout)")
            #expect(dry.stdout.contains("Dry run: nothing changed."))
            // No terminal to ask on and no --yes: refused, nothing decided.
            let refused = try await setup.rematch(arguments)
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("pass --yes"), "\(refused.stderr)")
            #expect(try setup.workspace().status(ofCustomer: fresh).state == .unmatched)
            let created = try await setup.rematch(arguments + ["--yes"])
            #expect(created.status == 0, "\(created.stderr)")
            #expect(created.stdout.contains("created: Organization \"\(name)\""), "\(created.stdout)")
            #expect(try setup.workspace().status(ofCustomer: fresh).origin == .created)
            let itGlue = try ITGlueClient(baseURL: setup.sandbox.itGlueURL, apiKey: setup.sandbox.itGlueAPIKey)
            #expect(try await itGlue.organizations(named: name).count == 1)
            // Again: the customer is matched now, so nothing is sent and IT Glue still has one.
            let again = try await setup.rematch(arguments + ["--yes"])
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stdout.contains("0 created"), "\(again.stdout)")
            #expect(try await itGlue.organizations(named: name).count == 1)
            let missing = try await setup.rematch(["create-organizations", "--customer", "999999999", "--dry-run"])
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("not in the state file"))
        }
    }

    @Test("the sync progress line fits a narrow terminal instead of wrapping")
    func progressFitsNarrowTerminal() async throws {
        var configuration = SandboxConfiguration.unlimited()
        configuration.latency = .milliseconds(800)  // a sync of several seconds: the line is there to be read
        try await withRunningSandbox(configuration) { sandbox in
            try await withTemporaryDirectory("rematch-cli") { directory in
                let environment = sandbox.environment(state: directory + "/state.sqlite", configHome: directory + "/config")
                let assignments = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                let command = "env \(assignments) \(BinaryRunner.executable.path) sync; echo REMATCH-EXIT=$?; sleep 30"
                try await TmuxSession.with(command: command, columns: 40, rows: 12) { tmux in
                    // A machine running every suite at once may take a while to start the binary and reach the sandbox.
                    // The line is redrawn in place, and a loaded machine may finish the sync soon after it first shows:
                    // the screen judged is the one read that holds it.
                    let screen = try #require(await tmux.screen(containing: "Syncing…", timeout: 90))
                    let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
                    #expect(lines.filter { $0.contains("Syncing…") }.count == 1)
                    // A wrapped line would continue on the next row with the rest of the summary.
                    let row = try #require(lines.firstIndex { $0.contains("Syncing…") })
                    #expect(lines.indices.contains(row + 1) ? lines[row + 1].trimmingCharacters(in: .whitespaces).isEmpty : true,
                            "\(screen)")
                    await tmux.waitFor("REMATCH-EXIT=0", timeout: 60)
                }
            }
        }
    }
}
