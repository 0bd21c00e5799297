/// The built-in vocabulary `keel find` matches with: words a request leaves out, abbreviations
/// found in column names, business synonyms, and the words that ask for a kind of column type.
///
/// Everything is lowercase. Abbreviations and synonyms are looked up before stemming; the
/// index stems them the same way it stems names, so `categories` meets `category`.
enum FindVocabulary {
    /// Words of a request that say nothing about which table it touches.
    static let stopWords: Set<String> = [
        "a", "about", "above", "across", "after", "again", "against", "all", "along", "also", "am", "among", "an",
        "and", "any", "are", "as", "at", "based", "be", "been", "before", "being", "below", "between", "both", "but",
        "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "either", "else", "etc", "ever",
        "every", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him",
        "his", "how", "however", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "least", "less", "let",
        "like", "may", "me", "might", "more", "most", "much", "must", "my", "neither", "no", "nor", "not", "now", "of",
        "off", "on", "once", "one", "only", "or", "other", "otherwise", "our", "ours", "out", "over", "own", "per",
        "please", "rather", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "them",
        "then", "there", "these", "they", "this", "those", "through", "thus", "to", "too", "under", "until", "up",
        "upon", "us", "very", "via", "was", "we", "were", "what", "whatever", "when", "where", "whether", "which",
        "while", "who", "whom", "whose", "why", "will", "with", "within", "without", "would", "yet", "you", "your",
        // Requests' own verbs and nouns: what to do, not what to do it to.
        "add", "adding", "alter", "analyze", "analysis", "answer", "ask", "calculate", "change", "changing", "check",
        "column", "columns", "compute", "consider", "considering", "contain", "contains", "create", "data",
        "database", "db", "define", "describe", "determine", "display", "drop", "ensure", "field", "fields", "find",
        "get", "give", "help", "hold", "holds", "identify", "include", "including", "information", "keep", "keeps",
        "know", "list", "look", "looking", "make", "need", "output", "provide", "query", "remove", "rename", "report",
        "retrieve", "return", "returned", "row", "rows", "schema", "see", "select", "show", "specify", "table",
        "tables", "tell", "there", "understand", "use", "using", "value", "values", "want",
    ]

    /// Abbreviations common in column and table names, with what they stand for.
    static let abbreviations: [String: [String]] = [
        "acct": ["account"], "addr": ["address"], "adr": ["address"], "amt": ["amount"], "appt": ["appointment"],
        "attr": ["attribute"], "auth": ["authentication"], "avg": ["average"], "bal": ["balance"],
        "bday": ["birthday"], "bldg": ["building"], "cat": ["category"], "ccy": ["currency"], "cfg": ["configuration"],
        "cnt": ["count"], "co": ["company"], "conf": ["configuration"], "cur": ["currency"], "curr": ["currency"],
        "cust": ["customer"], "dept": ["department"], "desc": ["description"], "descr": ["description"],
        "dest": ["destination"], "dob": ["birth", "date"], "doc": ["document"], "dst": ["destination"], "dt": ["date"],
        "emp": ["employee"], "empl": ["employee"], "exp": ["expiry"], "fname": ["first", "name"], "geo": ["geography"],
        "hr": ["hour"], "img": ["image"], "inv": ["invoice", "inventory"], "lang": ["language"], "lat": ["latitude"],
        "lname": ["last", "name"], "lng": ["longitude"], "loc": ["location"], "lon": ["longitude"], "mgr": ["manager"],
        "msg": ["message"], "mth": ["month"], "nbr": ["number"], "num": ["number"], "org": ["organization"],
        "pct": ["percent"], "perm": ["permission"], "pmt": ["payment"], "pos": ["position"], "pref": ["preference"],
        "prod": ["product"], "pwd": ["password"], "qty": ["quantity"], "rcpt": ["receipt"], "ref": ["reference"],
        "reg": ["registration"], "rep": ["representative"], "reps": ["representative"], "seq": ["sequence"],
        "src": ["source"], "stat": ["status"], "tel": ["telephone"], "tmp": ["temporary"], "ts": ["timestamp"],
        "tx": ["transaction"], "txn": ["transaction"], "trx": ["transaction"], "usr": ["user"], "ver": ["version"],
        "whse": ["warehouse"], "wk": ["week"], "yr": ["year"], "zip": ["postal", "code"],
    ]

