extension LineageGraph {
    /// An OpenLineage column transformation, stored as its code (0–8) in `lineage.json`.
    public enum Transformation: Int, Sendable, Hashable, Codable, CaseIterable, Comparable {
        /// DIRECT: the value is copied as is.
        case identity = 0
        /// DIRECT: the value is computed from the source in the same row.
        case transformation = 1
        /// DIRECT: the value aggregates the source over many rows.
        case aggregation = 2
        /// INDIRECT: the source is used in a join condition.
        case join = 3
        /// INDIRECT: the source is used in WHERE, HAVING, QUALIFY or an aggregate's FILTER.
        case filter = 4
        /// INDIRECT: the source is used in GROUP BY.
        case groupBy = 5
        /// INDIRECT: the source is used in ORDER BY.
        case sort = 6
        /// INDIRECT: the source is used in a window's PARTITION BY or ORDER BY.
        case window = 7
        /// INDIRECT: the source is used in a CASE condition (or ON CONFLICT / MERGE condition).
        case conditional = 8

        /// Whether the source's value flows into the target (OpenLineage type DIRECT).
        public var isDirect: Bool { rawValue <= 2 }
        /// `DIRECT` or `INDIRECT`.
        public var type: String { isDirect ? "DIRECT" : "INDIRECT" }
        /// The OpenLineage subtype: `IDENTITY`, `TRANSFORMATION`, … `CONDITIONAL`.
        public var subtype: String {
            switch self {
            case .identity: "IDENTITY"
            case .transformation: "TRANSFORMATION"
            case .aggregation: "AGGREGATION"
            case .join: "JOIN"
            case .filter: "FILTER"
            case .groupBy: "GROUP_BY"
            case .sort: "SORT"
            case .window: "WINDOW"
            case .conditional: "CONDITIONAL"
            }
        }

        /// The transformation with this OpenLineage subtype name.
        public init?(subtype: String) {
            guard let found = Self.allCases.first(where: { $0.subtype == subtype }) else { return nil }
            self = found
        }

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// What a relation is.
    public enum RelationKind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A table of the catalog.
        case table
        /// A view of the catalog.
        case view
        /// A materialized view of the catalog.
        case materializedView
        /// A relation a dbt model builds.
        case model
        /// A relation a dbt snapshot builds.
        case snapshot
        /// A relation a dbt seed loads.
        case seed
        /// A dbt source that is not in the catalog.
        case source
        /// A table an Airflow task writes that is not in the catalog.
        case taskOutput
        /// A temporary table a consumer's script creates (its name is prefixed with the consumer id).
        case temporary
        /// A relation the SQL names that nothing else describes.
        case external
    }

    /// What a consumer is. The raw values are KeelLineage's `Consumer.Kind` raw values.
    public enum ConsumerKind: String, Sendable, Hashable, Codable, CaseIterable {
        case dbtModel, dbtSnapshot, dbtExposure, airflowTask, view, materializedView, dashboard, report, api, notebook, application

        /// The group `keel impact` lists it under.
        public var group: ConsumerGroup {
            switch self {
            case .dbtModel, .dbtSnapshot: .dbtModels
            case .airflowTask: .dagTasks
            case .view, .materializedView: .views
            case .dbtExposure: .exposures
            case .dashboard, .report, .notebook: .dashboards
            case .api, .application: .apis
            }
        }
    }

    /// How `keel impact` groups consumers, in this order.
    public enum ConsumerGroup: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
        case dbtModels, dagTasks, views, exposures, dashboards, apis

        /// The heading in text output.
        public var title: String {
            switch self {
            case .dbtModels: "dbt models"
            case .dagTasks: "DAG tasks"
            case .views: "views"
            case .exposures: "exposures"
            case .dashboards: "dashboards"
            case .apis: "APIs"
            }
        }

        public static func < (lhs: Self, rhs: Self) -> Bool {
            (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
        }
    }

    /// A table, view, model or task output, with its columns in order.
    public struct Relation: Sendable, Hashable, Codable {
        /// `schema.name`, each part quoted only where SQL needs it (`public."Order Items"`).
        public var name: String
        /// What it is.
        public var kind: RelationKind
        /// Its column names, in order. `*` stands for columns Keel could not list.
        public var columns: [String]
        /// The id of the consumer that builds it (a dbt model, a view), if any.
        public var builtBy: String?

