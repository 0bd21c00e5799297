import KeelLineage
import Testing

/// Bad input to every loader fails with a stable code and points at the file and line.
@Suite("lineage bad input")
struct LineageBadInputTests {
    static let project = "dbt_project.yml"

    /// Loads a dbt project made of `files` and returns the error.
    static func dbtError(_ files: [String: String]) throws -> LineageError? {
        let root = try LineageFixtures.write(files)
        do {
            _ = try DbtProjectLoader.load(root, options: DbtLoadOptions(target: DbtTarget(schema: "analytics")))
            return nil
        } catch {
            return error
        }
    }

    static func location(_ error: LineageError) -> FileLocation? {
        switch error {
        case .yamlSyntax(let at, _), .unknownKey(let at, _, _), .invalidValue(let at, _, _), .jinjaSyntax(let at, _),
             .jinjaRender(let at, _), .unknownRef(let at, _, _), .unknownSource(let at, _, _, _), .missingVar(let at, _),
             .missingEnvVar(let at, _), .pythonSyntax(let at, _):
            at
        default:
            nil
        }
    }

    @Test("bad dbt projects", arguments: [
        // (files, code, file suffix, line)
        ([project: "name: p\n", "models/a.sql": "select 1\n", "models/b.sql": "-- b\nselect * from {{ ref('nope') }}\n"],
         "lineage.dbt-unknown-ref", "models/b.sql", 2),
        ([project: "name: p\n", "models/a.sql": "select * from {{ source('app', 'users') }}\n"],
         "lineage.dbt-unknown-source", "models/a.sql", 1),
        ([project: "name: p\n", "models/a.sql": "select 1\n{% if true %}\nselect 2\n"],
         "lineage.jinja-syntax", "models/a.sql", 2),
        ([project: "name: p\n", "models/a.sql": "select {{ 1 + }}\n"], "lineage.jinja-syntax", "models/a.sql", 1),
        ([project: "name: p\n", "models/a.sql": "\n\nselect {{ var('start_date') }}\n"], "lineage.dbt-missing-var", "models/a.sql", 3),
        ([project: "name: p\n", "models/a.sql": "select '{{ env_var('NOT_SET_ANYWHERE') }}'\n"],
         "lineage.dbt-missing-env-var", "models/a.sql", 1),
        ([project: "name: p\n", "models/a.sql": "select {{ undefined_macro() }}\n"], "lineage.jinja-render", "models/a.sql", 1),
        ([project: "name: [unclosed\n"], "lineage.yaml-syntax", "dbt_project.yml", 2),
        ([project: "version: 2\n"], "lineage.invalid-value", "dbt_project.yml", 1),
        ([project: "name: p\n", "models/schema.yml": "version: 2\nmodels:\n  - name: a\n    columns:\n      - name: x\n     - name: y\n"],
         "lineage.yaml-syntax", "models/schema.yml", 6),
        ([project: "name: p\n", "models/a.sql": "select 1\n",
          "models/schema.yml": "version: 2\nexposures:\n  - name: e\n    type: dashboard\n    depends_on:\n      - ref('gone')\n"],
         "lineage.dbt-unknown-ref", "models/schema.yml", 6),
        ([project: "name: p\nmacro-paths: [macros]\n", "macros/m.sql": "{% macro m() %}\nunfinished\n", "models/a.sql": "select 1\n"],
         "lineage.jinja-syntax", "macros/m.sql", 1),
    ] as [([String: String], String, String, Int)])
    func badDbtProject(files: [String: String], code: String, file: String, line: Int) throws {
        let error = try #require(try Self.dbtError(files))
        #expect(error.code == code, "\(error)")
        let location = try #require(Self.location(error), "\(error)")
        #expect(location.file.hasSuffix(file), "\(error)")
        #expect(location.line == line, "\(error)")
        #expect(!error.message.isEmpty)
    }

    @Test("two models with one name, a ref cycle, and a missing project are errors without a line")
    func projectLevel() throws {
        let duplicate = try Self.dbtError([Self.project: "name: p\n", "models/a/x.sql": "select 1\n", "models/b/x.sql": "select 2\n"])
        #expect(duplicate?.code == "lineage.dbt-duplicate-node")
        let cycle = try Self.dbtError([Self.project: "name: p\n", "models/a.sql": "select * from {{ ref('b') }}\n",
                                       "models/b.sql": "select * from {{ ref('a') }}\n"])
        #expect(cycle?.code == "lineage.dbt-cycle")
        let ephemeralCycle = try Self.dbtError([Self.project: "name: p\nmodels:\n  p:\n    +materialized: ephemeral\n",
                                                "models/a.sql": "select * from {{ ref('b') }}\n", "models/b.sql": "select * from {{ ref('a') }}\n"])
        #expect(ephemeralCycle?.code == "lineage.dbt-cycle")
        #expect(throws: LineageError.fileNotFound(path: "/nonexistent/dbt_project.yml", what: "dbt project file (dbt_project.yml)")) {
            try DbtProjectLoader.load("/nonexistent")
        }
    }

    @Test("a DAG file with a syntax error fails the folder with its file and line")
    func dagSyntaxError() throws {
        let root = try LineageFixtures.write([
            "dags/good.py": "from airflow import DAG\nDAG('good')\n",
            "dags/broken.py": """
                from airflow import DAG
                from airflow.operators.bash import BashOperator

                with DAG("broken") as dag:
                    BashOperator(task_id="a", bash_command="echo"
                    BashOperator(task_id="b", bash_command="echo")
                """,
        ])
        do {
            _ = try AirflowDagLoader.load(folder: root + "/dags")
            Issue.record("expected a syntax error")
        } catch {
            #expect(error.code == "lineage.airflow-syntax")
            let location = try #require(Self.location(error))
            #expect(location.file.hasSuffix("dags/broken.py"))
            #expect(location.line == 5, "\(error)")   // where python -m py_compile reports it
        }
        #expect(throws: LineageError.fileNotFound(path: root + "/nope", what: "Airflow DAG folder")) {
            try AirflowDagLoader.load(folder: root + "/nope")
        }
    }

    @Test("a malformed keel.yaml stops LineageInputs before anything is loaded")
    func malformedConfig() throws {
        let root = try LineageFixtures.write(["keel.yaml": "version: 1\ndbt:\n  project: x\n  target:\n    schema: s\n    colour: blue\n"])
        do {
            _ = try KeelConfig.load(root + "/keel.yaml")
            Issue.record("expected an unknown key")
        } catch {
            #expect(error.code == "lineage.unknown-key")
            #expect(Self.location(error)?.line == 6)
        }
    }

    @Test("a Jinja error in a DAG task's SQL is a diagnostic for that task, not a failure")
    func dagTemplateError() throws {
        let folder = try AirflowDagLoader.parse("""
            from airflow import DAG
            from airflow.providers.postgres.operators.postgres import PostgresOperator
            with DAG("t") as dag:
                PostgresOperator(task_id="a", sql="SELECT {{ ds ")
            """, file: "/tmp/t.py")
        #expect(folder.diagnostics.map(\.code) == ["lineage.jinja-syntax"])
        #expect(folder.dag("t")?.task("a")?.statements.isEmpty == true)
    }
}
