/// What `keel validate` found when it ran a plan in a sandbox: the locks and rewrites each step
/// really caused, the dual-write checks, each consumer's output against its baseline, query plans
/// before and after, and whether rollback restored the catalog. Tied to the plan's hash and the
/// source catalog's fingerprint, so rollout can require a passing report for exactly that plan.
///
/// Durations are measurements, not inputs: the report is not hashed into anything.
public struct ValidationReport: Artifact {
    public static let kind = "validation"
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    public var kind: String
    /// The plan's hash.
    public var plan: ContentHash
    /// The source catalog's fingerprint the plan was made for.
    public var catalog: ContentHash
    /// `true` when no check failed.
    public var passed: Bool
    public var sandbox: Sandbox
    public var steps: [StepTrace]
    public var dualWrite: [DualWriteCheck]
    public var outputs: [OutputDiff]
    public var queryPlans: [QueryPlanCheck]
    public var rollback: RollbackCheck?
    /// What ran the dbt models: `keel` (Keel's own executor) or `dbt <version>` (`dbt build` in
    /// the sandbox). Nil in reports written before it was recorded.
    public var executor: String?
    /// Every problem, in the order found; `passed` is false when one is an error.
    public var findings: [Finding]

    public init(plan: ContentHash, catalog: ContentHash, sandbox: Sandbox, steps: [StepTrace], dualWrite: [DualWriteCheck],
                outputs: [OutputDiff], queryPlans: [QueryPlanCheck], rollback: RollbackCheck?, findings: [Finding], executor: String? = nil) {
        self.formatVersion = Self.currentFormatVersion
        self.kind = Self.kind
        self.plan = plan
        self.catalog = catalog
        self.sandbox = sandbox
        self.steps = steps
        self.dualWrite = dualWrite
        self.outputs = outputs
        self.queryPlans = queryPlans
        self.rollback = rollback
        self.executor = executor
        self.findings = findings
        self.passed = !findings.contains { $0.severity == .error }
    }
}

extension ValidationReport {
    public struct Sandbox: Codable, Sendable, Equatable {
        /// The sandbox server's version.
        public var serverVersion: String
        /// Rows per table in the source (estimate) and in the sandbox.
        public var tables: [TableSample]
        public init(serverVersion: String, tables: [TableSample]) {
            self.serverVersion = serverVersion
            self.tables = tables
        }
    }

    public struct TableSample: Codable, Sendable, Equatable {
        public var table: QualifiedName
        public var sourceRows: Int64?
        public var sandboxRows: Int64
        /// Whether it was sampled (else copied whole).
        public var sampled: Bool
        public init(table: QualifiedName, sourceRows: Int64?, sandboxRows: Int64, sampled: Bool) {
            self.table = table
            self.sourceRows = sourceRows
            self.sandboxRows = sandboxRows
            self.sampled = sampled
        }
    }

    /// One plan step as it really ran.
    public struct StepTrace: Codable, Sendable, Equatable {
        public var id: String
        public var declaredLock: LockLevel
        /// The strongest lock the step's backend held on the step's table (pg_locks).
        public var observedLock: LockLevel
        public var declaredRewrite: TableRewrite
        /// Whether the table's or an index's relfilenode changed.
        public var rewritten: Bool
        public var milliseconds: Int64
        public var ok: Bool
        public init(id: String, declaredLock: LockLevel, observedLock: LockLevel, declaredRewrite: TableRewrite,
                    rewritten: Bool, milliseconds: Int64, ok: Bool) {
            self.id = id
            self.declaredLock = declaredLock
            self.observedLock = observedLock
            self.declaredRewrite = declaredRewrite
            self.rewritten = rewritten
            self.milliseconds = milliseconds
            self.ok = ok
        }
    }

    /// A write through one shape, read back through the other.
    public struct DualWriteCheck: Codable, Sendable, Equatable {
        public var table: QualifiedName
        /// `insert old`, `insert new`, `update old`, `update new`.
        public var write: String
        public var written: String
        public var expected: String
        public var observed: String?
        public var ok: Bool
        public init(table: QualifiedName, write: String, written: String, expected: String, observed: String?, ok: Bool) {
            self.table = table
            self.write = write
            self.written = written
            self.expected = expected
            self.observed = observed
            self.ok = ok
        }
    }

