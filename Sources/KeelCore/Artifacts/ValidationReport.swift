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
    /// Every problem, in the order found; `passed` is false when one is an error.
    public var findings: [Finding]

    public init(plan: ContentHash, catalog: ContentHash, sandbox: Sandbox, steps: [StepTrace], dualWrite: [DualWriteCheck],
                outputs: [OutputDiff], queryPlans: [QueryPlanCheck], rollback: RollbackCheck?, findings: [Finding]) {
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

    /// A consumer's output after the change, against its baseline (dbt-audit-helper's statuses).
    public struct OutputDiff: Codable, Sendable, Equatable {
        public var consumer: String
        public var baselineRows: Int64
        public var replayRows: Int64
        /// Rows in both, equal after normalizing numeric types.
        public var identical: Int64
        /// Rows only in the baseline.
        public var removed: Int64
        /// Rows only in the replay.
        public var added: Int64
        /// Columns of the baseline output missing after (or new).
        public var columnChanges: [String]
        public var ok: Bool
        public var error: String?
        public init(consumer: String, baselineRows: Int64, replayRows: Int64, identical: Int64, removed: Int64, added: Int64,
                    columnChanges: [String], ok: Bool, error: String? = nil) {
            self.consumer = consumer
            self.baselineRows = baselineRows
            self.replayRows = replayRows
            self.identical = identical
            self.removed = removed
            self.added = added
            self.columnChanges = columnChanges
            self.ok = ok
            self.error = error
        }
    }

    /// EXPLAIN of a consumer query before and after.
    public struct QueryPlanCheck: Codable, Sendable, Equatable {
        public var consumer: String
        /// Plan node types, outermost first, with the relation for scans (`Index Scan on invoices`).
        public var before: [String]
        public var after: [String]
        /// Total cost before and after, rounded.
        public var costBefore: Int64
        public var costAfter: Int64
        /// `index scan became seq scan on public.invoices`, `cost ×3.2`, …
        public var flags: [String]
        public init(consumer: String, before: [String], after: [String], costBefore: Int64, costAfter: Int64, flags: [String]) {
            self.consumer = consumer
            self.before = before
            self.after = after
            self.costBefore = costBefore
            self.costAfter = costAfter
            self.flags = flags
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
        /// `lock`, `rewrite`, `dual-write`, `output`, `query-plan`, `rollback`, `step`.
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
