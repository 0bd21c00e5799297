import KeelSQL
import Testing

@Suite("Parser: DML")
struct ParserDMLTests {
    func insert(_ sql: String) throws -> Insert {
        guard case .insert(let insert) = try statement(sql).kind else { throw ExpectedShape() }
        return insert
    }

    @Test("INSERT with a column list and VALUES")
    func insertValues() throws {
        let i = try insert("INSERT INTO public.t (a, \"B\") VALUES (1, DEFAULT), (2, 'x')")
        #expect(i.table.name.parts.map(\.value) == ["public", "t"])
        #expect(i.columns.map(\.value) == ["a", "B"])
        guard case .values(let values) = i.source?.body else { throw ExpectedShape() }
        #expect(values.rows.count == 2)
        #expect(values.rows[0][1].kind == .default)
    }

    @Test("INSERT … SELECT without a column list")
    func insertSelect() throws {
        let i = try insert("INSERT INTO t SELECT * FROM u WHERE x")
        #expect(i.columns.isEmpty)
        guard case .select = i.source?.body else { throw ExpectedShape() }
    }

    @Test("INSERT … (SELECT …) is a query, not a column list")
    func insertParenthesizedSelect() throws {
        let i = try insert("INSERT INTO t (SELECT 1)")
        #expect(i.columns.isEmpty)
        #expect(i.source != nil)
    }

    @Test("INSERT DEFAULT VALUES and OVERRIDING")
    func insertDefaults() throws {
        let i = try insert("INSERT INTO t DEFAULT VALUES RETURNING id")
        #expect(i.source == nil)
        #expect(i.returning.count == 1)
        let o = try insert("INSERT INTO t (id) OVERRIDING SYSTEM VALUE VALUES (1)")
        #expect(o.overriding == "SYSTEM")
    }

    @Test("ON CONFLICT DO NOTHING / DO UPDATE")
    func onConflict() throws {
        let nothing = try insert("INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING")
        #expect(nothing.onConflict?.action == .nothing)
        #expect(nothing.onConflict?.target == nil)
        let update = try insert("""
            INSERT INTO t AS x (id, v) VALUES (1, 2)
            ON CONFLICT (id) WHERE active DO UPDATE SET v = EXCLUDED.v, n = x.n + 1 WHERE x.v <> EXCLUDED.v
            RETURNING *
            """)
        #expect(update.alias?.value == "x")
        guard case .columns(let elements, let predicate) = update.onConflict?.target,
              case .update(let assignments, let filter) = update.onConflict?.action else { throw ExpectedShape() }
        #expect(elements.count == 1)
        #expect(predicate != nil)
        #expect(assignments.map { $0.targets[0].column.value } == ["v", "n"])
        #expect(filter != nil)
        let constraint = try insert("INSERT INTO t VALUES (1) ON CONFLICT ON CONSTRAINT t_pkey DO NOTHING")
        guard case .constraint(let constraintName) = constraint.onConflict?.target else { throw ExpectedShape() }
        #expect(constraintName.value == "t_pkey")
    }

    @Test("UPDATE with SET lists, row-form SET, FROM and RETURNING")
    func update() throws {
        guard case .update(let u) = try statement("""
            UPDATE ONLY accounts a SET balance = balance - 1, (x, y) = (1, 2), (p, q) = (SELECT 1, 2), tags[1] = 'x'
            FROM transfers t WHERE t.id = a.id RETURNING a.id, balance AS b
            """).kind else { throw ExpectedShape() }
        #expect(u.table.only)
        #expect(u.alias?.value == "a")
        #expect(u.assignments.count == 4)
        #expect(u.assignments[1].targets.map(\.column.value) == ["x", "y"])
        guard case .row = u.assignments[1].value.kind, case .subquery = u.assignments[2].value.kind else { throw ExpectedShape() }
        #expect(u.assignments[3].targets[0].path.count == 1)
        #expect(u.from.count == 1)
        #expect(u.returning.count == 2)
    }

    @Test("UPDATE … WHERE CURRENT OF")
    func updateCurrentOf() throws {
        guard case .update(let u) = try statement("UPDATE t SET a = 1 WHERE CURRENT OF c").kind else { throw ExpectedShape() }
        #expect(u.currentOf?.value == "c")
    }

    @Test("DELETE with USING and RETURNING")
    func delete() throws {
        guard case .delete(let d) = try statement("DELETE FROM t AS x USING u WHERE x.id = u.id RETURNING x.*").kind else { throw ExpectedShape() }
        #expect(d.alias?.value == "x")
        #expect(d.using.count == 1)
        #expect(d.where != nil)
        guard case .star = d.returning.first?.expression.kind else { throw ExpectedShape() }
    }

    @Test("MERGE with every clause kind")
    func merge() throws {
        guard case .merge(let m) = try statement("""
            MERGE INTO customer_account ca
            USING recent_transactions t ON t.customer_id = ca.customer_id
            WHEN MATCHED AND t.amount = 0 THEN DELETE
            WHEN MATCHED THEN UPDATE SET balance = balance + transaction_value
            WHEN NOT MATCHED THEN INSERT (customer_id, balance) VALUES (t.customer_id, t.transaction_value)
            WHEN NOT MATCHED BY SOURCE THEN DO NOTHING
            """).kind else { throw ExpectedShape() }
        #expect(m.target.name.name.value == "customer_account")
        #expect(m.alias?.value == "ca")
        #expect(m.clauses.count == 4)
        #expect(m.clauses[0].condition != nil)
        #expect(m.clauses[0].action == .delete)
        guard case .update(let assignments) = m.clauses[1].action,
              case .insert(let columns, let values) = m.clauses[2].action else { throw ExpectedShape() }
        #expect(assignments.count == 1)
        #expect(columns.map(\.value) == ["customer_id", "balance"])
        #expect(values?.count == 2)
        #expect(m.clauses[3].match == .notMatchedBySource)
    }

    @Test("MERGE using a subquery")
    func mergeSubquery() throws {
        guard case .merge(let m) = try statement("MERGE INTO t USING (SELECT * FROM s) AS src ON t.id = src.id WHEN NOT MATCHED THEN INSERT DEFAULT VALUES").kind else { throw ExpectedShape() }
        guard case .subquery = m.source else { throw ExpectedShape() }
        #expect(m.clauses[0].action == .insert(columns: [], values: nil))
    }
}
