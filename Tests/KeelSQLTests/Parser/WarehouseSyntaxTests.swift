import KeelSQL
import Testing

@Suite("Parser: warehouse syntax found in dbt projects")
struct WarehouseSyntaxTests {
    @Test("Snowflake `:` path access, with casts")
    func snowflakePath() throws {
        let s = try select("SELECT payload:customer.name::string AS name, v:items[0]:sku FROM raw")
        guard case .cast(let cast) = s.items[0].expression.kind,
              case .access(let base, let path) = cast.value.kind,
              case .column(let column) = base.kind else { throw ExpectedShape() }
        #expect(column.column.value == "payload")
        guard case .path(let key) = path[0], case .field(let field) = path[1] else { throw ExpectedShape() }
        #expect(key.value == "customer")
        #expect(field.value == "name")
    }

    @Test("QUALIFY, ILIKE and IFF")
    func snowflakeClauses() throws {
        let s = try select("SELECT IFF(a ILIKE '%x%', 1, 0) AS f FROM t QUALIFY ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts DESC) = 1")
        #expect(s.qualify != nil)
        guard case .function(let iff) = s.items[0].expression.kind else { throw ExpectedShape() }
        #expect(iff.name.name.value == "iff")
    }

    @Test("LATERAL FLATTEN with named arguments")
    func flatten() throws {
        let s = try select("SELECT f.value FROM t, LATERAL FLATTEN(input => t.items, outer => true) f")
        guard case .function(let function) = s.from[1] else { throw ExpectedShape() }
        #expect(function.lateral)
        #expect(function.alias?.name.value == "f")
        guard case .function(let call) = function.functions.first?.kind else { throw ExpectedShape() }
        #expect(call.arguments.map { $0.name?.value } == ["input", "outer"])
        let table = try select("SELECT * FROM t, TABLE(FLATTEN(input => t.v)) f")
        guard case .function = table.from[1] else { throw ExpectedShape() }
    }

    @Test("Snowflake * EXCLUDE")
    func exclude() throws {
        let s = try select("SELECT * EXCLUDE (a, b) FROM t")
        guard case .star(let star) = s.items[0].expression.kind else { throw ExpectedShape() }
        #expect(star.except.map(\.value) == ["a", "b"])
    }

    @Test("BigQuery backtick names split into parts")
    func backticks() throws {
        let s = try select("SELECT `Col` FROM `my-project.dataset.table` AS t")
        guard case .table(let table) = s.from[0] else { throw ExpectedShape() }
        #expect(table.table.name.parts.map(\.value) == ["my-project", "dataset", "table"])
        #expect(table.table.name.parts.allSatisfy { $0.quoted })
        guard case .column(let column) = s.items[0].expression.kind else { throw ExpectedShape() }
        #expect(column.column.value == "Col")
    }

    @Test("BigQuery SELECT * EXCEPT / REPLACE")
    func exceptReplace() throws {
        let s = try select("SELECT * EXCEPT (secret) REPLACE (lower(email) AS email) FROM users")
        guard case .star(let star) = s.items[0].expression.kind else { throw ExpectedShape() }
        #expect(star.except.map(\.value) == ["secret"])
        #expect(star.replace.first?.alias?.value == "email")
    }

    @Test("SELECT * EXCEPT SELECT is still a set operation")
    func exceptSetOperation() throws {
        let q = try query("SELECT * FROM a EXCEPT SELECT * FROM b")
        guard case .setOperation(let op) = q.body else { throw ExpectedShape() }
        #expect(op.op == .except)
    }

    @Test("BigQuery STRUCT, ARRAY and UNNEST")
    func structsAndArrays() throws {
        let s = try select("""
            SELECT STRUCT(1 AS a, 'x' AS b) AS s, ARRAY<INT64>[1, 2] AS arr, [1, 2, 3] AS bare, x
            FROM t, UNNEST(t.items) AS x WITH OFFSET AS pos
            """)
        guard case .structConstructor(let structure) = s.items[0].expression.kind else { throw ExpectedShape() }
        #expect(structure.fields.map { $0.alias?.value } == ["a", "b"])
        guard case .array(.elements(let elements, let type)) = s.items[1].expression.kind else { throw ExpectedShape() }
        #expect(elements.count == 2)
        #expect(type?.name.name.value == "int64")
        guard case .function(let unnest) = s.from[1] else { throw ExpectedShape() }
        #expect(unnest.alias?.name.value == "x")
        #expect(try Parser.parseType("STRUCT<a INT64, b ARRAY<STRING>>").typeArguments.count == 2)
    }

    @Test("BigQuery SAFE_CAST, IGNORE NULLS and INTERVAL n unit")
    func bigQueryFunctions() throws {
        let s = try select("SELECT SAFE_CAST(x AS INT64), ARRAY_AGG(y IGNORE NULLS ORDER BY z LIMIT 10), DATE_ADD(d, INTERVAL 1 DAY) FROM t")
        guard case .cast(let cast) = s.items[0].expression.kind else { throw ExpectedShape() }
        #expect(cast.syntax == .safeCast)
        guard case .function(let agg) = s.items[1].expression.kind else { throw ExpectedShape() }
        #expect(agg.nullTreatment == "IGNORE NULLS")
        #expect(agg.orderBy.count == 1)
    }

