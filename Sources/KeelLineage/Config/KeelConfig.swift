public import KeelCore

/// `keel.yaml`: a project's Keel configuration.
///
/// It says where the database lives in each environment, and where Keel finds the database's
/// consumers: the dbt project, the Airflow DAG folder, and the dashboards and APIs with their
/// queries. Relative paths are relative to the folder of `keel.yaml`.
///
/// ```swift
/// let config = try KeelConfig.load("keel.yaml")
/// config.environments.first { $0.production }?.name     // "production"
/// config.path(config.dbt!.project)                      // "/srv/app/dbt/billing_dbt"
/// ```
public struct KeelConfig: Hashable, Sendable {
    /// The file name Keel looks for.
    public static let fileName = "keel.yaml"
    /// The configuration format version this Keel reads.
    public static let currentVersion = 1

    /// The format version (`version:`).
    public var version: Int
    /// The file it was read from, as given.
    public var file: String
    /// The folder relative paths are resolved against.
    public var directory: String
    /// The environments, in file order.
    public var environments: [Environment]
    /// The dbt project, if any.
    public var dbt: Dbt?
    /// The Airflow DAGs, if any.
    public var airflow: Airflow?
    /// Dashboards and APIs with their queries, in file order.
    public var dashboards: [Dashboard]
    /// The schemas unqualified names in dashboard and DAG SQL resolve against (default `["public"]`).
    public var searchPath: [String]
    /// `keel monitor`'s thresholds (`monitor:`; defaults for what the file leaves out).
    public var monitor: MonitorThresholds = .defaults

    /// Creates a configuration.
    public init(
        version: Int = KeelConfig.currentVersion, file: String = KeelConfig.fileName, directory: String = ".",
        environments: [Environment] = [], dbt: Dbt? = nil, airflow: Airflow? = nil, dashboards: [Dashboard] = [],
        searchPath: [String] = ["public"]
    ) {
        self.version = version
        self.file = file
        self.directory = directory
        self.environments = environments
        self.dbt = dbt
        self.airflow = airflow
        self.dashboards = dashboards
        self.searchPath = searchPath
    }

    /// `relative` resolved against ``directory`` (absolute paths are returned unchanged).
    public func path(_ relative: String) -> String {
        FilePaths.join(directory, relative)
    }

    /// The environment named `name`.
    public func environment(_ name: String) -> Environment? {
        environments.first { $0.name == name }
    }

    // MARK: Environments

    /// A place the database runs: staging, production, …
    public struct Environment: Hashable, Sendable {
        /// How Keel finds the connection string.
        public enum Connection: Hashable, Sendable {
            /// A connection URL or key=value string, without a password.
            case url(String)
            /// The name of an environment variable that holds the URL.
            case environmentVariable(String)
        }

        /// The environment's name, as the CLI's `--env` takes it.
        public var name: String
        /// Where its connection string comes from.
        public var connection: Connection
        /// Whether this is production: Keel asks for confirmation and applies stricter checks.
        public var production: Bool
        /// Where it is declared.
        public var location: FileLocation

        /// Creates an environment.
        public init(name: String, connection: Connection, production: Bool = false,
                    location: FileLocation = FileLocation(file: KeelConfig.fileName)) {
            self.name = name
            self.connection = connection
            self.production = production
            self.location = location
        }

        /// The connection string: the URL itself, or the variable's value in `environment`.
        /// - Returns: `nil` when the variable is not set.
        public func connectionString(environment: [String: String]) -> String? {
            switch connection {
            case .url(let url): url
            case .environmentVariable(let name): environment[name].flatMap { $0.isEmpty ? nil : $0 }
            }
        }
    }

    // MARK: dbt

    /// The dbt project whose models read and write the database.
    public struct Dbt: Hashable, Sendable {
        /// The project folder (holding `dbt_project.yml`), relative to keel.yaml.
        public var project: String
        /// A `manifest.json` to read instead of rendering the project (optional).
        public var manifest: String?
        /// A folder with a `profiles.yml` to take the target from (optional).
        public var profilesDirectory: String?
        /// The target Keel renders for, when no profiles folder is given.
        public var target: DbtTarget?
        /// Var overrides, as `dbt --vars` would give them.
        public var vars: [String: PlainValue]

