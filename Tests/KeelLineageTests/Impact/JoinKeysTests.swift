import Foundation
import KeelCore
import KeelLineage
import Testing

/// Impact's join dependencies: the declared and inferred foreign keys on a key column, from the
/// catalog, beside the consumers the lineage graph reaches.
@Suite struct JoinKeysTests {
    /// The billing catalog, plus an inferred key (as `keel discover --infer` would keep it).
    static func catalog() throws -> Catalog {
        var catalog = try BillingScenario.catalog()
        func reference(_ table: String, _ column: String) throws -> Catalog.ColumnReference {
            Catalog.ColumnReference(schema: try Identifier("public"), table: try Identifier(table), column: try Identifier(column))
        }
        catalog.inferredKeys = [Catalog.InferredKey(from: try reference("payments", "invoice_id"), to: try reference("invoices", "id"),
                                                    confidencePercent: 87, evidence: ["name invoice_id names invoices"])]
        return catalog
    }

    static func analyzer(keys: Bool = true) throws -> ImpactAnalyzer {
        ImpactAnalyzer(index: LineageIndex(try BillingScenario.graph()), keys: keys ? JoinKeys(try catalog()) : nil)
    }

    @Test("customers.id: the columns that reference it, declared, with the constraint and what a type change breaks")
    func referencedKey() throws {
        let report = try Self.analyzer().impact(of: "public.customers.id")
        let keys = try #require(report.joinKeys)
        #expect(keys.map(\.column) == ["public.invoices.customer_id", "public.subscriptions.customer_id"])
        #expect(keys.allSatisfy { $0.role == .referencedBy && $0.source == .declared && $0.confidencePercent == nil })
        #expect(keys.first?.constraint == "invoices_customer_id_fkey")
        #expect(keys.first?.columnType == "bigint" && keys.first?.targetType == "bigint")
        #expect(keys.first?.breaks.contains { $0.contains("invoices_customer_id_fkey") } == true)
        #expect(keys.first?.breaks.contains { $0.hasPrefix("joins on public.invoices.customer_id = public.customers.id") } == true)
    }

    @Test("invoices.customer_id: what it references")
    func referencingKey() throws {
        let keys = try #require(try Self.analyzer().impact(of: "public.invoices.customer_id").joinKeys)
        #expect(keys.map(\.column) == ["public.customers.id"])
        #expect(keys.first?.role == .references)
        #expect(keys.first?.targetColumn == "public.invoices.customer_id")
    }

    @Test("invoices.id: the declared key of invoice_items, then the inferred one of payments with its confidence and evidence")
    func declaredThenInferred() throws {
        let keys = try #require(try Self.analyzer().impact(of: "public.invoices.id").joinKeys)
        let inferred = try #require(keys.first { $0.source == .inferred })
        #expect(inferred.column == "public.payments.invoice_id")
        #expect(inferred.confidencePercent == 87)
        #expect(inferred.evidence == ["name invoice_id names invoices"])
        #expect(inferred.constraint == nil)
        #expect(inferred.breaks.contains { $0.contains("FK creation") })
        // The inferred key stands beside the declared one (the catalog declares both here).
        #expect(keys.filter { $0.column == "public.payments.invoice_id" }.map(\.source) == [.declared, .inferred])
        #expect(keys.first?.source == .declared)
    }

    @Test("a relation target lists the keys of all its columns; a column without keys, none; without a catalog, no section")
    func relationAndNone() throws {
        let analyzer = try Self.analyzer()
        let relation = try #require(try analyzer.impact(of: "public.invoices").joinKeys)
        #expect(Set(relation.map(\.targetColumn)) == ["public.invoices.id", "public.invoices.customer_id", "public.invoices.subscription_id"])
        #expect(try analyzer.impact(of: "public.invoices.amount").joinKeys == nil)
        #expect(try Self.analyzer(keys: false).impact(of: "public.customers.id").joinKeys == nil)
    }

    @Test("the consumers are the same with and without keys, and the JSON writer matches the Codable form")
    func consumersUnchanged() throws {
        let with = try Self.analyzer().impact(of: "public.customers.id")
        let without = try Self.analyzer(keys: false).impact(of: "public.customers.id")
        #expect(with.consumers == without.consumers)
        #expect(with.columns == without.columns)
        #expect(try CanonicalJSON.encode(with) == CanonicalJSON.encodeThroughCodable(with))
    }

    @Test("an unknown column still fails clearly, with the relation's columns as a hint")
    func unknownColumn() throws {
        #expect { try Self.analyzer().impact(of: "public.customers.nope") } throws: { ($0 as? ImpactError)?.code == "lineage.unknown-column" }
    }
}
