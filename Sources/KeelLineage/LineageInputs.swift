public import KeelCore

/// Everything a project's `keel.yaml` points at, loaded: the dbt project, the Airflow DAGs, the
/// dashboards and APIs, and (given a catalog) the database's views, each as ``Consumer`` values with
/// their rendered SQL. This is the input of the lineage graph.
///
/// ```swift
/// let config = try KeelConfig.load("keel.yaml")
/// let inputs = try LineageInputs.load(config, environment: ProcessInfo.processInfo.environment)
/// for consumer in inputs.consumers { print(consumer.id, consumer.statements.count) }
/// for problem in inputs.diagnostics { print(problem) }
/// ```
public struct LineageInputs: Sendable {
    /// The configuration they were loaded from.
    public var config: KeelConfig
    /// The dbt project, if configured.
    public var dbt: DbtProject?
    /// The Airflow DAGs, if configured.
    public var airflow: AirflowDagFolder?
    /// Every consumer: dbt models, snapshots and exposures, DAG tasks, views, dashboards and APIs.
    public var consumers: [Consumer]
    /// Every problem that did not stop loading.
    public var diagnostics: [LineageDiagnostic]

    /// How to load.
    public struct Options: Sendable {
        /// Environment variables for dbt's `env_var()`.
        public var environment: [String: String]
        /// Read `<project>/target/manifest.json` when it exists and keel.yaml names no manifest.
        public var preferManifest: Bool
        /// Render incremental models as an incremental run.
        public var incremental: Bool

        /// Creates options.
        public init(environment: [String: String] = [:], preferManifest: Bool = true, incremental: Bool = false) {
            self.environment = environment
            self.preferManifest = preferManifest
            self.incremental = incremental
        }
    }

    /// Loads what `config` names.
    /// - Parameters:
    ///   - config: the parsed keel.yaml.
    ///   - catalog: the database's catalog, for its views (optional).
    ///   - options: environment and dbt preferences.
    /// - Throws: the first ``LineageError`` of any loader.
    public static func load(_ config: KeelConfig, catalog: Catalog? = nil, options: Options = Options()) throws(LineageError) -> LineageInputs {
        var consumers: [Consumer] = []
        var diagnostics: [LineageDiagnostic] = []
        var dbt: DbtProject?
        if let section = config.dbt {
            let projectPath = config.path(section.project)
            let configuredManifest = section.manifest.map(config.path)
            let defaultManifest = FilePaths.join(projectPath, "target/manifest.json")
            if let manifest = configuredManifest {
                dbt = try DbtManifestLoader.load(manifest)
            } else if options.preferManifest, FilePaths.exists(defaultManifest) {
                dbt = try DbtManifestLoader.load(defaultManifest)
            } else {
                dbt = try DbtProjectLoader.load(projectPath, options: DbtLoadOptions(
                    target: section.target, profilesDirectory: section.profilesDirectory.map(config.path),
                    vars: section.vars, environment: options.environment, incremental: options.incremental))
            }
            if let dbt {
                consumers += dbt.consumers
                diagnostics += dbt.diagnostics
            }
        }
        var airflow: AirflowDagFolder?
        if let section = config.airflow {
            var links: [DbtProjectLink] = []
            if let dbt, let project = config.dbt?.project { links.append(DbtProjectLink(name: dbt.name, path: config.path(project))) }
            let folder = try AirflowDagLoader.load(folder: config.path(section.dags), options: AirflowLoadOptions(
                logicalDate: section.logicalDate, variables: section.variables,
                templateSearchPath: section.templateSearchPath.map(config.path), dbtProjects: links))
            consumers += folder.consumers
            diagnostics += folder.diagnostics
            airflow = folder
        }
        let dashboards = DashboardLoader.consumers(config)
        consumers += dashboards.consumers
        diagnostics += dashboards.diagnostics
        if let catalog {
            let views = PostgresViewLoader.consumers(catalog)
            consumers += views.consumers
            diagnostics += views.diagnostics
        }
        return LineageInputs(config: config, dbt: dbt, airflow: airflow, consumers: consumers, diagnostics: diagnostics)
    }
}
