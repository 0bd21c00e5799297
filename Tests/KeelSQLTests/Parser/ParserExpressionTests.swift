import KeelSQL
import Testing

@Suite("Parser: expressions")
struct ParserExpressionTests {
    func printed(_ sql: String) throws -> String { SQLPrinter.print(try Parser.parseExpression(sql)) }

    @Test("precedence follows PostgreSQL", arguments: [
        ("a OR b AND c", "OR"),
        ("a AND b OR c", "OR"),
        ("NOT a AND b", "AND"),
        ("a = b AND c", "AND"),
        ("a + b * c", "+"),
        ("a * b + c", "+"),
        ("a || b = c", "="),
        ("a < b + 1", "<"),
        ("a IS NULL OR b", "OR"),
    ])
    func precedence(sql: String, root: String) throws {
        let parsed = try Parser.parseExpression(sql)
        guard case .binary(let op, _, _) = parsed.kind else { throw ExpectedShape() }
        #expect(op == root)
    }

    @Test("NOT binds looser than comparison")
    func notPrecedence() throws {
        guard case .unary("NOT", let operand) = try Parser.parseExpression("NOT a = b").kind,
              case .binary("=", _, _) = operand.kind else { throw ExpectedShape() }
    }

    @Test("unary minus binds tighter than ^, :: tighter than unary minus")
    func unaryPrecedence() throws {
        guard case .binary("^", let left, _) = try Parser.parseExpression("-a ^ 2").kind,
              case .unary("-", _) = left.kind else { throw ExpectedShape() }
        guard case .unary("-", let operand) = try Parser.parseExpression("-1::text").kind,
              case .cast = operand.kind else { throw ExpectedShape() }
    }

    @Test("!= is normalized to <>")
    func notEquals() throws {
        #expect(try printed("a != b") == "a <> b")
    }

    @Test("casts: ::, CAST and typed literals")
    func casts() throws {
        guard case .cast(let cast) = try Parser.parseExpression("x::varchar(10)[]").kind else { throw ExpectedShape() }
        #expect(cast.syntax == .doubleColon)
        #expect(cast.type.name.name.value == "varchar")
        #expect(cast.type.arrayBounds == [nil])
        guard case .typedLiteral(let type, let value) = try Parser.parseExpression("date '2024-01-02'").kind else { throw ExpectedShape() }
        #expect(type.name.name.value == "date")
        #expect(value == "2024-01-02")
        guard case .typedLiteral(let tz, _) = try Parser.parseExpression("timestamp with time zone '2024-01-01'").kind else { throw ExpectedShape() }
        #expect(tz.name.name.value == "timestamp with time zone")
    }

    @Test("string literal styles are decoded")
    func stringStyles() throws {
        guard case .literal(.string(let escaped, .escape)) = try Parser.parseExpression("E'a\\tb\\x41\\101\\u00e9\\''").kind else { throw ExpectedShape() }
        #expect(escaped == "a\tbAAé'")
        guard case .literal(.string(let unicode, .unicode)) = try Parser.parseExpression("U&'d\\0061t\\+000061'").kind else { throw ExpectedShape() }
        #expect(unicode == "data")
        guard case .literal(.string(let dollar, .dollar)) = try Parser.parseExpression("$q$it's$q$").kind else { throw ExpectedShape() }
        #expect(dollar == "it's")
        guard case .literal(.string(let plain, .standard)) = try Parser.parseExpression("'it''s'").kind else { throw ExpectedShape() }
        #expect(plain == "it's")
    }

    @Test("a dollar-quoted string prints as a safe standard string")
    func dollarPrints() throws {
        #expect(try printed("$$a'b$$") == "'a''b'")
        #expect(try printed("$$a\\b$$") == "E'a\\\\b'")
    }

    @Test("parameters and psql variables")
    func parameters() throws {
        #expect(try Parser.parseExpression("$12").kind == .parameter(.positional(12)))
        #expect(try Parser.parseExpression(":name").kind == .parameter(.variable("name")))
    }

    @Test("CASE keeps operand, branches and ELSE")
    func caseExpression() throws {
        guard case .caseWhen(let c) = try Parser.parseExpression("CASE x WHEN 1 THEN 'a' WHEN 2 THEN 'b' ELSE 'c' END").kind else { throw ExpectedShape() }
        #expect(c.operand != nil)
        #expect(c.branches.count == 2)
        #expect(c.elseResult != nil)
    }

    @Test("IN lists, BETWEEN and LIKE variants")
    func predicates() throws {
        guard case .inList(_, let list, true) = try Parser.parseExpression("a NOT IN (1, 2, 3)").kind else { throw ExpectedShape() }
        #expect(list.count == 3)
        guard case .between(let between) = try Parser.parseExpression("a BETWEEN 1 AND 2 AND b").kind else {
            // BETWEEN … AND … binds tighter than the boolean AND.
            guard case .binary("AND", let left, _) = try Parser.parseExpression("a BETWEEN 1 AND 2 AND b").kind,
                  case .between = left.kind else { throw ExpectedShape() }
            return
        }
        Issue.record("BETWEEN swallowed the AND: \(between)")
    }

    @Test("LIKE ANY and ILIKE")
    func likeAny() throws {
        guard case .quantified(let q) = try Parser.parseExpression("a LIKE ANY (ARRAY['x%', 'y%'])").kind else { throw ExpectedShape() }
        #expect(q.op == "LIKE")
        guard case .like(let like) = try Parser.parseExpression("a NOT ILIKE '%x'").kind else { throw ExpectedShape() }
        #expect(like.op == .ilike)
        #expect(like.negated)
    }

