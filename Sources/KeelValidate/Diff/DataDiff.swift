public import KeelCore
public import KeelPostgres

/// Compares the rows of two tables by key, inside PostgreSQL, and reports row statuses,
/// per-column match rates and sample rows (``DiffReport``).
///
/// - Within one database the comparison is a FULL OUTER JOIN on the key (``DiffReport/Algorithm/join``).
/// - Across two databases it is checksum bisection over key ranges (``DiffReport/Algorithm/bisection``).
///
/// Either way the heavy work runs as set-based SQL on the servers; Keel holds counters, the
/// samples and at most one downloaded segment, so its memory does not grow with table size.
///
/// ```swift
/// let diff = DataDiff(options: .init(key: [try Identifier("id")]))
/// let report = try await diff.diff(TableReference(parsing: "orders"), TableReference(parsing: "orders_v2"), in: config)
/// ```
public struct DataDiff: Sendable {
    /// Which algorithm to use.
    public enum AlgorithmChoice: String, Sendable, CaseIterable {
        /// Join within one database, bisection across two.
        case auto
        /// FULL OUTER JOIN; both tables must be in one database.
        case join
        /// Checksum bisection, also within one database.
        case bisection
    }

    public struct Options: Sendable {
        /// The columns that identify a row in both tables.
        public var key: [Identifier]
        /// The non-key columns to compare; nil compares every column the two tables share.
        public var columns: [Identifier]?
        /// Stop after this many differing rows (added, removed or modified).
        public var limit: Int?
        /// Sample rows kept per status.
        public var sampleLimit: Int
        public var algorithm: AlgorithmChoice
        /// Bisection: how many parts a differing segment is cut into.
        public var segmentFactor: Int
        /// Bisection: segments of at most this many rows (on the larger side) are downloaded.
        public var downloadThreshold: Int

        public init(key: [Identifier], columns: [Identifier]? = nil, limit: Int? = nil, sampleLimit: Int = 10,
                    algorithm: AlgorithmChoice = .auto, segmentFactor: Int = 32, downloadThreshold: Int = 4096) {
            self.key = key
            self.columns = columns
            self.limit = limit
            self.sampleLimit = sampleLimit
            self.algorithm = algorithm
            self.segmentFactor = segmentFactor
            self.downloadThreshold = downloadThreshold
        }

        func check() throws(DiffError) {
            if key.isEmpty { throw .noKey }
            if let limit, limit < 1 { throw .invalidOption(name: "--limit", reason: "\(limit) is not a positive number") }
            if sampleLimit < 0 { throw .invalidOption(name: "--samples", reason: "\(sampleLimit) is negative") }
            if segmentFactor < 2 || segmentFactor > 1024 {
                throw .invalidOption(name: "segment factor", reason: "\(segmentFactor) is not between 2 and 1024")
            }
            if downloadThreshold < 1 { throw .invalidOption(name: "download threshold", reason: "\(downloadThreshold) is not positive") }
        }
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    /// Diffs two tables of one database.
    /// - Throws: ``DiffError`` for unknown tables or columns, ``PostgresLayerError`` when the
    ///   database cannot be reached or a query fails.
    public func diff(_ a: TableReference, _ b: TableReference, in config: ConnectionConfig) async throws -> DiffReport {
        if options.algorithm == .bisection {
            return try await diff(a, in: config, b, in: config)
        }
        try options.check()
        return try await Session.with(config) { session in
            try await DiffSession.prepare(session)
            let plan = try DiffPlan(a: try await TableShape.load(a, session: session),
                                    b: try await TableShape.load(b, session: session),
                                    key: options.key, columns: options.columns)
            return try await JoinDiff(plan: plan, options: options, config: config).run(session)
        }
    }

    /// Diffs two relations of the database `session` is connected to, inside the transaction the
    /// caller holds (it must hold one), so relations it has not committed (validation's replay
    /// outputs) can be compared. Always a join; rows are counted on the same session. The diff runs under a
    /// savepoint rolled back to afterwards, so the caller's transaction stays usable even when
    /// the diff fails.
    /// - Throws: ``DiffError`` for unknown tables or columns, ``PostgresLayerError`` when a query fails.
    public func diff(_ a: TableReference, _ b: TableReference, on session: Session) async throws -> DiffReport {
        try options.check()
        return try await DiffSession.inSavepoint(session) {
            let plan = try DiffPlan(a: try await TableShape.load(a, session: session),
                                    b: try await TableShape.load(b, session: session),
                                    key: options.key, columns: options.columns)
            return try await JoinDiff(plan: plan, options: options, config: session.config).runInOpenTransaction(session)
        }
    }

    /// Diffs a table of one database against a table of another, by checksum bisection.
    /// When both configurations are equal and the algorithm is `.auto`, this is a join instead.
    /// - Throws: ``DiffError`` for unknown tables or columns, ``PostgresLayerError`` when a
    ///   database cannot be reached or a query fails.
    public func diff(_ a: TableReference, in configA: ConnectionConfig, _ b: TableReference, in configB: ConnectionConfig) async throws -> DiffReport {
        if configA == configB && options.algorithm != .bisection {
            var joined = self.options
            joined.algorithm = .join
            return try await DataDiff(options: joined).diff(a, b, in: configA)
        }
        if options.algorithm == .join {
            throw DiffError.invalidOption(name: "--algorithm", reason: "join needs both tables in one database; use --db, or bisection")
        }
        try options.check()
        return try await Session.with(configA) { sessionA in
            try await Session.with(configB) { sessionB in
                async let preparedA: Void = DiffSession.prepare(sessionA)
                async let preparedB: Void = DiffSession.prepare(sessionB)
                _ = try await (preparedA, preparedB)
                async let shapeA = TableShape.load(a, session: sessionA)
                async let shapeB = TableShape.load(b, session: sessionB)
                let plan = try DiffPlan(a: try await shapeA, b: try await shapeB, key: options.key, columns: options.columns)
                return try await BisectionDiff(plan: plan, options: options, configA: configA, configB: configB).run(sessionA, sessionB)
            }
        }
    }
}
