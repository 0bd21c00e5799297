import KeelCore
import KeelLineage

/// The top of the report: what changes, the verdict, and the rollout gates passed and pending per
/// environment.
struct SummarySection {
    let plan: MigrationPlan
    let validation: ValidationReport?
    let graph: ImpactGraph?
    let catalog: Catalog?

    enum Verdict {
        case ready, blocked(String), notValidated

        var title: String {
            switch self {
            case .ready: "Validated: ready for staging"
            case .blocked: "Blocked: validation failed"
            case .notValidated: "Not validated yet"
            }
        }

        var cssClass: String {
            switch self {
            case .ready: "ok"
            case .blocked: "bad"
            case .notValidated: "warn"
            }
        }
    }

    var verdict: Verdict {
        guard let validation else { return .notValidated }
        if validation.passed && validation.catalog == plan.inputs.catalog { return .ready }
        let errors = validation.findings.filter { $0.severity == .error }.count
        if validation.catalog != plan.inputs.catalog { return .blocked("the validation ran against another catalog") }
        return .blocked("\(errors) error finding\(errors == 1 ? "" : "s")")
    }

    /// One rollout gate in one environment.
    struct Gate {
        enum Status: String { case passed, failed, pending }
        var environment: String
        var gate: String
        var status: Status
        var detail: String
    }

    /// The gates `keel rollout` checks, as far as the plan and the validation report can tell.
    var gates: [Gate] {
        var gates: [Gate] = []
        let contract = plan.steps.compactMap(\.gate)
        for environment in ["staging", "production"] {
            if environment == "production" {
                let validationGate: Gate
                if let validation {
                    if validation.catalog != plan.inputs.catalog {
                        validationGate = Gate(environment: environment, gate: "passing validation of this plan", status: .failed,
                                              detail: "validated against catalog \(validation.catalog.short), planned against \(plan.inputs.catalog.short)")
                    } else if validation.passed {
                        validationGate = Gate(environment: environment, gate: "passing validation of this plan", status: .passed,
                                              detail: "plan \(plan.hash.short), catalog \(plan.inputs.catalog.short)")
                    } else {
                        validationGate = Gate(environment: environment, gate: "passing validation of this plan", status: .failed,
                                              detail: "\(validation.findings.count) finding\(validation.findings.count == 1 ? "" : "s")")
                    }
                } else {
                    validationGate = Gate(environment: environment, gate: "passing validation of this plan", status: .pending,
                                          detail: "run keel validate; rollout start --env production needs --validation")
                }
                gates.append(validationGate)
                gates.append(Gate(environment: environment, gate: "staging completed each phase first", status: .pending,
                                  detail: "checked by keel rollout against staging's journal (keel rollout status --env staging)"))
            }
            for gate in contract {
                gates.append(Gate(environment: environment, gate: "contract: no consumer reads " + gate.noConsumersOf.joined(separator: ", "), status: .pending,
                                  detail: "needs lineage rebuilt after the consumers moved; at plan time "
                                    + (gate.consumersAtPlanTime.isEmpty ? "none did" : gate.consumersAtPlanTime.joined(separator: ", ") + " did")))
            }
        }
        return gates
    }

