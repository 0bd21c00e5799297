import PostgresNIO
import Foundation
import KeelCore
import KeelDiscover
import KeelPostgres
import KeelTestSupport
import Testing

/// Loads each shared fixture dump and checks the discovered catalog against independent
/// information_schema and pg_catalog queries on the same database.
@Suite(.tags(.postgres)) struct SharedCorpusDiscoveryTests {
    struct Loaded {
        var catalog: Catalog
        var config: ConnectionConfig
        var errors: [DumpLoader.LoadError]
    }

    func load(_ fixture: String, allowErrors: Bool = false) async throws -> Loaded {
        let cluster = try await TestCluster.shared.cluster()
        let path = try SharedFixtures.url(fixture).path
        let database = "keel_corpus_" + UUID().uuidString.prefix(8).lowercased()
        let loaded = try await DumpLoader(allowErrors: allowErrors).load(path, into: cluster, database: database)
        let config = cluster.connectionConfig(database: loaded.database)
        let catalog = try await Discoverer().discover(config)
        return Loaded(catalog: catalog, config: config, errors: loaded.errors)
    }

    func drop(_ loaded: Loaded) async throws {
        let cluster = try await TestCluster.shared.cluster()
        try await Session.with(cluster.connectionConfig()) {
            try await $0.execute("DROP DATABASE \(try Identifier(loaded.config.database)) WITH (FORCE)")
        }
    }

    func expectCountsMatch(_ loaded: Loaded) async throws {
        let independent = try await IndependentCounts.read(loaded.config)
        #expect(IndependentCounts(loaded.catalog) == independent, "catalog \(IndependentCounts(loaded.catalog)) vs independent \(independent)")
    }

    @Test func pagila() async throws {
        let loaded = try await load("corpora/pg_sample_data/pagila.sql")
        let catalog = loaded.catalog
        try await expectCountsMatch(loaded)
        #expect(catalog.tables.count == 22)
        #expect(catalog.tables.filter { $0.partitionOf != nil }.count == 7)
        #expect(catalog.tables.flatMap(\.constraints).filter { $0.kind == .foreignKey }.count == 36)

        // FK actions, against information_schema.referential_constraints.
        let customer = try #require(catalog.table(try QualifiedName(schema: "public", name: "customer")))
        let fk = try #require(customer.constraints.first { $0.name.name == "customer_address_id_fkey" })
        let rules = try await Session.with(loaded.config) { s in
            try await s.one("SELECT update_rule::text, delete_rule::text FROM information_schema.referential_constraints WHERE constraint_name = 'customer_address_id_fkey'") {
                try $0.decode((String, String).self)
            }
        }
        #expect(rules.0 == "CASCADE" && rules.1 == "RESTRICT")
        #expect(fk.foreignKey?.onUpdate == .cascade && fk.foreignKey?.onDelete == .restrict)
        #expect(fk.foreignKey?.referencedTable.display == "public.address")

        // Volatile, stable and immutable defaults.
        #expect(customer.column(named: "customer_id")?.default?.volatility == .volatile)  // nextval
        #expect(customer.column(named: "last_update")?.default?.volatility == .stable)   // now()
        #expect(customer.column(named: "create_date")?.default?.volatility == .stable)   // CURRENT_DATE
        #expect(customer.column(named: "activebool")?.default?.volatility == .immutable) // true

        // Partitions, with their parent and bound.
        let partition = try #require(catalog.table(try QualifiedName(schema: "public", name: "payment_p2022_01")))
        #expect(partition.partitionOf?.parent.display == "public.payment")
        #expect(partition.partitionOf?.bound.hasPrefix("FOR VALUES FROM") == true)
        #expect(catalog.table(try QualifiedName(schema: "public", name: "payment"))?.kind == .partitioned)
        #expect(catalog.table(try QualifiedName(schema: "public", name: "payment"))?.partitionKey == "RANGE (payment_date)")

        // View column dependencies, against information_schema.view_column_usage.
        for view in catalog.views where !view.materialized {
            let expected = try await Session.with(loaded.config) { s in
                try await s.collect("SELECT table_schema::text, table_name::text, column_name::text FROM information_schema.view_column_usage WHERE view_schema = $1 AND view_name = $2", binds: try bindings(view.schema.name, view.name.name)) {
                    try $0.decode((String, String, String).self)
                }
            }
            let found = view.dependencies.map { "\($0.schema.name).\($0.table.name).\($0.column.name)" }.sorted()
            #expect(found == expected.map { "\($0.0).\($0.1).\($0.2)" }.sorted(), "view \(view.name.name)")
        }
        let rentalByCategory = try #require(catalog.views.first { $0.name.name == "rental_by_category" })
        #expect(rentalByCategory.materialized)
        #expect(!rentalByCategory.indexes.isEmpty)
        #expect(catalog.enums.first { $0.name.name == "mpaa_rating" }?.labels == ["G", "PG", "PG-13", "R", "NC-17"])
        #expect(customer.triggers.first?.function.display == "public.last_updated")
        try await drop(loaded)
    }

    @Test func chado() async throws {
        // Chado does not load cleanly on PostgreSQL 15 (here: index expressions calling
        // create_point under pg_dump's empty search_path); each failure is reported with its line.
        let loaded = try await load("corpora/pg_schemas/chado.sql", allowErrors: true)
        #expect(!loaded.errors.isEmpty)
        #expect(loaded.errors.allSatisfy { $0.line != nil && !$0.message.isEmpty })
        let catalog = loaded.catalog
        try await expectCountsMatch(loaded)
        #expect(catalog.tables.count == 213)
        #expect(catalog.views.count >= 1800)
        // Deep view-on-view lineage: some views depend on other views.
        let viewNames = Set(catalog.views.map(\.qualifiedName))
        #expect(catalog.views.contains { view in view.relationDependencies.contains { viewNames.contains($0) } })
        try await drop(loaded)
    }

    @Test func danbooru() async throws {
        let loaded = try await load("corpora/pg_schemas/danbooru.sql")
        let catalog = loaded.catalog
        try await expectCountsMatch(loaded)
        #expect(catalog.tables.count == 66)
        #expect(Set(catalog.extensions.map(\.name)).isSuperset(of: ["btree_gin", "fuzzystrmatch", "pg_trgm", "pgcrypto", "pgstattuple"]))
        // Extension functions are not the schema's own.
        #expect(!catalog.functions.contains { $0.name.name == "similarity" })

        // Partial-index predicates, against pg_indexes.
        let commentVotes = try #require(catalog.table(try QualifiedName(schema: "public", name: "comment_votes")))
        let partial = try #require(commentVotes.indexes.first { $0.name.name == "index_comment_votes_on_is_deleted" })
        #expect(partial.predicate == "is_deleted = true")
        let definition = try await Session.with(loaded.config) { s in
            try await s.one("SELECT indexdef FROM pg_indexes WHERE indexname = 'index_comment_votes_on_is_deleted'") { try $0.decode(String.self) }
        }
        #expect(definition.hasSuffix("WHERE (is_deleted = true)"))
        #expect(partial.definition == definition)
        try await drop(loaded)
    }

    @Test func northwind() async throws {
        let loaded = try await load("corpora/pg_sample_data/northwind.sql")
        try await expectCountsMatch(loaded)
        #expect(loaded.catalog.tables.count == 14)
        #expect(loaded.catalog.tables.flatMap(\.constraints).filter { $0.kind == .foreignKey }.count == 13)
        let orders = try #require(loaded.catalog.table(try QualifiedName(schema: "public", name: "orders")))
        #expect(orders.stats?.rowEstimate ?? 0 > 0 || orders.stats?.tableBytes ?? 0 > 0)
        try await drop(loaded)
    }
}
