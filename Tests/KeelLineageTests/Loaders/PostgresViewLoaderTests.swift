import KeelCore
import KeelLineage
import Testing

@Suite("views from the catalog")
struct PostgresViewLoaderTests {
    @Test("views and materialized views become consumers that build themselves")
    func views() throws {
        func id(_ name: String) throws -> Identifier { try Identifier(name) }
        let catalog = try Catalog(
            source: nil, schemas: [Catalog.Schema(name: try id("public"))], tables: [],
            views: [
                Catalog.View(schema: try id("public"), name: try id("paid_invoices"), materialized: false,
                             definition: " SELECT invoices.id,\n    invoices.amount\n   FROM invoices\n  WHERE invoices.status = 'paid'::text;"),
                Catalog.View(schema: try id("analytics"), name: try id("Monthly Totals"), materialized: true,
                             definition: " SELECT date_trunc('month', issued_at) AS month, sum(amount) AS total FROM public.invoices GROUP BY 1;"),
            ],
            sequences: [], enums: [], domains: [], functions: [], extensions: [])
        let (consumers, diagnostics) = PostgresViewLoader.consumers(catalog)
        #expect(diagnostics.isEmpty)
        #expect(consumers.map(\.id) == [#"view:analytics."Monthly Totals""#, "view:public.paid_invoices"])
        #expect(consumers.map(\.kind) == [.materializedView, .view])
        #expect(consumers.map(\.builds) == ["analytics.Monthly Totals", "public.paid_invoices"])
        #expect(consumers.last?.statements.first?.text.hasPrefix("SELECT invoices.id") == true)
        #expect(consumers.allSatisfy { $0.statements.count == 1 && $0.statements[0].parses })
    }
}