    @Test("JSON and array operators")
    func jsonOperators() throws {
        guard case .binary("->>", let left, _) = try Parser.parseExpression("doc -> 'a' ->> 'b'").kind,
              case .binary("->", _, _) = left.kind else { throw ExpectedShape() }
        guard case .binary("@>", _, _) = try Parser.parseExpression("tags @> ARRAY['x']").kind else { throw ExpectedShape() }
        guard case .binary("#>>", _, _) = try Parser.parseExpression("doc #>> '{a,0}'").kind else { throw ExpectedShape() }
    }

    @Test("subscripts, slices and field selection")
    func subscripts() throws {
        guard case .access(let base, let path) = try Parser.parseExpression("(row_value).items[1:2]").kind else { throw ExpectedShape() }
        guard case .nested = base.kind else { throw ExpectedShape() }
        #expect(path.count == 2)
        guard case .field(let field) = path[0], case .slice = path[1] else { throw ExpectedShape() }
        #expect(field.value == "items")
    }

    @Test("row constructors, explicit and implicit")
    func rows() throws {
        #expect(try Parser.parseExpression("ROW(1, 2)").kind == .row([
            SQLExpression(.literal(.number("1")), range: SourceRange(start: 4, end: 5, line: 1, column: 5)),
            SQLExpression(.literal(.number("2")), range: SourceRange(start: 7, end: 8, line: 1, column: 8)),
        ], explicit: true))
        guard case .row(let items, false) = try Parser.parseExpression("(a, b)").kind else { throw ExpectedShape() }
        #expect(items.count == 2)
    }

    @Test("SQL value functions are not columns")
    func valueFunctions() throws {
        #expect(try Parser.parseExpression("CURRENT_TIMESTAMP").kind == .valueFunction(name: "CURRENT_TIMESTAMP", precision: nil))
        #expect(try Parser.parseExpression("localtimestamp(3)").kind == .valueFunction(name: "LOCALTIMESTAMP", precision: 3))
        guard case .function = try Parser.parseExpression("current_schema()").kind else { throw ExpectedShape() }
    }

    @Test("SQL-standard function forms keep their key words")
    func standardForms() throws {
        #expect(try printed("SUBSTRING(x FROM 2 FOR 3)") == "substring(x FROM 2 FOR 3)")
        #expect(try printed("trim(both ' ' from x)") == "trim(BOTH ' ' FROM x)")
        #expect(try printed("POSITION('a' IN x)") == "position('a' IN x)")
        #expect(try printed("extract(epoch from x)") == "EXTRACT(EPOCH FROM x)")
        #expect(try printed("extract('year' from x)") == "EXTRACT(YEAR FROM x)")
    }

    @Test("named arguments with => and :=")
    func namedArguments() throws {
        guard case .function(let call) = try Parser.parseExpression("make_interval(days => 1, hours := 2)").kind else { throw ExpectedShape() }
        #expect(call.arguments.map { $0.name?.value } == ["days", "hours"])
    }

    @Test("AT TIME ZONE and COLLATE")
    func atTimeZone() throws {
        guard case .atTimeZone(_, let zone) = try Parser.parseExpression("ts AT TIME ZONE 'UTC'").kind else { throw ExpectedShape() }
        #expect(zone != nil)
        guard case .collate(_, let collation) = try Parser.parseExpression("name COLLATE \"de_DE\"").kind else { throw ExpectedShape() }
        #expect(collation.name.value == "de_DE")
    }

    @Test("IS tests")
    func isTests() throws {
        for (sql, test) in [("a IS NULL", "NULL"), ("a IS NOT NULL", "NOT NULL"), ("a IS NOT TRUE", "NOT TRUE"),
                            ("a NOTNULL", "NOTNULL"), ("a IS JSON OBJECT", "JSON OBJECT"), ("a IS NFC NORMALIZED", "NFC NORMALIZED")] {
            guard case .isTest(_, let found) = try Parser.parseExpression(sql).kind else { throw ExpectedShape() }
            #expect(found == test)
        }
    }

    @Test("OPERATOR() syntax")
    func operatorSyntax() throws {
        #expect(try printed("a OPERATOR( pg_catalog.~~ ) b") == "a OPERATOR(pg_catalog.~~) b")
    }

    @Test("every node carries a source range")
    func ranges() throws {
        let parsed = try Parser.parseExpression("lower(a) || 'x'")
        #expect(parsed.range == SourceRange(start: 0, end: 15, line: 1, column: 1))
        guard case .binary(_, let left, let right) = parsed.kind else { throw ExpectedShape() }
        #expect(left.range.end == 8)
        #expect(right.range.start == 12)
        guard case .function(let call) = left.kind else { throw ExpectedShape() }
        #expect(call.arguments[0].value.range.start == 6)
    }

    @Test("parseExpression rejects trailing input and empty input")
    func singleExpression() {
        #expect(throws: SQLError.self) { try Parser.parseExpression("a b c") }
        do {
            _ = try Parser.parseExpression("1; DROP TABLE x")
            Issue.record("accepted two statements")
        } catch {
            #expect(error.code == "sql.trailing-input")
        }
        do {
            _ = try Parser.parseExpression("   ")
            Issue.record("accepted nothing")
        } catch {
            #expect(error.code == "sql.empty")
        }
    }

    @Test("parseType parses types and rejects junk")
    func parseType() throws {
        let type = try Parser.parseType("numeric(12,2)[]")
        #expect(type.modifiers.count == 2)
        #expect(type.arrayBounds.count == 1)
        #expect(try Parser.parseType("INT").name.name.value == "int")
        do {
            _ = try Parser.parseType("int; drop table x")
            Issue.record("accepted junk")
        } catch {
            #expect(error.code == "sql.trailing-input")
        }
    }
}
