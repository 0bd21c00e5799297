import Foundation

/// An expand/contract migration: what `keel plan` writes (`plan.json`) and what validation and
/// rollout execute. Its `hash` covers the spec, the catalog fingerprint and every step, so a
/// rollout can prove it runs exactly the plan that was validated.
public struct MigrationPlan: Artifact {
    public static let kind = "plan"
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    public var kind: String
    /// `sha256:` over the plan's canonical JSON with this field empty.
    public var hash: ContentHash
    /// The spec's `change` name.
    public var change: String
    /// The intent, as given.
    public var spec: ChangeSpec
    /// Hashes of what the plan was computed from.
    public var inputs: Inputs
    /// Expand, backfill, dual write, migrate consumers, contract: always all five, in this order.
    public var phases: [Phase]
    /// One unified diff per consumer file that reads a column being replaced.
    public var consumerPatches: [ConsumerPatch]
    /// What the planner wants a person to know: unverifiable SQL, consumers it could not patch.
    public var notes: [Note]
    /// Columns the plan replaces by new ones kept in step by triggers (type changes, renames);
    /// validation writes through both shapes to check them.
    public var replacements: [ColumnReplacement]?

    /// Creates a plan and computes its hash.
    public init(change: String, spec: ChangeSpec, inputs: Inputs, phases: [Phase], consumerPatches: [ConsumerPatch], notes: [Note],
                replacements: [ColumnReplacement]? = nil) throws {
        self.formatVersion = Self.currentFormatVersion
        self.kind = Self.kind
        self.hash = ContentHash(of: .init())
        self.change = change
        self.spec = spec
        self.inputs = inputs
        self.phases = phases
        self.consumerPatches = consumerPatches.sorted { ($0.file, $0.consumer) < ($1.file, $1.consumer) }
        self.notes = notes
        self.replacements = replacements.flatMap { $0.isEmpty ? nil : $0 }
        self.hash = try computeHash()
    }

    /// The hash of this plan with `hash` left empty.
    public func computeHash() throws -> ContentHash {
        var copy = self
        copy.hash = ContentHash(of: .init())
        return try ContentHash(canonical: copy)
    }

    /// Every step, in execution order.
    public var steps: [Step] { phases.flatMap(\.steps) }

    /// The phase of the given kind.
    public func phase(_ kind: PhaseKind) -> Phase? { phases.first { $0.kind == kind } }
}

extension MigrationPlan {
    public struct Inputs: Codable, Sendable, Equatable {
        /// The hash of the spec's canonical JSON.
        public var spec: ContentHash
        /// The catalog's fingerprint: promotion refuses a database whose fingerprint differs.
        public var catalog: ContentHash
        /// The lineage graph's hash, when lineage was given.
        public var lineage: ContentHash?

        public init(spec: ContentHash, catalog: ContentHash, lineage: ContentHash?) {
            self.spec = spec
            self.catalog = catalog
            self.lineage = lineage
        }
    }

    /// The five phases of an expand/contract migration, in order.
    public enum PhaseKind: String, Codable, Sendable, CaseIterable {
        /// New structure next to the old: columns, tables, indexes, and the triggers that keep old
        /// and new in step from the first moment, so no write is ever missed.
        case expand
        /// Existing rows get the new values, in batches.
        case backfill
        /// Old and new are both written; constraints on the new structure are enforced.
        case dualWrite
        /// Consumers move to the new structure (patched dbt models, DAG SQL, queries and views).
        case migrateConsumers
        /// The old structure goes, once lineage shows no consumer left. Not reversible.
        case contract

        /// The heading people read.
        public var title: String {
            switch self {
            case .expand: "Expand"
            case .backfill: "Backfill"
            case .dualWrite: "Dual write"
            case .migrateConsumers: "Migrate consumers"
            case .contract: "Contract"
            }
        }
    }

    public struct Phase: Codable, Sendable, Equatable {
        public var kind: PhaseKind
        public var steps: [Step]

        public init(kind: PhaseKind, steps: [Step]) {
            self.kind = kind
            self.steps = steps
        }
    }

    /// One unit of execution: its statements run together, in one transaction when `transactional`.
    public struct Step: Codable, Sendable, Equatable {
        /// `expand.1`, `backfill.1`, …: stable within the plan.
        public var id: String
        /// The index of the spec operation it serves, if any.
        public var operation: Int?
        /// What it does, in a sentence.
        public var summary: String
        /// The table it locks, if any.
        public var table: QualifiedName?
        /// The statements, including the `SET` of lock_timeout and statement_timeout.
        public var statements: [SQL]
        /// Whether the statements run inside one transaction (CONCURRENTLY cannot).
        public var transactional: Bool
        /// The strongest table lock the step takes.
        public var lock: LockLevel
        /// Whether it rewrites or scans the table.
        public var rewrite: TableRewrite
        /// How long it should take, from the table's size.
        public var estimate: Estimate
        /// Statements that undo the step, run in order; `nil` when it cannot be undone (contract).
        public var rollback: [SQL]?
        /// For a batched backfill: how the rollout runs it.
        public var backfill: Backfill?
        /// A condition rollout must check before running the step.
        public var gate: Gate?
        /// `false` for raw SQL whose locks and effects Keel cannot derive.
        public var verifiable: Bool

