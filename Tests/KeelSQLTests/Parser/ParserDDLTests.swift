import KeelSQL
import Testing

@Suite("Parser: DDL")
struct ParserDDLTests {
    func createTable(_ sql: String) throws -> CreateTable {
        guard case .createTable(let table) = try statement(sql).kind else { throw ExpectedShape() }
        return table
    }

    @Test("CREATE TABLE with columns and column constraints")
    func createTableColumns() throws {
        let t = try createTable("""
            CREATE TABLE IF NOT EXISTS public.orders (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                customer_id integer NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
                status text DEFAULT 'new'::text CHECK (status <> ''),
                total numeric(12,2) NULL,
                code varchar(10) COLLATE "C" UNIQUE,
                doubled integer GENERATED ALWAYS AS (total * 2) STORED,
                created timestamp with time zone DEFAULT now() NOT NULL
            )
            """)
        #expect(t.ifNotExists)
        #expect(t.columns.map(\.name.value) == ["id", "customer_id", "status", "total", "code", "doubled", "created"])
        #expect(t.columns[0].constraints.map(\.kind) == [.identity(always: true, options: nil), .primaryKey(index: IndexParameters())])
        guard case .references(let reference) = t.columns[1].constraints[1].kind else { throw ExpectedShape() }
        #expect(reference.table.name.value == "customers")
        #expect(reference.onDelete == .cascade)
        guard case .default(let value) = t.columns[2].constraints[0].kind else { throw ExpectedShape() }
        #expect(SQLPrinter.print(value) == "'new'::text")
        #expect(t.columns[4].collation?.name.value == "C")
        guard case .generated(_, stored: true) = t.columns[5].constraints[0].kind else { throw ExpectedShape() }
        #expect(t.columns[6].type.map(SQLPrinter.print) == "timestamp with time zone")
    }

    @Test("CREATE TABLE with table constraints")
    func createTableConstraints() throws {
        let t = try createTable("""
            CREATE TABLE t (a int, b int, c tsrange,
              CONSTRAINT t_pk PRIMARY KEY (a, b) INCLUDE (c),
              UNIQUE NULLS NOT DISTINCT (b),
              FOREIGN KEY (b) REFERENCES u (id) MATCH FULL ON UPDATE SET NULL (b) DEFERRABLE INITIALLY DEFERRED,
              CHECK (a > 0) NO INHERIT,
              EXCLUDE USING gist (c WITH &&) WHERE (a > 0))
            """)
        let constraints = t.elements.compactMap { if case .constraint(let c) = $0 { c } else { nil } }
        #expect(constraints.count == 5)
        #expect(constraints[0].name?.value == "t_pk")
        guard case .primaryKey(let pk, let index) = constraints[0].kind else { throw ExpectedShape() }
        #expect(pk.map(\.value) == ["a", "b"])
        #expect(index.include.map(\.value) == ["c"])
        guard case .unique(_, true, _) = constraints[1].kind else { throw ExpectedShape() }
        guard case .foreignKey(_, let reference) = constraints[2].kind else { throw ExpectedShape() }
        #expect(reference.match == "FULL")
        guard case .setNull(let nulled) = reference.onUpdate else { throw ExpectedShape() }
        #expect(nulled.map(\.value) == ["b"])
        #expect(constraints[2].attributes.deferrable == true)
        #expect(constraints[2].attributes.initiallyDeferred == true)
        guard case .check(_, noInherit: true) = constraints[3].kind else { throw ExpectedShape() }
        guard case .exclude(let method, let elements, _, let predicate) = constraints[4].kind else { throw ExpectedShape() }
        #expect(method?.value == "gist")
        #expect(elements.first?.op == "&&")
        #expect(predicate != nil)
    }

    @Test("CREATE TABLE LIKE, INHERITS, PARTITION BY, WITH options")
    func createTableOptions() throws {
        let t = try createTable("""
            CREATE UNLOGGED TABLE t (LIKE base INCLUDING ALL EXCLUDING INDEXES, extra int)
            INHERITS (parent) PARTITION BY RANGE (created_at) WITH (fillfactor = 70) TABLESPACE fast
            """)
        #expect(t.persistence == "UNLOGGED")
        guard case .like(let source, let options) = t.elements[0] else { throw ExpectedShape() }
        #expect(source.name.value == "base")
        #expect(options == ["INCLUDING ALL", "EXCLUDING INDEXES"])
        #expect(t.inherits.first?.name.value == "parent")
        #expect(t.partitionBy?.strategy == "RANGE")
        #expect(t.storageParameters == [StorageParameter(name: "fillfactor", value: "70")])
        #expect(t.tablespace?.value == "fast")
    }

