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

    /// `GET /customer_assets` answers without `meta` (as Syncro's own spec example does), so a client must page
    /// until an empty page.
    public var assetListWithoutMeta = false

    /// Agents check in while a client pages through `/customer_assets`: the list is ordered by `updated_at`
    /// (Syncro documents no order), and before each page after the first an asset already served is updated,
    /// which shifts the rest back by one, so one asset per page is never served. Not part of ``realistic``: every
    /// paged read would then miss records; tests turn it on to show what must not follow from a missed record.
    public var assetPageChurn = false

    /// The share of each rate-limit window other consumers use (Syncro's limit is per IP, IT Glue's per account,
    /// and other integrations draw from them), so Rematch gets 429s below the documented limits.
    public var externalRateShare = 0.0

    /// What Syncro does with a `properties` key its asset type defines no custom field for (undocumented).
    public enum UnknownProperty: String, Sendable, Hashable, CaseIterable {
        /// Kept, as if any key were a field.
        case kept
        /// Dropped silently: the PUT answers 200 without it.
        case dropped
        /// Refused with a 422.
        case refused
    }
    public var unknownAssetProperty: UnknownProperty = .kept

    /// Whether IT Glue's exact filters (`filter[name]`…) tell "ACME Ltd" from "Acme Ltd" (undocumented).
    public var caseSensitiveFilters = false

    /// Permissions the Syncro API token's group lacks, as Syncro names them ("Customers - List/Search",
    /// "Assets - List/Search", "Assets - Edit"): requests that need one get Syncro's 401 "Not authorized. Please
    /// ask account admin to update your group permissions."
    public var syncroDeniedPermissions: Set<String> = []

    /// Where sideloaded configuration interfaces go (`include=configuration_interfaces`): IT Glue's one example
    /// of it is malformed, so the placement is unconfirmed.
    public enum IncludedPlacement: String, Sendable, Hashable, CaseIterable {
        /// JSON:API's top-level `included`, with references in each record's relationships.
        case topLevel
        /// No `included`: each interface written out in full inside its configuration's relationships.
        case insideRecords
    }
    public var includedPlacement: IncludedPlacement = .topLevel

    /// IT Glue's large pages can time out ("try lowering the page size"): a page asked for larger than this that
    /// would hold more records than this answers 504.
    public var gatewayTimeoutAbovePageSize: Int?

    /// What a PATCH of a configuration's `organization-id` does. IT Glue lists `organization_id` among the
    /// attributes a PATCH may set, so the documented answer is a move; that it ever keeps the record where it was,
    /// or refuses, is not documented, but a client must survive both.
    public enum ConfigurationMove: String, Sendable, Hashable, CaseIterable {
        /// The configuration moves; the answer shows the new organization.
        case moves
        /// 200, but the configuration stays where it was, and the answer says so.
        case kept
        /// 422: a configuration cannot change organization.
        case refused
    }
    public var configurationMove: ConfigurationMove = .moves

    public init() {}

    /// The tame answers of the first sandbox: in order, all or nothing, indexed pointers, a top-level `included`.
    public static let ideal = SandboxBehaviour()

    /// The harsh answer to every undocumented behaviour.
    public static let realistic: SandboxBehaviour = {
        var behaviour = SandboxBehaviour()
        behaviour.bulkCreateOrder = .reversed
        behaviour.bulkCreateAtomicity = .partial
        behaviour.indexedErrorPointers = false
        behaviour.assetListWithoutMeta = true
        behaviour.externalRateShare = 0.2
        behaviour.unknownAssetProperty = .dropped
        behaviour.caseSensitiveFilters = true
        behaviour.includedPlacement = .insideRecords
        behaviour.gatewayTimeoutAbovePageSize = 500
        // A move stays the documented answer (organization_id is a PATCH attribute); tests play .kept and .refused.
        return behaviour
    }()
}
