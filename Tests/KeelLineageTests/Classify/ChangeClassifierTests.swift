import Foundation
import KeelLineage
import KeelSQL
import Testing

@Suite("change classification")
struct ChangeClassifierTests {
    static let base = """
        with invoices as (
            select id, customer_id, amount, status from public.invoices
        )
        select invoices.id, invoices.customer_id, invoices.amount, invoices.status
        from invoices
        where invoices.status <> 'void'
        """

    static let classifier = ChangeClassifier(schema: SchemaMap([
        "public.invoices": ["id", "customer_id", "amount", "status", "issued_at"],
        "public.payments": ["id", "invoice_id", "amount"],
    ]))

    struct Case: CustomTestStringConvertible, Sendable {
        let label: String
        let new: String
        let category: ChangeClassification.Category
        let columns: [String: ChangeClassification.ColumnChange]
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "unchanged, reformatted", new: base.uppercased().replacingOccurrences(of: "'VOID'", with: "'void'"),
             category: .nonBreaking, columns: [:]),
        Case(label: "a column added", new: base.replacingOccurrences(of: "invoices.status\nfrom", with: "invoices.status, 1 as version\nfrom"),
             category: .nonBreaking, columns: ["version": .added]),
        Case(label: "a column's expression changed", new: base.replacingOccurrences(of: "invoices.amount,", with: "invoices.amount * 100 as amount,"),
             category: .partialBreaking, columns: ["amount": .modified]),
        Case(label: "a column removed", new: base.replacingOccurrences(of: "invoices.customer_id, ", with: ""),
             category: .partialBreaking, columns: ["customer_id": .removed]),
        Case(label: "a CTE column changed", new: base.replacingOccurrences(of: "customer_id, amount,", with: "customer_id, amount::numeric(12,2) as amount,"),
             category: .partialBreaking, columns: ["amount": .modified]),
        Case(label: "the filter changed", new: base.replacingOccurrences(of: "<> 'void'", with: "<> 'draft'"),
             category: .breaking, columns: [:]),
        Case(label: "a join added", new: base.replacingOccurrences(of: "from invoices\n", with: "from invoices join public.payments on payments.invoice_id = invoices.id\n"),
             category: .breaking, columns: [:]),
        Case(label: "a grouping added", new: """
            with invoices as (select id, customer_id, amount, status from public.invoices)
            select invoices.customer_id, sum(invoices.amount) as amount from invoices where invoices.status <> 'void' group by invoices.customer_id
            """, category: .breaking, columns: ["id": .removed, "status": .removed, "amount": .modified]),
        // Every column now comes from another table: its lineage changed, so it is modified too.
        Case(label: "the source changed", new: base.replacingOccurrences(of: "from public.invoices", with: "from public.invoices_archive"),
             category: .breaking, columns: ["id": .modified, "customer_id": .modified, "amount": .modified, "status": .modified]),
        Case(label: "a CTE's filter changed", new: base.replacingOccurrences(of: "from public.invoices\n", with: "from public.invoices where amount > 0\n"),
             category: .breaking, columns: [:]),
        Case(label: "not SQL", new: "select from where", category: .unknown, columns: [:]),
        Case(label: "two statements", new: "select 1; select 2", category: .unknown, columns: [:]),
    ]

    @Test("categories and changed columns", arguments: cases)
    func classify(_ change: Case) {
        let result = Self.classifier.classify(old: Self.base, new: change.new)
        #expect(result.category == change.category, "\(result.reasons)")
        #expect(result.columns == change.columns, "\(result.reasons)")
    }

    @Test("raw dbt models: refs, sources, config and incremental blocks are reduced first")
    func dbtJinja() {
        let old = """
            {{ config(materialized='incremental') }}
            select id, amount from {{ ref('stg_invoices') }}
            {% if is_incremental() %} where id > (select max(id) from {{ this }}) {% endif %}
            """
        let new = old.replacingOccurrences(of: "select id, amount", with: "select id, amount, {{ var('x') }} as x")
        let classifier = ChangeClassifier(refs: ["stg_invoices": "analytics.stg_invoices"])
        let result = classifier.classify(old: old, new: new)
        #expect(result.category == .nonBreaking, "\(result.reasons)")
        #expect(result.columns == ["x": .added])
    }

    @Test("with a lineage graph: what a partial break affects downstream")
    func affected() throws {
        let analyzer = ImpactAnalyzer(index: LineageIndex(try BillingScenario.graph()))
        let old = "select id as invoice_id, customer_id, amount, status from public.invoices"
        let partial = ChangeClassifier().classify(old: old, new: old.replacingOccurrences(of: "amount,", with: "amount * 2 as amount,"))
        let result = ChangeClassifier.withAffected(partial, relation: "analytics.stg_invoices", analyzer: analyzer)
        #expect(result.category == .partialBreaking)
        #expect(result.affected?.columns.contains("analytics.fct_invoice_revenue.invoiced_amount") == true)
        #expect(result.affected?.consumers.contains("dashboard:Top customers") == true)
        #expect(result.affected?.columns.contains("analytics.fct_invoice_revenue.customer_id") == false)
        #expect(result.affected?.consumers.contains("dbt:model.billing_dbt.mart_monthly_revenue") == true)
        // Only added columns: nothing downstream reads them yet.
        let added = ChangeClassifier.withAffected(ChangeClassifier().classify(old: old, new: old.replacingOccurrences(of: " from", with: ", 1 as x from")), relation: "analytics.stg_invoices",
                                                  analyzer: analyzer)
        #expect(added.affected == ChangeClassification.Affected(columns: [], consumers: []))
    }
}
