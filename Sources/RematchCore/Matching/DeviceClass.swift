/// The class of a device, which picks the IT Glue configuration type a new configuration gets.
public enum DeviceClass: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case desktop, laptop, server, printer, network, other

    public var title: String {
        switch self {
        case .desktop: "Desktop"
        case .laptop: "Laptop"
        case .server: "Server"
        case .printer: "Printer"
        case .network: "Network"
        case .other: "Other"
        }
    }

    public static func < (a: DeviceClass, b: DeviceClass) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// The asset type of agent devices: its name says nothing about the device, the agent's report does.
    public static let agentAssetType = "Syncro Device"

    /// Classifies an asset: by a class a person chose for its Syncro asset type, else by the type's name when it
    /// says what the device is ("Printer", "Firewall"), else from the OS name, form factor and model. A server OS
    /// makes a Server whatever the chassis; a virtual machine follows its OS; "Notebook" is a Laptop.
    public static func classify(_ asset: Asset, assetTypeClasses: [String: DeviceClass] = [:]) -> DeviceClass {
        if let type = asset.assetType, type != agentAssetType {
            if let chosen = assetTypeClasses[type] { return chosen }
            if let named = classify(assetType: type) { return named }
        }
        return classify(formFactor: asset.formFactor, osName: asset.osName, model: asset.model)
    }

    /// The class an account-defined asset type's name says, or nil when it says none ("Syncro Device", "Asset").
    public static func classify(assetType: String) -> DeviceClass? {
        let type = TextFolding.foldedBytes(assetType)
        func any(_ words: [[UInt8]]) -> Bool { words.contains { ByteSearch.contains(type, $0) } }
        if any(Words.printerType) { return .printer }
        if any(Words.serverType) { return .server }
        if any(Words.networkType) { return .network }
        if any(Words.laptop) { return .laptop }
        if any(Words.desktopType) { return .desktop }
        if any(Words.otherType) { return .other }
        return nil
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
        if isVirtual(form: form, model: model) || form.isEmpty || any(Words.unknownForm, in: form) {
            if any(Words.laptopModel, in: model) { return .laptop }
            if any(Words.serverModel, in: model) { return .server }
            if any(Words.desktopModel, in: model) { return .desktop }
            if any(Words.clientOS, in: os) { return .desktop }
        }
        return .other
    }

    /// The asset is a virtual machine: its form factor or model says so ("Virtual Machine", "VMware Virtual Platform",
    /// Hyper-V's "Virtual Machine", KVM).
    public static func isVirtualMachine(_ asset: Asset) -> Bool {
        isVirtual(form: TextFolding.foldedBytes(asset.formFactor ?? ""), model: TextFolding.foldedBytes(asset.model ?? ""))
    }

    private static func isVirtual(form: [UInt8], model: [UInt8]) -> Bool {
        Words.virtualForm.contains { ByteSearch.contains(form, $0) } || Words.virtualModel.contains { ByteSearch.contains(model, $0) }
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
        static let printerType = bytes(["printer", "copier", "mfp", "multifunction", "plotter", "scanner"])
        static let networkType = bytes(networkTypeWords)
        static let serverType = bytes(["server", "hypervisor", "domain controller"])
        static let desktopType = bytes(["desktop", "workstation", "computer", "tower", "all in one", "imac"])
        static let otherType = bytes(["ups", "nas", "storage", "phone", "camera", "nvr", "dvr", "pdu", "battery"])
    }

    static let networkTypeWords = [
        "network", "switch", "router", "firewall", "access point", "wireless", "wifi", "wi-fi", "wap", "gateway", "modem",
        "vpn", "load balancer",
    ]
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
    /// Classes a person chose for Syncro asset types by name ("Door Controller" → Network), over the class the
    /// type's name says.
    public var assetTypeClasses: [String: DeviceClass]

    public init(typeIDs: [DeviceClass: String] = [:], assetTypeClasses: [String: DeviceClass] = [:]) {
        self.typeIDs = typeIDs
        self.assetTypeClasses = assetTypeClasses
    }

    private enum CodingKeys: String, CodingKey { case typeIDs, assetTypeClasses }

    /// Reads mappings written before asset types could be mapped.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(typeIDs: try container.decode([DeviceClass: String].self, forKey: .typeIDs),
                  assetTypeClasses: try container.decodeIfPresent([String: DeviceClass].self, forKey: .assetTypeClasses) ?? [:])
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
        // An account without a printer or network type creates those as it creates Other.
        mapping[.printer] = find(["printer", "managed printer", "copier"]) ?? mapping[.other]
        mapping[.network] = find(["managed network device", "network device", "network", "switch", "firewall", "router"]) ?? mapping[.other]
        return mapping
    }
}