    /// A row status of dbt-audit-helper: `identical`, `modified` (same key, other values),
    /// `added` (only after), `removed` (only before), `nonunique_pk` (the key is NULL or repeated,
    /// so the row cannot be matched).
    public enum RowStatus: String, Codable, Sendable, CaseIterable {
        case identical, modified, added, removed
        case nonuniquePK = "nonunique_pk"
    }

    /// A consumer's output after the change, against its baseline, keyed by the relation's
    /// unique key (or by the whole row when it has none), with dbt-audit-helper's statuses.
    ///
    /// Fields after `error` were added in the same format version; reports written before them
    /// read with empty values.
    public struct OutputDiff: Codable, Sendable, Equatable {
        public var consumer: String
        public var baselineRows: Int64
        public var replayRows: Int64
        /// Rows in both with equal values (numbers compared as numeric: 5 equals 5.00).
        public var identical: Int64
        /// Rows only in the baseline.
        public var removed: Int64
        /// Rows only in the replay.
        public var added: Int64
        /// Columns of the baseline output missing after (`-name`) or new (`+name`).
        public var columnChanges: [String]
        public var ok: Bool
        public var error: String?
        /// The key rows were matched on; empty when the output has none and whole rows were
        /// matched (repeated rows pair up one to one, so a row is never `modified`).
        public var key: [String]
        /// Rows with the same key and other values.
        public var modified: Int64
        /// Rows of the baseline plus rows of the replay whose key is NULL or repeated.
        public var nonuniquePK: Int64
        /// Column changes the plan declares (a column it adds, drops or renames): not failures.
        public var expectedColumnChanges: [String]
        /// Per compared column, over the rows matched by key, in the baseline's column order.
        public var columns: [ColumnMatch]
        /// A few rows per status other than identical, in the order found.
        public var samples: [RowSample]

        public init(consumer: String, baselineRows: Int64, replayRows: Int64, identical: Int64, removed: Int64, added: Int64,
                    columnChanges: [String], ok: Bool, error: String? = nil, key: [String] = [], modified: Int64 = 0,
                    nonuniquePK: Int64 = 0, expectedColumnChanges: [String] = [], columns: [ColumnMatch] = [],
                    samples: [RowSample] = []) {
            self.consumer = consumer
            self.baselineRows = baselineRows
            self.replayRows = replayRows
            self.identical = identical
            self.removed = removed
            self.added = added
            self.columnChanges = columnChanges
            self.ok = ok
            self.error = error
            self.key = key
            self.modified = modified
            self.nonuniquePK = nonuniquePK
            self.expectedColumnChanges = expectedColumnChanges
            self.columns = columns
            self.samples = samples
        }

        enum CodingKeys: String, CodingKey {
            case consumer, baselineRows, replayRows, identical, removed, added, columnChanges, ok, error
            case key, modified, nonuniquePK, expectedColumnChanges, columns, samples
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(consumer: try c.decode(String.self, forKey: .consumer), baselineRows: try c.decode(Int64.self, forKey: .baselineRows),
                      replayRows: try c.decode(Int64.self, forKey: .replayRows), identical: try c.decode(Int64.self, forKey: .identical),
                      removed: try c.decode(Int64.self, forKey: .removed), added: try c.decode(Int64.self, forKey: .added),
                      columnChanges: try c.decode([String].self, forKey: .columnChanges), ok: try c.decode(Bool.self, forKey: .ok),
                      error: try c.decodeIfPresent(String.self, forKey: .error),
                      key: try c.decodeIfPresent([String].self, forKey: .key) ?? [],
                      modified: try c.decodeIfPresent(Int64.self, forKey: .modified) ?? 0,
                      nonuniquePK: try c.decodeIfPresent(Int64.self, forKey: .nonuniquePK) ?? 0,
                      expectedColumnChanges: try c.decodeIfPresent([String].self, forKey: .expectedColumnChanges) ?? [],
                      columns: try c.decodeIfPresent([ColumnMatch].self, forKey: .columns) ?? [],
                      samples: try c.decodeIfPresent([RowSample].self, forKey: .samples) ?? [])
        }
    }

