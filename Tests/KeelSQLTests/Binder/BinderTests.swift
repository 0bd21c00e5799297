import KeelSQL
import Testing

@Suite("Binder")
struct BinderTests {
    static let schema = SchemaMap([
        "public.orders": ["id", "customer_id", "total", "status"],
        "public.customers": ["id", "name", "region"],
        "sales.orders": ["id", "amount"],
        "public.items": ["order_id", "sku", "qty"],
    ])

    func bind(_ sql: String, searchPath: [String] = ["public"]) throws -> BoundQuery {
        Binder(schema: Self.schema, options: BinderOptions(searchPath: searchPath)).bind(try query(sql))
    }

    func printed(_ sql: String) throws -> String { SQLPrinter.print(try bind(sql).query) }

    @Test("unqualified columns are qualified by their relation's alias")
    func qualifies() throws {
        #expect(try printed("SELECT total FROM orders o WHERE status = 'x'")
            == "SELECT o.total AS total FROM orders AS o WHERE o.status = 'x'")
    }

    @Test("* and t.* expand from metadata, in FROM order")
    func stars() throws {
        #expect(try printed("SELECT * FROM customers")
            == "SELECT customers.id AS id, customers.name AS name, customers.region AS region FROM customers AS customers")
        #expect(try printed("SELECT c.*, o.total FROM customers c JOIN orders o ON o.customer_id = c.id")
            == "SELECT c.id AS id, c.name AS name, c.region AS region, o.total AS total FROM customers AS c JOIN orders AS o ON o.customer_id = c.id")
    }

    @Test("ambiguous unqualified columns are reported, not guessed")
    func ambiguity() throws {
        let bound = try bind("SELECT id FROM orders o JOIN customers c ON o.customer_id = c.id")
        #expect(bound.diagnostics.map(\.code) == [.ambiguousColumn])
    }

    @Test("unknown columns are reported")
    func unknownColumn() throws {
        let bound = try bind("SELECT nope FROM orders")
        #expect(bound.diagnostics.map(\.code) == [.unknownColumn])
    }

    @Test("CTEs resolve to their own output columns, also with column lists")
    func ctes() throws {
        let bound = try bind("WITH big(oid, amount) AS (SELECT id, total FROM orders WHERE total > 100) SELECT * FROM big")
        #expect(bound.outputColumns == ["oid", "amount"])
        guard case .cte(let name, let scope) = bound.scope.sources.first?.kind else { throw ExpectedShape() }
        #expect(name == "big")
        guard case .table(let table, _) = scope.sources.first?.kind else { throw ExpectedShape() }
        #expect(table == TableIdentity(schema: "public", name: "orders"))
    }

    @Test("recursive CTEs see their own columns")
    func recursive() throws {
        let bound = try bind("""
            WITH RECURSIVE tree AS (SELECT id, customer_id FROM orders WHERE customer_id IS NULL
              UNION ALL SELECT o.id, o.customer_id FROM orders o JOIN tree t ON o.customer_id = t.id)
            SELECT id FROM tree
            """)
        #expect(bound.diagnostics.isEmpty)
        #expect(SQLPrinter.print(bound.query).hasSuffix("SELECT tree.id AS id FROM tree AS tree"))
    }

    @Test("correlated subqueries resolve outer columns")
    func correlated() throws {
        #expect(try printed("SELECT name FROM customers c WHERE EXISTS (SELECT 1 FROM orders WHERE customer_id = c.id AND region = 'eu')")
            == "SELECT c.name AS name FROM customers AS c WHERE EXISTS (SELECT 1 AS \"?column?\" FROM orders AS orders WHERE orders.customer_id = c.id AND c.region = 'eu')")
    }

    @Test("derived tables expose their outputs under the alias, renamed by a column list")
    func derived() throws {
        let bound = try bind("SELECT x, y FROM (SELECT id, total FROM orders) AS d(x, y)")
        #expect(SQLPrinter.print(bound.query) == "SELECT d.x AS x, d.y AS y FROM (SELECT orders.id AS id, orders.total AS total FROM orders AS orders) AS d(x, y)")
        guard case .derived(let scope) = bound.scope.sources.first?.kind else { throw ExpectedShape() }
        #expect(scope.outputColumns == ["x", "y"])
    }

    @Test("search path and explicit schemas pick the right table")
    func schemas() throws {
        let sales = try bind("SELECT amount FROM orders", searchPath: ["sales", "public"])
        #expect(sales.diagnostics.isEmpty)
        let explicit = try bind("SELECT amount FROM sales.orders")
        guard case .table(let table, let columns) = explicit.scope.sources.first?.kind else { throw ExpectedShape() }
        #expect(table.schema == "sales")
        #expect(columns == ["id", "amount"])
    }

    @Test("USING columns are not ambiguous and * shows them once")
    func using() throws {
        let bound = try bind("SELECT * FROM orders JOIN items ON items.order_id = orders.id JOIN customers USING (id)")
        #expect(!bound.outputColumns.isEmpty)
        let using = try bind("SELECT id FROM orders JOIN customers USING (id)")
        #expect(using.diagnostics.isEmpty)
        // PostgreSQL: a merged column is the left input's after an inner or LEFT join, the right
        // input's after a RIGHT join, and coalesce(left, right) after a FULL join.
        #expect(try printed("SELECT * FROM orders JOIN customers USING (id)").hasPrefix("SELECT orders.id AS id, orders.customer_id AS customer_id, orders.total AS total, orders.status AS status, customers.name AS name"))
        #expect(try printed("SELECT id FROM orders RIGHT JOIN customers USING (id)").hasPrefix("SELECT customers.id AS id"))
        #expect(try printed("SELECT id FROM orders FULL JOIN customers USING (id)").hasPrefix("SELECT coalesce(orders.id, customers.id) AS id"))
    }

    @Test("unknown tables keep * and resolve columns to the only candidate")
    func unknownTables() throws {
        let bound = try bind("SELECT a, * FROM mystery")
        #expect(SQLPrinter.print(bound.query) == "SELECT mystery.a AS a, mystery.* FROM mystery AS mystery")
        #expect(bound.diagnostics.map(\.code) == [.unknownTable])
    }

    @Test("PostgreSQL names unaliased projections")
    func projectionNames() throws {
        let bound = try bind("SELECT count(*), total::text, 1 + 1, CASE WHEN true THEN 1 END, now() FROM orders")
        #expect(bound.outputColumns == ["count", "total", "?column?", "case", "now"])
    }

    @Test("ORDER BY prefers output aliases; GROUP BY qualifies input columns")
    func orderAndGroup() throws {
        #expect(try printed("SELECT status AS s, count(*) AS n FROM orders GROUP BY status ORDER BY n DESC")
            == "SELECT orders.status AS s, count(*) AS n FROM orders AS orders GROUP BY orders.status ORDER BY n DESC")
    }

    @Test("set operations take the left side's column names")
    func union() throws {
        let bound = try bind("SELECT id AS k FROM orders UNION ALL SELECT id FROM customers")
        #expect(bound.outputColumns == ["k"])
        #expect(bound.scope.sources.count == 2)
    }

    @Test("set-returning functions in FROM are relations")
    func functions() throws {
        let bound = try bind("SELECT n, ordinality FROM orders, generate_series(1, total) WITH ORDINALITY AS g(n)")
        #expect(bound.diagnostics.isEmpty)
        #expect(SQLPrinter.print(bound.query).contains("generate_series(1, orders.total)"))
    }

    @Test("binding hostile nesting stops with a diagnostic")
    func deep() throws {
        let sql = "SELECT " + String(repeating: "(", count: 450) + "id" + String(repeating: ")", count: 450) + " FROM orders"
        let parsed = Parser.parse(sql)
        #expect(parsed.errors.isEmpty)
        guard case .query(let query) = parsed.statements.first?.kind else { throw ExpectedShape() }
        let bound = Binder(schema: Self.schema).bind(query)
        #expect(bound.diagnostics.contains { $0.code == .nestingTooDeep })
    }
}