    func write(into html: inout HTMLWriter) {
        html.raw(#"<section id="summary" aria-labelledby="summary-title"><h2 id="summary-title">Summary</h2>"#)
        let current = self.verdict
        html.open("div", ["class": "verdict-box " + current.cssClass, "role": "status"])
        html.element("strong", text: current.title)
        if case .blocked(let why) = current { html.text(": " + why) }
        if case .notValidated = current { html.text(": pass --validation validation.json from keel validate") }
        html.close("div")
        html.raw(#"<div class="summary-grid"><div><h3>What changes</h3><ol class="operations">"#)
        for (index, operation) in plan.spec.operations.enumerated() {
            let table = plan.steps.first { $0.operation == index && $0.table != nil }?.table
            html.open("li")
            html.element("code", text: operation.name)
            html.text(" " + OperationText.describe(operation, table: table))
            html.close("li")
        }
        html.raw("</ol></div><div><h3>At a glance</h3><dl class=\"glance\">")
        if let graph {
            let direct = graph.nodes.filter { $0.consumer.dependency == "DIRECT" }.count
            html.element("dt", text: "consumers affected")
            html.element("dd", text: "\(graph.nodes.count) (\(direct) DIRECT, \(graph.nodes.count - direct) INDIRECT)")
        }
        html.element("dt", text: "steps")
        let total = plan.steps.reduce(Int64(0)) { $0 + $1.estimate.milliseconds }
        html.element("dd", text: "\(plan.steps.count), about \(PlanTimeline.duration(total))")
        let blocking = plan.steps.filter { $0.lock.blocksWrites }.count
        html.element("dt", text: "steps that block writes")
        html.element("dd", text: "\(blocking) (each bounded by lock_timeout)")
        html.element("dt", text: "consumer patches")
        html.element("dd", text: "\(plan.consumerPatches.count)")
        let irreversible = plan.steps.filter { $0.rollback == nil }.count
        html.element("dt", text: "irreversible steps")
        html.element("dd", text: irreversible == 0 ? "none" : "\(irreversible) (the contract)")
        let warnings = plan.notes.filter { $0.severity == .warning }.count
        if warnings > 0 {
            html.element("dt", text: "planner warnings")
            html.open("dd"); html.element("a", ["href": "#plan"], text: "\(warnings), see the plan's notes"); html.close("dd")
        }
        html.raw("</dl></div></div>")
        html.raw(#"<h3>Gates</h3><div class="table-scroll"><table><caption>What keel rollout checks before each environment, as far as these artifacts tell</caption>"#)
        html.raw(#"<thead><tr><th scope="col">Environment</th><th scope="col">Gate</th><th scope="col">Status</th><th scope="col">Detail</th></tr></thead><tbody>"#)
        for gate in gates {
            html.raw("<tr>")
            html.element("th", ["scope": "row"], text: gate.environment)
            html.element("td", text: gate.gate)
            html.element("td", ["class": "status " + gate.status.rawValue], text: gate.status == .passed ? "✓ passed" : gate.status == .failed ? "✗ failed" : "… pending")
            html.element("td", text: gate.detail)
            html.raw("</tr>")
        }
        html.raw("</tbody></table></div></section>")
    }
}

/// A spec operation in words, with its table resolved by the plan when it is known.
enum OperationText {
    static func describe(_ operation: ChangeSpec.Operation, table resolved: QualifiedName?) -> String {
        func on(_ table: String) -> String { resolved?.display ?? table }
        switch operation {
        case .createTable(let op): return "\(on(op.table)) with \(op.columns.map { "\($0.name) \($0.type)" }.joined(separator: ", "))"
        case .dropTable(let op): return on(op.table)
        case .renameTable(let op): return "\(on(op.table)) to \(op.to)"
        case .addColumn(let op):
            var text = "\(on(op.table)).\(op.column.name) \(op.column.type)"
            if !op.column.allowsNull { text += " NOT NULL" }
            if let value = op.column.default { text += " DEFAULT \(value)" }
            return text
        case .dropColumn(let op): return "\(on(op.table)).\(op.column)"
        case .renameColumn(let op): return "\(on(op.table)).\(op.column) to \(op.to)"
        case .alterColumn(let op):
            var changes: [String] = []
            if let type = op.type { changes.append("type \(type)") }
            if let up = op.up { changes.append("up \(up)") }
            if let down = op.down { changes.append("down \(down)") }
            if let nullable = op.nullable { changes.append(nullable ? "nullable" : "NOT NULL") }
            if let value = op.default { changes.append("default \(value)") }
            if op.dropDefault == true { changes.append("drop default") }
            if op.comment != nil { changes.append("comment") }
            return "\(on(op.table)).\(op.column): " + changes.joined(separator: "; ")
        case .addConstraint(let op): return "\(op.name) on \(on(op.table))"
        case .dropConstraint(let op): return "\(op.name) on \(on(op.table))"
        case .createIndex(let op): return "\(op.name) on \(on(op.table)) (\(op.columns.joined(separator: ", ")))"
        case .dropIndex(let op): return op.name
        case .createEnum(let op): return "\(op.name) (\(op.values.joined(separator: ", ")))"
        case .addEnumValue(let op): return "\(op.value) to \(op.enum)"
        case .sql(let op): return "hand-written: " + (op.up.count > 120 ? String(op.up.prefix(119)) + "…" : op.up)
        }
    }
}
