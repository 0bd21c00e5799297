import Foundation

/// A dbt project as Keel sees it: its models, seeds and snapshots with their relations and rendered SQL,
/// its sources, tests and exposures.
///
/// Built either from the project folder (``DbtProjectLoader``, Keel renders the Jinja) or from dbt's
/// `target/manifest.json` (``DbtManifestLoader``, dbt's compiled SQL). Both give the same shape, so the
/// two can be compared. Arrays are sorted by unique id.
public struct DbtProject: Hashable, Sendable {
    /// Where the nodes came from.
    public enum Origin: String, Hashable, Sendable, Codable {
        /// Keel rendered the project's Jinja.
        case project
        /// dbt's manifest.json.
        case manifest
    }

    /// The project name (`name:` in dbt_project.yml).
    public var name: String
    /// Where the nodes came from.
    public var origin: Origin
    /// The project folder or manifest file, as given.
    public var path: String
    /// The target the SQL was rendered for, when known.
    public var target: DbtTarget?
    /// Models, seeds and snapshots.
    public var nodes: [DbtNode]
    /// Declared source tables.
    public var sources: [DbtSource]
    /// Data tests (generic tests from schema files, and singular tests from the manifest).
    public var tests: [DbtTest]
    /// Exposures: dashboards, applications and notebooks that depend on models.
    public var exposures: [DbtExposure]
    /// Problems that did not stop loading (a statement that does not parse, a Python model).
    public var diagnostics: [LineageDiagnostic]

    /// Creates a project.
    public init(name: String, origin: Origin, path: String, target: DbtTarget? = nil, nodes: [DbtNode] = [],
                sources: [DbtSource] = [], tests: [DbtTest] = [], exposures: [DbtExposure] = [],
                diagnostics: [LineageDiagnostic] = []) {
        self.name = name
        self.origin = origin
        self.path = path
        self.target = target
        self.nodes = nodes.sorted { $0.uniqueId < $1.uniqueId }
        self.sources = sources.sorted { $0.uniqueId < $1.uniqueId }
        self.tests = tests.sorted { ($0.attachedNode ?? "", $0.column ?? "", $0.name) < ($1.attachedNode ?? "", $1.column ?? "", $1.name) }
        self.exposures = exposures.sorted { $0.uniqueId < $1.uniqueId }
        self.diagnostics = diagnostics
    }

    /// The models (not seeds or snapshots).
    public var models: [DbtNode] { nodes.filter { $0.resourceType == .model } }

    /// The node with this unique id (`model.billing_dbt.stg_invoices`).
    public func node(id: String) -> DbtNode? { nodes.first { $0.uniqueId == id } }

    /// The node named `name` (a model, seed or snapshot).
    public func node(named name: String) -> DbtNode? { nodes.first { $0.name == name } }

    /// The source with this unique id.
    public func source(id: String) -> DbtSource? { sources.first { $0.uniqueId == id } }

    /// The source table `source.table`.
    public func source(_ sourceName: String, _ table: String) -> DbtSource? {
        sources.first { $0.sourceName == sourceName && $0.name == table }
    }

    /// The exposure named `name`.
    public func exposure(named name: String) -> DbtExposure? { exposures.first { $0.name == name } }
}

/// A relation dbt builds or reads, as dbt names it.
public struct DbtRelation: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The database, if known.
    public var database: String?
    /// The schema.
    public var schema: String
    /// The table or view name (a model's alias, a source's identifier).
    public var identifier: String

    /// Creates a relation.
    public init(database: String?, schema: String, identifier: String) {
        self.database = database
        self.schema = schema
        self.identifier = identifier
    }

    /// dbt-postgres' rendering: every part double-quoted, `"db"."schema"."name"`.
    public var rendered: String {
        ([database].compactMap { $0 } + [schema, identifier]).map(Self.quote).joined(separator: ".")
    }

    /// `schema.identifier`, the name inside the PostgreSQL database.
    public var qualifiedName: String { "\(schema).\(identifier)" }

    public var description: String { rendered }

    static func quote(_ part: String) -> String {
        "\"" + part.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A dbt model, seed or snapshot.
public struct DbtNode: Hashable, Sendable {
    /// The kind of node.
    public enum ResourceType: String, Hashable, Sendable, Codable {
        /// A `models/` SQL or Python file.
        case model
        /// A `seeds/` CSV file.
        case seed
        /// A `{% snapshot %}` block.
        case snapshot
    }

    /// Where ``compiledSQL`` came from.
    public enum SQLOrigin: String, Hashable, Sendable, Codable {
        /// dbt's `compiled_code` from a manifest.
        case dbtCompiled
        /// Keel rendered the raw code.
        case keelRendered
        /// There is no SQL (a seed, a Python model, a node dbt did not compile).
        case none
    }

    /// dbt's unique id, `model.<package>.<name>`.
    public var uniqueId: String
    /// The node's name.
    public var name: String
    /// Model, seed or snapshot.
    public var resourceType: ResourceType
    /// The package it belongs to.
    public var packageName: String
    /// The file it is defined in, relative to the project (`models/staging/stg_invoices.sql`).
    public var path: String
    /// The materialization: view, table, incremental, ephemeral, materialized_view, seed, snapshot, …
    public var materialization: String
    /// The relation it builds (`nil` for ephemeral models).
    public var relation: DbtRelation?
    /// The `ref()` calls, in order of first use.
    public var refs: [DbtRef]
    /// The `source()` calls, in order of first use.
    public var sources: [DbtSourceRef]
    /// Unique ids of the nodes and sources it reads, sorted.
    public var dependsOn: [String]
    /// The raw code (SQL with Jinja).
    public var rawCode: String?
    /// The rendered SQL (Jinja resolved, relations spelled out).
    public var compiledSQL: String?
    /// Where ``compiledSQL`` came from.
    public var sqlOrigin: SQLOrigin
    /// ``compiledSQL`` split into statements, each checked by the parser.
    public var statements: [RenderedStatement]
    /// Declared columns (from schema files).
    public var columns: [DbtColumn]
    /// Its description.
    public var description: String?
    /// Its tags, sorted.
    public var tags: [String]
    /// The incremental `unique_key`, if any.
    public var uniqueKey: [String]
    /// `sql` or `python`.
    public var language: String

    /// Creates a node.
    public init(
        uniqueId: String, name: String, resourceType: ResourceType, packageName: String, path: String,
        materialization: String, relation: DbtRelation?, refs: [DbtRef] = [], sources: [DbtSourceRef] = [],
        dependsOn: [String] = [], rawCode: String? = nil, compiledSQL: String? = nil, sqlOrigin: SQLOrigin = .none,
        statements: [RenderedStatement] = [], columns: [DbtColumn] = [], description: String? = nil, tags: [String] = [],
        uniqueKey: [String] = [], language: String = "sql"
    ) {
        self.uniqueId = uniqueId
        self.name = name
        self.resourceType = resourceType
        self.packageName = packageName
        self.path = path
        self.materialization = materialization
        self.relation = relation
        self.refs = refs
        self.sources = sources
        self.dependsOn = dependsOn.sorted()
        self.rawCode = rawCode
        self.compiledSQL = compiledSQL
        self.sqlOrigin = sqlOrigin
        self.statements = statements
        self.columns = columns
        self.description = description
        self.tags = tags.sorted()
        self.uniqueKey = uniqueKey
        self.language = language
    }
}

/// A `ref()` call.
public struct DbtRef: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The referenced node's name.
    public var name: String
    /// The package, for two-argument refs.
    public var package: String?
    /// The model version, for versioned refs.
    public var version: String?

    /// Creates a ref.
    public init(name: String, package: String? = nil, version: String? = nil) {
        self.name = name
        self.package = package
        self.version = version
    }

    public var description: String { package.map { "\($0).\(name)" } ?? name }
}

