import RematchJSON
import Synchronization
/// Progress of one paged list: pages read of the pages known so far.
public struct PageProgress: Sendable, Hashable {
    public var list: String
    public var done: Int
    public var total: Int
}

/// A record that could not be read and was left out; the sync goes on without it.
public struct SkippedRecord: Sendable, Hashable, CustomStringConvertible {
    public var service: String
    public var kind: String
    public var id: String
    public var reason: String
    public var description: String { "\(service) \(kind) \(id): \(reason)" }

    public init(service: String, kind: String, id: String, reason: String) {
        self.service = service
        self.kind = kind
        self.id = id
        self.reason = reason
    }
}

/// A record as read from its page: its value, or why it was left out. Lists are decoded page by page, so a sync
/// holds the records it keeps, never every page's JSON at once.
public enum PageRecord<Value: Sendable>: Sendable {
    case value(Value)
    case skipped(SkippedRecord)

    /// The values, and the records left out, in page order.
    public static func split(_ records: [PageRecord<Value>]) -> (values: [Value], skipped: [SkippedRecord]) {
        var values: [Value] = [], skipped: [SkippedRecord] = []
        values.reserveCapacity(records.count)
        for record in records {
            switch record {
            case .value(let value): values.append(value)
            case .skipped(let why): skipped.append(why)
            }
        }
        return (values, skipped)
    }
}

extension PageRecord {
    /// `value` as read from `json`, or, when it could not be read (nil), the record left out with its id and why.
    public init(_ value: Value?, from json: JSONValue, service: String, kind: String, reason: String) {
        self = value.map(Self.value) ?? .skipped(SkippedRecord(service: service, kind: kind, id: json["id"]?.text ?? "?", reason: reason))
    }
}

/// Reads every page of a list: page 1 first, then the rest concurrently (the limiter keeps the pace).
///
/// The page count the service reports is a hint, never trusted for memory or for an end: pages are asked for
/// one window at a time, an empty page ends the list, a later page that reports more pages (records added during
/// the sync) extends it, and a list is refused rather than read on without end when it runs past ``maximumPages``
/// or answers a page with the same records as the page before it (a service that ignores the page number).
public enum Pager {
    public struct Page<Item: Sendable>: Sendable {
        public var items: [Item]
        public var totalPages: Int
        /// What identifies the page's records (their ids, in order), to tell a repeated page; nil when unknown.
        public var fingerprint: [String]?
        public init(items: [Item], totalPages: Int, fingerprint: [String]? = nil) {
            self.items = items
            self.totalPages = totalPages
            self.fingerprint = fingerprint
        }
    }

    /// More pages than any account has: 20,000 pages of 25 is half a million records.
    public static let maximumPages = 20_000

    /// A list that cannot be read to its end.
    public struct Unbounded: Error, Sendable, CustomStringConvertible {
        public var list: String
        public var reason: String
        public var description: String { "\(list): \(reason); nothing of the list was used" }
    }

    public static func all<Item: Sendable>(
        list: String, concurrency: Int = 4, maximumPages: Int = Pager.maximumPages,
        progress: @escaping @Sendable (PageProgress) -> Void,
        fetch: @escaping @Sendable (Int) async throws -> Page<Item>
    ) async throws -> [Item] {
        let first = try await fetch(1)
        var pages: [Int: Page<Item>] = [1: first]
        // The last page to read: what the service reports, at most the cap; an empty page cuts it short.
        var known = min(max(1, first.totalPages), maximumPages)
        var claimedBeyondCap = first.totalPages > maximumPages
        var lastNonEmpty = first.items.isEmpty ? 0 : Int.max
        progress(PageProgress(list: list, done: 1, total: known))
        var next = 2
        // Pages asked for past the list's end (a count that was too high, or read-ahead without one) are cancelled
        // once an empty page shows where it ends: one waiting for the rate limit would otherwise hold the list up for
        // a whole window, for a page known to be empty.
        let end = ListEnd()
        var asked: [Int: Task<Page<Item>, any Error>] = [:]
        try await withThrowingTaskGroup(of: (Int, Page<Item>?).self) { group in
            var running = 0
            func launch() {
                while running < concurrency, next <= known, next <= lastNonEmpty {
                    let number = next
                    next += 1
                    running += 1
                    let task = Task { try await fetch(number) }
                    asked[number] = task
                    group.addTask {
                        do {
                            return (number, try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() })
                        } catch {
                            // Past the end: whatever became of it, the list does not need it.
                            if end.isPast(number) { return (number, nil) }
                            throw error
                        }
                    }
                }
            }
            launch()
            while let (number, answer) = try await group.next() {
                running -= 1
                asked[number] = nil
                guard let page = answer else { continue }
                pages[number] = page
                claimedBeyondCap = claimedBeyondCap || page.totalPages > maximumPages
                known = max(known, min(page.totalPages, maximumPages))
                if page.items.isEmpty, number - 1 < lastNonEmpty {
                    lastNonEmpty = number - 1
                    end.set(lastNonEmpty)
                    for (later, task) in asked where later > lastNonEmpty { task.cancel() }
                }
                for (earlier, later) in [(number - 1, number), (number, number + 1)] {
                    if let a = pages[earlier]?.fingerprint, let b = pages[later]?.fingerprint, !a.isEmpty, a == b {
                        throw Unbounded(list: list, reason: "page \(later) holds the same records as page \(earlier) (the service ignores the page number)")
                    }
                }
                progress(PageProgress(list: list, done: pages.count, total: max(known, pages.count)))
                launch()
            }
        }
        let read = pages.keys.filter { $0 <= lastNonEmpty }.sorted()
        // The list's true length, now known: the pages that held records (pages asked for past its end aside).
        progress(PageProgress(list: list, done: max(1, read.count), total: max(1, read.count)))
        if claimedBeyondCap, lastNonEmpty > maximumPages - 1, pages[maximumPages]?.items.isEmpty == false {
            throw Unbounded(list: list, reason: "the service reports more than \(maximumPages) pages")
        }
        // Each page is let go as it is copied out: a list is held once, not twice, while it is put together.
        var items: [Item] = []
        items.reserveCapacity(read.reduce(0) { $0 + pages[$1]!.items.count })
        for number in read { items += pages.removeValue(forKey: number)!.items }
        return items
    }
}

/// The last page of a list that held records, once an empty page has said so; shared with the pages in flight.
private final class ListEnd: Sendable {
    private let last = Mutex(Int.max)
    func set(_ page: Int) { last.withLock { $0 = page } }
    func isPast(_ page: Int) -> Bool { last.withLock { page > $0 } }
}
