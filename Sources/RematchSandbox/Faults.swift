import RematchCore

/// Which server a rule or a request belongs to.
public enum SandboxServer: String, Sendable, Hashable, CaseIterable {
    case syncro, itglue
}

/// A fault spec that cannot be read, with the part that is wrong.
public struct FaultSpecError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// One injected fault. Syntax (rules separated by `;`, options by `,`):
///
///     KIND[@WHERE][,OPTION…]
///     KIND   = 403 | 404 | 429 | 429+retry=SECONDS | 500 | 502 | 503 | 504 | close | slow=MS | truncate
///            | redirect=URL | badutf8 | deep | huge | pages=N
///     WHERE  = syncro | itglue | syncro/ROUTE | itglue/ROUTE     (ROUTE: a path prefix, e.g. customer_assets)
///     OPTION = rate=P | nth=N | every=N | times=N | method=M     (default: every matching request, any method)
public struct FaultRule: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// An error status with the service's own error body.
        case status(Int)
        /// 429, with a Retry-After header when `retryAfter` is set.
        case tooManyRequests(retryAfter: Int?)
        /// Headers and half the body, then the connection is closed.
        case close
        /// The answer is held back this long (a client's timeout should fire first).
        case slow(milliseconds: Int)
        /// A 200 whose JSON body is cut short.
        case truncate
        /// A 302 to this base URL plus the request's path and query (a client must not follow it with the key).
        case redirect(String)
        /// The answer with one byte that is not UTF-8 inside its first string.
        case invalidUTF8
        /// A 200 of arrays nested 100,000 deep.
        case deep
        /// A 200 of 40 MB (one long string).
        case huge
        /// The answer's page count (`meta`) says this many pages.
        case pages(Int)
    }
    public enum Trigger: Sendable, Hashable {
        case rate(Double), nth(Int), every(Int)
    }

    public var kind: Kind
    public var server: SandboxServer?
    public var route: String?
    public var trigger: Trigger
    public var times: Int?
    /// Only requests of this method (`POST`, `GET`…); nil: any.
    public var method: String?

    static func parse(_ text: String) throws(FaultSpecError) -> FaultRule {
        func fail(_ why: String) -> FaultSpecError { FaultSpecError(message: "fault rule \"\(text)\": \(why)") }
        let parts = text.split(separator: ",").map { $0.trimmingWhitespace() }
        guard let head = parts.first, !head.isEmpty else { throw fail("empty rule") }
        let headParts = head.split(separator: "@", maxSplits: 1).map(String.init)
        let kindText = headParts[0]
        let kind: Kind
        switch kindText {
        case "429": kind = .tooManyRequests(retryAfter: nil)
        case "403", "404", "500", "502", "503", "504": kind = .status(Int(kindText)!)
        case "close": kind = .close
        case "truncate": kind = .truncate
        case "badutf8": kind = .invalidUTF8
        case "deep": kind = .deep
        case "huge": kind = .huge
        default:
            if kindText.hasPrefix("429+retry="), let seconds = Int(kindText.dropFirst(10)), seconds >= 0 {
                kind = .tooManyRequests(retryAfter: seconds)
            } else if kindText.hasPrefix("slow="), let milliseconds = Int(kindText.dropFirst(5)), milliseconds >= 0 {
                kind = .slow(milliseconds: milliseconds)
            } else if kindText.hasPrefix("redirect="), kindText.count > 9 {
                kind = .redirect(String(kindText.dropFirst(9)))
            } else if kindText.hasPrefix("pages="), let count = Int(kindText.dropFirst(6)), count >= 0 {
                kind = .pages(count)
            } else {
                throw fail("unknown kind \"\(kindText)\" (403, 404, 429, 429+retry=S, 500, 502, 503, 504, close, slow=MS, truncate, "
                    + "redirect=URL, badutf8, deep, huge, pages=N)")
            }
        }
        var server: SandboxServer?
        var route: String?
        if headParts.count > 1 {
            let place = headParts[1].split(separator: "/", maxSplits: 1).map(String.init)
            guard let named = SandboxServer(rawValue: place[0]) else { throw fail("\"@\(headParts[1])\" must start with syncro or itglue") }
            server = named
            if place.count > 1, !place[1].isEmpty { route = place[1] }
        }
        var trigger = Trigger.rate(1)
        var times: Int?
        var method: String?
        for option in parts.dropFirst() {
            let pair = option.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { throw fail("option \"\(option)\" must be NAME=VALUE") }
            switch pair[0] {
            case "rate":
                guard let p = Double(pair[1]), p >= 0, p <= 1 else { throw fail("rate must be between 0 and 1") }
                trigger = .rate(p)
            case "nth":
                guard let n = Int(pair[1]), n >= 1 else { throw fail("nth must be 1 or more") }
                trigger = .nth(n)
            case "every":
                guard let n = Int(pair[1]), n >= 1 else { throw fail("every must be 1 or more") }
                trigger = .every(n)
            case "times":
                guard let n = Int(pair[1]), n >= 1 else { throw fail("times must be 1 or more") }
                times = n
            case "method":
                guard ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(pair[1].uppercased()) else {
                    throw fail("method must be GET, POST, PUT, PATCH or DELETE")
                }
                method = pair[1].uppercased()
            default: throw fail("unknown option \"\(pair[0])\" (rate, nth, every, times, method)")
            }
        }
        return FaultRule(kind: kind, server: server, route: route, trigger: trigger, times: times, method: method)
    }

    func applies(to server: SandboxServer, path: String, method: String) -> Bool {
        if let own = self.server, own != server { return false }
        if let only = self.method, only != method.uppercased() { return false }
        if let route { return path.hasPrefix("/" + route) }
        return true
    }
}

/// The faults to inject, with their seeded random source and counters, so a run is reproducible.
public struct FaultPlan: Sendable {
    public private(set) var rules: [FaultRule]
    private var matched: [Int]
    private var fired: [Int]
    private var random: SeededGenerator

    public init(rules: [FaultRule] = [], seed: UInt64 = 1) {
        self.rules = rules
        matched = Array(repeating: 0, count: rules.count)
        fired = Array(repeating: 0, count: rules.count)
        random = SeededGenerator(seed: seed)
    }

    public init(spec: String, seed: UInt64 = 1) throws(FaultSpecError) {
        var rules: [FaultRule] = []
        for part in spec.split(separator: ";") where !part.trimmingWhitespace().isEmpty {
            rules.append(try FaultRule.parse(part.trimmingWhitespace()))
        }
        self.init(rules: rules, seed: seed)
    }

    /// The fault for this request, if any: the first rule that matches and triggers.
    public mutating func next(server: SandboxServer, path: String, method: String = "GET") -> FaultRule.Kind? {
        var chosen: FaultRule.Kind?
        for (index, rule) in rules.enumerated() where rule.applies(to: server, path: path, method: method) {
            matched[index] += 1
            if let times = rule.times, fired[index] >= times { continue }
            let fires: Bool
            switch rule.trigger {
            case .rate(let p): fires = p >= 1 || random.chance(p)
            case .nth(let n): fires = matched[index] == n
            case .every(let n): fires = matched[index] % n == 0
            }
            if fires, chosen == nil {
                fired[index] += 1
                chosen = rule.kind
            }
        }
        return chosen
    }
}
