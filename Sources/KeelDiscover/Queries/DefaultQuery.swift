import KeelCore
import PostgresNIO

/// Column defaults and generated-column expressions, with what is needed to judge their volatility.
///
/// Volatility decides whether `ADD COLUMN … DEFAULT` rewrites a table. Built-in functions are
/// "pinned", so pg_depend records nothing for `now()` or `random()`; the stored expression tree
/// (adbin) names every function, operator and cast it uses instead. The tree travels only when
/// it can call something, and is read by ``DefaultVolatility`` against the non-immutable
/// routines from ``routines``.
///
/// Given a relation, `pg_get_expr` opens it (a relcache build, tens of microseconds) to name its
/// columns. Only a generated column's expression has column references (`{VAR`); every other
/// default prints the same without the relation, so it is printed without it.
enum DefaultQuery {
    struct Row {
        var relationOID: Int64
        var position: Int16
        var expression: String
        /// The node tree, when it calls a function, operator or cast; nil for plain constants.
        var tree: String?
    }

    static let sql: SQL = """
        SELECT ad.adrelid::int8, ad.adnum,
               pg_catalog.pg_get_expr(ad.adbin, CASE WHEN strpos(x.tree, '{VAR ') > 0 THEN ad.adrelid ELSE 0 END),
               CASE WHEN strpos(x.tree, ':funcid ') > 0 OR strpos(x.tree, ':opno ') > 0
                      OR strpos(x.tree, ':resulttype ') > 0 OR strpos(x.tree, '{NEXTVALUEEXPR') > 0
                      OR strpos(x.tree, '{SQLVALUEFUNCTION') > 0
                    THEN x.tree END
        FROM pg_catalog.pg_attrdef ad
        CROSS JOIN LATERAL (SELECT ad.adbin::text AS tree) x
        JOIN pg_catalog.pg_class c ON c.oid = ad.adrelid
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE \(CatalogScope.schemaFilter)
          AND \(CatalogScope.notExtensionMember(catalog: "'pg_catalog.pg_class'", oid: "c.oid"))
        """

    static func decode(_ row: PostgresRow) throws -> Row {
        var r = RowReader(row)
        return Row(relationOID: try r.int64(), position: try r.int16(), expression: try r.string(), tree: try r.optionalString())
    }

    /// Functions, operators and type input functions that are not immutable (a few hundred rows;
    /// row and array types, whose record_in and array_in are stable, are left out).
    static let routines: SQL = """
        SELECT 'f', p.oid::int8, p.provolatile::text FROM pg_catalog.pg_proc p WHERE p.provolatile <> 'i'
        UNION ALL
        SELECT 'o', o.oid::int8, p.provolatile::text FROM pg_catalog.pg_operator o
        JOIN pg_catalog.pg_proc p ON p.oid = o.oprcode WHERE p.provolatile <> 'i'
        UNION ALL
        SELECT 't', t.oid::int8, p.provolatile::text FROM pg_catalog.pg_type t
        JOIN pg_catalog.pg_proc p ON p.oid = t.typinput
        WHERE p.provolatile <> 'i' AND t.typrelid = 0 AND t.typcategory <> 'A'
        """

    static func decodeRoutine(_ row: PostgresRow) throws -> (kind: String, oid: Int64, volatility: String) {
        let (kind, oid, volatility) = try row.decode((String, Int64, String).self)
        return (kind, oid, volatility)
    }
}

/// Judges the volatility of a stored expression tree: the strongest volatility of every function
/// (`:funcid`, `:opfuncid`), operator (`:opno`) and cast target type's input function
/// (`:resulttype`, as in `'now'::text::date`) it names. `NEXTVALUEEXPR` (identity) is volatile and
/// `SQLVALUEFUNCTION` (CURRENT_TIMESTAMP, CURRENT_USER, …) stable.
struct DefaultVolatility {
    private var functions: [Int64: Catalog.Volatility] = [:]
    private var operators: [Int64: Catalog.Volatility] = [:]
    private var types: [Int64: Catalog.Volatility] = [:]
    private var cache: [String: Catalog.Volatility] = [:]

    init(routines: [(kind: String, oid: Int64, volatility: String)]) {
        for routine in routines {
            let volatility = Decode.volatility(routine.volatility)
            switch routine.kind {
            case "f": functions[routine.oid] = volatility
            case "o": operators[routine.oid] = volatility
            default: types[routine.oid] = volatility
            }
        }
    }

    mutating func volatility(of tree: String?) -> Catalog.Volatility {
        guard let tree else { return .immutable }
        if let known = cache[tree] { return known }
        var result: Catalog.Volatility = .immutable
        if tree.contains("{NEXTVALUEEXPR") { result = .volatile }
        if tree.contains("{SQLVALUEFUNCTION") { result = max(result, .stable) }
        let bytes = Array(tree.utf8)
        for (label, table) in [(":funcid ", functions), (":opfuncid ", functions), (":opno ", operators), (":resulttype ", types)] {
            for oid in Self.numbers(after: Array(label.utf8), in: bytes) {
                if let volatility = table[oid] { result = max(result, volatility) }
            }
        }
        cache[tree] = result
        return result
    }

    /// Every decimal number that follows `label` in `bytes`.
    static func numbers(after label: [UInt8], in bytes: [UInt8]) -> [Int64] {
        var found: [Int64] = []
        var index = 0
        let end = bytes.count - label.count
        while index <= end {
            if bytes[index] == label[0], bytes[index..<(index + label.count)].elementsEqual(label) {
                var cursor = index + label.count
                var value: Int64 = 0
                var digits = 0
                while cursor < bytes.count, bytes[cursor] >= 0x30, bytes[cursor] <= 0x39, digits < 18 {
                    value = value * 10 + Int64(bytes[cursor] - 0x30)
                    cursor += 1
                    digits += 1
                }
                if digits > 0 { found.append(value) }
                index = cursor
            } else {
                index += 1
            }
        }
        return found
    }
}