    /// Groups of words that name the same business thing. A request word matches a name that
    /// uses another word of its group, at a lower weight than the word itself.
    static let synonymGroups: [[String]] = [
        ["customer", "client", "buyer", "purchaser", "patron", "consumer", "shopper"],
        ["user", "login", "account", "credential", "username", "signin"],
        ["staff", "employee", "personnel", "worker", "workforce", "crew"],
        ["member", "membership", "subscriber"],
        ["invoice", "bill", "billing", "statement"],
        ["payment", "pay", "paid", "remittance", "settlement", "receipt"],
        ["order", "purchase", "checkout", "basket", "cart"],
        ["sale", "sell", "sold", "selling"],
        ["product", "item", "good", "article", "sku", "merchandise", "offering"],
        ["price", "cost", "fee", "tariff", "rate", "charge"],
        ["amount", "total", "sum", "value"],
        ["discount", "coupon", "promotion", "promo", "rebate", "voucher", "markdown"],
        ["address", "street", "postal", "zipcode"],
        ["region", "territory", "area", "zone", "district", "province", "state"],
        ["country", "nation", "nationality"],
        ["city", "town", "municipality"],
        ["vendor", "supplier", "seller", "merchant", "provider"],
        ["shipment", "shipping", "delivery", "deliver", "fulfillment", "dispatch", "freight", "carrier"],
        ["salary", "wage", "compensation", "payroll", "earning"],
        ["revenue", "income", "turnover", "proceeds"],
        ["profit", "margin", "gain"],
        ["subscription", "plan", "tier"],
        ["company", "organization", "business", "firm", "enterprise", "corporation", "employer"],
        ["department", "division", "unit"],
        ["manager", "supervisor", "boss", "lead"],
        ["role", "permission", "privilege", "access", "grant"],
        ["session", "visit", "visitor"],
        ["event", "activity", "log", "audit", "history", "trail"],
        ["message", "notification", "email", "mail"],
        ["phone", "telephone", "mobile", "cell"],
        ["comment", "note", "remark", "feedback"],
        ["review", "rating", "score", "star"],
        ["category", "genre", "class", "classification", "kind", "type", "group"],
        ["tag", "label", "keyword"],
        ["inventory", "stock", "stockpile"],
        ["warehouse", "depot", "storehouse"],
        ["store", "shop", "outlet", "branch", "retailer"],
        ["rental", "rent", "lease", "hire", "borrow", "loan"],
        ["refund", "return", "chargeback"],
        ["transaction", "transfer", "trade", "deal"],
        ["balance", "ledger", "journal"],
        ["currency", "money"],
        ["date", "day", "time", "timestamp", "when"],
        ["year", "annual", "yearly"],
        ["month", "monthly"],
        ["quantity", "count", "number", "units"],
        ["description", "detail", "summary"],
        ["name", "title"],
        ["film", "movie", "picture", "cinema"],
        ["actor", "actress", "cast", "performer", "starred", "star"],
        ["director", "filmmaker"],
        ["song", "track", "tune"],
        ["artist", "musician", "band", "singer", "performer"],
        ["album", "record"],
        ["book", "publication", "title"],
        ["author", "writer"],
        ["student", "pupil", "learner"],
        ["teacher", "instructor", "professor", "faculty", "tutor", "lecturer"],
        ["course", "subject", "class", "lesson"],
        ["grade", "mark"],
        ["school", "college", "university", "campus"],
        ["patient", "case"],
        ["doctor", "physician", "clinician"],
        ["team", "club", "squad", "side"],
        ["player", "athlete"],
        ["match", "game", "fixture", "bout"],
        ["win", "won", "victory", "winner"],
        ["goal", "point"],
        ["season", "year"],
        ["driver", "racer", "pilot"],
        ["race", "prix"],
        ["flight", "airline", "trip", "journey", "route"],
        ["passenger", "traveler", "traveller", "rider"],
        ["booking", "reservation", "book", "reserve"],
        ["ticket", "pass", "fare"],
        ["hotel", "lodging", "accommodation"],
        ["vehicle", "car", "automobile", "truck"],
        ["accident", "collision", "crash", "incident"],
        ["location", "place", "site", "venue", "coordinate", "latitude", "longitude"],
        ["language", "locale"],
        ["image", "photo", "picture"],
        ["document", "file", "attachment"],
        ["project", "initiative"],
        ["task", "job", "assignment", "ticket"],
        ["contract", "agreement"],
        ["policy", "insurance", "coverage"],
        ["claim", "request"],
        ["lead", "prospect", "opportunity"],
        ["campaign", "marketing", "advertising", "ad"],
        ["stock", "share", "equity", "ticker", "security"],
        ["portfolio", "holding", "position"],
        ["bank", "branch"],
        ["loan", "credit", "debt", "mortgage"],
        ["sensor", "device", "meter"],
        ["reading", "measurement", "metric", "sample"],
        ["weather", "climate", "temperature"],
        ["legislation", "law", "bill", "act", "statute"],
        ["legislator", "senator", "representative", "congressman", "politician"],
        ["recipe", "dish", "meal"],
        ["ingredient", "component"],
        ["agent", "broker", "representative", "rep"],
        ["entertainer", "performer", "act", "artist"],
        ["engagement", "booking", "gig", "show"],
    ]

    /// Kinds of column type a request can ask for, with the words that ask for them.
    enum TypeClass: String, Sendable, CaseIterable {
        case money, temporal, boolean, spatial, document

        var words: [String] {
            switch self {
            case .money: ["amount", "price", "cost", "total", "revenue", "spend", "spent", "salary", "balance", "fee",
                          "discount", "paid", "money", "income", "profit", "tax", "budget", "sales"]
            case .temporal: ["date", "time", "when", "day", "month", "year", "recent", "latest", "earliest", "period",
                             "timestamp", "since", "duration", "daily", "weekly", "monthly", "yearly", "quarter"]
            case .boolean: ["flag", "active", "enabled", "disabled", "whether", "deleted", "archived"]
            case .spatial: ["coordinates", "geometry", "geography", "latitude", "longitude", "map", "distance"]
            case .document: ["json", "document", "payload", "attributes", "metadata"]
            }
        }

        /// The class a column type belongs to, from its name as `format_type` prints it.
        static func of(type: String) -> TypeClass? {
            let t = type.lowercased()
            if t.hasPrefix("numeric") || t.hasPrefix("decimal") || t == "money" || t.hasPrefix("double") || t == "real"
                || t.hasPrefix("float") { return .money }
            if t.hasPrefix("timestamp") || t == "date" || t.hasPrefix("time") || t.hasPrefix("interval") || t == "datetime" { return .temporal }
            if t == "boolean" || t == "bool" { return .boolean }
            if t == "point" || t.hasPrefix("geometry") || t.hasPrefix("geography") || t == "polygon" || t == "box" { return .spatial }
            if t.hasPrefix("json") || t == "hstore" || t == "xml" { return .document }
            return nil
        }
    }
}