    @Test("CREATE TABLE … PARTITION OF with every bound kind")
    func partitionOf() throws {
        let range = try createTable("CREATE TABLE p1 PARTITION OF payments FOR VALUES FROM ('2024-01-01') TO (MAXVALUE)")
        guard case .range(let from, let to) = range.partitionOf?.bound else { throw ExpectedShape() }
        #expect(from.count == 1 && to.count == 1)
        let list = try createTable("CREATE TABLE p2 PARTITION OF t (CONSTRAINT c CHECK (x > 0)) FOR VALUES IN (1, 2)")
        guard case .list(let values) = list.partitionOf?.bound else { throw ExpectedShape() }
        #expect(values.count == 2)
        let hash = try createTable("CREATE TABLE p3 PARTITION OF t FOR VALUES WITH (MODULUS 4, REMAINDER 1)")
        #expect(hash.partitionOf?.bound == .hash(modulus: 4, remainder: 1))
        let fallback = try createTable("CREATE TABLE p4 PARTITION OF t DEFAULT")
        #expect(fallback.partitionOf?.bound == .default)
    }

    @Test("CREATE TABLE AS, with column names and WITH NO DATA")
    func createTableAs() throws {
        guard case .createTableAs(let ctas) = try statement("CREATE TEMP TABLE t2 (x, y) AS SELECT 1, 2 WITH NO DATA").kind else { throw ExpectedShape() }
        #expect(ctas.columns.map(\.value) == ["x", "y"])
        #expect(ctas.withData == false)
        #expect(ctas.persistence == "TEMP")
    }

    @Test("CREATE [OR REPLACE] [MATERIALIZED] VIEW with a column list")
    func createView() throws {
        guard case .createView(let view) = try statement("CREATE OR REPLACE VIEW v (a, b) WITH (security_barrier) AS SELECT 1, 2 WITH LOCAL CHECK OPTION").kind else { throw ExpectedShape() }
        #expect(view.orReplace)
        #expect(!view.materialized)
        #expect(view.columns.map(\.value) == ["a", "b"])
        #expect(view.checkOption == "LOCAL")
        guard case .createView(let mv) = try statement("CREATE MATERIALIZED VIEW IF NOT EXISTS mv AS SELECT * FROM t WITH NO DATA").kind else { throw ExpectedShape() }
        #expect(mv.materialized)
        #expect(mv.ifNotExists)
        #expect(!mv.withData)
    }

    @Test("CREATE INDEX with every option")
    func createIndex() throws {
        guard case .createIndex(let index) = try statement("""
            CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx ON ONLY public.t USING btree
              (lower(email) text_pattern_ops DESC NULLS LAST, (a + b), c COLLATE "C")
              INCLUDE (d) NULLS NOT DISTINCT WITH (fillfactor = 90) TABLESPACE ts WHERE deleted_at IS NULL
            """).kind else { throw ExpectedShape() }
        #expect(index.unique)
        #expect(index.concurrently)
        #expect(index.ifNotExists)
        #expect(index.name?.value == "idx")
        #expect(index.only)
        #expect(index.method?.value == "btree")
        #expect(index.elements.count == 3)
        #expect(index.elements[0].operatorClass?.name.value == "text_pattern_ops")
        #expect(index.elements[0].direction == .descending)
        #expect(index.elements[0].nullsFirst == false)
        #expect(index.elements[2].collation?.name.value == "C")
        #expect(index.include.map(\.value) == ["d"])
        #expect(index.nullsNotDistinct)
        #expect(index.where != nil)
    }

    @Test("DROP INDEX CONCURRENTLY, DROP TABLE / VIEW with CASCADE")
    func drops() throws {
        guard case .drop(let index) = try statement("DROP INDEX CONCURRENTLY IF EXISTS idx").kind else { throw ExpectedShape() }
        #expect(index.objectKind == "INDEX")
        #expect(index.concurrently)
        #expect(index.ifExists)
        guard case .drop(let tables) = try statement("DROP TABLE a, s.b CASCADE").kind else { throw ExpectedShape() }
        #expect(tables.names.count == 2)
        #expect(tables.behavior == .cascade)
        guard case .drop(let view) = try statement("DROP MATERIALIZED VIEW mv").kind else { throw ExpectedShape() }
        #expect(view.objectKind == "MATERIALIZED VIEW")
        guard case .drop(let trigger) = try statement("DROP TRIGGER IF EXISTS trg ON t").kind else { throw ExpectedShape() }
        #expect(trigger.onTable?.name.value == "t")
    }

