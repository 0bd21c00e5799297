public import KeelCore

/// What `keel impact` prints: the downstream (or upstream) closure of a column, relation or consumer.
///
/// ``consumers`` are the jobs and readers reached, each with its depth (edges from the target), its
/// shortest path, whether the value flows into it (`DIRECT`) or it is only shaped by it (`INDIRECT`:
/// filters, joins, grouping, ordering), and the reached columns it writes. ``columns`` lists every
/// reached column; ``edges`` every edge traversed, for drawing.
public struct ImpactReport: Codable, Sendable, Equatable {
    /// The target, resolved: `public.invoices.amount`, `public.invoices` or a consumer id.
    public var target: String
    /// `column`, `relation` or `consumer`.
    public var targetKind: String
    /// `downstream` or `upstream`.
    public var direction: ImpactDirection
    /// The `--depth` limit, if any.
    public var maxDepth: Int?
    /// The consumers reached, by group (dbt models, DAG tasks, views, exposures, dashboards, APIs), depth and name.
    public var consumers: [ImpactedConsumer]
    /// The columns reached (the target's own columns excluded), by depth and name.
    public var columns: [ImpactedColumn]
    /// The edges traversed, for drawing; sorted. Empty when the report was made without
    /// ``ImpactDetail/edges`` (see ``ImpactClosure/report(detail:)``).
    public var edges: [ImpactEdge]
    /// The columns joined to the target through a declared or inferred foreign key (for a column
    /// target, keys on that column; for a relation, keys on any of its columns). Absent when the
    /// analysis had no catalog to read keys from.
    public var joinKeys: [ImpactedKey]?

    /// Creates a report.
    public init(target: String, targetKind: String, direction: ImpactDirection, maxDepth: Int?, consumers: [ImpactedConsumer],
                columns: [ImpactedColumn], edges: [ImpactEdge], joinKeys: [ImpactedKey]? = nil) {
        self.target = target
        self.targetKind = targetKind
        self.direction = direction
        self.maxDepth = maxDepth
        self.consumers = consumers
        self.columns = columns
        self.edges = edges
        self.joinKeys = joinKeys
    }

    /// The reached consumers' ids.
    public var consumerIds: [String] { consumers.map(\.id) }
}

/// Which way impact goes.
public enum ImpactDirection: String, Codable, Sendable, CaseIterable {
    /// What reads the target, transitively: what a change to it affects.
    case downstream
    /// What the target reads, transitively: where its values come from.
    case upstream
}

/// One step of a path: a node, and the job and transformation of the edge that led to it.
public struct ImpactStep: Codable, Sendable, Equatable {
    /// A column (`schema.table.column`) or a consumer id.
    public var node: String
    /// The consumer whose SQL makes the edge into this node (absent on the first step).
    public var job: String?
    /// `DIRECT` or `INDIRECT` (absent on the first step).
    public var type: String?
    /// The OpenLineage subtype (absent on the first step).
    public var subtype: String?

    /// Creates a step.
    public init(node: String, job: String? = nil, type: String? = nil, subtype: String? = nil) {
        self.node = node
        self.job = job
        self.type = type
        self.subtype = subtype
    }
}

/// A consumer the target reaches (or, upstream, that feeds the target).
public struct ImpactedConsumer: Codable, Sendable, Equatable {
    /// Its id.
    public var id: String
    /// Its name.
    public var name: String
    /// What it is (`dbtModel`, `airflowTask`, `view`, `dbtExposure`, `dashboard`, `api`, …).
    public var kind: LineageGraph.ConsumerKind
    /// Its group in listings.
    public var group: LineageGraph.ConsumerGroup
    /// Who owns it, when declared.
    public var owner: String?
    /// Where it is defined.
    public var location: String?
    /// Edges from the target to its first reached column (or to itself, for a reader).
    public var depth: Int
    /// `DIRECT` when the target's value flows into it along some path, else `INDIRECT`.
    public var dependency: String
    /// The shortest such path, target first.
    public var path: [ImpactStep]
    /// The reached columns it writes (downstream), or the columns it writes that feed the target (upstream).
    public var columns: [String]

