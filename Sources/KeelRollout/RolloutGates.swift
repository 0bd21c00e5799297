public import KeelCore

/// The rollout's gates as pure checks. Each returns `nil` when the gate holds, else the reason.
public enum RolloutGates {
    /// Production's first gate: a passing validation report for exactly this plan (same hash) made
    /// from the same source catalog (same fingerprint).
    /// - Parameters:
    ///   - report: The report given with `--validation`, if any.
    ///   - plan: The plan about to run.
    /// - Returns: `nil` when the report fits and passed, else why not.
    public static func validation(_ report: ValidationReport?, for plan: MigrationPlan) -> String? {
        guard let report else { return "no validation report was given (--validation validation.json)" }
        if report.plan != plan.hash { return "the report is for plan \(report.plan.short), not \(plan.hash.short)" }
        if report.catalog != plan.inputs.catalog {
            return "the report was made against catalog \(report.catalog.short), the plan against \(plan.inputs.catalog.short)"
        }
        if !report.passed { return "the validation report did not pass (\(report.findings.count) findings)" }
        return nil
    }

    /// Production's second gate: staging has completed every phase about to run.
    /// - Parameters:
    ///   - phases: The phases the production command would run.
    ///   - staging: Staging's rollout of the same plan, rebuilt as a state machine; `nil` when none.
    /// - Returns: The first phase staging has not completed, if any.
    public static func staging(_ phases: [MigrationPlan.PhaseKind], staging: RolloutStateMachine?) -> MigrationPlan.PhaseKind? {
        phases.first { phase in !(staging?.completed(through: phase) ?? false) }
    }

    /// The contract gate: the lineage graph (rebuilt after consumers moved) shows no consumer that
    /// still reads what the step drops. Keel's own versioned views (`view:<schema>_v<N>.…`) do not
    /// count: the contract retires the old version's before the drop, and the new version's never
    /// read a dropped column and follow a renamed table.
    /// - Parameters:
    ///   - gate: The step's gate (`noConsumersOf`: `schema.table.column` or `schema.table`).
    ///   - lineage: The rebuilt graph, if one was given.
    /// - Returns: `nil` when nothing reads the dropped structure, else which consumers still do.
    public static func contract(_ gate: MigrationPlan.Gate, lineage: LineageGraph?) -> String? {
        guard let lineage else {
            return "the contract needs lineage rebuilt after the consumers moved (--lineage lineage.json); at plan time "
                + (gate.consumersAtPlanTime.isEmpty ? "nothing" : gate.consumersAtPlanTime.joined(separator: ", ")) + " read "
                + gate.noConsumersOf.joined(separator: ", ")
        }
        var problems: [String] = []
        for target in gate.noConsumersOf {
            let parts = split(target)
            var readers: [LineageGraph.Consumer] = []
            if parts.count == 3, let table = try? QualifiedName(schema: parts[0], name: parts[1]) {
                readers = lineage.directReaders(of: table, column: parts[2])
            } else if parts.count == 2, let table = try? QualifiedName(schema: parts[0], name: parts[1]) {
                readers = lineage.readers(of: table)
            }
            if let schema = parts.first { readers.removeAll { isVersionedView($0, of: schema) } }
            if !readers.isEmpty { problems.append("\(target) is still read by \(readers.map(\.id).sorted().joined(separator: ", "))") }
        }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }

    /// Whether `consumer` is a view in one of Keel's version schemas of `schema` (`public_v2`).
    static func isVersionedView(_ consumer: LineageGraph.Consumer, of schema: String) -> Bool {
        guard consumer.kind == .view, consumer.id.hasPrefix("view:") else { return false }
        let parts = split(String(consumer.id.dropFirst("view:".count)))
        guard parts.count == 2, parts[0].hasPrefix(schema + "_v") else { return false }
        let digits = parts[0].dropFirst(schema.count + 2)
        return !digits.isEmpty && digits.allSatisfy { $0 >= "0" && $0 <= "9" }
    }

    /// Splits `schema.table.column` as ``QualifiedName/display`` writes it (quoted parts may hold dots).
    static func split(_ dotted: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quoted = false
        var iterator = Array(dotted)
        var index = 0
        while index < iterator.count {
            let character = iterator[index]
            if character == "\"" {
                if quoted, index + 1 < iterator.count, iterator[index + 1] == "\"" { current.append("\""); index += 1 } else { quoted.toggle() }
            } else if character == ".", !quoted {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
            index += 1
        }
        parts.append(current)
        iterator.removeAll()
        return parts
    }
}
