import Foundation
import RematchCore
import RematchSandbox
import RematchStore
import RematchSync
import RematchTUI

extension Benchmarks {
    /// A console over a generated account, driven key by key; each step is timed from the keys to the diffed
    /// screen buffer at 200×60, as the app loop does it.
    private final class Drive {
        let console: Console
        private var previous: ScreenBuffer
        private(set) var times: [Double] = []
        private(set) var changed = 0

        init(_ console: Console) {
            self.console = console
            previous = console.render(rows: 60, columns: 200)
        }

        func step(_ keys: Key...) {
            times.append(seconds {
                for key in keys { _ = console.handle(key) }
                let next = console.render(rows: 60, columns: 200)
                for index in next.cells.indices where next.cells[index] != previous.cells[index] { changed += 1 }
                previous = next
            })
        }

        func type(_ text: String) { for character in text { step(.character(character)) } }

        func slowest(_ log: (String) -> Void) {
            guard ProcessInfo.processInfo.environment["REMATCH_BENCH_FRAMES"] != nil else { return }
            log("slowest frames: " + times.enumerated().sorted { $0.element > $1.element }.prefix(8)
                .map { String(format: "#%d %.2f ms", $0.offset, $0.element * 1000) }.joined(separator: ", "))
        }
    }

    private static func drive(customers count: Int, seed: UInt64, _ body: (Drive) -> Void) throws -> Drive {
        let (store, directory) = try temporaryStore(DemoData.generate(seed: seed, customers: count).snapshot)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let drive = Drive(Console(workbench: try Workbench(store: store, user: "bench"), syncroHost: "bench", itGlueHost: "bench"))
        body(drive)
        return drive
    }

    static func frame(tiny: Bool, log: (String) -> Void) -> BenchmarkResult {
        let count = tiny ? 300 : 10_000
        log("frame: a console over \(count) customers…")
        do {
            let drive = try drive(customers: count, seed: 14) { drive in
                for _ in 0..<200 { drive.step(.down) }                       // scroll
                for _ in 0..<20 { drive.step(.pageDown) }
                drive.step(.character("/"))
                drive.type("riverside")                                      // filter as you type
                drive.step(.escape)
                for tab in "2312" + "1" { drive.step(.character(tab)) }      // tab switches
            }
            drive.slowest(log)
            let p99 = percentile(drive.times, 0.99)
            return BenchmarkResult(id: "frame", figure: "frame",
                                   detail: "state → screen buffer → diff at 200×60 over \(count) customers; scroll, filter, tab switch",
                                   median: percentile(drive.times, 0.5), p99: p99, value: p99 * 1000, unit: "ms (p99)", target: "p99 < 4 ms",
                                   met: p99 < 0.004, baseline: nil, note: "\(drive.times.count) frames")
        } catch {
            return BenchmarkResult(id: "frame", figure: "frame", detail: "failed: \(error)", median: nil, p99: nil, value: 0, unit: "",
                                   target: "p99 < 4 ms", met: false, baseline: nil, note: "")
        }
    }

    /// The triage views: sorting by each column, the filter over every column, the devices-left view and the
    /// list of every customer's devices (about 7 per customer), sorted and filtered, and decisions made there. The
    /// first sort or filter of a list after a change builds its index; that frame is the slowest (the worst).
    static func triageFrame(tiny: Bool, log: (String) -> Void) -> BenchmarkResult {
        let count = tiny ? 300 : 10_000
        log("triage-frame: sorted and filtered views over \(count) customers…")
        let target = "p99 < 16 ms; worst (an index build) < 250 ms"
        do {
            let drive = try drive(customers: count, seed: 16) { drive in
                for _ in 0..<4 { drive.step(.character("o")) }               // sort by each column of Unmatched
                drive.step(.character("O"))
                for _ in 0..<50 { drive.step(.down) }
                drive.step(.character("/"))
                drive.type("dental")                                        // filter over every column, sorted
                drive.step(.enter)
                for _ in 0..<20 { drive.step(.down) }
                drive.step(.character("2"))                                 // Matched, sorted and filtered
                drive.step(.character("w"))                                 // devices left, most first
                for _ in 0..<50 { drive.step(.down) }
                drive.step(.character("o"))
                drive.step(.character("D"))                                 // every customer's devices
                for _ in 0..<50 { drive.step(.down) }
                drive.step(.character("o"))
                drive.step(.character("/"))
                drive.type("lt")
                drive.step(.enter)
                for _ in 0..<50 { drive.step(.down) }
                for _ in 0..<3 { drive.step(.character("i")) }              // a decision in the sorted, filtered list
            }
            drive.slowest(log)
            let p99 = percentile(drive.times, 0.99), worst = drive.times.max() ?? 0
            let devices = drive.console.workspace.catalog.assets.count
            return BenchmarkResult(id: "triage-frame", figure: "triage frame",
                                   detail: "sort, filter every column, devices left and every customer's devices at 200×60 over \(count) customers, \(devices) devices",
                                   median: percentile(drive.times, 0.5), p99: p99, value: p99 * 1000, unit: "ms (p99)", target: target,
                                   met: p99 < 0.016 && worst < 0.25, baseline: nil,
                                   note: String(format: "%d frames; worst %.0f ms", drive.times.count, worst * 1000))
        } catch {
            return BenchmarkResult(id: "triage-frame", figure: "triage frame", detail: "failed: \(error)", median: nil, p99: nil, value: 0,
                                   unit: "", target: target, met: false, baseline: nil, note: "")
        }
    }
}
