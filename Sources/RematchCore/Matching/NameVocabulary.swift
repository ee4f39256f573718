/// Word lists behind name normalization. Entries are folded (lower-case, no accents, no punctuation).
enum NameVocabulary {
    /// Legal-form suffixes, as token sequences, each with the canonical form shown in reasons.
    /// Dotted forms ("L.L.C.", "P.C.") reach here already joined ("llc", "pc").
    static let legalSuffixes: [(tokens: [String], canonical: String)] = {
        let table: [(String, String)] = [
            ("limited liability company", "LLC"), ("limited liability partnership", "LLP"),
            ("professional limited liability company", "PLLC"), ("professional corporation", "PC"),
            ("professional association", "PA"), ("limited partnership", "LP"),
            ("public limited company", "PLC"), ("proprietary limited", "Pty Ltd"), ("pty ltd", "Pty Ltd"),
            ("pty limited", "Pty Ltd"), ("pty", "Pty"), ("s a de c v", "SA de CV"), ("sa de cv", "SA de CV"),
            ("incorporated", "Inc"), ("inc", "Inc"), ("llc", "LLC"), ("lc", "LC"), ("pllc", "PLLC"),
            ("llp", "LLP"), ("lllp", "LLLP"), ("lp", "LP"), ("ltd", "Ltd"), ("limited", "Ltd"),
            ("corp", "Corp"), ("corporation", "Corp"), ("co", "Co"), ("company", "Co"), ("cos", "Cos"),
            ("pc", "PC"), ("pa", "PA"), ("plc", "PLC"), ("chtd", "Chtd"), ("chartered", "Chtd"),
            ("gmbh", "GmbH"), ("ag", "AG"), ("kg", "KG"), ("ohg", "OHG"), ("ug", "UG"), ("mbh", "mbH"),
            ("sa", "SA"), ("sas", "SAS"), ("sarl", "SARL"), ("srl", "SRL"), ("spa", "SpA"), ("bv", "BV"),
            ("nv", "NV"), ("oy", "Oy"), ("ab", "AB"), ("as", "AS"), ("aps", "ApS"), ("kk", "KK"),
            ("ulc", "ULC"), ("lda", "Lda"), ("sl", "SL"), ("sro", "s.r.o."), ("zoo", "z o.o."),
        ]
        return table.map { (tokens: $0.0.split(separator: " ").map(String.init), canonical: $0.1) }
            .sorted { $0.tokens.count > $1.tokens.count }
    }()

    /// Abbreviations and their long forms mapped to one canonical key, so "Intl" = "International".
    static let canonicalWord: [String: String] = {
        let groups: [[String]] = [
            ["intl", "international", "int'l"], ["svc", "svcs", "service", "services", "srvcs"],
            ["mfg", "manufacturing", "mfr"], ["assoc", "assocs", "associates", "association", "assn"],
            ["bros", "brothers"], ["ctr", "center", "centre", "cntr"], ["st", "saint", "street"],
            ["mt", "mount"], ["mtn", "mountain"], ["ft", "fort"], ["dept", "department"],
            ["tech", "technology", "technologies"], ["sys", "systems", "system"], ["mgmt", "management"],
            ["med", "medical"], ["grp", "group"], ["univ", "university"], ["hosp", "hospital"],
            ["lab", "labs", "laboratory", "laboratories"], ["ave", "avenue"], ["rd", "road"],
            ["blvd", "boulevard"], ["ins", "insurance"], ["natl", "national"], ["acct", "accounting", "acctg"],
            ["ent", "enterprises", "enterprise"], ["dist", "distribution", "distributors"],
            ["engr", "eng", "engineering"], ["constr", "construction"], ["prof", "professional"],
            ["fin", "financial"], ["ptnrs", "partners"], ["sol", "solutions", "soln"], ["mkt", "market", "mkts"],
            ["and", "&", "+"], ["no", "number"], ["hts", "heights"], ["pkwy", "parkway"],
            ["pharm", "pharmacy"], ["vet", "veterinary"], ["clinic", "clinics"],
            ["office", "offices"], ["law", "laws"],
        ]
        var map: [String: String] = [:]
        for group in groups {
            for word in group { map[word] = group[0] }
        }
        return map
    }()

    /// Words that carry no identity inside a business name.
    /// The last word of every legal suffix: a name whose last word is not here has no suffix to strip.
    static let legalSuffixLastWords: Set<String> = Set(legalSuffixes.compactMap(\.tokens.last))

    static let stopWords: Set<String> = ["the", "of"]

    /// Legal-form words that say nothing about identity wherever they stand ("Smith Company Plumbing"); the
    /// suffix rule removes them at the end, this list inside a name (never as its first word).
    static let legalFormWords: Set<String> = [
        "company", "co", "inc", "incorporated", "corp", "corporation", "llc", "ltd", "limited", "pllc", "llp",
    ]

    /// Long legal-form words as they are often misspelled at the end of a name ("Liimted", "Copany",
    /// "Incorporatd"): one edit from these, in a word of six letters or more, is still the suffix.
    static let misspellableSuffixes: [(word: [UInt32], canonical: String)] = [
        ("limited", "Ltd"), ("company", "Co"), ("incorporated", "Inc"), ("corporation", "Corp"), ("chartered", "Chtd"),
    ].map { (Array($0.0.unicodeScalars.map(\.value)), $0.1) }

    /// Personal titles before a name ("Dr. Jane Smith") and professional designations after one ("Jane Smith,
    /// DDS"): they say what a person is, not who, so two people with the same title share nothing by it.
    static let leadingTitles: Set<String> = ["dr", "doctor", "mr", "mrs", "ms", "miss", "mx", "rev", "hon", "sir"]
    static let trailingDesignations: Set<String> = [
        "md", "dds", "dmd", "do", "dvm", "vmd", "od", "dc", "dpm", "phd", "esq", "cpa", "rn", "np", "lcsw", "lpc",
        "lmft", "psyd", "facs", "faap", "mba", "jd", "ea",
    ]

    /// Phrases a business name often abbreviates to their initials or a short form: "Riverside PT" is "Riverside
    /// Physical Therapy". Each phrase becomes one word whose key is the short form.
    static let phraseAbbreviations: [(words: [String], key: String)] = [
        (["physical", "therapy"], "pt"), (["occupational", "therapy"], "ot"),
        (["unified", "school", "district"], "usd"), (["independent", "school", "district"], "isd"),
        (["consolidated", "school", "district"], "csd"), (["school", "district"], "sd"),
        (["certified", "public", "accountants"], "cpa"), (["certified", "public", "accountant"], "cpa"),
        (["homeowners", "association"], "hoa"), (["home", "owners", "association"], "hoa"),
        (["fire", "department"], "fd"), (["police", "department"], "pd"),
        (["veterans", "of", "foreign", "wars"], "vfw"), (["young", "mens", "christian", "association"], "ymca"),
        (["federal", "credit", "union"], "fcu"), (["credit", "union"], "cu"),
    ].sorted { $0.words.count > $1.words.count }

    /// Qualifiers that all name the main site: "Acme - Main Office" and "Acme (HQ)" are one place.
    static let mainSiteQualifiers: Set<String> = [
        "main", "main office", "office", "hq", "headquarters", "head office", "corporate", "corporate office", "main campus",
        "main site", "central", "primary",
    ]

    /// Markers that separate a legal name from a trading name ("X Holdings LLC dba Y").
    static let dbaMarkers: [[String]] = [
        ["dba"], ["d", "b", "a"], ["doing", "business", "as"], ["trading", "as"], ["t", "a"],
        ["aka"], ["a", "k", "a"],
    ]
}
