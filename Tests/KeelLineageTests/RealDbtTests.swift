import Foundation
import KeelCore
import KeelLineage
import KeelPostgres
import KeelTestSupport
import Testing

/// Runs real dbt-core 1.9.11 + dbt-postgres 1.9.1 on the billing project against the managed cluster, then
/// checks that Keel's rendering of the raw project matches the manifest dbt wrote, node for node.
///
/// Also replays the DAG tasks' SQL and the dashboard queries on the built database, so the fixtures
/// stay real. Fails (never skips) when the venv or dbt is missing.
@Suite(.postgres, .tags(.postgres)) struct RealDbtTests {
    /// `<venv>/bin/dbt`, from `$KEEL_VENV` or `<package root>/.venv`.
    static func dbt() throws -> String { try TestVenv.tool("dbt", for: "dbt-core and dbt-postgres") }

    static func runDbt(_ dbt: String, project: String, profiles: String) async throws -> ProgramResult {
        let result = try await ProgramRunner.run(
            dbt, ["build", "--project-dir", project, "--profiles-dir", profiles, "--no-use-colors"],
            workingDirectory: project,
            environment: ["DBT_PROFILES_DIR": profiles, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
                          "DBT_LOG_PATH": project + "/logs", "DBT_TARGET_PATH": project + "/target"])
        #expect(result.succeeded, "dbt build failed:\n\(result.standardOutput.suffix(3000))\n\(result.standardError.suffix(2000))")
        return result
    }

    @Test("dbt build succeeds on the billing project, and Keel renders it exactly as dbt compiled it")
    func billingMatchesDbt() async throws {
        let dbt = try Self.dbt()
        let database = try #require(TestDatabase.current)
        let cluster = database.cluster
        let fixtures = LineageFixtures.billing

        // The production schema and a small, deterministic data set.
        _ = try await database.psql(["-f", fixtures + "/schema.sql"])
        _ = try await database.psql(["-v", "scale=0.01", "-f", fixtures + "/data.sql"])
        let counts = try await database.psql(["-tA", "-c",
            "SELECT (SELECT count(*) FROM customers) || ',' || (SELECT count(*) FROM invoices) || ',' || (SELECT count(*) FROM invoice_items)"])
        #expect(counts.trimmingCharacters(in: .whitespacesAndNewlines) == "100,2000,3977")

        // A copy of the project (dbt writes target/ and logs/ into it) and a generated profiles.yml.
        let project = try LineageFixtures.copy(LineageFixtures.billingDbt, label: "keel-dbt")
        let profiles = try LineageFixtures.write(["profiles.yml": """
            billing:
              target: test
              outputs:
                test:
                  type: postgres
                  host: "\(cluster.socketDirectory)"
                  port: \(cluster.port)
                  user: \(ManagedCluster.superuser)
                  pass: ""
                  dbname: \(database.name)
                  schema: analytics
                  threads: 2
            """], label: "keel-dbt-profiles")
        defer {
            try? FileManager.default.removeItem(atPath: (project as NSString).deletingLastPathComponent)
            try? FileManager.default.removeItem(atPath: profiles)
        }

        let first = try await Self.runDbt(dbt, project: project, profiles: profiles)
        #expect(first.standardOutput.contains("PASS=34"), "\(first.standardOutput.suffix(1500))")

        let manifest = try DbtManifestLoader.load(project + "/target/manifest.json")
        let keel = try DbtProjectLoader.load(project, options: DbtLoadOptions(profilesDirectory: profiles))
        #expect(keel.target?.database == database.name)
        #expect(keel.diagnostics.isEmpty, "\(keel.diagnostics)")
        #expect(manifest.diagnostics.isEmpty, "\(manifest.diagnostics)")
        Self.expectSameProject(keel, manifest)
        try Self.expectSameLineage(project: project, profiles: profiles)

        // An incremental run: dbt renders is_incremental() true now that the table exists.
        _ = try await Self.runDbt(dbt, project: project, profiles: profiles)
        let incrementalManifest = try DbtManifestLoader.load(project + "/target/manifest.json")
        let incremental = try DbtProjectLoader.load(project, options: DbtLoadOptions(profilesDirectory: profiles, incremental: true))
        Self.expectSameProject(incremental, incrementalManifest)
        #expect(incremental.node(named: "fct_invoice_revenue")?.compiledSQL?.contains("interval '60 days'") == true)

        // The DAG's SQL and the dashboards' queries run on the built database.
        let dags = try AirflowDagLoader.load(folder: fixtures + "/dags")
        let dag = try #require(dags.dag("nightly_billing"))
        for task in dag.tasks where task.kind == .sql {
            for statement in task.statements {
                _ = try await database.psql(["-c", statement.text])
            }
        }
        let snapshot = try await database.psql(["-tA", "-c",
            "SELECT paid_revenue = (SELECT sum(amount) FROM invoices WHERE status = 'paid') FROM analytics.revenue_snapshots"])
        #expect(snapshot.trimmingCharacters(in: .whitespacesAndNewlines) == "t")
        let config = try KeelConfig.load(fixtures + "/keel.yaml")
        for dashboard in config.dashboards {
            for query in dashboard.queries {
                let arguments = query.parameters.map { $0.example?.description ?? "NULL" }
                let script = arguments.isEmpty ? query.sql
                    : "PREPARE q AS \(query.sql); EXECUTE q(\(arguments.joined(separator: ", ")))"
                let output = try await database.psql(["-tA", "-c", script])
                #expect(!output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(dashboard.name) returned no rows")
            }
        }
    }

    /// Keel's lineage graph from the raw project (Keel renders the Jinja) and from the manifest dbt just
    /// wrote (dbt's compiled SQL) are the same graph: the same relations and columns, the same edges of
    /// each consumer, and the same impact of `public.invoices.amount`.
    static func expectSameLineage(project: String, profiles: String) throws {
        var config = try KeelConfig.load(LineageFixtures.billing + "/keel.yaml")
        let catalog = try BillingScenario.catalog()
        config.dbt = KeelConfig.Dbt(project: project, profilesDirectory: profiles)
        let raw = try LineageBuilder().build(config: config, catalog: catalog, loading: LineageInputs.Options(preferManifest: false))
        config.dbt = KeelConfig.Dbt(project: project, manifest: project + "/target/manifest.json")
        let compiled = try LineageBuilder().build(config: config, catalog: catalog)
        #expect(raw.diagnostics.filter(\.isError).isEmpty, "\(raw.diagnostics)")
        #expect(compiled.diagnostics.filter(\.isError).isEmpty, "\(compiled.diagnostics)")
        #expect(raw.relations.map(\.name) == compiled.relations.map(\.name))
        #expect(raw.relations.map(\.columns) == compiled.relations.map(\.columns))
        #expect(raw.consumers.map(\.id) == compiled.consumers.map(\.id))
        let rawEdges = namedEdges(raw)
        let compiledEdges = namedEdges(compiled)
        #expect(rawEdges == compiledEdges, "only from the raw project: \(rawEdges.subtracting(compiledEdges).sorted()); only from the manifest: \(compiledEdges.subtracting(rawEdges).sorted())")
        #expect(rawEdges.count > 50)
        let rawImpact = try ImpactAnalyzer(index: LineageIndex(raw)).impact(of: "public.invoices.amount")
        let compiledImpact = try ImpactAnalyzer(index: LineageIndex(compiled)).impact(of: "public.invoices.amount")
        #expect(Set(rawImpact.consumerIds) == BillingScenario.impactedConsumers)
        #expect(Set(compiledImpact.consumerIds) == BillingScenario.impactedConsumers)
        #expect(rawImpact.columns.map(\.column) == compiledImpact.columns.map(\.column))
    }

    /// Every edge of a graph by name: `job: target ← source SUBTYPE` (`*` for statement-level and read edges).
    static func namedEdges(_ graph: LineageGraph) -> Set<String> {
        var names: [String] = []
        for relation in graph.relations {
            for column in relation.columns { names.append(relation.name + "." + column) }
        }
        var edges = Set<String>()
        for consumer in graph.consumers {
            for statement in consumer.statements {
                for edge in statement.columns {
                    edges.insert("\(consumer.id): \(names[edge.target]) ← \(names[edge.source]) \(edge.transformation.subtype)")
                }
                for edge in statement.indirect {
                    edges.insert("\(consumer.id): \(graph.relations[statement.target].name).* ← \(names[edge.source]) \(edge.transformation.subtype)")
                }
            }
            for read in consumer.reads {
                edges.insert("\(consumer.id): reads \(names[read.source]) \(read.transformation.subtype)")
            }
        }
        return edges
    }

    /// Same models, relations, materializations, refs, sources, dependencies, SQL, exposures and tests.
    static func expectSameProject(_ keel: DbtProject, _ dbt: DbtProject) {
        #expect(keel.name == dbt.name)
        #expect(keel.nodes.map(\.uniqueId) == dbt.nodes.map(\.uniqueId))
        #expect(keel.sources.map(\.uniqueId) == dbt.sources.map(\.uniqueId))
        #expect(keel.sources.map(\.relation) == dbt.sources.map(\.relation))
        for node in dbt.nodes {
            guard let mine = keel.node(id: node.uniqueId) else { Issue.record("Keel lacks \(node.uniqueId)"); continue }
            #expect(mine.materialization == node.materialization, "\(node.name)")
            #expect(mine.relation == node.relation, "\(node.name)")
            #expect(mine.refs == node.refs, "\(node.name)")
            #expect(mine.sources == node.sources, "\(node.name)")
            #expect(mine.dependsOn == node.dependsOn, "\(node.name)")
            #expect(mine.compiledSQL == node.compiledSQL, "\(node.name)")
            #expect(mine.statements.map(\.text) == node.statements.map(\.text), "\(node.name)")
            #expect(mine.statements.allSatisfy { $0.parses }, "\(node.name)")
            #expect(mine.uniqueKey == node.uniqueKey, "\(node.name)")
            #expect(mine.tags == node.tags, "\(node.name)")
        }
        #expect(keel.exposures.map(\.uniqueId) == dbt.exposures.map(\.uniqueId))
        #expect(keel.exposures.map(\.dependsOn) == dbt.exposures.map(\.dependsOn))
        #expect(keel.exposures.map(\.type) == dbt.exposures.map(\.type))
        func testKeys(_ project: DbtProject) -> [String] {
            project.tests.map { "\($0.name) \($0.attachedNode ?? "-") \($0.column ?? "-") \($0.dependsOn)" }.sorted()
        }
        #expect(testKeys(keel) == testKeys(dbt))
    }
}
