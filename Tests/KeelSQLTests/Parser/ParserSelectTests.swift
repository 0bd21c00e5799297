import KeelSQL
import Testing

@Suite("Parser: queries")
struct ParserSelectTests {
    @Test("select items keep expressions, aliases and ranges")
    func selectItems() throws {
        let s = try select("SELECT a, b AS \"B\", c d, 1 + 2 total FROM t")
        #expect(s.items.count == 4)
        #expect(s.items[0].alias == nil)
        #expect(s.items[1].alias?.value == "B")
        #expect(s.items[1].alias?.quoted == true)
        #expect(s.items[2].alias?.value == "d")
        #expect(s.items[3].alias?.value == "total")
        #expect(s.items[1].range.start == 10)
        #expect(s.items[1].range.column == 11)
    }

    @Test("unquoted identifiers fold to lower case; quoted ones keep case")
    func caseFolding() throws {
        let s = try select("SELECT MyCol, \"MyCol\" FROM Public.Orders")
        guard case .column(let first) = s.items[0].expression.kind,
              case .column(let second) = s.items[1].expression.kind,
              case .table(let table) = s.from[0] else { throw ExpectedShape() }
        #expect(first.column == Name("mycol", quoted: false, range: first.column.range))
        #expect(second.column.value == "MyCol")
        #expect(second.column.quoted)
        #expect(table.table.name.schema?.value == "public")
        #expect(table.table.name.name.value == "orders")
    }

    @Test("column references and table references are distinct node types")
    func references() throws {
        let s = try select("SELECT o.id, public.orders.total FROM public.orders AS o")
        guard case .column(let qualified) = s.items[0].expression.kind else { throw ExpectedShape() }
        #expect(qualified.table?.value == "o")
        #expect(qualified.column.value == "id")
        guard case .column(let full) = s.items[1].expression.kind else { throw ExpectedShape() }
        #expect(full.schema?.value == "public")
        #expect(full.table?.value == "orders")
        guard case .table(let from) = s.from[0] else { throw ExpectedShape() }
        #expect(from.alias?.name.value == "o")
        #expect(from.table.name.parts.map(\.value) == ["public", "orders"])
    }

    @Test("star and qualified star")
    func stars() throws {
        let s = try select("SELECT *, t.* FROM t")
        guard case .star(let bare) = s.items[0].expression.kind,
              case .star(let qualified) = s.items[1].expression.kind else { throw ExpectedShape() }
        #expect(bare.qualifier.isEmpty)
        #expect(qualified.qualifier.map(\.value) == ["t"])
    }

    @Test("DISTINCT ON keeps its expressions")
    func distinctOn() throws {
        let s = try select("SELECT DISTINCT ON (a) a, b FROM t ORDER BY a")
        guard case .distinctOn(let on) = s.distinct else { throw ExpectedShape() }
        #expect(on.count == 1)
    }

    @Test("WITH RECURSIVE with column list and materialization hints")
    func withClause() throws {
        let q = try query("WITH RECURSIVE r (n) AS NOT MATERIALIZED (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT * FROM r")
        let with = try #require(q.with)
        #expect(with.recursive)
        #expect(with.ctes[0].name.value == "r")
        #expect(with.ctes[0].columns.map(\.value) == ["n"])
        #expect(with.ctes[0].materialized == false)
        guard case .setOperation(let union) = with.ctes[0].query?.body else { throw ExpectedShape() }
        #expect(union.op == .union)
        #expect(union.all)
    }

    @Test("data-modifying CTEs")
    func dmlCTE() throws {
        let parsed = try statement("WITH moved AS (DELETE FROM a WHERE x RETURNING *) INSERT INTO b SELECT * FROM moved")
        guard case .insert(let insert) = parsed.kind else { throw ExpectedShape() }
        let cte = try #require(insert.with?.ctes.first)
        guard case .delete(let delete) = cte.statement.kind else { throw ExpectedShape() }
        #expect(delete.returning.count == 1)
    }

    @Test("set operations: INTERSECT binds tighter than UNION")
    func setOperationPrecedence() throws {
        let q = try query("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3")
        guard case .setOperation(let union) = q.body, case .setOperation(let intersect) = union.right else { throw ExpectedShape() }
        #expect(union.op == .union)
        #expect(intersect.op == .intersect)
    }

