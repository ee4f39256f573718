import Foundation
import ITGlueAPI
import RematchCore
import RematchHTTP
import RematchJSON
import RematchSandbox
import RematchStore
import RematchSync
import RematchTestSupport
import Testing

/// Runs `rematch` against an in-process sandbox, killing it at each point of a write with
/// `REMATCH_FAILPOINT`, then runs it again and counts what IT Glue holds.
@Suite("Exactly once across crashes", .serialized, .timeLimit(.minutes(5)))
struct ExactlyOnceTests {
    struct Setup {
        let sandbox: RunningSandbox
        let directory: String
        /// A settling time short enough to wait out, long enough that a rerun on a busy machine starts within it.
        static let settle = 15.0
        var environment: [String: String] {
            sandbox.environment(state: directory + "/state.sqlite", configHome: directory + "/config")
                .merging(["REMATCH_WRITE_SETTLE_SECONDS": String(Self.settle)]) { $1 }
        }
        var itGlue: ITGlueClient { get throws { try ITGlueClient(baseURL: sandbox.itGlueURL, apiKey: sandbox.itGlueAPIKey) } }

        func rematch(_ arguments: [String], failpoint: String? = nil) async throws -> ProcessOutput {
            var environment = self.environment
            if let failpoint { environment["REMATCH_FAILPOINT"] = failpoint }
            return try await BinaryRunner.run(arguments, environment: environment)
        }

        /// Runs again after a kill. Where the kill left a request journalled as sent that IT Glue never got, the
        /// first rerun must send nothing (the request could still land) and say when it looks again (exit 75);
        /// once the settling time has passed, the next run sends it.
        func rerun(_ arguments: [String], waits: Bool) async throws -> ProcessOutput {
            let killed = ContinuousClock.now
            let first = try await rematch(arguments)
            guard waits else { return first }
            #expect(first.status == 75, "a write that may still land was sent again at once: \(first.stderr)")
            #expect(first.stderr.contains("waiting: "), "\(first.stderr)")
            try await Task.sleep(until: killed + .seconds(Self.settle + 0.5))
            return try await rematch(arguments)
        }

        /// Opens the state file briefly (no child may run meanwhile).
        func withSession<T>(_ body: (inout MatchingSession) throws -> T) throws -> T {
            var session = try MatchingSession(store: try StateStore(path: directory + "/state.sqlite"))
            return try body(&session)
        }
    }

    private func withSetup(_ body: (Setup) async throws -> Void) async throws {
        let sandbox = try await Sandbox.start(SandboxConfiguration(dataset: .generated(seed: 4, scale: .small)))
        let directory = temporaryDirectory("rematch-cli")
        let setup = Setup(sandbox: sandbox, directory: directory)
        do { try await body(setup) } catch {
            await sandbox.stop()
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
        await sandbox.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    @Test("a bulk create killed at each point creates each configuration exactly once", arguments: [
        "configurations.before-request", "configurations.after-send", "configurations.after-answer",
    ])
    func configurations(point: String) async throws {
        try await withSetup { setup in
            #expect(try await setup.rematch(["sync"]).status == 0)
            let (customer, organization, assets) = try setup.withSession { session -> (Int, String, [Int]) in
                let workspace = session.workspace
                let id = workspace.customers(in: .matched).first { id in
                    workspace.bulkCreatePreview(organizationID: workspace.status(ofCustomer: id).organizationID!).assets.count >= 2
                }!
                let organization = workspace.status(ofCustomer: id).organizationID!
                return (id, organization, workspace.bulkCreatePreview(organizationID: organization).assets)
            }
            let killed = try await setup.rematch(["create-configurations", "--customer", String(customer), "--yes"], failpoint: point)
            #expect(killed.status == 70, "\(killed.stderr)")
            let rerun = try await setup.rerun(["create-configurations", "--customer", String(customer), "--yes"],
                                               waits: point == "configurations.before-request")
            #expect(rerun.status == 0, "\(rerun.stderr)")
            let records = try await setup.itGlue.configurationsWithNotes(inOrganization: organization)
            for asset in assets {
                let copies = records.filter { RemoteWriter.notes($0.notes, carryMarkerOf: asset) }
                #expect(copies.count == 1, "asset \(asset) after a crash at \(point)")
            }
            try setup.withSession { session in
                for asset in assets { #expect(session.workspace.status(ofAsset: asset).origin == .created) }
            }
        }
    }

    @Test("an organization create killed at each point creates it exactly once", arguments: [
        "organization.before-request", "organization.after-send", "organization.after-answer",
    ])
    func organization(point: String) async throws {
        try await withSetup { setup in
            #expect(try await setup.rematch(["sync"]).status == 0)
            let (customer, name) = try setup.withSession { session -> (Int, String) in
                let workspace = session.workspace
                let id = workspace.customers(in: .unmatched).first { workspace.status(ofCustomer: $0).suggestion.best == nil }!
                try session.perform(.createOrganization(customers: [id]))
                return (id, workspace.catalog.customer(id)!.displayName)
            }
            let killed = try await setup.rematch(["sync"], failpoint: point)
            #expect(killed.status == 70, "\(killed.stderr)")
            let rerun = try await setup.rerun(["sync"], waits: point == "organization.before-request")
            #expect(rerun.status == 0, "\(rerun.stderr)")
            #expect(try await setup.itGlue.organizations(named: name).count == 1)
            try setup.withSession { session in
                #expect(session.workspace.status(ofCustomer: customer).origin == .created)
            }
        }
    }

    @Test("keys never reach the output, the export or the state file")
    func keysStayOut() async throws {
        try await withSetup { setup in
            var outputs = [try await setup.rematch(["sync"]), try await setup.rematch(["status", "--json"]), try await setup.rematch(["export"]),
                           try await setup.rematch(["export", "--format", "csv"]), try await setup.rematch(["check"])]
            // A failure message too: the wrong key is never echoed.
            var environment = setup.environment
            environment["REMATCH_ITGLUE_API_KEY"] = "ITG.not-the-key-0123456789"
            outputs.append(try await BinaryRunner.run(["check"], environment: environment))
            #expect(outputs.last?.status == 1)
            let keys = [setup.sandbox.syncroAPIKey, setup.sandbox.itGlueAPIKey, "ITG.not-the-key-0123456789"]
            for output in outputs {
                for key in keys {
                    #expect(!output.stdout.contains(key))
                    #expect(!output.stderr.contains(key))
                }
            }
            for file in try FileManager.default.contentsOfDirectory(atPath: setup.directory) where file.hasPrefix("state.sqlite") {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: setup.directory + "/" + file))
                for key in keys { #expect(bytes.range(of: Data(key.utf8)) == nil, "\(file)") }
            }
        }
    }
}
