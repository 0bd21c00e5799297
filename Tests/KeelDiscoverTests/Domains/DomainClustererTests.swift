import KeelCore
@testable import KeelDiscover
import Testing

/// Domains: foreign-key communities named from their tables' words.
@Suite struct DomainClustererTests {
    typealias T = FindCatalogs

    @Test("billing: invoices with their items and payments, the staff tables apart, named from their words")
    func billing() throws {
        let domains = DomainClusterer().cluster(try FindCatalogs.billing())
        let invoices = try #require(domains.first { $0.tables.contains("public.invoices") })
        #expect(Set(["public.invoice_items", "public.payments"]).isSubset(of: Set(invoices.tables)))
        #expect(invoices.name.hasPrefix("billing"))
        let staff = try #require(domains.first { $0.tables.contains("public.users") })
        #expect(staff.tables == ["public.sales_reps", "public.users"])
        #expect(staff.name == "identity")
        // revenue_snapshots is linked to nothing: it belongs to no domain.
        #expect(!domains.contains { $0.tables.contains("analytics.revenue_snapshots") })
        #expect(DomainClusterer().cluster(try FindCatalogs.billing()) == domains)
    }

    @Test("inferred keys and shared name words link tables that declare nothing")
    func inferred() throws {
        let catalog = try T.catalog([
            T.table("film", [("film_id", "integer"), ("title", "text")]),
            T.table("actor", [("actor_id", "integer"), ("first_name", "text")]),
            T.table("film_actor", [("film_id", "integer"), ("actor_id", "integer")]),
            T.table("city", [("city_id", "integer"), ("name", "text")]),
            T.table("country", [("country_id", "integer"), ("name", "text")]),
            T.table("city_country", [("city_id", "integer"), ("country_id", "integer")]),
            T.table("lonely", [("x", "integer")]),
        ])
        let relationships = RelationshipInferrer().infer(catalog)
        let domains = DomainClusterer().cluster(catalog, relationships: relationships)
        #expect(domains.map(\.tables) == [["public.city", "public.city_country", "public.country"], ["public.actor", "public.film", "public.film_actor"]])
        #expect(domains.map(\.name) == ["geography", "media"])
    }

    @Test("an empty catalog has no domain")
    func empty() throws {
        #expect(DomainClusterer().cluster(try T.catalog([])).isEmpty)
    }

    @Test("Louvain's local moving splits two cliques joined by one edge")
    func communities() {
        var graph = WeightedGraph(count: 6)
        for (a, b) in [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)] { graph.add(a, b, 1) }
        let community = graph.louvainCommunities()
        #expect(community[0] == community[1] && community[1] == community[2])
        #expect(community[3] == community[4] && community[4] == community[5])
        #expect(community[0] != community[3])
    }
}
