import KeelSQL
import Testing

@Suite("Parser: transactions, SET and maintenance")
struct ParserUtilityTests {
    @Test("transaction control", arguments: [
        ("BEGIN", TransactionStatement.Kind.begin), ("BEGIN ISOLATION LEVEL SERIALIZABLE", .begin),
        ("START TRANSACTION READ ONLY", .begin), ("COMMIT", .commit), ("END", .commit), ("ROLLBACK", .rollback),
        ("ABORT", .rollback), ("SAVEPOINT s1", .savepoint), ("RELEASE SAVEPOINT s1", .releaseSavepoint),
        ("ROLLBACK TO SAVEPOINT s1", .rollbackToSavepoint), ("ROLLBACK TO s1", .rollbackToSavepoint),
        ("PREPARE TRANSACTION 'x'", .prepareTransaction), ("COMMIT PREPARED 'x'", .commitPrepared),
    ])
    func transactions(sql: String, kind: TransactionStatement.Kind) throws {
        guard case .transaction(let t) = try statement(sql).kind else { throw ExpectedShape() }
        #expect(t.kind == kind)
    }

    @Test("BEGIN keeps its modes")
    func beginModes() throws {
        guard case .transaction(let t) = try statement("BEGIN ISOLATION LEVEL SERIALIZABLE, READ ONLY").kind else { throw ExpectedShape() }
        #expect(t.modes == ["ISOLATION LEVEL SERIALIZABLE", "READ ONLY"])
    }

    @Test("SET forms", arguments: [
        ("SET lock_timeout = '1s'", "SET", "lock_timeout", ["'1s'"]),
        ("SET LOCAL statement_timeout TO 5000", "SET LOCAL", "statement_timeout", ["5000"]),
        ("SET search_path TO public, \"$user\"", "SET", "search_path", ["public", "\"$user\""]),
        ("SET client_min_messages = warning", "SET", "client_min_messages", ["warning"]),
        ("SET TIME ZONE 'UTC'", "SET", "time zone", ["'UTC'"]),
        ("SET SESSION ROLE admin", "SET SESSION", "role", ["admin"]),
        ("SET default_tablespace = ''", "SET", "default_tablespace", ["''"]),
        ("SET check_function_bodies = false", "SET", "check_function_bodies", ["false"]),
    ])
    func set(sql: String, command: String, parameter: String, values: [String]) throws {
        guard case .set(let s) = try statement(sql).kind else { throw ExpectedShape() }
        #expect(s.command == command)
        #expect(s.parameter == parameter)
        #expect(s.values == values)
    }

    @Test("SET … TO DEFAULT and RESET")
    func setDefault() throws {
        guard case .set(let s) = try statement("SET work_mem TO DEFAULT").kind else { throw ExpectedShape() }
        #expect(s.isDefault)
        guard case .set(let reset) = try statement("RESET ALL").kind else { throw ExpectedShape() }
        #expect(reset.command == "RESET")
        #expect(reset.parameter == "all")
    }

    @Test("VACUUM, ANALYZE, REINDEX, CLUSTER")
    func maintenance() throws {
        guard case .maintenance(let vacuum) = try statement("VACUUM (FULL, ANALYZE) public.t (a, b), u").kind else { throw ExpectedShape() }
        #expect(vacuum.command == "VACUUM")
        #expect(vacuum.options == ["FULL", "ANALYZE"])
        #expect(vacuum.targets.count == 2)
        #expect(vacuum.targets[0].columns.map(\.value) == ["a", "b"])
        guard case .maintenance(let full) = try statement("VACUUM FULL VERBOSE t").kind else { throw ExpectedShape() }
        #expect(full.options == ["FULL", "VERBOSE"])
        guard case .maintenance(let reindex) = try statement("REINDEX INDEX CONCURRENTLY idx").kind else { throw ExpectedShape() }
        #expect(reindex.targetKind == "INDEX")
        #expect(reindex.concurrently)
        guard case .maintenance(let cluster) = try statement("CLUSTER t USING t_idx").kind else { throw ExpectedShape() }
        #expect(cluster.usingIndex?.value == "t_idx")
        guard case .maintenance(let analyze) = try statement("ANALYZE").kind else { throw ExpectedShape() }
        #expect(analyze.targets.isEmpty)
    }

    @Test("REFRESH MATERIALIZED VIEW CONCURRENTLY")
    func refresh() throws {
        guard case .refreshMaterializedView(let r) = try statement("REFRESH MATERIALIZED VIEW CONCURRENTLY mv WITH DATA").kind else { throw ExpectedShape() }
        #expect(r.concurrently)
        #expect(r.withData)
        #expect(r.name.name.value == "mv")
    }

    @Test("EXPLAIN wraps a statement")
    func explain() throws {
        guard case .explain(let inner, let options) = try statement("EXPLAIN (ANALYZE, BUFFERS) SELECT 1").kind else { throw ExpectedShape() }
        #expect(inner.kindName == "SELECT")
        #expect(options == "ANALYZE, BUFFERS")
    }

    @Test("kindName names every statement")
    func kindNames() throws {
        #expect(try statement("DELETE FROM t").kindName == "DELETE")
        #expect(try statement("CREATE MATERIALIZED VIEW m AS SELECT 1").kindName == "CREATE MATERIALIZED VIEW")
        #expect(try statement("ALTER TABLE t DROP c").kindName == "ALTER TABLE")
        #expect(try statement("DROP INDEX i").kindName == "DROP INDEX")
        #expect(try statement("SET x = 1").kindName == "SET")
    }

    @Test("parseStatement accepts exactly one statement")
    func parseStatement() throws {
        #expect(try Parser.parseStatement("SELECT 1;").kindName == "SELECT")
        #expect(throws: SQLError.self) { try Parser.parseStatement("SELECT 1; SELECT 2") }
        #expect(throws: SQLError.self) { try Parser.parseStatement("") }
    }
}
