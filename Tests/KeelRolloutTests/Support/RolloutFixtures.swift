import Foundation
import KeelCore
import KeelPlan
import KeelPostgres
import KeelRollout
import KeelTestSupport
import PostgresNIO
import Testing

/// The billing scenario for rollout tests: schema and deterministic data loaded with psql, the
/// billing plan made by the real planner, and pgbench writers.
enum RolloutFixtures {
    static let billingProject = BillingFiles.directory
    static let planFixtures = PackageRoot.url.appendingPathComponent("Tests/KeelPlanTests/Fixtures/billing").path

    static func lineage() throws -> LineageGraph { try LineageGraph.read(from: URL(fileURLWithPath: planFixtures + "/lineage.json")) }

    /// The billing plan (expand 5, backfill 1, dual write 3, migrate consumers 4, contract 2), with
    /// the contract gated on lineage.
    static func billingPlan(batchSize: Int = 500) throws -> MigrationPlan {
        let catalog = try Catalog.read(from: URL(fileURLWithPath: billingProject + "/catalog.json"))
        let lineage = try lineage()
        let loaded = try ChangeSpecLoader.load(path: BillingFiles.changeSpec)
        var options = PlannerOptions()
        options.batchSize = batchSize
        return try Planner(catalog: catalog, lineage: lineage, options: options).plan(loaded, consumers: sources(lineage))
    }

    /// The billing consumers' files, so the plan carries their patches and migrate-consumers checkpoints.
    static func sources(_ lineage: LineageGraph) -> [ConsumerSource] {
        lineage.consumers.compactMap { consumer in
            guard let location = consumer.location, let file = location.split(separator: ":").first.map(String.init),
                  let text = try? String(contentsOfFile: billingProject + "/" + file, encoding: .utf8) else { return nil }
            return ConsumerSource(consumer: consumer.id, file: file, text: text)
        }
    }

    /// Lineage after the consumers moved: nobody reads what the contract drops.
    static func movedLineage(_ plan: MigrationPlan) throws -> LineageGraph {
        var graph = try lineage()
        let moved = Set(plan.steps.compactMap(\.gate).flatMap(\.consumersAtPlanTime))
        graph.consumers.removeAll { moved.contains($0.id) }
        return graph
    }

    static func psql(_ database: TestDatabase, _ arguments: [String]) async throws -> String {
        let cluster = database.cluster
        let result = try await ProgramRunner.check(
            cluster.binaries.psql,
            ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", cluster.socketDirectory, "-p", "\(cluster.port)",
             "-U", ManagedCluster.superuser, "-d", database.name] + arguments,
            environment: ["PGPASSWORD": nil, "PGOPTIONS": nil])
        return result.standardOutput
    }

    /// The billing schema and data at `scale` (0.01 ≈ 2,000 invoices; 1 ≈ 200,000), analyzed.
    static func loadBilling(_ database: TestDatabase, scale: String = "0.01") async throws {
        _ = try await psql(database, ["-f", billingProject + "/schema.sql"])
        _ = try await psql(database, ["-v", "scale=\(scale)", "-f", billingProject + "/data.sql"])
        _ = try await psql(database, ["-c", "ANALYZE"])
    }

    static func options(_ environment: String = "staging") -> RolloutOptions {
        var options = RolloutOptions(environment: environment, operatorName: "tests")
        options.retry = LockRetry(attempts: 40, initialDelay: .milliseconds(50), maxDelay: .seconds(1))
        return options
    }

    static func int(_ session: Session, _ sql: SQL) async throws -> Int64 {
        try await session.one(sql) { try $0.decode(Int64.self) }
    }

    static func int(_ database: TestDatabase, _ sql: SQL) async throws -> Int64 {
        try await Session.with(database.config) { try await int($0, sql) }
    }

    static func columns(_ database: TestDatabase, table: String = "invoices") async throws -> [String] {
        var binds = PostgresBindings()
        binds.append(table)
        return try await Session.with(database.config) { session in
            try await session.collect("""
                SELECT column_name::text FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position
                """, binds: binds) { try $0.decode(String.self) }
        }
    }

    /// pgbench next to the server programs; a missing one fails with an install hint.
    static func pgbench(_ cluster: ManagedCluster) throws -> String {
        let path = cluster.binaries.binDirectory + "/pgbench"
        try #require(FileManager.default.isExecutableFile(atPath: path),
                     "pgbench is missing from \(cluster.binaries.binDirectory): apt-get install -y postgresql-\(cluster.majorVersion) (pgbench ships with the server packages)")
        return path
    }
}
