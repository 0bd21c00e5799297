import Foundation
import KeelCore
import KeelDiscover
import KeelPlan
import KeelPostgres
import KeelTestSupport
import PostgresNIO

/// Paths and loaders for planner tests. The billing project (schema, data, dbt, DAG, keel.yaml)
/// lives in KeelLineageTests' fixtures; this target keeps only its lineage.json and change.yaml
/// (regenerate lineage.json with `keel lineage build --catalog catalog.json` in that folder).
enum PlanFixtures {
    static let root = PackageRoot.url.appendingPathComponent("Tests/KeelPlanTests/Fixtures").path
    static let billingProject = BillingFiles.directory

    static func billingCatalog() throws -> Catalog { try Catalog.read(from: URL(fileURLWithPath: billingProject + "/catalog.json")) }
    static func billingLineage() throws -> LineageGraph { try LineageGraph.read(from: URL(fileURLWithPath: root + "/billing/lineage.json")) }
    static func billingSpec() throws -> ChangeSpecLoader.Loaded { try ChangeSpecLoader.load(path: BillingFiles.changeSpec) }

    /// The billing consumers' files, as `keel plan --project` reads them.
    static func billingSources(_ lineage: LineageGraph) -> [ConsumerSource] {
        lineage.consumers.compactMap { consumer in
            guard let location = consumer.location, let file = location.split(separator: ":").first.map(String.init),
                  let text = try? String(contentsOfFile: billingProject + "/" + file, encoding: .utf8) else { return nil }
            return ConsumerSource(consumer: consumer.id, file: file, text: text)
        }
    }

    static func spec(_ yaml: String) throws(PlanError) -> ChangeSpecLoader.Loaded { try ChangeSpecLoader.parse(yaml, file: "change.yaml") }

    /// The billing schema with a small deterministic data set (2,000 invoices), analyzed.
    static func loadBilling(_ database: TestDatabase) async throws {
        try await database.psql(["-f", billingProject + "/schema.sql"])
        try await database.psql(["-v", "scale=0.01", "-f", billingProject + "/data.sql"])
        try await database.psql(["-c", "ANALYZE"])
    }

    static func discover(_ database: TestDatabase) async throws -> Catalog {
        try await Discoverer().discover(database.config)
    }
}

/// Runs plan steps the way rollout will: each step in its own transaction when it says so,
/// backfills in keyset batches until they report no key. (The real executor, with journal and
/// retries, is the rollout stage's; this one is for tests.)
struct PlanRunner {
    let session: Session

    func run(_ steps: [MigrationPlan.Step]) async throws {
        for step in steps { try await run(step) }
    }

    func run(_ step: MigrationPlan.Step) async throws {
        if let backfill = step.backfill {
            var last: String?
            for _ in 0..<1_000_000 {
                var binds = PostgresBindings()
                if let last { binds.append(last) } else { binds.appendNull() }
                binds.append(backfill.batchSize)
                let (key, _) = try await session.one(backfill.batch, binds: binds) { row in try row.decode((String?, Int64).self) }
                guard let key else { break }
                last = key
            }
            return
        }
        try await execute(step.statements, transactional: step.transactional)
    }

    /// Undoes `steps` (in reverse order), as rollout's rollback does.
    func rollback(_ steps: [MigrationPlan.Step]) async throws {
        for step in steps.reversed() {
            guard let statements = step.rollback else { continue }
            try await execute(statements, transactional: step.transactional)
        }
    }

    private func execute(_ statements: [SQL], transactional: Bool) async throws {
        if transactional { try await session.execute("BEGIN") }
        do {
            for statement in statements { try await session.execute(statement) }
            if transactional { try await session.execute("COMMIT") }
        } catch {
            if transactional { try? await session.execute("ROLLBACK") }
            throw error
        }
    }
}