    @Test("Trino: TRY_CAST, lambda-free array functions, ROW types, element_at")
    func trino() throws {
        let s = try select("SELECT TRY_CAST(a AS varchar), element_at(m, 'k'), CAST(ROW(1, 2) AS ROW(x int, y int)) FROM t CROSS JOIN UNNEST(arr) AS u(v)")
        #expect(s.items.count == 3)
    }

    @Test("three-part names as in dbt's compiled SQL")
    func threePartNames() throws {
        let s = try select("SELECT * FROM \"dbt_hubspot\".\"hubspot_it_hubspot\".\"stg_hubspot__company\"")
        guard case .table(let table) = s.from[0] else { throw ExpectedShape() }
        #expect(table.table.name.catalog?.value == "dbt_hubspot")
        #expect(table.table.name.schema?.value == "hubspot_it_hubspot")
    }

    @Test("unrendered Jinja degrades to a template relation with a warning")
    func jinja() throws {
        let result = Parser.parse("select id from {{ ref('orders') }} where {{ var('x') }} = 1")
        #expect(result.errors.isEmpty)
        #expect(result.diagnostics.allSatisfy { $0.code == .template && $0.severity == .warning })
        #expect(result.diagnostics.count == 2)
        guard case .query(let q) = result.statements.first?.kind, case .select(let s) = q.body,
              case .template(let text, _, _) = s.from[0] else { throw ExpectedShape() }
        #expect(text == "{{ ref('orders') }}")
    }
}

@Suite("Parser: more dialect tolerance")
struct DialectToleranceTests {
    @Test("array(a, b) as a function, SELECT AS STRUCT, * RENAME")
    func misc() throws {
        let s = try select("SELECT array(a, b) AS arr FROM t")
        guard case .function(let call) = s.items[0].expression.kind else { throw ExpectedShape() }
        #expect(call.name.name.value == "array")
        _ = try select("SELECT AS STRUCT 1 AS a, 2 AS b")
        let renamed = try select("SELECT * RENAME (a AS b) FROM t")
        guard case .star(let star) = renamed.items[0].expression.kind else { throw ExpectedShape() }
        #expect(star.replace.first?.alias?.value == "b")
    }

    @Test("adjacent string constants separated by a newline are one constant")
    func stringContinuation() throws {
        guard case .literal(.string(let value, _)) = try Parser.parseExpression("'foo'\n  'bar'").kind else { throw ExpectedShape() }
        #expect(value == "foobar")
        // On one line it is an error, as in PostgreSQL.
        #expect(throws: SQLError.self) { try Parser.parseExpression("'foo' 'bar'") }
    }

    @Test("Snowflake LIKE/ILIKE ANY and ALL over a list keep the list as an array")
    func likeAnyList() throws {
        let s = try select("SELECT a FROM t WHERE a ILIKE ANY ('x%', 'y%') AND b NOT LIKE ALL ('z%', 'w%')")
        let condition = try #require(s.where)
        #expect(SQLPrinter.print(condition) == "a ILIKE ANY (ARRAY['x%', 'y%']) AND b NOT LIKE ALL (ARRAY['z%', 'w%'])")
        // One operand stays what PostgreSQL means: an array expression.
        let one = try select("SELECT a FROM t WHERE a = ANY (arr)")
        #expect(SQLPrinter.print(try #require(one.where)) == "a = ANY (arr)")
    }

    @Test("CURRENT_TIMESTAMP() and friends with empty parentheses")
    func emptyValueFunctionParentheses() throws {
        let s = try select("SELECT CURRENT_TIMESTAMP(), CURRENT_TIMESTAMP(3), current_date() FROM t")
        guard case .valueFunction(let name, let precision) = s.items[0].expression.kind else { throw ExpectedShape() }
        #expect(name == "CURRENT_TIMESTAMP")
        #expect(precision == nil)
        guard case .valueFunction(_, let three) = s.items[1].expression.kind else { throw ExpectedShape() }
        #expect(three == 3)
        guard case .valueFunction("CURRENT_DATE", nil) = s.items[2].expression.kind else { throw ExpectedShape() }
        // `current_schema()` is a real function.
        let schema = try select("SELECT current_schema() FROM t")
        guard case .function = schema.items[0].expression.kind else { throw ExpectedShape() }
    }

    @Test("Snowflake SAMPLE / TABLESAMPLE without a method; an alias named sample still works")
    func sampleClauses() throws {
        for sql in ["SELECT a FROM t SAMPLE (10)", "SELECT a FROM t AS x SAMPLE ROW (10 ROWS) SEED (4)",
                    "SELECT a FROM t TABLESAMPLE (5)", "SELECT a FROM t TABLESAMPLE BERNOULLI (5) REPEATABLE (1)"] {
            let s = try select(sql)
            guard case .table(let table) = s.from.first else { throw ExpectedShape() }
            #expect(table.sample != nil, "\(sql)")
        }
        let aliased = try select("SELECT sample.a FROM t sample")
        guard case .table(let table) = aliased.from.first else { throw ExpectedShape() }
        #expect(table.alias?.name.value == "sample")
        #expect(table.sample == nil)
        let columns = try select("SELECT sample.x FROM t sample (x, y)")
        guard case .table(let renamed) = columns.from.first else { throw ExpectedShape() }
        #expect(renamed.alias?.columns.map(\.value) == ["x", "y"])
    }

    @Test("Trino lambdas degrade to an operator instead of failing")
    func lambdas() throws {
        _ = try select("SELECT transform(arr, x -> x + 1) FROM t")
    }
}