    @Test("ORDER BY and LIMIT apply to the whole set operation")
    func setOperationTail() throws {
        let q = try query("SELECT a FROM t UNION SELECT a FROM u ORDER BY 1 LIMIT 5")
        #expect(q.orderBy.count == 1)
        #expect(q.limit?.count != nil)
    }

    @Test("every join type", arguments: [
        ("JOIN", Join.Kind.inner), ("INNER JOIN", .inner), ("LEFT JOIN", .left), ("LEFT OUTER JOIN", .left),
        ("RIGHT JOIN", .right), ("RIGHT OUTER JOIN", .right), ("FULL JOIN", .full), ("FULL OUTER JOIN", .full),
    ])
    func joins(keyword: String, kind: Join.Kind) throws {
        let s = try select("SELECT * FROM a \(keyword) b ON a.id = b.id")
        guard case .join(let join) = s.from[0], case .on = join.condition else { throw ExpectedShape() }
        #expect(join.kind == kind)
    }

    @Test("USING, NATURAL and CROSS joins")
    func joinConditions() throws {
        let using = try select("SELECT * FROM a JOIN b USING (id, k)")
        guard case .join(let j1) = using.from[0], case .using(let columns, _) = j1.condition else { throw ExpectedShape() }
        #expect(columns.map(\.value) == ["id", "k"])
        let natural = try select("SELECT * FROM a NATURAL JOIN b")
        guard case .join(let j2) = natural.from[0], case .natural = j2.condition else { throw ExpectedShape() }
        let cross = try select("SELECT * FROM a CROSS JOIN b")
        guard case .join(let j3) = cross.from[0] else { throw ExpectedShape() }
        #expect(j3.kind == .cross)
    }

    @Test("joins are left-associative")
    func joinChain() throws {
        let s = try select("SELECT * FROM a JOIN b ON x JOIN c ON y")
        guard case .join(let outer) = s.from[0], case .join(let inner) = outer.left,
              case .table(let c) = outer.right else { throw ExpectedShape() }
        #expect(c.table.name.name.value == "c")
        guard case .table(let a) = inner.left else { throw ExpectedShape() }
        #expect(a.table.name.name.value == "a")
    }

    @Test("LATERAL subqueries and set-returning functions WITH ORDINALITY")
    func lateral() throws {
        let s = try select("SELECT * FROM t, LATERAL (SELECT 1) x, unnest(t.arr) WITH ORDINALITY AS u(v, n)")
        guard case .subquery(let sub) = s.from[1], case .function(let function) = s.from[2] else { throw ExpectedShape() }
        #expect(sub.lateral)
        #expect(sub.alias?.name.value == "x")
        #expect(function.withOrdinality)
        #expect(function.alias?.columns.map(\.value) == ["v", "n"])
    }

    @Test("parenthesized join with alias, and derived tables")
    func nestedFrom() throws {
        let s = try select("SELECT * FROM ((a JOIN b ON TRUE)) AS j, (SELECT 1) AS d")
        guard case .nested(let inner, let alias, _) = s.from[0] else { throw ExpectedShape() }
        #expect(alias?.name.value == "j")
        guard case .nested(.join, _, _) = inner else { throw ExpectedShape() }
        guard case .subquery = s.from[1] else { throw ExpectedShape() }
    }

    @Test("VALUES as a derived table with column aliases")
    func valuesFrom() throws {
        let s = try select("SELECT * FROM (VALUES (1, 'a'), (2, 'b')) v (id, name)")
        guard case .subquery(let sub) = s.from[0], case .values(let values) = sub.query.body else { throw ExpectedShape() }
        #expect(values.rows.count == 2)
        #expect(sub.alias?.columns.map(\.value) == ["id", "name"])
    }

    @Test("window functions with named windows and frames")
    func windows() throws {
        let s = try select("""
            SELECT sum(x) OVER w, rank() OVER (PARTITION BY a ORDER BY b ROWS BETWEEN 1 PRECEDING AND UNBOUNDED FOLLOWING)
            FROM t WINDOW w AS (ORDER BY c)
            """)
        #expect(s.windows.first?.name.value == "w")
        guard case .function(let named) = s.items[0].expression.kind,
              case .function(let ranked) = s.items[1].expression.kind else { throw ExpectedShape() }
        #expect(named.over?.isReference == true)
        #expect(named.over?.baseName?.value == "w")
        let frame = try #require(ranked.over?.frame)
        #expect(frame.mode == .rows)
        #expect(frame.end == .unboundedFollowing)
        #expect(ranked.over?.partitionBy.count == 1)
    }