        public init(id: String, operation: Int?, summary: String, table: QualifiedName?, statements: [SQL], transactional: Bool,
                    lock: LockLevel, rewrite: TableRewrite, estimate: Estimate, rollback: [SQL]?, backfill: Backfill? = nil,
                    gate: Gate? = nil, verifiable: Bool = true) {
            self.id = id
            self.operation = operation
            self.summary = summary
            self.table = table
            self.statements = statements
            self.transactional = transactional
            self.lock = lock
            self.rewrite = rewrite
            self.estimate = estimate
            self.rollback = rollback
            self.backfill = backfill
            self.gate = gate
            self.verifiable = verifiable
        }
    }

    /// A duration estimate. Integers only, so the plan hashes the same everywhere.
    public struct Estimate: Codable, Sendable, Equatable {
        /// The table's estimated rows at discovery, when known.
        public var rows: Int64?
        /// The table's size in bytes at discovery, when known.
        public var bytes: Int64?
        /// The expected wall time.
        public var milliseconds: Int64

        public init(rows: Int64?, bytes: Int64?, milliseconds: Int64) {
            self.rows = rows
            self.bytes = bytes
            self.milliseconds = milliseconds
        }
    }

    /// A keyset-batched, resumable UPDATE. `batch` takes `$1` (the last key done, as text, or
    /// NULL to start) and `$2` (the batch size) and returns one row: the batch's last key as text
    /// (NULL when nothing was left) and the rows it updated.
    public struct Backfill: Codable, Sendable, Equatable {
        public var table: QualifiedName
        /// The key the batches walk, in order (the primary key).
        public var key: Identifier
        /// The key's type, for binding `$1`.
        public var keyType: String
        public var batchSize: Int
        public var batch: SQL
        /// Counts the rows still to do; zero means done.
        public var remaining: SQL

        public init(table: QualifiedName, key: Identifier, keyType: String, batchSize: Int, batch: SQL, remaining: SQL) {
            self.table = table
            self.key = key
            self.keyType = keyType
            self.batchSize = batchSize
            self.batch = batch
            self.remaining = remaining
        }
    }

    /// Rollout runs a gated step only when the condition holds.
    public struct Gate: Codable, Sendable, Equatable {
        /// Columns no consumer may still read (`public.invoices.amount`).
        public var noConsumersOf: [String]
        /// The consumers that read them when the plan was made, and that the plan patches.
        public var consumersAtPlanTime: [String]

        public init(noConsumersOf: [String], consumersAtPlanTime: [String]) {
            self.noConsumersOf = noConsumersOf
            self.consumersAtPlanTime = consumersAtPlanTime
        }
    }

    /// A unified diff for one consumer's file.
    public struct ConsumerPatch: Codable, Sendable, Equatable {
        /// The consumer's lineage id (`dbt:model.billing_dbt.stg_invoices`).
        public var consumer: String
        /// The file, relative to the project root.
        public var file: String
        /// `--- a/file` / `+++ b/file` unified diff; `git apply` takes it.
        public var diff: String
        /// The columns the patch moves consumers off.
        public var columns: [String]

        public init(consumer: String, file: String, diff: String, columns: [String]) {
            self.consumer = consumer
            self.file = file
            self.diff = diff
            self.columns = columns
        }
    }

    /// `old` is replaced by `new` in `table`; `synced` when a trigger keeps both written.
    public struct ColumnReplacement: Codable, Sendable, Equatable {
        public var table: QualifiedName
        public var old: Identifier
        public var new: Identifier
        public var synced: Bool

        public init(table: QualifiedName, old: Identifier, new: Identifier, synced: Bool) {
            self.table = table
            self.old = old
            self.new = new
            self.synced = synced
        }
    }

    public struct Note: Codable, Sendable, Equatable {
        public enum Severity: String, Codable, Sendable { case info, warning }
        public var severity: Severity
        /// The spec operation it concerns, if any.
        public var operation: Int?
        public var message: String

        public init(severity: Severity, operation: Int?, message: String) {
            self.severity = severity
            self.operation = operation
            self.message = message
        }
    }
}
