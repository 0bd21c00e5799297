import Foundation
import KeelCore
import KeelDiscover
import KeelPostgres
import KeelTestSupport
import Testing

/// `keel find` on real schemas discovered from the shared dumps: pagila (declared keys,
/// partitions, views) and Chado (213 tables, 1,864 views, names without separators).
@Suite(.tags(.postgres)) struct TableFinderCorpusTests {
    func discover(_ fixture: String, allowErrors: Bool = false) async throws -> Catalog {
        let cluster = try await TestCluster.shared.cluster()
        let database = "keel_find_" + UUID().uuidString.prefix(8).lowercased()
        let loaded = try await DumpLoader(allowErrors: allowErrors).load(try SharedFixtures.url(fixture).path, into: cluster, database: database)
        let config = cluster.connectionConfig(database: loaded.database)
        let catalog = try await Discoverer().discover(config)
        try await Session.with(cluster.connectionConfig()) {
            try await $0.execute("DROP DATABASE \(try Identifier(loaded.database)) WITH (FORCE)")
        }
        return catalog
    }

    func top(_ result: FindResult, _ count: Int) -> Set<String> { Set(result.hits.prefix(count).map(\.relation)) }

    @Test func pagila() async throws {
        let finder = TableFinder(try await discover("corpora/pg_sample_data/pagila.sql"))
        let actors = try finder.find("which actors played in a film")
        // The actor_info view (actors with their films) competes with film itself.
        #expect(top(actors, 4).isSuperset(of: ["public.actor", "public.film", "public.film_actor"]), "\(actors.hits.map(\.relation))")
        #expect(actors.hits.first?.relation == "public.film_actor")
        let payments = try finder.find("payments customers made for their rentals")
        #expect(top(payments, 5).isSuperset(of: ["public.payment", "public.customer", "public.rental"]), "\(payments.hits.map(\.relation))")
        // Partitions fold into payment, which carries their rows.
        #expect(!payments.hits.contains { $0.name.hasPrefix("payment_p") })
        #expect((payments.hits.first { $0.relation == "public.payment" }?.rows ?? 0) > 10_000)
        let staff = try finder.find("staff of each store")
        #expect(top(staff, 2) == ["public.staff", "public.store"], "\(staff.hits.map(\.relation))")
        // Tables on the join path between the matches come along: inventory joins rental to film.
        let rented = try finder.find("rentals per film category")
        #expect(top(rented, 8).contains("public.inventory"), "\(rented.hits.map(\.relation))")
        #expect(rented.hits.first { $0.relation == "public.inventory" }?.reasons.contains { $0.signal == .path } == true)
    }

    @Test func chado() async throws {
        let catalog = try await discover("corpora/pg_schemas/chado.sql", allowErrors: true)
        let finder = TableFinder(catalog)
        #expect(finder.relationCount > 2000)
        let locations = try finder.find("feature locations on the genome")
        #expect(top(locations, 3).contains("public.featureloc"), "\(locations.hits.map(\.relation))")
        let terms = try finder.find("controlled vocabulary terms")
        #expect(top(terms, 3).contains("public.cvterm"), "\(terms.hits.map(\.relation))")
        #expect(locations.hits.allSatisfy { !$0.reasons.isEmpty })
    }
}
