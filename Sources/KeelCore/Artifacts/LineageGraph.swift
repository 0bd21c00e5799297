import Foundation

/// `lineage.json`: column-level lineage across a database's tables and views and everything that
/// reads or writes them (dbt models, Airflow tasks, exposures, dashboards, APIs), written by
/// `keel lineage build`.
///
/// **Nodes** are relation columns (``relations``, each with its columns in order) and consumers
/// (``consumers``). **Edges** belong to the consumer (the job) that creates them: each
/// ``Statement`` of a consumer writes a target relation, and lists for each target column its
/// source columns with the OpenLineage transformation (``Transformation``: DIRECT IDENTITY,
/// TRANSFORMATION, AGGREGATION; INDIRECT JOIN, FILTER, GROUP_BY, SORT, WINDOW, CONDITIONAL), plus
/// the statement-level INDIRECT sources that shape every column it writes. A consumer that writes
/// nothing (a dashboard, an API, a check) lists the columns it ``Consumer/reads``.
///
/// The encoding is compact: a column is referenced by its **column id**, the position of the
/// column in the concatenation of every relation's column list (relations in ``relations`` order),
/// and a relation by its index in ``relations``. Relations are sorted by name, consumers by id, and
/// every edge list by (target, source, transformation), so the same inputs always give the same
/// bytes. ``load(path:)`` reads the file with a dedicated reader rather than `JSONDecoder`. The
/// format is documented in `docs/lineage.md`.
public struct LineageGraph: Artifact {
    public static let kind = "lineage"
    public static let currentFormatVersion = 1

    /// Always ``currentFormatVersion`` when written by this build.
    public var formatVersion: Int
    /// Always `"lineage"`.
    public var kind: String
    /// The fingerprint of the catalog the graph was built with, if any.
    public var catalogFingerprint: ContentHash?
    /// Every relation that appears in the lineage, sorted by name.
    public var relations: [Relation]
    /// Every consumer, sorted by id.
    public var consumers: [Consumer]
    /// Problems met while building: statements that do not parse, unknown tables, … sorted.
    public var diagnostics: [Diagnostic]

    /// Creates a graph, sorting ``diagnostics``; relations and consumers must already be in order
    /// (``LineageGraph/Builder`` does it).
    public init(catalogFingerprint: ContentHash? = nil, relations: [Relation], consumers: [Consumer], diagnostics: [Diagnostic]) {
        self.formatVersion = Self.currentFormatVersion
        self.kind = Self.kind
        self.catalogFingerprint = catalogFingerprint
        self.relations = relations
        self.consumers = consumers
        self.diagnostics = diagnostics.sorted()
    }

    /// The number of column nodes.
    public var columnCount: Int { relations.reduce(0) { $0 + $1.columns.count } }

    /// The number of edges: column-to-column edges, statement-level INDIRECT edges (one per source
    /// and written column) and reads.
    public var edgeCount: Int {
        var count = 0
        for consumer in consumers {
            count += consumer.reads.count
            for statement in consumer.statements {
                count += statement.columns.count + statement.indirect.count * max(statement.written.count, 1)
            }
        }
        return count
    }

    /// The first column id of each relation, and the total count at the end.
    public var columnOffsets: [Int] {
        var offsets: [Int] = []
        offsets.reserveCapacity(relations.count + 1)
        var next = 0
        for relation in relations {
            offsets.append(next)
            next += relation.columns.count
        }
        offsets.append(next)
        return offsets
    }
}
