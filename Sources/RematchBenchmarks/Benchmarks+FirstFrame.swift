import Foundation
import RematchCore
import RematchPresentation
import RematchSandbox
import RematchStore
import RematchSync
import RematchTUI
#if canImport(Glibc)
import Glibc
#endif

extension Benchmarks {
    // MARK: First frame and memory

    /// Peak RSS of a `rematch status` child on the state file (the binary beside this one), in MiB.
    ///
    /// Not `getrusage(RUSAGE_CHILDREN)` here: a child spawned by this process inherits, at its `exec`, the
    /// high-water mark of the memory it was cloned from, i.e. this benchmark's own peak (the generated data).
    /// So a fresh, small copy of this benchmark (`--peak-rss-of`) spawns `rematch` and reports its figure.
    static func childPeakRSS(statePath: String) -> Double? {
        childPeakRSS(["status", "--state", statePath], environment: [:])
    }

    /// Peak RSS, in MiB, of `rematch ARGUMENTS` run with these variables added to the environment (and no
    /// configuration file of the machine's user).
    static func childPeakRSS(_ arguments: [String], environment: [String: String]) -> Double? {
        guard let binary = rematchBinary,
              let text = childOutput(CommandLine.arguments[0], ["--peak-rss-of", binary] + arguments, environment: environment),
              let kib = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
        return kib / 1024
    }

    /// The `rematch` binary beside this one, if it was built.
    static var rematchBinary: String? {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("rematch").path
        return FileManager.default.isExecutableFile(atPath: binary) ? binary : nil
    }

    /// What a child prints on stdout, run with these variables added to the environment and no configuration file
    /// of the machine's user; nil when it fails.
    static func childOutput(_ executable: String, _ arguments: [String], environment: [String: String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["XDG_CONFIG_HOME": "/nonexistent"]) { $1 }
            .merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }

