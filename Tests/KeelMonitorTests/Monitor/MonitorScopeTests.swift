import Foundation
import KeelCore
@testable import KeelMonitor
import Testing

/// What a plan touched, and which statements concern it (pure).
@Suite struct MonitorScopeTests {
    static func plan(_ operations: [ChangeSpec.Operation], statements: [SQL], replacements: [MigrationPlan.ColumnReplacement] = []) throws -> MigrationPlan {
        let table = try QualifiedName(schema: "public", name: "invoices")
        let steps = statements.enumerated().map { index, statement in
            MigrationPlan.Step(id: "expand.\(index + 1)", operation: 0, summary: "step", table: table, statements: [statement], transactional: true,
                               lock: .accessExclusive, rewrite: .none, estimate: .init(rows: nil, bytes: nil, milliseconds: 1), rollback: nil)
        }
        let spec = ChangeSpec(change: "billing", operations: operations)
        let hash = ContentHash(of: Data("x".utf8))
        return try MigrationPlan(change: "billing", spec: spec, inputs: .init(spec: hash, catalog: hash, lineage: nil),
                                 phases: [.init(kind: .expand, steps: steps)], consumerPatches: [], notes: [], replacements: replacements)
    }

    @Test("the billing shape: amount → amount_decimal and the added discount_amount, on public.invoices")
    func billingScope() throws {
        let invoices = try QualifiedName(schema: "public", name: "invoices")
        let plan = try Self.plan(
            [.addColumn(.init(table: "invoices", column: .init(name: "discount_amount", type: "numeric(12,2)"))),
             .alterColumn(.init(table: "invoices", column: "amount", type: "numeric(12,2)"))],
            statements: ["ALTER TABLE \(invoices) ADD COLUMN \(try Identifier("amount_decimal")) numeric(12,2)",
                         "DROP INDEX \(try QualifiedName(schema: "public", name: "invoices_old_idx"))"],
            replacements: [.init(table: invoices, old: try Identifier("amount"), new: try Identifier("amount_decimal"), synced: true)])
        let scope = MonitorScope(plan: plan)
        #expect(scope.tables == [invoices])
        #expect(scope.columns.map(\.label) == ["amount → amount_decimal", "discount_amount"])
        #expect(scope.droppedColumns[invoices] == ["amount"])
        #expect(scope.planNames("invoices_old_idx") && !scope.planNames("invoices_status_idx"))
    }

    @Test("statements match on identifier tokens, with the right schema, and only data statements")
    func statementMatch() throws {
        let invoices = try QualifiedName(schema: "public", name: "invoices")
        let tables = [invoices]
        #expect(StatementMatch.tables(in: "SELECT amount FROM invoices WHERE id = $1", among: tables) == tables)
        #expect(StatementMatch.tables(in: "select * from public.\"invoices\" i", among: tables) == tables)
        #expect(StatementMatch.tables(in: "WITH x AS (SELECT 1) UPDATE Invoices SET amount = $1", among: tables) == tables)
        #expect(StatementMatch.tables(in: "SELECT * FROM invoices_archive", among: tables).isEmpty)
        #expect(StatementMatch.tables(in: "SELECT 'invoices' FROM customers", among: tables).isEmpty)
        #expect(StatementMatch.tables(in: "SELECT * FROM billing.invoices", among: tables).isEmpty)
        #expect(StatementMatch.tables(in: "ALTER TABLE invoices ADD COLUMN x int", among: tables).isEmpty)
        #expect(StatementMatch.tables(in: "SELECT count(*) AS keel_monitor_rows FROM invoices", among: tables).isEmpty)
        #expect(StatementMatch.tables(in: #"SELECT count(*) FROM "public"."invoices" AS keel_row WHERE keel_row."x" IS NULL"#, among: tables).isEmpty)
    }
}