        /// Creates a relation.
        public init(name: String, kind: RelationKind, columns: [String], builtBy: String? = nil) {
            self.name = name
            self.kind = kind
            self.columns = columns
            self.builtBy = builtBy
        }
    }

    /// Something that reads or writes the database: a job of the lineage.
    public struct Consumer: Sendable, Hashable, Codable {
        /// A stable id: `dbt:model.billing_dbt.stg_invoices`, `airflow:nightly_billing.mark_overdue`,
        /// `dashboard:Revenue overview`, `api:GET /invoices/{id}`, `view:public.active_customers`.
        public var id: String
        /// What it is.
        public var kind: ConsumerKind
        /// Its name as people say it.
        public var name: String
        /// `file[:line]` where it is defined, relative to keel.yaml when it came from the project.
        public var location: String?
        /// Who owns it, when declared.
        public var owner: String?
        /// dbt's materialization (view, table, incremental, …), for dbt nodes.
        public var materialization: String?
        /// The index of the relation it builds (dbt model, view), if any.
        public var builds: Int?
        /// Ids of consumers it depends on outside its SQL (dbt refs, exposures' models, task order), sorted.
        public var dependsOn: [String]
        /// Indexes of the relations it reads, sorted (OpenLineage inputs).
        public var inputs: [Int]
        /// Indexes of the relations it writes, sorted (OpenLineage outputs).
        public var outputs: [Int]
        /// Its statements that write a relation, in script order.
        public var statements: [Statement]
        /// Columns it reads without writing them anywhere (queries, checks, exposures), sorted.
        public var reads: [SourceEdge]

        /// Creates a consumer.
        public init(id: String, kind: ConsumerKind, name: String, location: String? = nil, owner: String? = nil,
                    materialization: String? = nil, builds: Int? = nil, dependsOn: [String] = [], inputs: [Int] = [],
                    outputs: [Int] = [], statements: [Statement] = [], reads: [SourceEdge] = []) {
            self.id = id
            self.kind = kind
            self.name = name
            self.location = location
            self.owner = owner
            self.materialization = materialization
            self.builds = builds
            self.dependsOn = dependsOn
            self.inputs = inputs
            self.outputs = outputs
            self.statements = statements
            self.reads = reads
        }

        enum CodingKeys: String, CodingKey {
            case id, kind, name, location, owner, materialization, builds, dependsOn, inputs, outputs, statements, reads
        }

        /// Empty lists are left out of the encoding (most consumers have no reads, or no statements).
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(kind, forKey: .kind)
            try container.encode(name, forKey: .name)
            try container.encodeIfPresent(location, forKey: .location)
            try container.encodeIfPresent(owner, forKey: .owner)
            try container.encodeIfPresent(materialization, forKey: .materialization)
            try container.encodeIfPresent(builds, forKey: .builds)
            if !dependsOn.isEmpty { try container.encode(dependsOn, forKey: .dependsOn) }
            if !inputs.isEmpty { try container.encode(inputs, forKey: .inputs) }
            if !outputs.isEmpty { try container.encode(outputs, forKey: .outputs) }
            if !statements.isEmpty { try container.encode(statements, forKey: .statements) }
            if !reads.isEmpty { try container.encode(reads, forKey: .reads) }
        }