/// PostgreSQL as the oracle for output column names: every pair was checked with `\\gdesc` on
/// PostgreSQL 15 (`SELECT <expression> FROM e`).
@Suite("Binder: PostgreSQL's output column names")
struct PostgresColumnNameTests {
    static let schema = SchemaMap(["public.e": ["id", "a", "b", "c", "flag", "ts", "name", "arr", "doc", "payload"]])

    static let pairs: [(String, String)] = [
        ("a::int", "a"),
        ("a::bigint", "a"),
        ("1::int", "int4"),
        ("'1'::bigint", "int8"),
        ("'x'::text", "text"),
        ("'a'::varchar", "varchar"),
        ("true::boolean", "bool"),
        ("1::double precision", "float8"),
        ("1::numeric(5,2)", "numeric"),
        ("CAST(a AS numeric)", "a"),
        ("CAST(1 AS int)", "int4"),
        ("count(*)", "count"),
        ("sum(a)", "sum"),
        ("CASE WHEN flag THEN 1 END", "case"),
        ("ARRAY[a]", "array"),
        ("ARRAY(SELECT 1)", "array"),
        ("ROW(a, b)", "row"),
        ("(a, b)", "row"),
        ("EXISTS (SELECT 1)", "exists"),
        ("(SELECT 1)", "?column?"),
        ("(SELECT a FROM e LIMIT 1)", "a"),
        ("a IS NULL", "?column?"),
        ("coalesce(a, b)", "coalesce"),
        ("nullif(a, b)", "nullif"),
        ("greatest(a, b)", "greatest"),
        ("least(a,b)", "least"),
        ("extract(year FROM ts)", "extract"),
        ("substring(name FROM 1 FOR 3)", "substring"),
        ("position('x' IN name)", "position"),
        ("trim(BOTH ' ' FROM name)", "btrim"),
        ("trim(name)", "btrim"),
        ("ltrim(name)", "ltrim"),
        ("overlay(name PLACING 'x' FROM 2 FOR 1)", "overlay"),
        ("ts AT TIME ZONE 'UTC'", "timezone"),
        ("CURRENT_TIMESTAMP", "current_timestamp"),
        ("CURRENT_TIMESTAMP(3)", "current_timestamp"),
        ("current_date", "current_date"),
        ("localtime", "localtime"),
        ("CURRENT_USER", "current_user"),
        ("session_user", "session_user"),
        ("current_schema", "current_schema"),
        ("current_catalog", "current_catalog"),
        ("user", "user"),
        ("name COLLATE \"C\"", "name"),
        ("a IS DISTINCT FROM b", "?column?"),
        ("-a", "?column?"),
        ("NOT flag", "?column?"),
        ("doc -> 'k'", "?column?"),
        ("doc ->> 'k'", "?column?"),
        ("arr[1]", "arr"),
        ("arr[1:2]", "arr"),
        ("(doc)", "doc"),
        ("(a)", "a"),
        ("date '2024-01-01'", "date"),
        ("timestamp '2024-01-01'", "timestamp"),
        ("interval '1 day'", "interval"),
        ("INTERVAL '1' DAY", "interval"),
        ("e.a", "a"),
        ("e.*::text", "e"),
        ("a + 1", "?column?"),
        ("'x'", "?column?"),
        ("1", "?column?"),
        ("NULL", "?column?"),
        ("true", "?column?"),
        ("$$x$$", "?column?"),
        ("normalize(name)", "normalize"),
        ("a BETWEEN 1 AND 2", "?column?"),
        ("a IN (1, 2)", "?column?"),
        ("name LIKE 'x'", "?column?"),
        ("now()", "now"),
        ("pg_catalog.now()", "now"),
        ("cast(a as text)::varchar", "a"),
        ("a::text::int", "a"),
        ("(a::text)", "a"),
        ("(arr)[1]", "arr"),
        ("rank() OVER ()", "rank"),
        ("sum(a) OVER (PARTITION BY b)", "sum"),
        ("array_agg(a ORDER BY b)", "array_agg"),
        ("percentile_cont(0.5) WITHIN GROUP (ORDER BY a)", "percentile_cont"),
        ("count(*) FILTER (WHERE flag)", "count"),
        ("ARRAY[]::int[]", "array"),
        ("'{1}'::int[]", "int4"),
        ("b'101'", "?column?"),
        ("x'ff'", "?column?"),
        ("1.5", "?column?"),
        ("1e3", "?column?"),
        ("bit '101'", "bit"),
        ("char 'x'", "bpchar"),
        ("double precision '1'", "float8"),
        ("time '00:00'", "time"),
        ("time with time zone '00:00'", "timetz"),
        ("timestamp(3) '2024-01-01'", "timestamp"),
        ("bpchar 'x'", "bpchar"),
        ("int '1'", "int4"),
        ("json '{}'", "json"),
        ("jsonb '{}'", "jsonb"),
        ("uuid '00000000-0000-0000-0000-000000000000'", "uuid"),
        ("CAST(a AS pg_catalog.int4)", "a"),
        ("a::\"int4\"", "a"),
        ("nullif(1,1)::int", "nullif"),
        ("current_role", "current_role"),
        ("localtimestamp(2)", "localtimestamp"),
        ("xmlparse(document '<a/>')", "xmlparse"),
        ("similar_to_escape('x')", "similar_to_escape"),
        ("a OPERATOR(pg_catalog.+) b", "?column?"),
        ("+a", "?column?"),
        ("(a + 1)::text", "text"),
        ("CASE a WHEN 1 THEN 2 END::text", "text"),
        ("EXISTS (SELECT 1)::int", "exists"),
        ("doc['k']", "doc"),
        ("doc['k']['j']", "doc"),
        ("(doc -> 'a')", "?column?"),
        ("ts::date", "ts"),
        ("'e'::regclass::oid", "oid"),
        ("CASE WHEN flag THEN 1 ELSE b END", "b"),
        ("(SELECT 1)::int", "?column?"),
        ("trim(LEADING 'x' FROM name)", "ltrim"),
        ("trim(TRAILING FROM name)", "rtrim"),
        ("1::float(10)", "float4"),
        ("1::float(30)", "float8"),
        ("1::smallint", "int2"),
        ("1::real", "float4"),
        ("1::character varying(3)", "varchar"),
        ("'x'::bit varying", "varbit"),
    ]

    @Test("an unaliased expression is named as PostgreSQL names it", arguments: pairs)
    func name(_ expression: String, _ expected: String) throws {
        let parsed = try query("SELECT \(expression) FROM e")
        let bound = Binder(schema: Self.schema, options: BinderOptions(searchPath: ["public"])).bind(parsed)
        #expect(bound.outputColumns == [expected])
    }
}
