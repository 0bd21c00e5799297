public import KeelCore

/// The consumers validation replays, in the order they run: Airflow SQL tasks, then dbt models
/// (Keel's own executor: each rendered model as a table or view, in DAG order), then dashboard
/// and API queries. The face builds it from keel.yaml, once from the project as it is (the
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

        public init(id: String, kind: Kind, statements: [String], builds: QualifiedName? = nil, materialization: String? = nil,
                    outputs: [QualifiedName] = [], parameters: [Int: String] = [:]) {
            self.id = id
            self.kind = kind
            self.statements = statements
            self.builds = builds
            self.materialization = materialization
            self.outputs = outputs
            self.parameters = parameters
        }
    }

    public var items: [Item]

    public init(items: [Item]) {
        self.items = items
    }
}
