import Foundation
import RematchTestSupport
import Testing
import RematchCore
import RematchStore
#if canImport(Glibc)
import Glibc
#endif
import Subprocess

@Suite("rematch demo", .serialized, .timeLimit(.minutes(5)))
struct DemoCommandTests {
    @Test("prints the three tabs with suggestions, deterministically")
    func demoOutput() async throws {
        let first = try await BinaryRunner.run(["demo", "--print", "--seed", "4", "--rows", "5"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Unmatched ("))
        #expect(first.stdout.contains("Matched ("))
        // Nobody ignored anything: the Ignored tab holds only the customers disabled in Syncro.
        #expect(first.stdout.contains("of them disabled in Syncro (former customers):"))
        #expect(first.stdout.contains("Syncro: 61 customers"))  // 50, the 6 of the trap classes (#12) and the 5 of #26
        let second = try await BinaryRunner.run(["demo", "--print", "--seed", "4", "--rows", "5"])
        let strip = { (text: String) in text.split(separator: "\n").filter { !$0.hasPrefix("State file") } }
        #expect(strip(first.stdout) == strip(second.stdout))
    }

    @Test("--help and --version exit 0")
    func help() async throws {
        let help = try await BinaryRunner.run(["demo", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--scale"))
        #expect(try await BinaryRunner.run(["--version"]).status == 0)
    }

    @Test("a bad option is a usage error, exit 2")
    func usage() async throws {
        let result = try await BinaryRunner.run(["demo", "--scale", "gigantic"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("gigantic"))
    }

    @Test("a process killed at any moment leaves a state file that opens whole: all of the snapshot or none")
    func crashLeavesConsistentState() async throws {
        // The demo writes its snapshot after about a second (sandbox start and first sync); the kills land
        // before, around and after it. The last run (nil) is allowed to finish, so both outcomes are seen.
        var complete = 0, empty = 0
        for delay in [0.0, 0.4, 0.8, 1.0, 1.2, 1.4, 1.6, 2.0, nil] {
            let directory = temporaryDirectory("rematch-cli")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let path = directory + "/state.sqlite"
            _ = try await Child.withRunning(BinaryRunner.executable.path, ["demo", "--state", path, "--scale", "medium"],
                                            output: .discarded, error: .discarded) { child in
                guard let delay else { return }
                try await Task.sleep(for: .seconds(delay))
                try? child.send(signal: .kill)  // fails only when the demo has already ended
            }
            let store = try StateStore(path: path)
            if let snapshot = try store.loadSnapshot() {
                // 500, the 60 of the trap classes (#12) and the 20 of #26
                #expect(snapshot.customers.count == 580, "killed after \(delay.map { "\($0) s" } ?? "the end")")
                complete += 1
            } else {
                empty += 1
            }
        }
        #expect(complete >= 1, "no run got as far as the snapshot")
        #expect(empty >= 1, "no kill landed before the snapshot")
    }

    @Test("a second process on the same state file gets a clear message")
    func secondProcess() async throws {
        let directory = temporaryDirectory("rematch-cli")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/state.sqlite"
        let holder = try StateStore(path: path)
        let result = try await BinaryRunner.run(["demo", "--state", path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("Another Rematch process (pid \(getpid())) is using \(path)"))
        _ = holder
    }
}
