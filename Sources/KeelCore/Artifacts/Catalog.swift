public import Foundation

/// `catalog.json`: an exact picture of a PostgreSQL database's schema, written by `keel discover`.
///
/// Arrays are sorted deterministically (objects by qualified name, columns by position, the rest
/// by name), so the same schema always encodes to the same bytes apart from ``Statistics`` and
/// ``Source``. ``fingerprint`` hashes everything except those two, so staging and production
/// with the same schema share a fingerprint. The format is documented in `docs/catalog.md`.
public struct Catalog: Artifact {
    public static let kind = "catalog"
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    public var kind: String
    /// The structural hash: see ``computeFingerprint()``.
    public var fingerprint: ContentHash
    /// Where and when the catalog was read. Not part of the fingerprint.
    public var source: Source?
    public var schemas: [Schema]
    public var tables: [Table]
    public var views: [View]
    public var sequences: [Sequence]
    public var enums: [EnumType]
    public var domains: [Domain]
    public var functions: [Function]
    public var extensions: [Extension]
    /// Foreign keys the schema does not declare, from `keel discover --infer`; absent otherwise
    /// (and in catalogs written before it existed). Not part of the fingerprint.
    public var inferredKeys: [InferredKey]?

    public init(
        source: Source?, schemas: [Schema], tables: [Table], views: [View], sequences: [Sequence],
        enums: [EnumType], domains: [Domain], functions: [Function], extensions: [Extension]
    ) throws {
        self.formatVersion = Self.currentFormatVersion
        self.kind = Self.kind
        self.fingerprint = ContentHash(of: Data())
        self.source = source
        self.schemas = schemas
        self.tables = tables
        self.views = views
        self.sequences = sequences
        self.enums = enums
        self.domains = domains
        self.functions = functions
        self.extensions = extensions
        self.sortDeterministically()
        self.fingerprint = try computeFingerprint()
    }

    /// The hash of the catalog's compact canonical JSON with its fingerprint, source and every
    /// statistic left out.
    public func computeFingerprint() throws -> ContentHash {
        ContentHash(bytes: CanonicalJSON.structuralBytes(self))
    }

    /// Sorts every array by its documented key.
    mutating func sortDeterministically() {
        schemas.sort { $0.name < $1.name }
        tables.sort { $0.qualifiedName < $1.qualifiedName }
        for i in tables.indices { tables[i].sortDeterministically() }
        views.sort { $0.qualifiedName < $1.qualifiedName }
        for i in views.indices { views[i].sortDeterministically() }
        sequences.sort { $0.qualifiedName < $1.qualifiedName }
        enums.sort { $0.qualifiedName < $1.qualifiedName }
        domains.sort { $0.qualifiedName < $1.qualifiedName }
        for i in domains.indices { domains[i].constraints.sort { $0.name < $1.name } }
        functions.sort { ($0.qualifiedName, $0.arguments) < ($1.qualifiedName, $1.arguments) }
        extensions.sort { $0.name < $1.name }
        inferredKeys?.sort()
    }
}

extension Catalog {
    /// The server and database the catalog was read from.
    public struct Source: Codable, Sendable, Equatable {
        /// The database name.
        public var database: String
        /// `server_version`, e.g. `"15.18 (Debian 15.18-0+deb12u1)"`.
        public var serverVersion: String
        /// `server_version_num`, e.g. `150018`.
        public var serverVersionNumber: Int
        /// Settings that matter to migrations, by name: lock_timeout, statement_timeout, TimeZone, …
        public var settings: [String: String]
        /// The schemas discovery was limited to; empty means every user schema.
        public var schemaFilter: [String]
        /// When discovery ran.
        public var discoveredAt: Date

        public init(database: String, serverVersion: String, serverVersionNumber: Int, settings: [String: String],
                    schemaFilter: [String], discoveredAt: Date) {
            self.database = database
            self.serverVersion = serverVersion
            self.serverVersionNumber = serverVersionNumber
            self.settings = settings
            self.schemaFilter = schemaFilter
            self.discoveredAt = discoveredAt
        }

        /// The major version, e.g. 15.
        public var majorVersion: Int { serverVersionNumber / 10000 }
    }

    public struct Schema: Codable, Sendable, Equatable {
        public var name: Identifier
        public var comment: String?

        public init(name: Identifier, comment: String? = nil) {
            self.name = name
            self.comment = comment
        }
    }

    /// Volatile figures, excluded from the fingerprint.
    public struct Statistics: Codable, Sendable, Equatable {
        /// `pg_class.reltuples`; nil when the relation was never analyzed or vacuumed.
        public var rowEstimate: Int64?
        /// Heap size in bytes (`pg_relation_size`).
        public var tableBytes: Int64
        /// Heap, TOAST and indexes together (`pg_total_relation_size`).
        public var totalBytes: Int64
        public var lastVacuum: Date?
        public var lastAutovacuum: Date?
        public var lastAnalyze: Date?
        public var lastAutoanalyze: Date?
        /// Sequential scans since the statistics were reset.
        public var sequentialScans: Int64?

        public init(rowEstimate: Int64?, tableBytes: Int64, totalBytes: Int64, lastVacuum: Date? = nil,
                    lastAutovacuum: Date? = nil, lastAnalyze: Date? = nil, lastAutoanalyze: Date? = nil,
                    sequentialScans: Int64? = nil) {
            self.rowEstimate = rowEstimate
            self.tableBytes = tableBytes
            self.totalBytes = totalBytes
            self.lastVacuum = lastVacuum
            self.lastAutovacuum = lastAutovacuum
            self.lastAnalyze = lastAnalyze
            self.lastAutoanalyze = lastAutoanalyze
            self.sequentialScans = sequentialScans
        }
    }
}
