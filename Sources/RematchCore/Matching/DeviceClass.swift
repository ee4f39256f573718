/// The class of a device, which picks the IT Glue configuration type a new configuration gets.
public enum DeviceClass: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case desktop, laptop, server, other

    public var title: String {
        switch self {
        case .desktop: "Desktop"
        case .laptop: "Laptop"
        case .server: "Server"
        case .other: "Other"
        }
    }

    public static func < (a: DeviceClass, b: DeviceClass) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// Classifies an asset from its OS name, form factor and model. A server OS makes a Server whatever
    /// the chassis; a virtual machine follows its OS; "Notebook" is a Laptop.
    public static func classify(_ asset: Asset) -> DeviceClass {
        classify(formFactor: asset.formFactor, osName: asset.osName, model: asset.model)
    }

    /// Lower-cased UTF-8 bytes searched with a byte search: classifying runs for every row a list sorts or filters
    /// (tens of thousands of devices), where `String.contains` over the word lists was the slowest part.
    public static func classify(formFactor: String?, osName: String?, model: String? = nil) -> DeviceClass {
        let os = TextFolding.foldedBytes(osName ?? "")
        let form = TextFolding.foldedBytes(formFactor ?? "")
        let model = TextFolding.foldedBytes(model ?? "")
        func any(_ words: [[UInt8]], in text: [UInt8]) -> Bool { !text.isEmpty && words.contains { ByteSearch.contains(text, $0) } }
        if any(Words.serverOS, in: os) { return .server }
        if any(Words.laptop, in: form) { return .laptop }
        if any(Words.serverForm, in: form) { return .server }
        if any(Words.desktop, in: form) { return .desktop }
        let isVirtual = any(Words.virtualForm, in: form) || any(Words.virtualModel, in: model)
        if isVirtual || form.isEmpty || any(Words.unknownForm, in: form) {
            if any(Words.laptopModel, in: model) { return .laptop }
            if any(Words.serverModel, in: model) { return .server }
            if any(Words.desktopModel, in: model) { return .desktop }
            if any(Words.clientOS, in: os) { return .desktop }
        }
        return .other
    }

    /// The word lists as bytes, made once.
    private enum Words {
        static func bytes(_ words: [String]) -> [[UInt8]] { words.map { Array($0.utf8) } }
        static let serverOS = bytes(serverOSWords)
        static let clientOS = bytes(clientOSWords)
        static let laptop = bytes(laptopWords)
        static let desktop = bytes(desktopWords)
        static let serverForm = bytes(["server", "rack", "blade"])
        static let virtualForm = bytes(["virtual"])
        static let virtualModel = bytes(["vmware", "virtual machine", "kvm", "hvm domu"])
        static let unknownForm = bytes(["other", "unknown"])
        static let laptopModel = bytes(laptopModelWords)
        static let serverModel = bytes(serverModelWords)
        static let desktopModel = bytes(desktopModelWords)
    }

    static let serverOSWords = [
        "server", "centos", "red hat enterprise", "rhel", "rocky linux", "almalinux", "esxi", "proxmox",
        "truenas", "freebsd", "synology dsm",
    ]
    static let clientOSWords = ["windows 1", "windows 7", "windows 8", "windows xp", "macos", "mac os", "os x", "ubuntu", "debian", "fedora", "linux mint", "chrome os"]
    static let laptopWords = ["laptop", "notebook", "portable", "convertible", "detachable", "2 in 1", "2-in-1", "tablet", "handheld", "sub notebook", "netbook"]
    static let desktopWords = ["desktop", "tower", "all in one", "all-in-one", "small form factor", "sff", "workstation", "mini pc", "space-saving", "lunch box", "pizza box", "stick pc"]
    static let laptopModelWords = ["macbook", "thinkpad", "latitude", "elitebook", "probook", "zbook", "surface laptop", "surface pro", "xps 1", "inspiron 1", "vivobook", "zenbook", "ideapad", "yoga", "precision 5", "precision 7"]
    static let serverModelWords = ["poweredge", "proliant", "primergy", "thinksystem", "supermicro"]
    static let desktopModelWords = ["optiplex", "prodesk", "elitedesk", "thinkcentre", "imac", "mac mini", "mac studio", "mac pro", "vostro", "precision 3"]
}

/// Which IT Glue configuration type each device class is created as.
public struct DeviceTypeMapping: Sendable, Hashable, Codable {
    public var typeIDs: [DeviceClass: String]

    public init(typeIDs: [DeviceClass: String] = [:]) {
        self.typeIDs = typeIDs
    }

    public subscript(deviceClass: DeviceClass) -> String? {
        get { typeIDs[deviceClass] }
        set { typeIDs[deviceClass] = newValue }
    }

    /// A starting mapping from the account's type names: "Managed Workstation" or "Desktop" for desktops,
    /// "Laptop" for laptops, "Managed Server" or "Server" for servers, and "Other" where it exists.
    public static func proposed(from types: [ConfigurationType]) -> DeviceTypeMapping {
        func find(_ names: [String]) -> String? {
            for wanted in names {
                if let type = types.first(where: { $0.name.lowercased() == wanted }) { return type.id }
            }
            for wanted in names {
                if let type = types.first(where: { $0.name.lowercased().contains(wanted) }) { return type.id }
            }
            return nil
        }
        var mapping = DeviceTypeMapping()
        mapping[.desktop] = find(["managed workstation", "workstation", "desktop", "computer"])
        mapping[.laptop] = find(["laptop", "notebook", "managed workstation", "workstation"])
        mapping[.server] = find(["managed server", "server"])
        mapping[.other] = find(["other", "managed device", "device"])
        return mapping
    }
}
