import Foundation
import KeelCore
@testable import KeelDiscover
import KeelTestSupport
import Testing

/// `keel find`'s ranker on the billing scenario (look-alike users, sales_reps and customers) and
/// on small catalogs that isolate one signal each.
@Suite struct TableFinderTests {
    static let billing = Result { TableFinder(try FindCatalogs.billing()) }

    func names(_ result: FindResult) -> [String] { result.hits.map(\.relation) }

    func rank(_ relation: String, in result: FindResult) -> Int? {
        result.hits.first { $0.relation == relation }?.rank
    }

    @Test("staff logins are public.users, above the sales reps that point at them; customers are not")
    func staffLogins() throws {
        let result = try Self.billing.get().find("which table holds staff logins?")
        #expect(result.hits.first?.relation == "public.users", "\(names(result))")
        let users = try #require(rank("public.users", in: result))
        #expect(rank("public.sales_reps", in: result).map { $0 > users } ?? true)
        #expect(rank("public.customers", in: result).map { $0 > users } ?? true)
        let top = try #require(result.hits.first)
        #expect(top.reasons.contains { $0.signal == .comment && $0.detail.contains("staff") })
        #expect(top.reasons.contains { $0.signal == .name && $0.detail.contains("synonym") })
    }

    @Test("paying customers are public.customers; users, whose comment says NOT customers, rank below")
    func payingCustomers() throws {
        let result = try Self.billing.get().find("customers who receive invoices")
        #expect(result.hits.first?.relation == "public.customers", "\(names(result))")
        let customers = try #require(rank("public.customers", in: result))
        #expect(rank("public.users", in: result).map { $0 > customers + 2 } ?? true, "\(names(result))")
        let alone = try Self.billing.get().find("customers")
        #expect(alone.hits.first?.relation == "public.customers")
        #expect(!names(alone).contains("public.users"), "\(names(alone))")
    }

    @Test("the sales team is public.sales_reps, told apart by its name, columns and comment")
    func salesTeam() throws {
        let result = try Self.billing.get().find("sales team members by region")
        #expect(result.hits.first?.relation == "public.sales_reps", "\(names(result))")
        let hit = try #require(result.hits.first)
        #expect(hit.columns.contains { $0.name == "region" })
        let territory = try Self.billing.get().find("sales rep territories")
        #expect(territory.hits.first?.relation == "public.sales_reps", "\(names(territory))")
    }

    @Test("add discounts to invoices: invoices first, linked tables after; dates asked for count")
    func discounts() throws {
        let result = try Self.billing.get().find("add discounts to invoices")
        #expect(result.hits.first?.relation == "public.invoices", "\(names(result))")
        #expect(result.unmatched == ["discounts"])
        #expect(Set(names(result).prefix(3)).contains("public.invoice_items"))
        #expect(result.hits.allSatisfy { !$0.reasons.isEmpty })
        let dates = try Self.billing.get().find("invoice due dates")
        let invoices = try #require(dates.hits.first)
        #expect(invoices.relation == "public.invoices")
        #expect(invoices.reasons.contains { $0.signal == .type && $0.detail.contains("issued_at") })
        #expect(invoices.columns.first?.name == "due_at")
    }

    @Test("abbreviations, plurals and synonyms reach the same tables")
    func vocabulary() throws {
        let finder = try Self.billing.get()
        #expect(try finder.find("inv amt").hits.first?.relation == "public.invoices")
        let singular = try finder.find("invoice").hits.first?.relation
        #expect(try finder.find("invoices").hits.first?.relation == singular)
        let bills = try finder.find("unpaid bills")
        #expect(bills.hits.first?.relation == "public.invoices", "\(names(bills))")
        #expect(bills.hits.first?.reasons.contains { $0.detail.contains("synonym") } == true)
        #expect(try finder.find("clients").hits.first?.relation == "public.customers")
        #expect(try finder.find("nightly paid revenue").hits.first?.relation == "analytics.revenue_snapshots")
    }

