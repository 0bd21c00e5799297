import Foundation
import KeelCore
import KeelPlan
import KeelTestSupport

/// Inputs for report tests: the billing scenario planned in-process, and a synthetic change that
/// reaches 300 consumers.
enum ReportFixtures {
    static var billingLineagePath: String { PackageRoot.url.appendingPathComponent("Tests/KeelPlanTests/Fixtures/billing/lineage.json").path }

    static func billingCatalog() throws -> Catalog {
        try Catalog.read(from: URL(fileURLWithPath: BillingFiles.directory + "/catalog.json"))
    }

    static func billingLineage() throws -> LineageGraph { try LineageGraph.load(path: billingLineagePath) }

    /// The billing change (change.yaml) planned against the scenario's catalog and lineage, with patches.
    static func billingPlan() throws -> MigrationPlan {
        let lineage = try billingLineage()
        var sources: [ConsumerSource] = []
        for consumer in lineage.consumers {
            guard let file = consumer.location?.split(separator: ":").first.map(String.init),
                  let text = try? String(contentsOfFile: BillingFiles.directory + "/" + file, encoding: .utf8) else { continue }
            sources.append(ConsumerSource(consumer: consumer.id, file: file, text: text))
        }
        let planner = Planner(catalog: try billingCatalog(), lineage: lineage)
        return try planner.plan(try ChangeSpecLoader.load(path: BillingFiles.changeSpec), consumers: sources)
    }

    /// A validation report for `plan`: every step as declared, unless `strongerLockOn` names a step.
    static func validation(for plan: MigrationPlan, strongerLockOn flagged: String? = nil, outputs: [ValidationReport.OutputDiff] = []) -> ValidationReport {
        let steps = plan.steps.map { step in
            ValidationReport.StepTrace(id: step.id, declaredLock: step.lock, observedLock: step.id == flagged ? .accessExclusive : step.lock,
                                       declaredRewrite: step.rewrite, rewritten: false, milliseconds: 12, ok: true)
        }
        let findings = flagged.map { [ValidationReport.Finding(check: "lock", severity: .error, subject: $0, message: "took ACCESS EXCLUSIVE, declared less")] } ?? []
        return ValidationReport(plan: plan.hash, catalog: plan.inputs.catalog, sandbox: .init(serverVersion: "15.18", tables: []), steps: steps,
                                dualWrite: [], outputs: outputs, queryPlans: [
                                    .init(consumer: "dashboard:Top customers", before: ["Limit", "Index Scan on dim_customers"],
                                          after: ["Limit", "Sort", "Seq Scan on dim_customers"], costBefore: 10, costAfter: 97,
                                          flags: ["index scan became seq scan on analytics.dim_customers"]),
                                ], rollback: nil, findings: findings)
    }

    /// 300 consumers downstream of `public.invoices.amount`: 100 dbt models (every fourth only filters
    /// on it), a DAG task and (for 60 of them) a dashboard reading each model, 25 APIs and 15 views
    /// reading the column itself.
    static func syntheticLineage() -> LineageGraph {
        var relations: [LineageGraph.Relation] = []
        for i in 0..<100 { relations.append(.init(name: "analytics.m_\(pad(i))", kind: .model, columns: ["amount", "id"], builtBy: "dbt:model.syn.m_\(pad(i))")) }
        relations.append(.init(name: "public.invoices", kind: .table, columns: ["id", "amount", "status"]))
        let invoices = 100
        let invoicesId = 200, invoicesAmount = 201
        func modelAmount(_ i: Int) -> Int { 2 * i }
        func modelId(_ i: Int) -> Int { 2 * i + 1 }
        var consumers: [LineageGraph.Consumer] = []
        for i in 0..<100 {
            let statement: LineageGraph.Statement
            if i % 4 == 0 {
                statement = .init(target: i, written: [modelId(i)], columns: [.init(target: modelId(i), source: invoicesId, transformation: .identity)],
                                  indirect: [.init(source: invoicesAmount, transformation: .filter)])
            } else {
                statement = .init(target: i, written: [modelAmount(i), modelId(i)], columns: [
                    .init(target: modelAmount(i), source: invoicesAmount, transformation: .transformation),
                    .init(target: modelId(i), source: invoicesId, transformation: .identity),
                ])
            }
            consumers.append(.init(id: "dbt:model.syn.m_\(pad(i))", kind: .dbtModel, name: "m_\(pad(i))", location: "models/m_\(pad(i)).sql",
                                   owner: "team-\(i % 7)@example.com", builds: i, inputs: [invoices], outputs: [i], statements: [statement]))
            consumers.append(.init(id: "airflow:syn.t_\(pad(i))", kind: .airflowTask, name: "t_\(pad(i))", inputs: [i],
                                   reads: [.init(source: i % 4 == 0 ? modelId(i) : modelAmount(i), transformation: .aggregation)]))
            if i < 60 {
                consumers.append(.init(id: "dashboard:Board \(pad(i))", kind: .dashboard, name: "Board \(pad(i))", inputs: [i],
                                       reads: [.init(source: i % 4 == 0 ? modelId(i) : modelAmount(i), transformation: .identity)]))
            }
        }
        for i in 0..<25 {
            consumers.append(.init(id: "api:GET /v\(i)/invoices", kind: .api, name: "GET /v\(i)/invoices", inputs: [invoices],
                                   reads: [.init(source: invoicesAmount, transformation: .identity)]))
        }
        for i in 0..<15 {
            consumers.append(.init(id: "view:public.v_\(pad(i))", kind: .view, name: "public.v_\(pad(i))", inputs: [invoices],
                                   reads: [.init(source: invoicesAmount, transformation: i % 2 == 0 ? .identity : .sort)]))
        }
        consumers.sort { $0.id < $1.id }
        return LineageGraph(relations: relations, consumers: consumers, diagnostics: [])
    }

    static func pad(_ i: Int) -> String { i < 10 ? "00\(i)" : i < 100 ? "0\(i)" : "\(i)" }

    /// A one-step plan that alters `public.invoices.amount`.
    static func syntheticPlan() throws -> MigrationPlan {
        let table = try QualifiedName(schema: "public", name: "invoices")
        let spec = ChangeSpec(change: "widen-amount", description: "Move invoices.amount to numeric(12,2)", operations: [
            .alterColumn(.init(table: "invoices", column: "amount", type: "numeric(12,2)")),
        ])
        let step = MigrationPlan.Step(id: "expand.1", operation: 0, summary: "add amount_new", table: table, statements: ["SELECT 1"],
                                      transactional: true, lock: .accessExclusive, rewrite: .none,
                                      estimate: .init(rows: 1000, bytes: 65536, milliseconds: 50), rollback: ["SELECT 2"])
        let phases = MigrationPlan.PhaseKind.allCases.map { MigrationPlan.Phase(kind: $0, steps: $0 == .expand ? [step] : []) }
        return try MigrationPlan(change: spec.change, spec: spec, inputs: .init(spec: ContentHash(of: Data("spec".utf8)), catalog: ContentHash(of: Data("catalog".utf8)), lineage: nil),
                                 phases: phases, consumerPatches: [], notes: [])
    }
}