    @Test("TRUNCATE")
    func truncate() throws {
        guard case .truncate(let t) = try statement("TRUNCATE TABLE ONLY a, b RESTART IDENTITY CASCADE").kind else { throw ExpectedShape() }
        #expect(t.tables.count == 2)
        #expect(t.tables[0].only)
        #expect(t.restartIdentity)
        #expect(t.behavior == .cascade)
    }

    @Test("CREATE TYPE … AS ENUM and composite; ALTER TYPE … ADD VALUE")
    func types() throws {
        guard case .createType(let e) = try statement("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')").kind else { throw ExpectedShape() }
        #expect(e.definition == .enumeration(["sad", "ok", "happy"]))
        guard case .createType(let c) = try statement("CREATE TYPE pair AS (a int, b text)").kind,
              case .composite(let attributes) = c.definition else { throw ExpectedShape() }
        #expect(attributes.count == 2)
        guard case .alterType(let add) = try statement("ALTER TYPE mood ADD VALUE IF NOT EXISTS 'meh' BEFORE 'ok'").kind else { throw ExpectedShape() }
        #expect(add.action == .addValue("meh", ifNotExists: true, before: true, neighbor: "ok"))
        guard case .alterType(let rename) = try statement("ALTER TYPE mood RENAME VALUE 'sad' TO 'blue'").kind else { throw ExpectedShape() }
        #expect(rename.action == .renameValue("sad", to: "blue"))
    }

    @Test("CREATE DOMAIN with constraints")
    func domain() throws {
        guard case .createDomain(let d) = try statement("CREATE DOMAIN public.year AS integer CONSTRAINT year_check CHECK (((VALUE >= 1901) AND (VALUE <= 2155)))").kind else { throw ExpectedShape() }
        #expect(d.type.name.name.value == "integer")
        #expect(d.constraints.first?.name?.value == "year_check")
    }

    @Test("COMMENT ON objects and columns")
    func comments() throws {
        guard case .comment(let column) = try statement("COMMENT ON COLUMN public.t.a IS 'the a'").kind else { throw ExpectedShape() }
        #expect(column.objectKind == "COLUMN")
        #expect(column.object.parts.map(\.value) == ["public", "t", "a"])
        #expect(column.text == "the a")
        guard case .comment(let cleared) = try statement("COMMENT ON MATERIALIZED VIEW mv IS NULL").kind else { throw ExpectedShape() }
        #expect(cleared.objectKind == "MATERIALIZED VIEW")
        #expect(cleared.text == nil)
        guard case .comment(let function) = try statement("COMMENT ON FUNCTION f(integer, text) IS 'x'").kind else { throw ExpectedShape() }
        #expect(function.arguments == "integer, text")
        guard case .comment(let constraint) = try statement("COMMENT ON CONSTRAINT c ON t IS 'x'").kind else { throw ExpectedShape() }
        #expect(constraint.onTable?.name.value == "t")
    }

    @Test("CREATE FUNCTION keeps the body as text")
    func createFunction() throws {
        guard case .createFunction(let f) = try statement("""
            CREATE OR REPLACE FUNCTION public.film_in_stock(p_film_id integer, IN p_store_id integer, OUT p_film_count integer)
            RETURNS SETOF integer LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
            AS $_$ SELECT inventory_id FROM inventory WHERE film_id = $1; $_$
            """).kind else { throw ExpectedShape() }
        #expect(f.orReplace)
        #expect(f.name.name.value == "film_in_stock")
        #expect(f.parameters.map { $0.name?.value } == ["p_film_id", "p_store_id", "p_film_count"])
        #expect(f.parameters.map(\.mode) == [nil, "IN", "OUT"])
        #expect(f.returnType?.isSetOf == true)
        #expect(f.language == "sql")
        #expect(f.body == " SELECT inventory_id FROM inventory WHERE film_id = $1; ")
        #expect(f.options.contains("STABLE"))
        #expect(f.options.contains("SECURITY DEFINER"))
    }

