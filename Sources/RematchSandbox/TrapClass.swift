/// What makes a generated record hard to match: the label ``DemoData/customerTraps`` and ``DemoData/assetTraps``
/// give every customer and asset, so the quality report can say which patterns the matcher gets wrong.
/// <doc:DemoData> describes each class.
public enum TrapClass: String, Sendable, CaseIterable {
    // Organizations: the name as the other side spells it (the variants of the base generator).
    case plain, residential, noCounterpart
    case legalSuffix, typo, abbreviation, leadingThe, qualifier, dba, accents, wordOrder, spacing, suffixSpelling
    // Organizations: the traps of issue 12, appended from their own random stream.
    case namesake, branch, title, shortWordTypo, suffixTypo, nearNameOnly, duplicateOrganization
    // Devices of the base generator and of the real-account shapes (`plain` is a device documented as usual).
    case junkSerial, dock, vmClone, fqdn, nonAgent, integrationMade, secondaryInterface
    // Devices: the traps of issue 12.
    case movedAdapter, vpnAdapter, placeholderSerial, sharedDock, undocumentedClone, dottedHostname, movedDevice
    // Organizations: the patterns of issue 26, from a random stream of their own.
    case hiddenNamesake, nearTwin, misfiledDevices, fewDocumented, phraseTypo, transliterated
    // Devices: the patterns of issue 26.
    case dockedPlaceholder, guestMAC

    /// The base generator's spellings of a counterpart's name, in the order its roll picks them.
    static let variants: [TrapClass] = [.legalSuffix, .typo, .abbreviation, .leadingThe, .qualifier, .dba, .accents,
                                        .wordOrder, .spacing, .suffixSpelling]
    /// The organization traps of issue 12, one instance of each per round.
    static let organizationTraps: [TrapClass] = [.namesake, .branch, .title, .typo, .shortWordTypo, .suffixTypo,
                                                 .abbreviation, .nearNameOnly, .duplicateOrganization]
    /// The device traps of issue 12, put among the devices of trap customers that have a counterpart.
    static let deviceTraps: [TrapClass] = [.movedAdapter, .vpnAdapter, .placeholderSerial, .sharedDock, .undocumentedClone,
                                           .dottedHostname, .fqdn, .movedDevice]
    /// The organization patterns of issue 26, one instance of each per round.
    public static let roundTwoTraps: [TrapClass] = [.hiddenNamesake, .nearTwin, .misfiledDevices, .fewDocumented, .phraseTypo,
                                                        .transliterated]
    /// The device patterns of issue 26, among the devices of those patterns' businesses.
    public static let roundTwoDeviceTraps: [TrapClass] = [.dockedPlaceholder, .guestMAC]
}
