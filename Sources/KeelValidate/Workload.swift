public import KeelCore

/// The consumers validation replays, in the order they run: Airflow SQL tasks, then dbt models
/// (Keel's own executor: each rendered model as a table or view, in DAG order; or `dbt build`
/// when real dbt runs), then dashboard and API queries. The face builds it from keel.yaml, once from the project as it is (the
/// baseline) and once with the plan's consumer patches applied (the replay).
public struct Workload: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, Codable {
        case task, model, query
    }

    public struct Item: Sendable, Equatable {
        /// The lineage id (`dbt:model.billing_dbt.stg_invoices`).
        public var id: String
        public var kind: Kind
        /// The rendered SQL, one entry per statement.
        public var statements: [String]
        /// For models: the relation built, and `view` or `table`.
        public var builds: QualifiedName?
        public var materialization: String?
        /// Relations a task writes, whose contents are its output.
        public var outputs: [QualifiedName]
        /// For queries: `$n` → a SQL literal with its cast (`'42'::bigint`).
        public var parameters: [Int: String]
        /// For queries: `$n` → its example value as written in keel.yaml (`42`), which pins the
        /// rows it selects into the sandbox (``PinnedRows``).
        public var examples: [Int: String]
        /// The columns that identify a row of the output (a model's `unique_key` or a column with a
        /// `unique` test; a task's output table's primary key); nil: rows are matched whole.
        public var key: [Identifier]?

        public init(id: String, kind: Kind, statements: [String], builds: QualifiedName? = nil, materialization: String? = nil,
                    outputs: [QualifiedName] = [], parameters: [Int: String] = [:], examples: [Int: String] = [:],
                    key: [Identifier]? = nil) {
            self.id = id
            self.kind = kind
            self.statements = statements
            self.builds = builds
            self.materialization = materialization
            self.outputs = outputs
            self.parameters = parameters
            self.examples = examples
            self.key = key
        }
    }

    /// The dbt project the models come from, for running real dbt; nil without one.
    public struct DbtProject: Sendable, Equatable {
        /// The project folder (holding dbt_project.yml).
        public var directory: String
        /// The target Keel rendered the models for (`{{ target.name }}`), and its schema (where
        /// models land unless they configure their own).
        public var target: String
        public var schema: String
        /// keel.yaml's dbt vars as a JSON object, for `--vars`; nil when there are none.
        public var vars: String?

        public init(directory: String, target: String, schema: String, vars: String? = nil) {
            self.directory = directory
            self.target = target
            self.schema = schema
            self.vars = vars
        }
    }

    public var items: [Item]
    public var dbt: DbtProject?

    public init(items: [Item], dbt: DbtProject? = nil) {
        self.items = items
        self.dbt = dbt
    }
}