    @Test("CREATE FUNCTION with unnamed parameters, defaults and RETURNS TABLE")
    func createFunctionVariants() throws {
        guard case .createFunction(let f) = try statement("CREATE FUNCTION f(text, double precision DEFAULT 1.0, character varying = 'x') RETURNS TABLE (a int, b text) AS 'select 1' LANGUAGE sql").kind else { throw ExpectedShape() }
        #expect(f.parameters.count == 3)
        #expect(f.parameters.allSatisfy { $0.name == nil })
        #expect(f.parameters[1].defaultValue != nil)
        #expect(f.returnsTable.count == 2)
        #expect(f.body == "select 1")
        guard case .createFunction(let atomic) = try statement("CREATE PROCEDURE p(a int) LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (a); END").kind else { throw ExpectedShape() }
        #expect(atomic.isProcedure)
        #expect(atomic.body?.hasPrefix("BEGIN ATOMIC") == true)
    }

    @Test("CREATE TRIGGER")
    func createTrigger() throws {
        guard case .createTrigger(let t) = try statement("""
            CREATE TRIGGER film_fulltext_trigger BEFORE INSERT OR UPDATE OF title, description ON public.film
            FOR EACH ROW WHEN (NEW.title IS NOT NULL) EXECUTE FUNCTION tsvector_update_trigger('fulltext', 'pg_catalog.english', 'title')
            """).kind else { throw ExpectedShape() }
        #expect(t.name.value == "film_fulltext_trigger")
        #expect(t.timing == "BEFORE")
        #expect(t.events.map(\.event) == ["INSERT", "UPDATE"])
        #expect(t.events[1].columns.map(\.value) == ["title", "description"])
        #expect(t.table.name.value == "film")
        #expect(t.forEachRow)
        #expect(t.when != nil)
        #expect(t.function.name.value == "tsvector_update_trigger")
        #expect(t.arguments == ["'fulltext'", "'pg_catalog.english'", "'title'"])
    }

    @Test("unmodeled pg_dump statements are recognized with their kind", arguments: [
        ("GRANT SELECT ON t TO reader", "GRANT"),
        ("REVOKE ALL ON SCHEMA public FROM PUBLIC", "REVOKE"),
        ("CREATE SEQUENCE public.s START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1", "CREATE SEQUENCE"),
        ("ALTER SEQUENCE public.s OWNED BY public.t.id", "ALTER SEQUENCE"),
        ("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public", "CREATE EXTENSION"),
        ("CREATE SCHEMA so", "CREATE SCHEMA"),
        ("CREATE AGGREGATE public.concat(text) (SFUNC = public.concat_pair, STYPE = text, INITCOND = '')", "CREATE AGGREGATE"),
        ("CREATE OPERATOR public.~<< (FUNCTION = public.f, LEFTARG = text, RIGHTARG = text)", "CREATE OPERATOR"),
        ("ALTER DEFAULT PRIVILEGES IN SCHEMA s GRANT SELECT ON TABLES TO r", "ALTER DEFAULT PRIVILEGES"),
        ("COPY public.actor (actor_id) FROM stdin", "COPY"),
        ("DO $$ BEGIN NULL; END $$", "DO"),
        ("ALTER FUNCTION f() OWNER TO x", "ALTER FUNCTION"),
        ("CREATE TEXT SEARCH CONFIGURATION public.english (COPY = pg_catalog.english)", "CREATE TEXT SEARCH CONFIGURATION"),
        ("ALTER SCHEMA s OWNER TO x", "ALTER SCHEMA"),
        ("LOCK TABLE t IN ACCESS EXCLUSIVE MODE", "LOCK"),
    ])
    func otherStatements(sql: String, kind: String) throws {
        let parsed = try statement(sql)
        guard case .other(let other) = parsed.kind else {
            Issue.record("expected an unmodeled statement, got \(parsed.kindName)")
            return
        }
        #expect(other.kind == kind)
        #expect(parsed.kindName == kind)
    }

    @Test("CREATE SEQUENCE names its object")
    func otherObject() throws {
        guard case .other(let other) = try statement("CREATE SEQUENCE IF NOT EXISTS public.s").kind else { throw ExpectedShape() }
        #expect(other.object?.parts.map(\.value) == ["public", "s"])
    }
}
