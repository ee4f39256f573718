import Foundation
import RematchCore

/// The customer list as the console last drew it, in one compact value that the state file keeps for the next
/// start (the store only guards it with its revision). Text with separator bytes: faster to read back than
/// JSON for 10,000 rows, and the separators, being control characters, are removed from values on the way in.
public struct KeptCustomerList: Sendable, Hashable {
    public var rows: [CustomerRow]
    /// Devices in the snapshot, for the header while the workspace is still being built.
    public var devices: Int

    public init(rows: [CustomerRow], devices: Int) {
        self.rows = rows
        self.devices = devices
    }

    /// The list of a workspace, every row with its detail.
    public init(of workspace: Workspace) {
        self.init(rows: workspace.customerRows(), devices: workspace.catalog.assets.count)
    }

    static let format = "rematch-customer-list 3"
    private static let rowSeparator: UInt8 = 0x1E, fieldSeparator: UInt8 = 0x1F
    private static let candidateSeparator: UInt8 = 0x1D, candidateFieldSeparator: UInt8 = 0x1C
    private static let separators: Set<Character> = ["\u{1C}", "\u{1D}", "\u{1E}", "\u{1F}"]

    public func encoded() -> Data {
        var records = [[Self.format, String(devices)]]
        records.reserveCapacity(rows.count + 1)
        for row in rows {
            let suggestion = row.suggestion
            let text = [
                String(row.id), row.name, row.state.rawValue, Self.optional(row.email), Self.optional(row.phone),
                String(row.devices), String(row.matchedDevices), row.deviceClasses, Self.optional(row.organizationName),
                Self.optional(row.pendingOrganizationName), Self.optional(row.origin?.rawValue), Self.optional(row.problem),
                Self.optional(suggestion?.organizationID), suggestion?.name ?? "", suggestion.map { String($0.score) } ?? "",
                suggestion?.reason ?? "", row.suggestionFacts, row.isAmbiguous ? "1" : "0", String(row.unmatchedDevices),
                String(row.sharedWith), row.disabled ? "1" : "0",
            ].map(Self.clean)
            records.append(text + [Self.pack(row.alternatives)])
        }
        let text = records.map { $0.joined(separator: "\u{1F}") }.joined(separator: "\u{1E}")
        return Data(text.utf8)
    }

    /// Reads what `encoded()` wrote; nil for anything else (another format, a damaged value). Splits the raw
    /// bytes in one pass (the console's first frame waits for this).
    public init?(decoding data: Data) {
        let decoded: (rows: [CustomerRow], devices: Int)? = data.withUnsafeBytes { bytes in
            var records = Self.split(bytes, on: Self.rowSeparator).makeIterator()
            guard let header = records.next().map({ Self.fields(bytes[$0]) }), header.count == 2, header[0] == Self.format,
                  let devices = Int(header[1]) else { return nil }
            var rows: [CustomerRow] = []
            while let record = records.next() {
                guard let row = Self.row(Self.fields(bytes[record])) else { return nil }
                rows.append(row)
            }
            return (rows, devices)
        }
        guard let decoded else { return nil }
        self.init(rows: decoded.rows, devices: decoded.devices)
    }

    /// The ranges between separators (an empty buffer has none).
    private static func split(_ bytes: UnsafeRawBufferPointer, on separator: UInt8) -> [Range<Int>] {
        guard !bytes.isEmpty else { return [] }
        var ranges: [Range<Int>] = []
        var start = 0
        for index in 0..<bytes.count where bytes[index] == separator {
            ranges.append(start..<index)
            start = index + 1
        }
        ranges.append(start..<bytes.count)
        return ranges
    }

    private static func fields(_ record: UnsafeRawBufferPointer.SubSequence) -> [String] {
        let base = UnsafeRawBufferPointer(rebasing: record)
        return split(base, on: fieldSeparator).map { String(decoding: UnsafeRawBufferPointer(rebasing: base[$0]), as: UTF8.self) }
    }

    private static func row(_ f: [String]) -> CustomerRow? {
        guard f.count == 22, let id = Int(f[0]), let state = MatchState(rawValue: f[2]), let devices = Int(f[5]),
              let matched = Int(f[6]), let unmatched = Int(f[18]), let shared = Int(f[19]) else { return nil }
        let suggestion = value(f[12]).map { OrganizationCandidate(organizationID: $0, name: f[13], score: Double(f[14]) ?? 0, reason: f[15]) }
        return CustomerRow(id: id, name: f[1], state: state, email: value(f[3]), phone: value(f[4]), devices: devices,
                           matchedDevices: matched, deviceClasses: f[7], organizationName: value(f[8]),
                           pendingOrganizationName: value(f[9]), origin: value(f[10]).flatMap(MatchOrigin.init(rawValue:)),
                           problem: value(f[11]), suggestion: suggestion, suggestionFacts: f[16], isAmbiguous: f[17] == "1",
                           alternatives: unpack(f[21]), unmatchedDevices: unmatched, sharedWith: shared, disabled: f[20] == "1")
    }

    /// An optional value: empty for nil, else the value after a "=".
    private static func optional(_ text: String?) -> String { text.map { "=" + $0 } ?? "" }
    private static func value(_ field: String) -> String? { field.isEmpty ? nil : String(field.dropFirst()) }

    /// Alternatives as records of id, name and score (their reasons are not kept).
    private static func pack(_ candidates: [OrganizationCandidate]) -> String {
        candidates.map { [clean($0.organizationID), clean($0.name), String($0.score)].joined(separator: "\u{1C}") }.joined(separator: "\u{1D}")
    }

    private static func unpack(_ text: String) -> [OrganizationCandidate] {
        guard !text.isEmpty else { return [] }
        return text.utf8.split(separator: candidateSeparator).compactMap { item in
            let fields = item.split(separator: candidateFieldSeparator, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            guard fields.count == 3, let score = Double(fields[2]) else { return nil }
            return OrganizationCandidate(organizationID: fields[0], name: fields[1], score: score, reason: "")
        }
    }

    private static func clean(_ text: String) -> String {
        text.contains(where: separators.contains) ? String(text.filter { !separators.contains($0) }) : text
    }
}
