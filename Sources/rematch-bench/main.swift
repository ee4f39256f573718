import Foundation
import RematchBenchmarks

let arguments = CommandLine.arguments.dropFirst()
if arguments.first == "--peak-rss-of" {
    // Internal: the memory benchmark measures a child from a small process (see Benchmarks.childPeakRSS).
    exit(Benchmarks.peakRSSOfChild(Array(arguments.dropFirst())))
}
func option(_ name: String) -> String? {
    arguments.firstIndex(of: name).flatMap { arguments.index(after: $0) < arguments.endIndex ? arguments[arguments.index(after: $0)] : nil }
}
if arguments.first == "quality" {
    if arguments.contains("--help") {
        print("""
            rematch-bench quality: first proposal right, wrong auto-links and plain suggestions per trap class (#12),
              and the writes a person taking the defaults makes, wrong ones counted (#26)
              --seeds 401,402,403     seeds of the generated accounts: 401–403 are held out (1–3, 101–103,
                                      201–205 and 301–303 were looked at while the rules were tuned)
              --customers 300,2000    account sizes; one report per size, its seeds combined
              --misses N              misses shown per trap class (3)
            """)
        exit(0)
    }
    let seeds = (option("--seeds") ?? "401,402,403").split(separator: ",").compactMap { UInt64($0) }
    let sizes = (option("--customers") ?? "300,2000").split(separator: ",").compactMap { Int($0) }
    let misses = option("--misses").flatMap { Int($0) } ?? 3
    print(Benchmarks.quality(seeds: seeds, customers: sizes, missesPerClass: misses) { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    })
    exit(0)
}
let json = arguments.contains("--json")
let tiny = arguments.contains("--tiny")
let only = option("--only")
if arguments.contains("--help") {
    print("""
        rematch-bench: Rematch's speed on generated data. Build in release: swift run -c release rematch-bench
          --json     one JSON object instead of the table
          --tiny     small data (checks that the benchmarks run; the figures mean nothing)
          --only ID  one figure: suggestions, devices, keystroke, frame, triage-frame, sync, sync-floor, determinism,
                     first-frame, workspace, memory, sync-memory (12 minutes in real time; it also gives sync-floor-real)
        rematch-bench quality [--seeds 401,402,403] [--customers 300,2000]: matching quality per trap class (--help)
        """)
    exit(0)
}
let results = await Benchmarks.run(tiny: tiny, only: only) { line in
    if !json { FileHandle.standardError.write(Data((line + "\n").utf8)) }
}
print(json ? Benchmarks.json(results) : Benchmarks.table(results))
