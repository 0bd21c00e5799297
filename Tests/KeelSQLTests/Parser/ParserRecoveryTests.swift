import KeelCore
import KeelSQL
import Testing

@Suite("Parser: errors and recovery")
struct ParserRecoveryTests {
    @Test("a bad statement is skipped and the next one still parses")
    func statementRecovery() throws {
        let result = Parser.parse("SELECT 1;\nSELECT FROM WHERE ;\nSELECT 3;")
        #expect(result.statements.count == 3)
        guard case .invalid = result.statements[1].kind else { throw ExpectedShape() }
        guard case .query = result.statements[2].kind else { throw ExpectedShape() }
        let error = try #require(result.errors.first)
        #expect(error.code == .syntax)
        #expect(error.line == 2)
    }

    @Test("the diagnostic renders the line, column, source line, a caret and what was expected")
    func rendering() throws {
        let result = Parser.parse("SELECT a,\n       b +\nFROM t")
        let error = try #require(result.errors.first)
        #expect(error.line == 3)
        #expect(error.column == 1)
        #expect(error.expected == ["an expression"])
        #expect(error.rendered == """
            line 3, column 1: expected an expression, found "FROM"
              FROM t
              ^^^^
            """)
    }

    @Test("caret under the spot in the middle of a line")
    func caretPosition() throws {
        let result = Parser.parse("SELECT coalesce(a,, b) FROM t")
        let error = try #require(result.errors.first)
        #expect(error.column == 19)
        #expect(error.rendered.hasSuffix("\n  SELECT coalesce(a,, b) FROM t\n                    ^"))
    }

    @Test("a bad select item is recovered at the expression level")
    func expressionRecovery() throws {
        let result = Parser.parse("SELECT a, b + * c, d FROM t")
        #expect(result.errors.count == 1)
        guard case .query(let query) = result.statements.first?.kind, case .select(let select) = query.body else { throw ExpectedShape() }
        #expect(select.items.count == 3)
        guard case .invalid(let text) = select.items[1].expression.kind else { throw ExpectedShape() }
        #expect(text == "b + * c")
        #expect(select.from.count == 1)
    }

    @Test("a bad function argument is recovered at the expression level")
    func argumentRecovery() throws {
        let result = Parser.parse("SELECT f(a, ), g(b) FROM t")
        #expect(result.errors.count == 1)
        guard case .query = result.statements.first?.kind else { throw ExpectedShape() }
    }

    @Test("recovery inside parentheses skips the whole item, not past the closing parenthesis")
    func nestedRecovery() throws {
        let result = Parser.parse("SELECT a ILIKE ANY ('x', ) AS y, coalesce(b, c +) AS z, d FROM t WHERE e > 0")
        #expect(result.errors.count == 2, "\(result.errors.map(\.rendered))")
        guard case .query(let query) = result.statements.first?.kind, case .select(let select) = query.body else { throw ExpectedShape() }
        #expect(select.items.count == 3)
        #expect(select.items.map { $0.alias?.value } == ["y", "z", nil])
        guard case .invalid(let text) = select.items[0].expression.kind else { throw ExpectedShape() }
        #expect(text == "a ILIKE ANY ('x', )")
        #expect(select.from.count == 1)
        #expect(select.where != nil)
    }

    @Test("trailing junk after a statement is reported but the statement is kept")
    func trailing() throws {
        let result = Parser.parse("SELECT a FROM t u v")
        #expect(result.errors.count == 1)
        guard case .query = result.statements.first?.kind else { throw ExpectedShape() }
    }

    @Test("an unknown statement is invalid with a diagnostic")
    func unknownStatement() throws {
        let result = Parser.parse("FROBNICATE the database")
        guard case .invalid(let other) = result.statements.first?.kind else { throw ExpectedShape() }
        #expect(other.kind == "FROBNICATE THE")
        #expect(result.errors.first?.message.contains("unknown statement") == true)
    }

    @Test("unterminated strings are reported with their position")
    func unterminated() throws {
        let result = Parser.parse("SELECT 1;\nSELECT 'oops")
        #expect(result.errors.contains { $0.code == .unterminated && $0.line == 2 && $0.column == 8 })
        guard case .query = result.statements.first?.kind else { throw ExpectedShape() }
    }

    @Test("deeply nested parentheses give a diagnostic, not a crash", arguments: [100_000, 5_000, 600])
    func deepParentheses(depth: Int) throws {
        let sql = "SELECT " + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)
        let result = Parser.parse(sql)
        #expect(result.errors.first?.code == .nestingTooDeep)
        #expect(result.statements.count == 1)
    }

    @Test("deep nesting of every recursive construct is bounded", arguments: [
        String(repeating: "- ", count: 50_000) + "1",
        String(repeating: "NOT ", count: 50_000) + "TRUE",
        String(repeating: "(SELECT ", count: 20_000) + "1" + String(repeating: ")", count: 20_000),
        String(repeating: "ARRAY[", count: 20_000) + "1" + String(repeating: "]", count: 20_000),
        String(repeating: "f(", count: 20_000) + "1" + String(repeating: ")", count: 20_000),
        String(repeating: "CASE WHEN ", count: 20_000) + "1",
        String(repeating: "x::", count: 1) + String(repeating: "int[]", count: 50_000),
    ])
    func deepConstructs(body: String) {
        let result = Parser.parse("SELECT " + body)
        #expect(result.statements.count == 1)
    }

    @Test("long operator, UNION and JOIN chains parse, print and bind without deep recursion")
    func longChains() throws {
        let terms = (0..<3_000).map { "c\($0)" }
        let sum = "SELECT " + terms.joined(separator: " + ") + " FROM t"
        let union = (0..<1_500).map { "SELECT \($0)" }.joined(separator: " UNION ALL ")
        let joins = "SELECT * FROM t0" + (1..<1_500).map { " JOIN t\($0) ON TRUE" }.joined()
        for sql in [sum, union, joins] {
            let result = Parser.parse(sql)
            #expect(result.errors.isEmpty)
            guard case .query(let query) = result.statements.first?.kind else { throw ExpectedShape() }
            let printed = SQLPrinter.print(query)
            #expect(printed.utf8.count > 10_000)
            let bound = Binder(schema: SchemaMap([:])).bind(query)
            #expect(!SQLPrinter.print(bound.query).isEmpty)
        }
    }

    @Test("absurdly long chains get a diagnostic instead of a tree too deep to free")
    func absurdChains() {
        let sum = "SELECT " + Array(repeating: "a", count: 100_000).joined(separator: " + ")
        #expect(Parser.parse(sum).errors.first?.code == .nestingTooDeep)
        let union = Array(repeating: "SELECT 1", count: 20_000).joined(separator: " UNION ")
        #expect(Parser.parse(union).errors.first?.code == .nestingTooDeep)
    }

    @Test("deep FROM nesting is bounded")
    func deepFrom() {
        let sql = "SELECT * FROM " + String(repeating: "(", count: 50_000) + "t" + String(repeating: ")", count: 50_000)
        #expect(Parser.parse(sql).errors.first?.code == .nestingTooDeep)
    }

    @Test("moderate nesting within the limit parses")
    func moderateNesting() throws {
        let sql = "SELECT " + String(repeating: "(", count: 100) + "1" + String(repeating: ")", count: 100)
        #expect(Parser.parse(sql).errors.isEmpty)
    }

    @Test("the depth limit is configurable")
    func configurableDepth() {
        let sql = "SELECT ((((1))))"
        #expect(Parser.parse(sql, options: ParserOptions(maximumDepth: 3)).errors.first?.code == .nestingTooDeep)
        #expect(Parser.parse(sql, options: ParserOptions(maximumDepth: 50)).errors.isEmpty)
    }

    @Test("SQLError conforms to KeelError with a stable code and a hint")
    func sqlError() throws {
        do {
            _ = try Parser.parseExpression("a +")
            Issue.record("accepted a dangling operator")
        } catch {
            #expect(error.code == "sql.syntax")
            #expect(error.message.contains("line 1, column 4"))
            #expect(error.exitStatus == .failure)
        }
        do {
            _ = try Parser.parseExpression(String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000))
            Issue.record("accepted hostile nesting")
        } catch {
            #expect(error.code == "sql.too-deep")
            #expect(error.hint != nil)
        }
    }

    @Test("garbage never traps", arguments: [
        ")", "(", "SELECT (", "SELECT )", "SELECT ,", "INSERT", "INSERT INTO", "UPDATE t SET", "DELETE", "CREATE",
        "CREATE TABLE", "CREATE TABLE t (", "ALTER TABLE t", "ALTER TABLE t ADD", "WITH", "WITH x AS (", "SELECT * FROM",
        "SELECT a FROM t WHERE", "SELECT CASE", "SELECT CAST(", "SELECT ARRAY[", "SELECT 1 +", "VALUES (", "DROP",
        "COMMENT ON", "SELECT x::", "SELECT a[", "MERGE INTO t", "CREATE INDEX ON", "SELECT * FROM t JOIN", ";;;",
        "SELECT $", "SELECT 'a' 'b'", "SELECT {{", "SELECT `x", "\\", "SET", "CREATE FUNCTION", "CREATE TRIGGER",
        "SELECT * FROM a NATURAL", "SELECT a FROM t GROUP BY GROUPING SETS (", "SELECT f(x => )", "EXPLAIN",
    ])
    func garbage(sql: String) {
        let result = Parser.parse(sql)
        for statement in result.statements { _ = statement.kindName }
        #expect(result.statements.allSatisfy { _ in true })
    }
}
