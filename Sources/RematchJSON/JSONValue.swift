import Foundation

/// A JSON document kept as written, so fixture records and API bodies round-trip with every field,
/// including the ones Rematch does not read.
public enum JSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if value == value.rounded(), abs(value) < 1e15 { try container.encode(Int64(value)) } else { try container.encode(value) }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    public subscript(key: String) -> JSONValue? {
        get { if case .object(let object) = self { object[key] } else { nil } }
        set {
            guard case .object(var object) = self else { return }
            object[key] = newValue
            self = .object(object)
        }
    }

    public var stringValue: String? { if case .string(let value) = self { value } else { nil } }
    public var doubleValue: Double? { if case .number(let value) = self { value } else { nil } }
    public var boolValue: Bool? { if case .bool(let value) = self { value } else { nil } }
    /// A boolean sent loosely: true, "true", "1" or a non-zero number; anything else is false.
    public var isTrue: Bool {
        switch self {
        case .bool(let value): value
        case .string(let value): ["true", "1"].contains(value.lowercased())
        case .number(let value): value != 0
        default: false
        }
    }
    public var arrayValue: [JSONValue]? { if case .array(let value) = self { value } else { nil } }
    public var objectValue: [String: JSONValue]? { if case .object(let value) = self { value } else { nil } }
    public var isNull: Bool { self == .null }

    /// An integer from a number or a numeric string: IT Glue mixes both for ids.
    public var intValue: Int? {
        switch self {
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? Int(value) : nil
        case .string(let value): Int(value)
        default: nil
        }
    }

    /// Text for a scalar: strings as they are, numbers without a trailing ".0".
    public var text: String? {
        switch self {
        case .string(let value): value
        case .number: intValue.map(String.init) ?? doubleValue.map { String($0) }
        case .bool(let value): String(value)
        default: nil
        }
    }

    public static func from(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
    public static func from(_ value: Int?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    public func encoded() -> Data { (try? Self.encoder.encode(self)) ?? Data("null".utf8) }

    public static func decode(_ data: Data) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: data) }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { $1 }))
    }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }
}

/// Why an answer's body could not be read as JSON, and whether asking again could help.
public enum JSONAnswerProblem: Error, Sendable, Hashable {
    /// Nested deeper than the limit: a hostile or broken answer; the same request gets the same answer.
    case tooDeep(limit: Int)
    /// Cut off before its end (a dropped connection or a proxy's limit): asking again may help.
    case incomplete
    /// Complete but not JSON: asking again will not help.
    case invalid

    /// Whether the same request might get a readable answer next time.
    public var mayChange: Bool { self == .incomplete }
}

extension JSONValue {
    /// How deep an answer may nest. The services' documents nest about six levels; a hundred is generous, and keeps
    /// a hostile answer from exhausting the stack or the decoder.
    public static let answerDepthLimit = 100

    /// Reads an API answer: bytes that are not UTF-8 are replaced (one bad byte in one name must not fail a whole
    /// page), nesting is bounded before the decoder sees it, and a failure says whether asking again could help.
    public static func decodeAnswer(_ data: Data, depthLimit: Int = answerDepthLimit) throws(JSONAnswerProblem) -> JSONValue {
        var bytes = data
        if String(data: bytes, encoding: .utf8) == nil { bytes = Data(String(decoding: bytes, as: UTF8.self).utf8) }
        switch Self.shape(of: bytes, depthLimit: depthLimit) {
        case .tooDeep: throw .tooDeep(limit: depthLimit)
        case .unbalanced: throw .incomplete
        case .balanced:
            guard let value = try? decode(bytes) else { throw .invalid }
            return value
        }
    }

    enum Shape { case balanced, unbalanced, tooDeep }

    /// One pass over the bytes, outside strings: the deepest nesting, and whether every bracket and string closes.
    static func shape(of bytes: Data, depthLimit: Int) -> Shape {
        var depth = 0, inString = false, escaped = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > depthLimit { return .tooDeep }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
                if depth < 0 { return .balanced }  // Not JSON at all; the decoder will say so.
            default: break
            }
        }
        return depth == 0 && !inString ? .balanced : .unbalanced
    }
}
