import Foundation
import KeelCore

/// How a contract step keeps what it drops: a `DROP COLUMN` of a replaced or gated column becomes a
/// rename to `keel_retired_<column>` (nullable, no default) recorded in `keel.retired_columns`, and
/// any other statement of the step must be the exact rollback of an earlier step (the dual-write
/// trigger's drop), which rollback restores by running that earlier step again.
enum Retention {
    enum Part: Equatable {
        /// A `SET` (kept; `lock_timeout` is replaced by the rollout's own).
        case setting(SQL)
        /// `ALTER TABLE table DROP COLUMN column`, kept renamed instead.
        case retire(table: QualifiedName, column: Identifier)
        /// Anything else, run as written.
        case other(SQL)
    }

    static func isSetting(_ statement: SQL) -> Bool {
        statement.text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased().hasPrefix("set ")
    }

    static func isLockTimeoutSetting(_ statement: SQL) -> Bool {
        let text = statement.text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return text.hasPrefix("set local lock_timeout") || text.hasPrefix("set lock_timeout")
    }

    /// Whether `step` belongs to the plan's contract phase.
    static func isContract(_ step: MigrationPlan.Step, in plan: MigrationPlan) -> Bool {
        plan.phase(.contract)?.steps.contains { $0.id == step.id } ?? false
    }

    /// The columns the step may drop: replaced columns of its table and its gate's columns.
    static func droppable(_ step: MigrationPlan.Step, in plan: MigrationPlan) -> [(QualifiedName, Identifier)] {
        guard let table = step.table else { return [] }
        var result: [(QualifiedName, Identifier)] = []
        for replacement in plan.replacements ?? [] where replacement.table == table { result.append((table, replacement.old)) }
        for target in step.gate?.noConsumersOf ?? [] {
            let parts = RolloutGates.split(target)
            guard parts.count == 3, parts[0] == table.schema.name, parts[1] == table.name.name, let column = try? Identifier(parts[2]) else { continue }
            if !result.contains(where: { $0.1 == column }) { result.append((table, column)) }
        }
        return result
    }

    static func parts(_ step: MigrationPlan.Step, in plan: MigrationPlan) -> [Part] {
        let candidates = droppable(step, in: plan)
        return step.statements.map { statement in
            if isSetting(statement) { return .setting(statement) }
            for (table, column) in candidates {
                let drop: SQL = "ALTER TABLE \(table) DROP COLUMN \(column)"
                if statement.text == drop.text { return .retire(table: table, column: column) }
            }
            return .other(statement)
        }
    }

    static func nonSettings(_ statements: [SQL]) -> [SQL] { statements.filter { !isSetting($0) } }

    /// The earlier step whose rollback is exactly what `step` runs (besides settings and retired columns).
    static func recreator(of step: MigrationPlan.Step, in plan: MigrationPlan) -> MigrationPlan.Step? {
        let others: [SQL] = parts(step, in: plan).compactMap { if case .other(let sql) = $0 { return sql } else { return nil } }
        guard !others.isEmpty else { return nil }
        for earlier in plan.steps {
            if earlier.id == step.id { break }
            if let rollback = earlier.rollback, nonSettings(rollback) == others { return earlier }
        }
        return nil
    }

    /// Whether rollback can bring back what the contract step removes when retention is on.
    static func restorable(_ step: MigrationPlan.Step, in plan: MigrationPlan) -> Bool {
        guard isContract(step, in: plan) else { return false }
        let all = parts(step, in: plan)
        let hasOthers = all.contains { if case .other = $0 { return true } else { return false } }
        return !hasOthers || recreator(of: step, in: plan) != nil
    }

    /// The CHECK that proves a restored column NOT NULL before SET NOT NULL.
    static func notNullCheckName(_ column: Identifier) -> Identifier {
        (try? Identifier("keel_restore_" + column.name + "_not_null")) ?? (try? Identifier("keel_restore_not_null")) ?? column
    }

    /// The name a retired column gets: `keel_retired_<column>`, or a short fallback when that
    /// would pass PostgreSQL's 63-byte limit.
    static func retiredName(_ column: Identifier, step: String) -> Identifier {
        if let name = try? Identifier("keel_retired_" + column.name) { return name }
        var fnv: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in column.name.utf8 { fnv = (fnv ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let digits = String(fnv % 1_000_000_000)
        return (try? Identifier("keel_retired_" + step.filter { $0.isLetter || $0.isNumber } + "_" + digits)) ?? column
    }
}