        /// Creates a dbt section.
        public init(project: String, manifest: String? = nil, profilesDirectory: String? = nil,
                    target: DbtTarget? = nil, vars: [String: PlainValue] = [:]) {
            self.project = project
            self.manifest = manifest
            self.profilesDirectory = profilesDirectory
            self.target = target
            self.vars = vars
        }
    }

    // MARK: Airflow

    /// The Airflow DAGs that run SQL against the database.
    public struct Airflow: Hashable, Sendable {
        /// The DAG folder, relative to keel.yaml.
        public var dags: String
        /// Extra folders searched for `.sql` templates, after each DAG's own template_searchpath.
        public var templateSearchPath: [String]
        /// The logical date Airflow macros render with (`{{ ds }}`), `YYYY-MM-DD`.
        public var logicalDate: String
        /// Values for `{{ var.value.x }}`.
        public var variables: [String: String]

        /// Creates an Airflow section.
        public init(dags: String, templateSearchPath: [String] = [], logicalDate: String = AirflowRenderContext.defaultLogicalDate,
                    variables: [String: String] = [:]) {
            self.dags = dags
            self.templateSearchPath = templateSearchPath
            self.logicalDate = logicalDate
            self.variables = variables
        }
    }

    // MARK: Dashboards

    /// A dashboard, report or API that queries the database directly.
    public struct Dashboard: Hashable, Sendable {
        /// What kind of consumer it is.
        public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
            /// A BI dashboard.
            case dashboard
            /// A scheduled or ad-hoc report.
            case report
            /// An HTTP API or service endpoint.
            case api
            /// A notebook.
            case notebook
            /// Any other application.
            case application
        }

        /// Its name, unique in the file (`Revenue overview`, `GET /invoices/{id}`).
        public var name: String
        /// What kind it is.
        public var kind: Kind
        /// Who to tell when a change affects it.
        public var owner: String?
        /// Where it lives.
        public var url: String?
        /// What it is for.
        public var description: String?
        /// The queries it runs.
        public var queries: [Query]
        /// Where it is declared.
        public var location: FileLocation

        /// Creates a dashboard.
        public init(name: String, kind: Kind, owner: String? = nil, url: String? = nil, description: String? = nil,
                    queries: [Query], location: FileLocation = FileLocation(file: KeelConfig.fileName)) {
            self.name = name
            self.kind = kind
            self.owner = owner
            self.url = url
            self.description = description
            self.queries = queries
            self.location = location
        }
    }

    /// One query a dashboard or API runs; `$1`, `$2`, … are its parameters.
    public struct Query: Hashable, Sendable {
        /// A short label (optional).
        public var name: String?
        /// The SQL text.
        public var sql: String
        /// The parameters, in `$n` order.
        public var parameters: [Parameter]
        /// Where the SQL is written.
        public var location: FileLocation

        /// Creates a query.
        public init(name: String? = nil, sql: String, parameters: [Parameter] = [],
                    location: FileLocation = FileLocation(file: KeelConfig.fileName)) {
            self.name = name
            self.sql = sql
            self.parameters = parameters
            self.location = location
        }
    }

    /// A query parameter.
    public struct Parameter: Hashable, Sendable, Codable {
        /// Its name (`id`).
        public var name: String
        /// Its PostgreSQL type (`bigint`), if given.
        public var type: String?
        /// A typical value, used when Keel replays the query.
        public var example: PlainValue?

        /// Creates a parameter.
        public init(name: String, type: String? = nil, example: PlainValue? = nil) {
            self.name = name
            self.type = type
            self.example = example
        }
    }
}

/// The dbt target (profile output) Keel renders models for: it fixes the database and schema of
/// every relation, and `{{ target.* }}`.
public struct DbtTarget: Hashable, Sendable, Codable {
    /// The output's name (`dev`, `prod`): `{{ target.name }}`.
    public var name: String
    /// The schema models are built in.
    public var schema: String
    /// The database; `nil` leaves relation names two-part.
    public var database: String?
    /// The adapter type.
    public var type: String
    /// The user, when known.
    public var user: String?
    /// The thread count.
    public var threads: Int
    /// The profile name.
    public var profileName: String?

    /// Creates a target.
    public init(name: String = "dev", schema: String, database: String? = nil, type: String = "postgres",
                user: String? = nil, threads: Int = 1, profileName: String? = nil) {
        self.name = name
        self.schema = schema
        self.database = database
        self.type = type
        self.user = user
        self.threads = threads
        self.profileName = profileName
    }
}
