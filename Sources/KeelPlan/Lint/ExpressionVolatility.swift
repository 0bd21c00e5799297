import KeelCore
import KeelSQL

/// The volatility of a DEFAULT expression, decided from the catalog's functions (pg_proc's
/// `provolatile`) and built-in knowledge of PostgreSQL's own functions.
///
/// A volatile default makes `ADD COLUMN … DEFAULT` rewrite the table; a stable or immutable one is
/// stored once in the catalog (PostgreSQL 11+). A function Keel cannot find counts as volatile.
struct ExpressionVolatility: Sendable {
    /// The most volatile function the expression calls.
    var volatility: Catalog.Volatility = .immutable
    /// Volatile functions it calls, by name.
    var volatileFunctions: [String] = []
    /// Functions neither the catalog nor Keel's built-in list knows (counted as volatile).
    var unknownFunctions: [String] = []

    /// PostgreSQL built-ins that are VOLATILE (pg_proc.provolatile = 'v').
    static let volatileBuiltins: Set<String> = [
        "random", "random_normal", "setseed", "gen_random_uuid", "uuidv4", "uuidv7", "gen_random_bytes",
        "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4", "nextval", "currval", "lastval", "setval",
        "clock_timestamp", "timeofday", "txid_current", "pg_current_xact_id", "txid_current_if_assigned",
        "pg_current_xact_id_if_assigned", "nanoid", "ulid",
    ]

    /// PostgreSQL built-ins that are STABLE or IMMUTABLE, commonly seen in defaults.
    static let nonVolatileBuiltins: Set<String> = [
        "now", "current_timestamp", "statement_timestamp", "transaction_timestamp", "localtimestamp", "current_date",
        "current_time", "localtime", "current_setting", "current_user", "session_user", "current_schema",
        "current_database", "current_role", "user", "inet_client_addr", "pg_backend_pid", "to_char", "to_date",
        "to_timestamp", "to_number", "date_trunc", "date_part", "date_bin", "extract", "make_date", "make_time",
        "make_timestamp", "make_timestamptz", "make_interval", "age", "timezone", "lower", "upper", "initcap",
        "length", "char_length", "octet_length", "concat", "concat_ws", "format", "replace", "substr", "substring",
        "left", "right", "trim", "btrim", "ltrim", "rtrim", "lpad", "rpad", "repeat", "reverse", "split_part",
        "md5", "sha256", "encode", "decode", "coalesce", "nullif", "greatest", "least", "abs", "round", "trunc",
        "ceil", "ceiling", "floor", "power", "sqrt", "mod", "sign", "jsonb_build_object", "json_build_object",
        "jsonb_build_array", "json_build_array", "to_jsonb", "to_json", "array_fill", "string_to_array",
        "array_to_string", "int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange", "point",
        "interval", "bool", "text", "jsonb", "uuid", "now", "pi",
    ]

    /// Analyzes `expression` against the catalog's functions.
    init(_ expression: SQLExpression, catalog: CatalogIndex?) {
        visit(expression, catalog: catalog)
    }

    init() {}

    private mutating func note(_ volatility: Catalog.Volatility) {
        if volatility > self.volatility { self.volatility = volatility }
    }

    private mutating func visit(_ expression: SQLExpression, catalog: CatalogIndex?) {
        switch expression.kind {
        case .function(let call):
            classify(call.name, catalog: catalog)
            for argument in call.arguments { visit(argument.value, catalog: catalog) }
            if let filter = call.filter { visit(filter, catalog: catalog) }
        case .valueFunction:
            note(.stable)
        case .unary(_, let operand): visit(operand, catalog: catalog)
        case .binary(_, let left, let right):
            visit(left, catalog: catalog)
            visit(right, catalog: catalog)
        case .isTest(let value, _): visit(value, catalog: catalog)
        case .nested(let inner): visit(inner, catalog: catalog)
        case .cast(let cast): visit(cast.value, catalog: catalog)
        case .collate(let inner, _): visit(inner, catalog: catalog)
        case .atTimeZone(let inner, let zone):
            visit(inner, catalog: catalog)
            if let zone { visit(zone, catalog: catalog) }
        case .row(let items, _): for item in items { visit(item, catalog: catalog) }
        case .array(.elements(let items, _)): for item in items { visit(item, catalog: catalog) }
        case .caseWhen(let caseWhen):
            if let operand = caseWhen.operand { visit(operand, catalog: catalog) }
            for branch in caseWhen.branches {
                visit(branch.condition, catalog: catalog)
                visit(branch.result, catalog: catalog)
            }
            if let elseResult = caseWhen.elseResult { visit(elseResult, catalog: catalog) }
        case .like(let like):
            visit(like.value, catalog: catalog)
            visit(like.pattern, catalog: catalog)
        case .between(let between):
            visit(between.value, catalog: catalog)
            visit(between.low, catalog: catalog)
            visit(between.high, catalog: catalog)
        case .inList(let value, let list, _):
            visit(value, catalog: catalog)
            for item in list { visit(item, catalog: catalog) }
        case .extract(_, let source): visit(source, catalog: catalog)
        case .access(let base, _): visit(base, catalog: catalog)
        case .literal, .typedLiteral, .parameter, .column, .star, .default:
            break
        case .subquery, .exists, .inSubquery, .quantified, .array(.subquery), .structConstructor, .template, .invalid:
            // Not allowed in a DEFAULT, or not understood: assume the worst.
            note(.volatile)
            unknownFunctions.append(SQLPrinter.print(expression))
        }
    }

    private mutating func classify(_ name: ObjectName, catalog: CatalogIndex?) {
        let function = name.name.value.lowercased()
        let schema = name.schema?.value
        if let candidates = catalog?.functions[name.name.value], !candidates.isEmpty {
            let matching = schema.map { schema in candidates.filter { $0.schema.name == schema } } ?? candidates
            if let worst = matching.map(\.volatility).max() {
                note(worst)
                if worst == .volatile { volatileFunctions.append(name.sql) }
                return
            }
        }
        if schema == nil || schema == "pg_catalog" {
            if Self.volatileBuiltins.contains(function) {
                note(.volatile)
                volatileFunctions.append(name.sql)
                return
            }
            if Self.nonVolatileBuiltins.contains(function) {
                note(.stable)
                return
            }
        }
        note(.volatile)
        unknownFunctions.append(name.sql)
    }
}
