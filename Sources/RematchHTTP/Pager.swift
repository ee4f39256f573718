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

/// Reads every page of a list: page 1 first, then the rest concurrently (the limiter keeps the pace).
/// If a later page reports more pages than page 1 did (records added during the sync), those are read
/// too; an empty page ends the list early.
public enum Pager {
    public struct Page<Item: Sendable>: Sendable {
        public var items: [Item]
        public var totalPages: Int
        public init(items: [Item], totalPages: Int) {
            self.items = items
            self.totalPages = totalPages
        }
    }

    public static func all<Item: Sendable>(
        list: String, concurrency: Int = 4, progress: @escaping @Sendable (PageProgress) -> Void,
        fetch: @escaping @Sendable (Int) async throws -> Page<Item>
    ) async throws -> [Item] {
        let first = try await fetch(1)
        var pages: [Int: [Item]] = [1: first.items]
        var known = max(1, first.totalPages)
        var lastNonEmpty = first.items.isEmpty ? 0 : Int.max
        progress(PageProgress(list: list, done: 1, total: known))
        while true {
            let missing = (1...known).filter { pages[$0] == nil && $0 <= lastNonEmpty }
            if missing.isEmpty { break }
            try await withThrowingTaskGroup(of: (Int, Page<Item>).self) { group in
                var iterator = missing.makeIterator()
                for _ in 0..<min(concurrency, missing.count) {
                    if let number = iterator.next() { group.addTask { (number, try await fetch(number)) } }
                }
                while let (number, page) = try await group.next() {
                    pages[number] = page.items
                    known = max(known, page.totalPages)
                    if page.items.isEmpty { lastNonEmpty = min(lastNonEmpty, number - 1) }
                    progress(PageProgress(list: list, done: pages.count, total: max(known, pages.count)))
                    if let next = iterator.next() { group.addTask { (next, try await fetch(next)) } }
                }
            }
        }
        return pages.keys.sorted().flatMap { pages[$0]! }
    }
}