    /// Creates an entry.
    public init(id: String, name: String, kind: LineageGraph.ConsumerKind, owner: String?, location: String?, depth: Int,
                dependency: String, path: [ImpactStep], columns: [String]) {
        self.id = id
        self.name = name
        self.kind = kind
        self.group = kind.group
        self.owner = owner
        self.location = location
        self.depth = depth
        self.dependency = dependency
        self.path = path
        self.columns = columns
    }
}

/// A column the target reaches.
public struct ImpactedColumn: Codable, Sendable, Equatable {
    /// `schema.table.column`.
    public var column: String
    /// Edges from the target.
    public var depth: Int
    /// `DIRECT` or `INDIRECT`.
    public var dependency: String
    /// The shortest path, target first. Empty when the report was made without
    /// ``ImpactDetail/columnPaths`` (see ``ImpactClosure/report(detail:)``).
    public var path: [ImpactStep]

    /// Creates an entry.
    public init(column: String, depth: Int, dependency: String, path: [ImpactStep]) {
        self.column = column
        self.depth = depth
        self.dependency = dependency
        self.path = path
    }
}

/// An edge traversed: `from` → `to`, made by `job`.
public struct ImpactEdge: Codable, Sendable, Equatable, Hashable, Comparable {
    /// The source node.
    public var from: String
    /// The target node.
    public var to: String
    /// The consumer whose SQL makes it.
    public var job: String
    /// `DIRECT` or `INDIRECT`.
    public var type: String
    /// The OpenLineage subtype.
    public var subtype: String

    /// Creates an edge.
    public init(from: String, to: String, job: String, type: String, subtype: String) {
        self.from = from
        self.to = to
        self.job = job
        self.type = type
        self.subtype = subtype
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.from, lhs.to, lhs.job, lhs.subtype) < (rhs.from, rhs.to, rhs.job, rhs.subtype)
    }
}

/// A join dependency: a column tied to the target by a foreign key, declared in the schema or
/// inferred by `keel discover --infer`. No consumer's SQL needs to show the join for a change of
/// the key's type to break it.
public struct ImpactedKey: Codable, Sendable, Equatable {
    /// Which end the target is.
    public enum Role: String, Codable, Sendable {
        /// ``ImpactedKey/column`` references the target column (`invoices.customer_id` → `customers.id`).
        case referencedBy
        /// The target column references ``ImpactedKey/column``.
        case references

        var rank: Int { self == .referencedBy ? 0 : 1 }
    }

    /// Whether the schema declares the key.
    public enum Source: String, Codable, Sendable {
        case declared, inferred

        var rank: Int { self == .declared ? 0 : 1 }
    }

    public var role: Role
    /// The other end, `schema.table.column`.
    public var column: String
    /// Its type, from the catalog.
    public var columnType: String?
    /// The target's end (the target itself, or one of its columns for a relation target).
    public var targetColumn: String
    public var targetType: String?
    public var source: Source
    /// The constraint's name, when declared.
    public var constraint: String?
    /// How sure the inference is, in percent, when inferred.
    public var confidencePercent: Int?
    /// Why it was inferred.
    public var evidence: [String]
    /// What a change of the target's type breaks on this key.
    public var breaks: [String]

    public init(role: Role, column: String, columnType: String?, targetColumn: String, targetType: String?, source: Source,
                constraint: String?, confidencePercent: Int?, evidence: [String], breaks: [String]) {
        self.role = role
        self.column = column
        self.columnType = columnType
        self.targetColumn = targetColumn
        self.targetType = targetType
        self.source = source
        self.constraint = constraint
        self.confidencePercent = confidencePercent
        self.evidence = evidence
        self.breaks = breaks
    }
}