    /// How one column fared over the rows present before and after with the same key.
    public struct ColumnMatch: Codable, Sendable, Equatable {
        public var column: String
        /// `format_type` before and after (`integer`, `numeric(12,2)`).
        public var typeBefore: String
        public var typeAfter: String
        /// Matched rows where the column's value differs.
        public var mismatches: Int64
        /// Matched rows (the denominator).
        public var compared: Int64
        /// `1 - mismatches / compared`, rounded to 6 decimals; nil when no row matched.
        public var matchRate: Double?

        public init(column: String, typeBefore: String, typeAfter: String, mismatches: Int64, compared: Int64) {
            self.column = column
            self.typeBefore = typeBefore
            self.typeAfter = typeAfter
            self.mismatches = mismatches
            self.compared = compared
            self.matchRate = compared > 0 ? (Double(compared - mismatches) / Double(compared) * 1_000_000).rounded() / 1_000_000 : nil
        }
    }

    /// A row that is not identical: its key (or the row itself, when matched whole) and, for
    /// `modified`, the values that changed.
    public struct RowSample: Codable, Sendable, Equatable {
        public var status: RowStatus
        /// The key values as text, `(a, b)` for a composite key; the row's text when matched whole.
        public var key: String
        public var changes: [ValueChange]

        public init(status: RowStatus, key: String, changes: [ValueChange] = []) {
            self.status = status
            self.key = key
            self.changes = changes
        }
    }

    /// A column's value before and after (text output; nil is NULL).
    public struct ValueChange: Codable, Sendable, Equatable {
        public var column: String
        public var before: String?
        public var after: String?

        public init(column: String, before: String?, after: String?) {
            self.column = column
            self.before = before
            self.after = after
        }
    }

    /// EXPLAIN of a consumer query before and after, and EXPLAIN ANALYZE's execution time.
    public struct QueryPlanCheck: Codable, Sendable, Equatable {
        public var consumer: String
        /// Plan node types, outermost first, with the relation for scans (`Index Scan on invoices`).
        public var before: [String]
        public var after: [String]
        /// Total cost before and after, rounded.
        public var costBefore: Int64
        public var costAfter: Int64
        /// `index scan became seq scan on public.invoices`, `cost ×3.2`, `time ×4.1`, …
        public var flags: [String]
        /// EXPLAIN ANALYZE's execution time in microseconds, the best of a few runs; nil when
        /// not measured (a query that failed under ANALYZE).
        public var microsecondsBefore: Int64?
        public var microsecondsAfter: Int64?

        public init(consumer: String, before: [String], after: [String], costBefore: Int64, costAfter: Int64, flags: [String],
                    microsecondsBefore: Int64? = nil, microsecondsAfter: Int64? = nil) {
            self.consumer = consumer
            self.before = before
            self.after = after
            self.costBefore = costBefore
            self.costAfter = costAfter
            self.flags = flags
            self.microsecondsBefore = microsecondsBefore
            self.microsecondsAfter = microsecondsAfter
        }
    }

    public struct RollbackCheck: Codable, Sendable, Equatable {
        public var expected: ContentHash
        public var observed: ContentHash
        public var restored: Bool
        public init(expected: ContentHash, observed: ContentHash) {
            self.expected = expected
            self.observed = observed
            self.restored = expected == observed
        }
    }

    public struct Finding: Codable, Sendable, Equatable {
        public enum Severity: String, Codable, Sendable { case warning, error }
        /// `lock`, `rewrite`, `dual-write`, `output`, `query-plan`, `rollback`, `step`, `baseline`, `dbt-test`.
        public var check: String
        public var severity: Severity
        /// The step id, consumer id or table.
        public var subject: String
        public var message: String
        public init(check: String, severity: Severity, subject: String, message: String) {
            self.check = check
            self.severity = severity
            self.subject = subject
            self.message = message
        }
    }
}