/// A `source()` call.
public struct DbtSourceRef: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The source's name (`billing`).
    public var source: String
    /// The table's name (`invoices`).
    public var table: String

    /// Creates a source reference.
    public init(source: String, table: String) {
        self.source = source
        self.table = table
    }

    public var description: String { "\(source).\(table)" }
}

/// A column declared in a schema file.
public struct DbtColumn: Hashable, Sendable, Codable {
    /// The column name.
    public var name: String
    /// Its description.
    public var description: String?
    /// Its declared data type.
    public var dataType: String?

    /// Creates a column.
    public init(name: String, description: String? = nil, dataType: String? = nil) {
        self.name = name
        self.description = description
        self.dataType = dataType
    }
}

/// A declared source table.
public struct DbtSource: Hashable, Sendable {
    /// `source.<package>.<source>.<table>`.
    public var uniqueId: String
    /// The source's name.
    public var sourceName: String
    /// The table's name.
    public var name: String
    /// The relation it reads.
    public var relation: DbtRelation
    /// Declared columns.
    public var columns: [DbtColumn]
    /// Its description.
    public var description: String?
    /// The schema file declaring it, relative to the project.
    public var path: String

    /// Creates a source.
    public init(uniqueId: String, sourceName: String, name: String, relation: DbtRelation, columns: [DbtColumn] = [],
                description: String? = nil, path: String = "") {
        self.uniqueId = uniqueId
        self.sourceName = sourceName
        self.name = name
        self.relation = relation
        self.columns = columns
        self.description = description
        self.path = path
    }
}

/// A dbt data test.
public struct DbtTest: Hashable, Sendable {
    /// The test: `unique`, `not_null`, `accepted_values`, `relationships`, a custom generic test, or a singular test's name.
    public var name: String
    /// The node or source it tests, when attached to one.
    public var attachedNode: String?
    /// The column it tests, for column tests.
    public var column: String?
    /// Unique ids of everything it reads, sorted.
    public var dependsOn: [String]

    /// Creates a test.
    public init(name: String, attachedNode: String?, column: String?, dependsOn: [String]) {
        self.name = name
        self.attachedNode = attachedNode
        self.column = column
        self.dependsOn = dependsOn.sorted()
    }
}

/// A dbt exposure: a downstream use of models, declared in a schema file.
public struct DbtExposure: Hashable, Sendable {
    /// `exposure.<package>.<name>`.
    public var uniqueId: String
    /// Its name.
    public var name: String
    /// Its human label.
    public var label: String?
    /// dashboard, notebook, analysis, ml or application.
    public var type: String
    /// low, medium or high.
    public var maturity: String?
    /// Where it lives.
    public var url: String?
    /// Its description.
    public var description: String?
    /// The owner's name.
    public var ownerName: String?
    /// The owner's email.
    public var ownerEmail: String?
    /// Unique ids of the nodes and sources it depends on, sorted.
    public var dependsOn: [String]
    /// The schema file declaring it.
    public var path: String

    /// Creates an exposure.
    public init(uniqueId: String, name: String, label: String? = nil, type: String, maturity: String? = nil, url: String? = nil,
                description: String? = nil, ownerName: String? = nil, ownerEmail: String? = nil, dependsOn: [String], path: String = "") {
        self.uniqueId = uniqueId
        self.name = name
        self.label = label
        self.type = type
        self.maturity = maturity
        self.url = url
        self.description = description
        self.ownerName = ownerName
        self.ownerEmail = ownerEmail
        self.dependsOn = dependsOn.sorted()
        self.path = path
    }
}
