import Dispatch
import Foundation
import Synchronization

/// Work split over the machine's cores for the few passes that are pure and large (suggestions for every
/// customer, device matching for every organization). Callers get the results in order, as if run serially.
enum Parallel {
    /// Runs `body` over `count` items in contiguous chunks on all cores and concatenates the chunks' results in
    /// order. Small inputs run on the calling thread.
    static func flatMap<T: Sendable>(_ count: Int, minimumChunk: Int = 256, _ body: @Sendable (Range<Int>) -> [T]) -> [T] {
        let ranges = chunks(count, minimumChunk: minimumChunk)
        guard ranges.count > 1 else { return body(0..<count) }
        let results = Mutex<[Int: [T]]>([:])
        DispatchQueue.concurrentPerform(iterations: ranges.count) { chunk in
            let part = body(ranges[chunk])
            results.withLock { $0[chunk] = part }
        }
        return results.withLock { parts in ranges.indices.flatMap { parts[$0] ?? [] } }
    }

    /// Runs `body` over `count` items in contiguous chunks on all cores and merges each chunk's result into `initial`
    /// as soon as it is done, one at a time. Only the chunks in flight are held at once: for a pass whose answers go
    /// into one table anyway, never the whole list of them as well. `merge` must not depend on the order the chunks
    /// finish in.
    static func merge<T, State: Sendable>(_ count: Int, minimumChunk: Int = 256, into initial: State,
                                          _ body: @Sendable (Range<Int>) -> T, merge: @Sendable (inout State, T) -> Void) -> State {
        let ranges = chunks(count, minimumChunk: minimumChunk)
        let shared = Mutex(initial)
        DispatchQueue.concurrentPerform(iterations: ranges.count) { chunk in
            let part = body(ranges[chunk])
            shared.withLock { merge(&$0, part) }
        }
        return shared.withLock { $0 }
    }

    /// The chunks `count` items are split into: one on a single core or for a small input, else a few per core, so
    /// one slow chunk does not leave a core idle.
    private static func chunks(_ count: Int, minimumChunk: Int) -> [Range<Int>] {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        guard cores > 1, count >= minimumChunk * 2 else { return [0..<count] }
        let chunks = min(cores * 4, max(1, count / minimumChunk))
        return (0..<chunks).map { (count * $0 / chunks)..<(count * ($0 + 1) / chunks) }
    }
}
