import Foundation
import RematchCore
import RematchSandbox
import RematchStore
import RematchTestSupport
import Testing

/// The commands on a PostgreSQL state: `migrate-state` both ways, and the same commands as on a file.
@Suite("Commands on a shared PostgreSQL state", .serialized, .timeLimit(.minutes(5)))
struct SharedStateCommandTests {
    @Test("migrate-state copies a synced file into PostgreSQL and back; status, log and sync work on it; no password is shown")
    func migrateAndUse() async throws {
        try await withRunningSandbox(.unlimited()) { sandbox in
            try await withTemporaryDirectory("rematch-cli-pg") { directory in
                let file = directory + "/state.sqlite"
                let database = try TestPostgres.freshDatabase()
                defer { TestPostgres.dropDatabase(database) }
                // With a password the loopback server does not ask for: it must still never be shown.
                var components = try #require(URLComponents(string: database))
                components.password = "hunter2"
                let url = try #require(components.string)
                let environment = sandbox.environment(state: file, configHome: directory + "/config")
                func rematch(_ arguments: [String]) async throws -> ProcessOutput {
                    let output = try await BinaryRunner.run(arguments, environment: environment)
                    #expect(!output.stdout.contains("hunter2") && !output.stderr.contains("hunter2"), "\(arguments)")
                    return output
                }
                #expect(try await rematch(["sync"]).status == 0)
                #expect(try await rematch(["accept-suggestions", "--min-score", "0.95"]).status == 0)
                /// What `status --json` says about matching, without the time of the last sync.
                func matching(_ state: String) async throws -> String {
                    let status = try await rematch(["status", "--json", "--state", state])
                    #expect(status.status == 0, "\(status.stderr)")
                    var object = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
                    object["sync"] = nil
                    return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
                }
                let fileStatus = try await matching(file)

                let migrated = try await rematch(["migrate-state", "--to", url])
                #expect(migrated.status == 0, "\(migrated.stderr)")
                #expect(migrated.stdout.contains("Read back and checked."))
                #expect(migrated.stdout.contains("decisions"))
                #expect(try await matching(url) == fileStatus)
                let log = try await rematch(["log", "--state", url])
                #expect(log.status == 0 && log.stdout.contains("accept"), "\(log.stderr)")
                // A second copy into the same database is refused; the file is left as it was.
                let again = try await rematch(["migrate-state", "--to", url])
                #expect(again.status == 1 && again.stderr.contains("already holds a Rematch state"))
                // Work goes on in PostgreSQL: a sync there keeps every decision.
                let sync = try await rematch(["sync", "--state", url])
                #expect(sync.status == 0, "\(sync.stderr)")
                #expect(try await matching(url) == fileStatus)
                // And back into a new file.
                let back = directory + "/back.sqlite"
                let returned = try await rematch(["migrate-state", "--state", url, "--to", back])
                #expect(returned.status == 0, "\(returned.stderr)")
                #expect(try await matching(back) == fileStatus)
                let shared = try StateStore(readingOnly: back)
                #expect(try shared.auditLog(limit: 10_000).count == (try StateStore(readingOnly: file).auditLog(limit: 10_000).count))
            }
        }
    }
}
