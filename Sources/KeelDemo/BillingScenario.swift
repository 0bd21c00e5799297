public import Foundation
import KeelCore
public import KeelPostgres

/// The billing scenario of ../shared/docs/billing-scenario.md, shipped as this target's resources:
/// schema.sql, data.sql (a set-based generator), the dbt project, the Airflow DAG, keel.yaml
/// (dashboards and API) and change.yaml (the change the demo carries out).
public enum BillingScenario {
    /// The directory holding the scenario's files.
    public static func resources() throws -> URL {
        // Not `Bundle.module`: its generated accessor crashes when the bundle is missing, and a copied
        // binary deserves an error that says what to do.
        let bundleName = "Keel_KeelDemo.resources"
        var candidates: [URL] = []
        if let override = ProcessInfo.processInfo.environment["KEEL_DEMO_RESOURCES"], !override.isEmpty {
            candidates.append(URL(fileURLWithPath: override))
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        candidates.append(executable.appendingPathComponent(bundleName).appendingPathComponent("billing"))
        candidates.append(Bundle.main.bundleURL.appendingPathComponent(bundleName).appendingPathComponent("billing"))
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("schema.sql").path) {
            return candidate
        }
        throw DemoError.resourcesMissing(looked: candidates.map(\.path))
    }

    /// Copies the scenario into `directory` (which must be empty or absent), with keel.yaml naming
    /// the given environment URLs instead of environment variables.
    public static func install(into directory: URL, environments: [String: String]) throws {
        let source = try resources()
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: directory, withIntermediateDirectories: true)
            for name in ["schema.sql", "data.sql", "change.yaml", "keel.yaml", "dbt", "dags"] {
                let target = directory.appendingPathComponent(name)
                if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }
                try fm.copyItem(at: source.appendingPathComponent(name), to: target)
            }
            let config = directory.appendingPathComponent("keel.yaml")
            var text = try String(contentsOf: config, encoding: .utf8)
            for (name, url) in environments {
                text = text.replacingOccurrences(of: "url_env: KEEL_\(name.uppercased())_URL", with: "url: \"\(url)\"")
            }
            try Data(text.utf8).write(to: config)
        } catch let error as DemoError {
            throw error
        } catch {
            throw DemoError.unwritable(path: directory.path, reason: error.localizedDescription)
        }
    }

    /// Creates `database` on `cluster` and loads the schema and `scale` of data (1 ≈ 200,000
    /// invoices), then analyzes it. Uses the cluster's own psql, since data.sql is a psql script.
    public static func load(_ directory: URL, into cluster: ManagedCluster, database: String, scale: Double) async throws {
        try await Session.with(cluster.connectionConfig()) { session in
            try await session.execute("CREATE DATABASE \(try Identifier(database))")
        }
        // keel monitor compares the billing queries' pg_stat_statements before and after the change.
        let statistics: [[String]] = cluster.binaries.hasModule("pg_stat_statements") ? [["-c", "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"]] : []
        let scripts: [[String]] = statistics + [
            ["-f", directory.appendingPathComponent("schema.sql").path],
            ["-v", "scale=\(scale)", "-f", directory.appendingPathComponent("data.sql").path],
            ["-c", "ANALYZE"],
        ]
        for arguments in scripts {
            try await ProgramRunner.check(
                cluster.binaries.psql,
                ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", cluster.socketDirectory, "-p", "\(cluster.port)",
                 "-U", ManagedCluster.superuser, "-d", database] + arguments,
                environment: ["PGPASSWORD": nil, "PGOPTIONS": nil, "PGSERVICE": nil])
        }
    }
}
