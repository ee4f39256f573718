/// A small deterministic generator (SplitMix64) for model tests, so a failing seed can be replayed.
public struct SplitMix: Sendable {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number from 0 up to (not including) 1, in steps of a millionth.
    public mutating func unit() -> Double { Double(next() % 1_000_000) / 1_000_000 }
    public mutating func chance(_ p: Double) -> Bool { unit() < p }
    public mutating func upTo(_ n: Double) -> Double { unit() * n }
}