    @Test("aggregates: FILTER, ORDER BY inside, WITHIN GROUP, DISTINCT, star")
    func aggregates() throws {
        let s = try select("""
            SELECT count(*) FILTER (WHERE ok), string_agg(DISTINCT name, ',' ORDER BY name),
                   percentile_disc(0.9) WITHIN GROUP (ORDER BY latency DESC) FROM t
            """)
        guard case .function(let count) = s.items[0].expression.kind,
              case .function(let agg) = s.items[1].expression.kind,
              case .function(let percentile) = s.items[2].expression.kind else { throw ExpectedShape() }
        #expect(count.star)
        #expect(count.filter != nil)
        #expect(agg.distinct)
        #expect(agg.orderBy.count == 1)
        #expect(percentile.withinGroup.first?.direction == .descending)
    }

    @Test("GROUPING SETS, ROLLUP, CUBE and empty sets")
    func grouping() throws {
        let s = try select("SELECT a FROM t GROUP BY GROUPING SETS ((a, b), ROLLUP (a), CUBE (b), ())")
        guard case .groupingSets(let sets) = s.groupBy?.elements.first else { throw ExpectedShape() }
        #expect(sets.count == 4)
        #expect(sets[3] == .empty)
        guard case .rollup = sets[1], case .cube = sets[2] else { throw ExpectedShape() }
    }

    @Test("LIMIT, OFFSET, FETCH FIRST and FOR UPDATE")
    func tail() throws {
        let q = try query("SELECT * FROM t ORDER BY a OFFSET 10 ROWS FETCH NEXT 5 ROWS ONLY FOR UPDATE OF t SKIP LOCKED")
        #expect(q.limit?.isFetch == true)
        #expect(q.limit?.offset != nil)
        #expect(q.locking.first?.strength == "UPDATE")
        #expect(q.locking.first?.waitPolicy == "SKIP LOCKED")
        #expect(q.locking.first?.tables.first?.name.value == "t")
    }

    @Test("subqueries: scalar, EXISTS, IN, ANY and ALL")
    func subqueries() throws {
        let s = try select("""
            SELECT (SELECT 1) FROM t WHERE EXISTS (SELECT 1) AND a IN (SELECT b FROM u)
            AND c = ANY (SELECT d FROM v) AND e > ALL (ARRAY[1, 2])
            """)
        guard case .subquery = s.items[0].expression.kind else { throw ExpectedShape() }
        let printed = SQLPrinter.print(try #require(s.where))
        #expect(printed == "EXISTS (SELECT 1) AND a IN (SELECT b FROM u) AND c = ANY (SELECT d FROM v) AND e > ALL (ARRAY[1, 2])")
    }

    @Test("a parenthesized query may start a statement")
    func parenthesizedStatement() throws {
        let q = try query("((SELECT 1) UNION (SELECT 2)) ORDER BY 1")
        guard case .nested(let inner) = q.body, case .setOperation = inner.body else { throw ExpectedShape() }
        #expect(q.orderBy.count == 1)
    }

    @Test("(SELECT …) + 1 is an expression, not a query")
    func subqueryInExpression() throws {
        let s = try select("SELECT ((SELECT 1) + 1) AS x")
        #expect(SQLPrinter.print(s.items[0].expression) == "((SELECT 1) + 1)")
    }

    @Test("key words that are not reserved can be names and aliases")
    func nonReservedNames() throws {
        let s = try select("SELECT name, type, year, value, data, position FROM events event")
        #expect(s.items.count == 6)
        guard case .table(let table) = s.from[0] else { throw ExpectedShape() }
        #expect(table.alias?.name.value == "event")
    }

    @Test("SELECT INTO creates a table")
    func selectInto() throws {
        let s = try select("SELECT * INTO TEMP t2 FROM t")
        #expect(s.into?.table.name.value == "t2")
        #expect(s.into?.persistence == "TEMP")
    }
}