    /// `rematch-bench --peak-rss-of BINARY ARGS…`: runs the binary, waits for it, and prints its peak RSS in
    /// KiB (from `wait4`); exits 1 when it fails.
    public static func peakRSSOfChild(_ arguments: [String]) -> Int32 {
        guard let path = arguments.first else { return 2 }
        var pid: pid_t = 0
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var devNull = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&devNull)
        defer { posix_spawn_file_actions_destroy(&devNull) }
        posix_spawn_file_actions_addopen(&devNull, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&devNull, 2, "/dev/null", O_WRONLY, 0)
        guard posix_spawn(&pid, path, &devNull, nil, &argv, environ) == 0 else { return 1 }
        var status: Int32 = 0
        var usage = rusage()
        guard wait4(pid, &status, 0, &usage) == pid, status == 0 else { return 1 }
        print(usage.ru_maxrss)
        return 0
    }

    /// 10,000 customers and 100,000 assets (200 customers with --tiny).
    static func firstFrameSnapshot(tiny: Bool) -> Snapshot {
        let data = DemoData.generate(seed: 16, customers: tiny ? 200 : 14_000)
        var snapshot = data.snapshot
        if !tiny {
            // 10,000 customers keep every generated asset (about 10 each): the assets of the others move over.
            snapshot.customers = Array(snapshot.customers.prefix(10_000))
            let kept = snapshot.customers.map(\.id)
            let keptSet = Set(kept)
            snapshot.assets = snapshot.assets.prefix(100_000).enumerated().map { index, asset in
                var moved = asset
                if !keptSet.contains(asset.customerID) { moved.customerID = kept[index % kept.count] }
                return moved
            }
        }
        return snapshot
    }

    /// Where opening a state file's workspace spends its time, phase by phase.
    static func openingPhases(path: String) throws -> [String] {
        let store = try StateStore(path: path)
        var snapshot: Snapshot?
        let load = try seconds { snapshot = try store.loadSnapshot() }
        var workspace: Workspace?
        let build = seconds { workspace = Workspace(snapshot: snapshot!) }
        var console: Console?
        let make = try seconds { console = Console(workbench: try Workbench(store: store, user: "bench"), syncroHost: "bench", itGlueHost: "bench") }
        let draw = seconds { _ = console!.render(rows: 60, columns: 200) }
        _ = workspace
        return [String(format: "load %.0f ms", load * 1000), String(format: "workspace %.0f ms", build * 1000),
                String(format: "workbench+console %.0f ms", make * 1000), String(format: "draw %.0f ms", draw * 1000)]
    }

    static func firstFrameAndMemory(tiny: Bool, log: (String) -> Void) -> (BenchmarkResult, BenchmarkResult, BenchmarkResult) {
        log("first frame: a warm state file with 10,000 customers and 100,000 assets…")
        let snapshot = firstFrameSnapshot(tiny: tiny)
        do {
            let (store, directory) = try temporaryStore(snapshot)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let path = store.path
            _ = consume store
            // A state file that has not been written since a console closed on it: it is the opening frame
            // (the list is not kept yet) that the console shows when a command wrote to the file in between.
            let opening = try seconds {
                let store = try StateStore(path: path)
                _ = Console.renderOpening(rows: 60, columns: 200, syncroHost: "bench", itGlueHost: "bench",
                                          line: ConsoleApp.openingLine(store))
            }
            do {
                let store = try StateStore(path: path)
                try store.keepCustomerList(of: try Workbench(store: store, user: "bench").workspace)
            }
            // The first frame from the warm file: the kept list, drawn; the workspace is built behind it.
            let warm = try seconds {
                let store = try StateStore(path: path)
                guard let kept = try store.loadCustomerList() else { throw StoreError("the list was not kept") }
                let console = Console(store: store, list: kept.rows, devices: kept.devices, syncroHost: "bench", itGlueHost: "bench")
                _ = console.render(rows: 60, columns: 200)
            }
            // The workspace that actions need: the console (and with it the lock) is released when the block ends.
            let time = try seconds {
                let reopened = try StateStore(path: path)
                let console = Console(workbench: try Workbench(store: reopened, user: "bench"), syncroHost: "bench", itGlueHost: "bench")
                _ = console.render(rows: 60, columns: 200)
            }
            // Where the time goes, phase by phase (a second, separate pass).
            let phases = try openingPhases(path: path)
            log("first frame phases: " + phases.joined(separator: ", "))
            let rss = childPeakRSS(statePath: path)
            let first = BenchmarkResult(id: "first-frame", figure: "first frame",
                                        detail: "a warm state file (\(snapshot.customers.count) customers, \(snapshot.assets.count) assets): open and lock it, read the customer list kept by the last console, draw it; keys work from here while the workspace is built off the UI thread",
                                        median: nil, p99: nil, value: warm * 1000, unit: "ms", target: "< 300 ms", met: warm < 0.3,
                                        baseline: nil, note: String(format: "after a write by another command the list is stale, and the opening frame takes %.0f ms", opening * 1000))
            let list = BenchmarkResult(id: "workspace", figure: "workspace ready",
                                       detail: "the same file: load the snapshot and build the workspace (every suggestion and device match) that actions need",
                                       median: nil, p99: nil, value: time * 1000, unit: "ms", target: "— (actions wait for it)", met: true,
                                       baseline: nil, note: "in a second pass: " + phases.joined(separator: ", "))
            let memory = BenchmarkResult(id: "memory", figure: "memory",
                                         detail: rss == nil ? "failed: could not run the rematch binary beside rematch-bench"
                                             : "peak RSS of `rematch status` on that state file: it loads the whole workspace as the console does",
                                         median: nil, p99: nil, value: rss ?? 0, unit: "MiB", target: "< 300 MB", met: (rss ?? .infinity) < 286,
                                         baseline: nil, note: "")
            return (first, list, memory)
        } catch {
            let failed = { (id: String) in
                BenchmarkResult(id: id, figure: id, detail: "failed: \(error)", median: nil, p99: nil, value: 0,
                                unit: "", target: id == "memory" ? "< 300 MB" : "< 300 ms", met: false, baseline: nil, note: "")
            }
            return (failed("first-frame"), failed("workspace"), failed("memory"))
        }
    }

    // MARK: Memory of a full sync

    /// Peak RSS of `rematch sync` reading 10,000 customers and 100,000 assets (and their organizations and
    /// configurations) from an in-process sandbox into a fresh state file: the same target as the console. The same
    /// run, at the documented rate limits in real time, gives the whole sync's ratio to the floor they set.
    static func syncMemory(tiny: Bool, log: @escaping @Sendable (String) -> Void) async -> [BenchmarkResult] {
        let snapshot = firstFrameSnapshot(tiny: tiny)
        log("sync memory: rematch sync of \(snapshot.customers.count) customers, \(snapshot.assets.count) assets…")
        var configuration = SandboxConfiguration(dataset: .from(snapshot))
        configuration.latency = .milliseconds(100)
        // The documented windows, in real time; nobody else draws from them.
        configuration.behaviour.externalRateShare = 0
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rematch-bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let failed = { (why: String) in
            [BenchmarkResult(id: "sync-memory", figure: "sync memory", detail: "failed: \(why)", median: nil, p99: nil, value: 0,
                             unit: "", target: "< 300 MB", met: false, baseline: nil, note: "")]
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let sandbox = try await Sandbox.start(configuration)
            let environment = ["REMATCH_SYNCRO_URL": sandbox.syncroURL, "REMATCH_SYNCRO_API_KEY": sandbox.syncroAPIKey,
                               "REMATCH_ITGLUE_URL": sandbox.itGlueURL, "REMATCH_ITGLUE_API_KEY": sandbox.itGlueAPIKey,
                               "REMATCH_STATE": directory + "/state.sqlite"]
            let started = Date()
            // The child is waited for off the cooperative pool, which serves the sandbox meanwhile.
            let rss = await withCheckedContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(returning: childPeakRSS(["sync"], environment: environment)) }
            }
            let wall = Date().timeIntervalSince(started)
            let syncro = sandbox.stats(.syncro), itGlue = sandbox.stats(.itglue)
            await sandbox.stop()
            guard let rss else { return failed("rematch sync failed or the binary is missing") }
            let floor = rateLimitFloor(syncroRequests: syncro.requests, itGlueRequests: itGlue.requests)
            let ratio = floor > 0 ? wall / floor : 0
            let refusals = syncro.rateLimited + itGlue.rateLimited
            return [
                BenchmarkResult(id: "sync-memory", figure: "sync memory",
                                detail: "peak RSS of `rematch sync` reading \(snapshot.customers.count) customers, \(snapshot.assets.count) assets, "
                                    + "\(snapshot.organizations.count) organizations and \(snapshot.configurations.count) configurations "
                                    + "into a fresh state file (\(String(format: "%.0f", wall)) s)",
                                median: nil, p99: nil, value: rss, unit: "MiB", target: "< 300 MB", met: rss < 286, baseline: nil, note: ""),
                BenchmarkResult(id: "sync-floor-real", figure: "sync at the floor, real time",
                                detail: "the same sync: \(syncro.requests) Syncro and \(itGlue.requests) IT Glue requests at the documented limits, "
                                    + "100 ms latency; wall \(String(format: "%.1f", wall)) s (reading, storing and the workspace), "
                                    + "floor \(String(format: "%.1f", floor)) s; \(refusals) answers of 429; peak in a window: Syncro \(syncro.peakInWindow) of 180",
                                median: nil, p99: nil, value: ratio, unit: "× floor", target: "≤ 1.05, no 429",
                                met: floor > 0 && ratio <= 1.05 && refusals == 0, baseline: nil, note: ""),
            ]
        } catch {
            return failed("\(error)")
        }
    }
}
