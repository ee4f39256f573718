import Foundation
import RematchSandbox
import RematchTestSupport
import Testing

@Suite("rematch check", .serialized, .timeLimit(.minutes(5)))
struct CheckCommandTests {
    @Test("check --deep prints a row per probe after the connection lines, and --json one array of them")
    func deep() async throws {
        try await withRunningSandbox(.unlimited()) { sandbox in
            try await withTemporaryDirectory("rematch-cli") { directory in
                let environment = sandbox.environment(state: directory + "/state.sqlite", configHome: directory + "/config")
                // The connection check gives each service 10 s, as a person waits; on a machine busy with other
                // suites the sandbox may not answer in time. That is the check working, so such a run is repeated.
                func check(_ arguments: [String]) async throws -> ProcessOutput {
                    var output = try await BinaryRunner.run(arguments, environment: environment)
                    for _ in 0..<2 where output.status != 0 && output.stderr.contains("The connection check failed.") {
                        output = try await BinaryRunner.run(arguments, environment: environment)
                    }
                    return output
                }
                let text = try await check(["check", "--deep"])
                #expect(text.status == 0, "\(text.stderr)")
                let lines = text.stdout.split(separator: "\n").map(String.init)
                #expect(lines.first?.hasPrefix("Syncro  127.0.0.1: OK") == true, "\(lines)")
                #expect(lines.contains { $0.hasPrefix("IT Glue's filter[name] ignores case") && $0.contains(" no ") })
                #expect(!text.stdout.contains(sandbox.syncroAPIKey) && !text.stdout.contains(sandbox.itGlueAPIKey))
                let json = try await check(["check", "--deep", "--json"])
                #expect(json.status == 0, "\(json.stderr)")
                let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: String]])
                #expect(rows.count == lines.count - 2)
                #expect(rows.allSatisfy { Set($0.keys) == ["id", "question", "answer", "detail"] })
                #expect(rows.first { $0["id"] == "syncro.assets.meta" }?["answer"] == "no")
            }
        }
    }
}
