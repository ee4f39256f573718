/// How the sandbox plays what the vendors do not document. Each choice has the tame answer the first sandbox
/// gave and the harsher ones a real account may give; ``realistic`` picks the harsh one everywhere, so a
/// client that passes against it is safe whichever way the real service goes. Tests and the demo run
/// realistic; `rematch sandbox --behaviour ideal` serves the tame answers for comparison.
public struct SandboxBehaviour: Sendable, Hashable {
    /// The order of the records in a bulk-create answer (undocumented by IT Glue).
    public enum AnswerOrder: String, Sendable, Hashable, CaseIterable {
        /// In the order sent.
        case asSent
        /// Last sent first.
        case reversed
    }
    public var bulkCreateOrder: AnswerOrder = .asSent

    /// Whether a bulk create with some invalid items creates the valid ones (undocumented by IT Glue).
    public enum Atomicity: String, Sendable, Hashable, CaseIterable {
        /// One invalid item refuses the whole request.
        case allOrNothing
        /// The valid items are created, and the answer is still a 422 for the others.
        case partial
    }
    public var bulkCreateAtomicity: Atomicity = .allOrNothing

    /// Whether 422 error pointers name the item (`/data/3/attributes/name`) or not (`data/attributes/name`,
    /// as seen on the real API).
    public var indexedErrorPointers = true

    /// Where sideloaded configuration interfaces go (`include=configuration_interfaces`): IT Glue's one example
    /// of it is malformed, so the placement is unconfirmed.
    public enum IncludedPlacement: String, Sendable, Hashable, CaseIterable {
        /// JSON:API's top-level `included`, with references in each record's relationships.
        case topLevel
        /// No `included`: each interface written out in full inside its configuration's relationships.
        case insideRecords
    }
    public var includedPlacement: IncludedPlacement = .topLevel

    public init() {}

    /// The tame answers of the first sandbox: in order, all or nothing, indexed pointers, a top-level `included`.
    public static let ideal = SandboxBehaviour()

    /// The harsh answer to every undocumented behaviour.
    public static let realistic: SandboxBehaviour = {
        var behaviour = SandboxBehaviour()
        behaviour.bulkCreateOrder = .reversed
        behaviour.bulkCreateAtomicity = .partial
        behaviour.indexedErrorPointers = false
        behaviour.includedPlacement = .insideRecords
        return behaviour
    }()
}
