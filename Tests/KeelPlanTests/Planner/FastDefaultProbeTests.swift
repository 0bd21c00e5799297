import KeelCore
import KeelPlan
import KeelPostgres
import KeelTestSupport
import Testing

/// With a database, the server says whether a default avoids the rewrite (atthasmissing).
@Suite("Fast-default probe", .postgres)
struct FastDefaultProbeTests {
    @Test("constants and stable functions are stored once; volatile ones rewrite; nothing is left behind")
    func probe() async throws {
        let database = try #require(TestDatabase.current)
        try await database.execute([
            "CREATE TABLE t (id bigint PRIMARY KEY, v integer)",
            "INSERT INTO t SELECT g, g FROM generate_series(1, 10) g",
            "CREATE FUNCTION pure_one() RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT 1'",
            "CREATE FUNCTION dice() RETURNS integer LANGUAGE plpgsql VOLATILE AS 'BEGIN RETURN 4; END'",
            "ANALYZE t",
        ])
        let before = try await PlanFixtures.discover(database)
        let probe = EmptyCopyProbe(config: database.config)
        let table = try QualifiedName(schema: "public", name: "t")
        #expect(try await probe.addsWithoutRewrite(table: table, type: "integer", defaultValue: "0"))
        #expect(try await probe.addsWithoutRewrite(table: table, type: "timestamptz", defaultValue: "now()"))
        #expect(try await probe.addsWithoutRewrite(table: table, type: "integer", defaultValue: "pure_one()"))
        #expect(try await !probe.addsWithoutRewrite(table: table, type: "double precision", defaultValue: "random()"))
        #expect(try await !probe.addsWithoutRewrite(table: table, type: "integer", defaultValue: "dice()"))

        // The planner follows the server: dice() rewrites, so the column is added, then backfilled.
        let spec = ChangeSpec(change: "c", operations: [
            .addColumn(.init(table: "t", column: .init(name: "a", type: "integer", nullable: false, default: "pure_one()"))),
            .addColumn(.init(table: "t", column: .init(name: "b", type: "integer", nullable: false, default: "dice()"))),
        ])
        let planner = Planner(catalog: before)
        let probed = await planner.probeDefaults(spec, using: probe)
        #expect(probed.withoutRewrite == [0: true, 1: false])
        let plan = try planner.plan(spec, probed: probed)
        #expect(plan.phase(.expand)?.steps.first?.summary.contains("server confirmed") == true)
        #expect(plan.phase(.backfill)?.steps.count == 1)
        let after = try await PlanFixtures.discover(database)
        #expect(after.fingerprint == before.fingerprint)
    }
}
