/// Word lists for believable small-business data.
enum DemoVocabulary {
    static let places = [
        "Riverside", "Oakridge", "Cedar Creek", "Summit", "Lakeside", "Maple Grove", "Pine Valley", "Harbor View",
        "Brookfield", "Stonebridge", "Willow Bend", "Eagle Rock", "Silver Lake", "Fox Run", "Meadowbrook", "Clearwater",
        "Granite Falls", "Highland", "Bayside", "Northgate", "Westfield", "Sunnyvale", "Red Oak", "Blue Harbor",
        "Golden Gate", "Iron Horse", "Copper Canyon", "Evergreen", "Crescent", "Liberty", "Pioneer", "Heritage",
        "Birchwood", "Sandpoint", "Rolling Hills", "Twin Pines", "Mill Creek", "Shady Grove", "Spring Valley", "Lighthouse",
    ]
    static let surnames = [
        "Henderson", "Kowalski", "Alvarez", "Nakamura", "O'Brien", "Novak", "Patel", "Schmidt", "Johansson", "Dubois",
        "Moreno", "Fitzgerald", "Okafor", "Lindqvist", "Rossi", "Chen", "Murphy", "Kessler", "Brennan", "Haddad",
        "García", "Müller", "Søndergaard", "Zhou", "Whitaker", "Delgado", "Abernathy", "Castellanos", "Yamamoto", "Ibrahim",
    ]
    static let firstNames = [
        "Mary", "James", "Linda", "Robert", "Patricia", "Michael", "Jennifer", "David", "Elizabeth", "William", "Susan",
        "José", "Aisha", "Wei", "Olga", "Chloé", "Kenji", "Fatima", "Liam", "Zoë",
    ]
    /// Trades, with the words the two sides may spell differently.
    static let trades = [
        "Family Dental", "Dental Lab", "Plumbing & Heating", "Law Offices", "Bakery", "Auto Repair", "Accounting",
        "Pediatrics", "Veterinary Clinic", "Animal Hospital", "Construction", "Realty", "Insurance Agency",
        "Family Medicine", "Landscaping", "Electric", "Roofing", "Print Shop", "Marine Supply", "Orthodontics",
        "Chiropractic", "Pharmacy", "Engineering", "Manufacturing", "Associates", "Brothers Moving", "Medical Center",
        "Property Management", "Financial Services", "Technology Services", "Coffee Roasters", "Fitness Center",
        "Architects", "Title Company", "Church", "Montessori School", "Credit Union", "Physical Therapy", "Optometry",
        "Hardware",
    ]
    static let legalSuffixes = ["LLC", "Inc", "Inc.", "Ltd", "Corp", "PLLC", "P.C.", "Co.", "LLP", "L.L.C.", "Incorporated", "Limited"]
    static let locations = ["Main Office", "Downtown", "North", "Warehouse", "Clinic 2", "HQ", "East Campus"]
    static let abbreviations: [(String, String)] = [
        ("Accounting", "Acctg"), ("Manufacturing", "Mfg"), ("Associates", "Assoc."), ("Brothers", "Bros"),
        ("Medical Center", "Medical Ctr"), ("Services", "Svcs"), ("Management", "Mgmt"), ("Technology", "Tech"),
        ("Engineering", "Eng"), ("International", "Intl"),
    ]