        /// Decodes a consumer; missing lists are empty.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            kind = try container.decode(ConsumerKind.self, forKey: .kind)
            name = try container.decode(String.self, forKey: .name)
            location = try container.decodeIfPresent(String.self, forKey: .location)
            owner = try container.decodeIfPresent(String.self, forKey: .owner)
            materialization = try container.decodeIfPresent(String.self, forKey: .materialization)
            builds = try container.decodeIfPresent(Int.self, forKey: .builds)
            dependsOn = try container.decodeIfPresent([String].self, forKey: .dependsOn) ?? []
            inputs = try container.decodeIfPresent([Int].self, forKey: .inputs) ?? []
            outputs = try container.decodeIfPresent([Int].self, forKey: .outputs) ?? []
            statements = try container.decodeIfPresent([Statement].self, forKey: .statements) ?? []
            reads = try container.decodeIfPresent([SourceEdge].self, forKey: .reads) ?? []
        }
    }

    /// One statement of a consumer that writes a relation.
    public struct Statement: Sendable, Hashable, Codable {
        /// The index of the relation written.
        public var target: Int
        /// The column ids of `target` the statement writes, in the statement's order.
        public var written: [Int]
        /// Column edges: a written column, one of its sources and the transformation, sorted. A written
        /// column without a source column (a literal, `count(*)`) has no edge.
        public var columns: [ColumnEdge]
        /// Statement-level INDIRECT sources, sorted: each shapes every written column.
        public var indirect: [SourceEdge]

        /// Creates a statement.
        public init(target: Int, written: [Int], columns: [ColumnEdge], indirect: [SourceEdge] = []) {
            self.target = target
            self.written = written
            self.columns = columns
            self.indirect = indirect
        }
    }

    /// `[target, source, transformation]`: the column `target` gets a value shaped by `source`.
    public struct ColumnEdge: Sendable, Hashable, Codable, Comparable {
        /// The written column's id.
        public var target: Int
        /// The source column's id.
        public var source: Int
        /// How.
        public var transformation: Transformation

        /// Creates an edge.
        public init(target: Int, source: Int, transformation: Transformation) {
            self.target = target
            self.source = source
            self.transformation = transformation
        }

        /// Encoded as the array `[target, source, code]`.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.unkeyedContainer()
            try container.encode(target)
            try container.encode(source)
            try container.encode(transformation.rawValue)
        }

        /// Decodes `[target, source, code]`.
        public init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            target = try container.decode(Int.self)
            source = try container.decode(Int.self)
            let code = try container.decode(Int.self)
            guard let transformation = Transformation(rawValue: code) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown transformation code \(code)")
            }
            self.transformation = transformation
        }

        public static func < (lhs: Self, rhs: Self) -> Bool {
            (lhs.target, lhs.source, lhs.transformation.rawValue) < (rhs.target, rhs.source, rhs.transformation.rawValue)
        }
    }

    /// `[source, transformation]`: a column read (statement-level INDIRECT, or a consumer's read).
    public struct SourceEdge: Sendable, Hashable, Codable, Comparable {
        /// The column's id.
        public var source: Int
        /// How it is used.
        public var transformation: Transformation

        /// Creates an edge.
        public init(source: Int, transformation: Transformation) {
            self.source = source
            self.transformation = transformation
        }

        /// Encoded as the array `[source, code]`.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.unkeyedContainer()
            try container.encode(source)
            try container.encode(transformation.rawValue)
        }

        /// Decodes `[source, code]`.
        public init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            source = try container.decode(Int.self)
            let code = try container.decode(Int.self)
            guard let transformation = Transformation(rawValue: code) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown transformation code \(code)")
            }
            self.transformation = transformation
        }

        public static func < (lhs: Self, rhs: Self) -> Bool {
            (lhs.source, lhs.transformation.rawValue) < (rhs.source, rhs.transformation.rawValue)
        }
    }

    /// A problem met while building the graph.
    public struct Diagnostic: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
        /// A stable code: `lineage.sql-unparsable`, `sql.syntax`, `bind.unknown-column`, …
        public var code: String
        /// `error` (lineage is missing) or `warning` (lineage is approximate).
        public var severity: String
        /// What went wrong.
        public var message: String
        /// `file[:line[:column]]`.
        public var location: String
        /// The consumer it concerns, if any.
        public var consumer: String?

        /// Creates a diagnostic.
        public init(code: String, severity: String, message: String, location: String, consumer: String? = nil) {
            self.code = code
            self.severity = severity
            self.message = message
            self.location = location
            self.consumer = consumer
        }

        /// Whether lineage is missing because of it.
        public var isError: Bool { severity == "error" }

        public var description: String { "\(location): \(severity): \(message) [\(code)]" }

        public static func < (lhs: Self, rhs: Self) -> Bool {
            (lhs.consumer ?? "", lhs.location, lhs.code, lhs.message) < (rhs.consumer ?? "", rhs.location, rhs.code, rhs.message)
        }
    }
}