    @Test("a table linked to matching tables gains, with the link as its reason")
    func proximity() throws {
        let result = try Self.billing.get().find("invoice")
        let payments = try #require(result.hits.first { $0.relation == "public.payments" })
        #expect(payments.reasons.contains { $0.signal == .neighbor && $0.detail.contains("public.invoices") })
        // A bridge with no matching word of its own is still found through both of its ends.
        let catalog = try FindCatalogs.catalog([
            FindCatalogs.table("actor", [("actor_id", "integer"), ("first_name", "text")], primaryKey: ["actor_id"]),
            FindCatalogs.table("film", [("film_id", "integer"), ("title", "text")], primaryKey: ["film_id"]),
            FindCatalogs.table("casting", [("a", "integer"), ("f", "integer")],
                               foreignKeys: [.init(columns: ["a"], table: "actor", referenced: ["actor_id"]),
                                             .init(columns: ["f"], table: "film", referenced: ["film_id"])]),
            FindCatalogs.table("language", [("language_id", "integer"), ("name", "text")]),
        ])
        let bridge = try TableFinder(catalog).find("actors of a film")
        #expect(Array(names(bridge).prefix(3)).sorted() == ["public.actor", "public.casting", "public.film"], "\(names(bridge))")
    }

    @Test("snake_case and camelCase names, column names and column comments all count")
    func names() throws {
        let catalog = try FindCatalogs.catalog([
            FindCatalogs.table("CustomerOrders", [("OrderID", "integer"), ("PlacedAt", "timestamp")]),
            FindCatalogs.table("ztblDays", [("DateField", "date")]),
            FindCatalogs.table("t1", [("id", "integer"), ("x", "text")], columnComments: ["x": "the shipping carrier"]),
            FindCatalogs.table("t2", [("id", "integer"), ("notes", "text")]),
        ])
        let finder = TableFinder(catalog)
        #expect(try finder.find("customer orders").hits.first?.relation == "public.\"CustomerOrders\"")
        #expect(try finder.find("days").hits.first?.relation == "public.\"ztblDays\"")
        let carrier = try finder.find("carrier")
        #expect(carrier.hits.first?.relation == "public.t1")
        #expect(carrier.hits.first?.columns.first?.name == "x")
    }

    @Test("size breaks ties: the bigger of two equal tables ranks first")
    func size() throws {
        let catalog = try FindCatalogs.catalog([
            FindCatalogs.table("orders_a", [("id", "integer")], rows: 10),
            FindCatalogs.table("orders_b", [("id", "integer")], rows: 5_000_000),
        ])
        let result = try TableFinder(catalog).find("orders")
        #expect(names(result) == ["public.orders_b", "public.orders_a"])
        #expect(result.hits.first?.reasons.contains { $0.signal == .size } == true)
    }

    @Test("partitions fold into their parent; views are found too")
    func partitionsAndViews() throws {
        var parent = try FindCatalogs.table("events", [("id", "integer")])
        parent.kind = .partitioned
        var partition = try FindCatalogs.table("events_2024", [("id", "integer")], rows: 1000)
        partition.partitionOf = Catalog.PartitionParent(parent: try QualifiedName(schema: "public", name: "events"), bound: "FOR VALUES IN (2024)")
        let view = Catalog.View(schema: try Identifier("public"), name: try Identifier("event_counts"), materialized: false,
                                definition: "SELECT count(*) FROM events", columns: [Catalog.Column(name: try Identifier("n"), position: 1, type: "bigint")],
                                relationDependencies: [try QualifiedName(schema: "public", name: "events")])
        let result = try TableFinder(try FindCatalogs.catalog([parent, partition], views: [view])).find("events")
        #expect(names(result) == ["public.events", "public.event_counts"])
        #expect(result.hits.first?.kind == .partitionedTable)
        #expect(result.hits.first?.rows == 1000)
        #expect(result.hits.last?.kind == .view)
    }

    @Test("an empty request, or one of stop words only, is refused", arguments: ["", "   ", "which table?", "the 2024"])
    func emptyRequest(_ request: String) throws {
        #expect(throws: FindError.emptyRequest(request: request)) { try Self.billing.get().find(request) }
        #expect(throws: FindError.emptyRequest(request: request)) { try TableFinder.checkRequest(request) }
    }

    @Test("a request that matches nothing answers with no hit and says which words missed")
    func noHit() throws {
        let result = try Self.billing.get().find("zebra giraffe")
        #expect(result.hits.isEmpty)
        #expect(result.unmatched == ["zebra", "giraffe"])
    }

    @Test("top limits the hits; results are deterministic")
    func top() throws {
        let finder = try Self.billing.get()
        #expect(try finder.find("invoice payments customers", top: 2).hits.count == 2)
        let once = try finder.find("invoice payments customers")
        #expect(try finder.find("invoice payments customers") == once)
    }
}
