import KeelSQL
import Testing

@Suite("Script splitting")
struct SQLScriptTests {
    func texts(_ sql: String) -> [String] { SQLScript.split(sql).map(\.text) }

    @Test("splits on top-level semicolons and drops empty statements")
    func basic() {
        #expect(texts("SELECT 1; SELECT 2;;  ;\nSELECT 3") == ["SELECT 1", "SELECT 2", "SELECT 3"])
        #expect(texts("") == [])
        #expect(texts("  -- only a comment\n") == [])
    }

    @Test("semicolons inside strings, identifiers, comments and dollar quotes do not split")
    func quoted() {
        let sql = """
        SELECT ';' AS "a;b"; -- ; comment
        SELECT E'\\';' /* ; */;
        CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; SELECT 2; $$;
        DO $body$ BEGIN PERFORM 1; END $body$
        """
        let statements = texts(sql)
        #expect(statements.count == 4)
        #expect(statements[0] == "SELECT ';' AS \"a;b\"")
        #expect(statements[1] == "SELECT E'\\';'")
        #expect(statements[2].hasSuffix("$$ SELECT 1; SELECT 2; $$"))
        #expect(statements[3].hasPrefix("DO $body$"))
    }

    @Test("semicolons inside parentheses do not split (as in psql)")
    func parentheses() {
        #expect(texts("SELECT (1;2); SELECT 3").count == 2)
    }

    @Test("SQL-standard function bodies with BEGIN ATOMIC … END stay whole")
    func beginAtomic() {
        let sql = """
        CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT a + 1; SELECT CASE WHEN a > 0 THEN 1 END; END;
        SELECT f(1);
        """
        let statements = texts(sql)
        #expect(statements.count == 2)
        #expect(statements[0].hasSuffix("END; END"))
        // A plain transaction BEGIN; … END; is not affected.
        #expect(texts("BEGIN; SELECT 1; END;") == ["BEGIN", "SELECT 1", "END"])
    }

    @Test("pg_dump: COPY data is skipped and meta-commands are ignored")
    func pgDump() {
        let sql = """
        \\restrict AbC123
        SET statement_timeout = 0;
        COPY public.actor (actor_id, first_name) FROM stdin;
        1\tPENELOPE; DROP TABLE x;
        2\tNICK
        \\.

        \\connect other
        SELECT pg_catalog.setval('public.actor_actor_id_seq', 200, true);
        \\unrestrict AbC123
        """
        let statements = texts(sql)
        #expect(statements == [
            "SET statement_timeout = 0",
            "COPY public.actor (actor_id, first_name) FROM stdin",
            "SELECT pg_catalog.setval('public.actor_actor_id_seq', 200, true)",
        ])
    }

    @Test("ranges point at each statement")
    func ranges() {
        let sql = "SELECT 1;\n  SELECT 2"
        let statements = SQLScript.split(sql)
        #expect(statements[1].range.line == 2)
        #expect(statements[1].range.column == 3)
        #expect(statements[1].range.start == 12)
        #expect(statements[1].range.end == sql.utf8.count)
    }
}

@Suite("Script splitting agrees with the parser")
struct SplitParseAgreementTests {
    @Test("a meta-command ends the pending statement for both", arguments: [
        "SELECT 1 \\gset\nSELECT 2;",
        "\\set x 1\nSELECT :x;\n\\echo done\nSELECT 3",
        "SELECT 1;\\connect other\nSELECT 2",
    ])
    func metaCommands(sql: String) {
        let split = SQLScript.split(sql)
        let parsed = Parser.parse(sql)
        #expect(split.count == parsed.statements.count)
        #expect(split.map(\.range) == parsed.statements.map(\.range))
        #expect(parsed.errors.isEmpty)
    }
}