    static let laptopModels = [("Dell Inc.", "Latitude 5440"), ("HP", "EliteBook 840 G9"), ("Lenovo", "ThinkPad T14 Gen 3"),
                               ("Apple", "MacBook Pro")]
    static let desktopModels = [("Dell Inc.", "OptiPlex 7090"), ("HP", "ProDesk 600 G6"), ("Lenovo", "ThinkCentre M90q"),
                                ("Apple", "iMac")]
    static let serverModels = [("Dell Inc.", "PowerEdge R740"), ("HPE", "ProLiant DL380 Gen10")]
    /// Devices without the agent: (Syncro asset type, make, model, name prefix).
    static let nonAgentModels = [
        ("Printer", "HP", "LaserJet Pro M404dn", "PRN"), ("Printer", "Brother", "MFC-L8900CDW", "PRN"),
        ("Printer", "Canon", "imageRUNNER 2630i", "COPIER"), ("Network Device", "Ubiquiti", "UniFi AP AC Pro", "WAP"),
        ("Firewall", "Fortinet", "FortiGate 60F", "FW"), ("Firewall", "SonicWall", "TZ370", "FW"),
        ("Switch", "Cisco", "CBS350-24P", "SW"), ("Switch", "Ubiquiti", "USW-Pro-24-PoE", "SW"),
        ("UPS", "APC", "Smart-UPS 1500", "UPS"), ("NAS", "Synology", "DS920+", "NAS"),
    ]
    static let junkSerials = ["To Be Filled By O.E.M.", "System Serial Number", "Default string", "0123456789", "None"]
    static let realOUIs = ["3C5282", "F875A4", "00E04C", "A4BB6D", "D89EF3", "98FA9B", "B8CA3A", "E4B97A", "F4EE08", "54BF64"]

    // The trap classes of issue 12.
    static let branches = ["Lakewood", "Aurora", "Littleton", "Boulder", "Golden", "Arvada", "Westminster", "Parker",
                           "Englewood", "Castle Rock", "Longmont", "Broomfield"]
    /// Professions a practice is named by: "Dr. Jane Smith", "Jane Smith MD", "Jane Smith, DDS".
    static let professions = ["MD", "DDS", "DMD", "DVM", "OD", "DC"]
    /// Words of three or four letters a name hangs on: "Bay Marine Supply", "Oak Hill Pharmacy".
    static let shortWords = ["Bay", "Oak", "Elm", "Fox", "Sun", "Ash", "Pine", "Hill", "Lake", "Rock", "Mesa", "Peak",
                             "Glen", "Cove", "Mill"]
    /// A legal form and the ways people mistype it.
    static let misspelledSuffixes = [("Limited", "Liimted"), ("Limited", "Limted"), ("Company", "Copany"),
                                     ("Company", "Compnay"), ("Incorporated", "Incorporatd"), ("Incorporated", "Incoporated"),
                                     ("Corporation", "Corportion"), ("Corporation", "Coporation")]
    /// Businesses that share all but the last words with another one: "Summit Auto Repair", "Summit Auto Body".
    static let neighbourTrades = [("Family Dental", "Family Medicine"), ("Auto Repair", "Auto Body"),
                                  ("Dental Lab", "Dental Group"), ("Insurance Agency", "Insurance Brokers"),
                                  ("Property Management", "Property Services"), ("Financial Services", "Financial Group"),
                                  ("Physical Therapy", "Massage Therapy"), ("Print Shop", "Sign Shop"),
                                  ("Medical Center", "Medical Supply"), ("Construction", "Construction Supply")]
    /// First names of different people that differ by a letter or two (never a name and its short form, such as
    /// Chris and Christine: those may well be one person).
    static let similarFirstNames = [("Paul", "Paula"), ("Robert", "Roberta"), ("Michael", "Michelle"), ("Daniel", "Danielle"),
                                    ("Carl", "Carla"), ("Patricia", "Patrick"), ("Louis", "Louise"), ("Eric", "Erica")]
    static let saints = ["Luke", "Mark", "John", "Paul", "Anne", "Joseph", "Francis", "Michael"]
    /// Placeholders firmware reports where the serial should be, beyond ``junkSerials``.
    static let placeholderSerials = ["Default", "OEM Serial Number", "N/A N/A", "03000200-0400-0500-0006-000700080009",
                                     "Type1ProductConfigId"]
    /// Russian and Ukrainian given names and surnames, written in Cyrillic (the ``DemoData`` transliterated trap).
    static let cyrillicFirstNames = ["Дмитрий", "Юлия", "Алексей", "Наталья", "Сергей", "Ксения", "Андрій", "Олена",
                                     "Евгений", "Татьяна", "Юрий", "Анастасия", "Михаил", "Ярослава"]
    static let cyrillicSurnames = ["Соколов", "Кузнецова", "Хабаров", "Жукова", "Щербаков", "Ковальчук", "Шевченко",
                                   "Яковлев", "Зайцева", "Чернышев", "Федорова", "Тимошенко"]
}
