/// How the binder names projections that have no alias.
public enum ProjectionNaming: Sendable {
    /// As PostgreSQL does: the column, field or function name; `?column?` otherwise.
    case postgres
    /// As sqlglot does: the column name, else `_col_<index>`.
    case sqlglot
}

/// Binder settings.
public struct BinderOptions: Sendable {
    /// Schemas searched, in order, for unqualified table names (PostgreSQL's `search_path`).
    public var searchPath: [String]
    /// How unaliased projections are named.
    public var projectionNaming: ProjectionNaming

    /// Creates options.
    public init(searchPath: [String] = ["public"], projectionNaming: ProjectionNaming = .postgres) {
        self.searchPath = searchPath
        self.projectionNaming = projectionNaming
    }

    /// The schema new, unqualified tables belong to: the first entry of the search path.
    public var defaultSchema: String? { searchPath.first }
}

/// A query after binding: every column reference qualified by the alias of the relation it comes
/// from, every `*` expanded, every projection aliased, plus the scope tree that says what each
/// alias stands for.
public struct BoundQuery: Sendable {
    /// The rewritten query.
    public var query: Query
    /// The query's scope (sources and output columns), with nested scopes for CTEs and subqueries.
    public var scope: BoundScope
    /// Unknown or ambiguous columns and tables; binding degrades only around them.
    public var diagnostics: [Diagnostic]

    /// The output column names, in order.
    public var outputColumns: [String] { scope.outputColumns }
}

/// One level of name resolution (sqlglot's `Scope`).
public struct BoundScope: Hashable, Sendable {
    /// What kind of query the scope belongs to.
    public enum Kind: String, Hashable, Sendable {
        case root, subquery, derivedTable, cte, union
    }
    /// The scope's kind.
    public var kind: Kind
    /// The relations visible in FROM, by alias, in order.
    public var sources: [BoundSource]
    /// The output column names, in order.
    public var outputColumns: [String]
    /// `false` when a `*` over a relation of unknown columns was kept, so `outputColumns` is partial.
    public var isComplete: Bool

    /// Creates a scope.
    public init(kind: Kind, sources: [BoundSource] = [], outputColumns: [String] = [], isComplete: Bool = true) {
        self.kind = kind
        self.sources = sources
        self.outputColumns = outputColumns
        self.isComplete = isComplete
    }

    /// The source with the given alias.
    public func source(_ alias: String) -> BoundSource? { sources.first { $0.alias == alias } }
}

/// A relation visible in a scope.
public struct BoundSource: Hashable, Sendable {
    /// What the alias stands for.
    public indirect enum Kind: Hashable, Sendable {
        /// A base table or view; `columns` is `nil` when the metadata does not know it.
        case table(TableIdentity, columns: [String]?)
        /// A CTE, with the scope of its query.
        case cte(name: String, BoundScope)
        /// A derived table (subquery in FROM), with its scope.
        case derived(BoundScope)
        /// A set-returning function, with the names of its output columns.
        case function(name: String, columns: [String])
    }
    /// The alias the scope knows it by.
    public var alias: String
    /// What it stands for.
    public var kind: Kind

    /// Creates a source.
    public init(alias: String, kind: Kind) {
        self.alias = alias
        self.kind = kind
    }

    /// The source's columns, when known.
    public var columns: [String]? {
        switch kind {
        case .table(_, let columns): columns
        case .cte(_, let scope): scope.outputColumns
        case .derived(let scope): scope.outputColumns
        case .function(_, let columns): columns
        }
    }
}

extension Diagnostic.Code {
    /// A column reference matches no visible relation.
    public static let unknownColumn = Diagnostic.Code(rawValue: "bind.unknown-column")
    /// An unqualified column matches more than one visible relation.
    public static let ambiguousColumn = Diagnostic.Code(rawValue: "bind.ambiguous-column")
    /// A qualifier names no visible relation.
    public static let unknownAlias = Diagnostic.Code(rawValue: "bind.unknown-alias")
    /// An unqualified column could belong to several relations whose columns are unknown (a warning).
    public static let unresolvedColumn = Diagnostic.Code(rawValue: "bind.unresolved-column")
    /// A table is not in the metadata, so `*` cannot be expanded over it.
    public static let unknownTable = Diagnostic.Code(rawValue: "bind.unknown-table")
}
