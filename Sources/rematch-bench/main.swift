import Foundation
import RematchBenchmarks

let arguments = CommandLine.arguments.dropFirst()
if arguments.first == "--peak-rss-of" {
    // Internal: the memory benchmark measures a child from a small process (see Benchmarks.childPeakRSS).
    exit(Benchmarks.peakRSSOfChild(Array(arguments.dropFirst())))
}
let json = arguments.contains("--json")
let tiny = arguments.contains("--tiny")
let only = arguments.firstIndex(of: "--only").flatMap { arguments.index(after: $0) < arguments.endIndex ? arguments[arguments.index(after: $0)] : nil }
if arguments.contains("--help") {
    print("""
        rematch-bench: Rematch's speed on generated data. Build in release: swift run -c release rematch-bench
          --json     one JSON object instead of the table
          --tiny     small data (checks that the benchmarks run; the figures mean nothing)
          --only ID  one figure: suggestions, devices, keystroke, frame, triage-frame, sync, first-frame, workspace, memory
        """)
    exit(0)
}
let results = await Benchmarks.run(tiny: tiny, only: only) { line in
    if !json { FileHandle.standardError.write(Data((line + "\n").utf8)) }
}
print(json ? Benchmarks.json(results) : Benchmarks.table(results))
