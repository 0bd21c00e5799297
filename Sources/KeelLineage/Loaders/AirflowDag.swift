/// An Airflow DAG read statically from its `.py` file: its tasks, their SQL and their order.
public struct AirflowDag: Hashable, Sendable {
    /// The DAG id.
    public var dagId: String
    /// Where the DAG is declared (the file and the line of `DAG(` or `@dag`).
    public var location: FileLocation
    /// Its description, if given as a literal.
    public var description: String?
    /// Its schedule (`schedule` or `schedule_interval`), if given as a literal.
    public var schedule: String?
    /// Its tags.
    public var tags: [String]
    /// Folders searched for `.sql` templates (`template_searchpath`).
    public var templateSearchPath: [String]
    /// The tasks, in the order the file creates them.
    public var tasks: [AirflowTask]
    /// Task dependencies, sorted.
    public var dependencies: [AirflowDependency]

    /// Creates a DAG.
    public init(dagId: String, location: FileLocation, description: String? = nil, schedule: String? = nil, tags: [String] = [],
                templateSearchPath: [String] = [], tasks: [AirflowTask] = [], dependencies: [AirflowDependency] = []) {
        self.dagId = dagId
        self.location = location
        self.description = description
        self.schedule = schedule
        self.tags = tags
        self.templateSearchPath = templateSearchPath
        self.tasks = tasks
        self.dependencies = dependencies
    }

    /// The task with this id.
    public func task(_ taskId: String) -> AirflowTask? { tasks.first { $0.taskId == taskId } }

    /// The ids of the tasks that run directly before `taskId`.
    public func upstream(of taskId: String) -> [String] {
        dependencies.filter { $0.downstream == taskId }.map(\.upstream)
    }

    /// The ids of the tasks that run directly after `taskId`.
    public func downstream(of taskId: String) -> [String] {
        dependencies.filter { $0.upstream == taskId }.map(\.downstream)
    }
}

/// `upstream >> downstream`.
public struct AirflowDependency: Hashable, Sendable, Codable, Comparable {
    /// The task that runs first.
    public var upstream: String
    /// The task that runs after it.
    public var downstream: String

    /// Creates a dependency.
    public init(upstream: String, downstream: String) {
        self.upstream = upstream
        self.downstream = downstream
    }

    public static func < (lhs: AirflowDependency, rhs: AirflowDependency) -> Bool {
        (lhs.upstream, lhs.downstream) < (rhs.upstream, rhs.downstream)
    }
}

/// One task of a DAG.
public struct AirflowTask: Hashable, Sendable {
    /// What the task does, as far as lineage is concerned.
    public enum Kind: String, Hashable, Sendable, Codable {
        /// Runs SQL (SQLExecuteQueryOperator, PostgresOperator, SnowflakeOperator, …).
        case sql
        /// Runs a SQL data check (SQLCheckOperator, SQLColumnCheckOperator, …).
        case sqlCheck
        /// Runs dbt (a BashOperator whose command calls dbt).
        case dbt
        /// Anything else (Python, sensors, …): it only orders the others.
        case other
    }

    /// Where the task's SQL came from.
    public enum SQLSource: Hashable, Sendable, Codable {
        /// Written in the DAG file.
        case inline
        /// A `.sql` template file, with its resolved path.
        case file(String)
        /// Built by Keel from a check operator's `table=` and checks.
        case synthesized
    }

    /// The task id (with its TaskGroup prefix, as Airflow computes it).
    public var taskId: String
    /// The operator class, e.g. `SQLExecuteQueryOperator`.
    public var operatorName: String
    /// What it does.
    public var kind: Kind
    /// Where it is created.
    public var location: FileLocation
    /// The connection id (`conn_id`, `postgres_conn_id`, …), when given as a literal.
    public var connectionId: String?
    /// The rendered SQL, one entry per statement.
    public var statements: [RenderedStatement]
    /// Where each piece of SQL came from, in order.
    public var sqlSources: [SQLSource]
    /// The rendered bash command, for BashOperators.
    public var bashCommand: String?
    /// The dbt commands the task runs.
    public var dbtCommands: [AirflowDbtCommand]

    /// Creates a task.
    public init(taskId: String, operatorName: String, kind: Kind, location: FileLocation, connectionId: String? = nil,
                statements: [RenderedStatement] = [], sqlSources: [SQLSource] = [], bashCommand: String? = nil,
                dbtCommands: [AirflowDbtCommand] = []) {
        self.taskId = taskId
        self.operatorName = operatorName
        self.kind = kind
        self.location = location
        self.connectionId = connectionId
        self.statements = statements
        self.sqlSources = sqlSources
        self.bashCommand = bashCommand
        self.dbtCommands = dbtCommands
    }
}

/// A dbt invocation inside a task's bash command.
public struct AirflowDbtCommand: Hashable, Sendable, Codable {
    /// The dbt subcommand: build, run, test, seed, snapshot, …
    public var command: String
    /// `--select` / `-s` / `--models` / `-m` values.
    public var select: [String]
    /// `--exclude` values.
    public var exclude: [String]
    /// `--project-dir`, or the folder the command `cd`s into.
    public var projectDirectory: String?
    /// `--profiles-dir`.
    public var profilesDirectory: String?
    /// `--target` / `-t`.
    public var target: String?
    /// `--vars`, as written.
    public var vars: String?
    /// Whether `--full-refresh` is given.
    public var fullRefresh: Bool
    /// The dbt command line as written (after templates were rendered).
    public var commandLine: String
    /// The configured dbt project it runs (its name), when Keel could tell.
    public var linkedProject: String?

    /// Creates a dbt command.
    public init(command: String, select: [String] = [], exclude: [String] = [], projectDirectory: String? = nil,
                profilesDirectory: String? = nil, target: String? = nil, vars: String? = nil, fullRefresh: Bool = false,
                commandLine: String, linkedProject: String? = nil) {
        self.command = command
        self.select = select
        self.exclude = exclude
        self.projectDirectory = projectDirectory
        self.profilesDirectory = profilesDirectory
        self.target = target
        self.vars = vars
        self.fullRefresh = fullRefresh
        self.commandLine = commandLine
        self.linkedProject = linkedProject
    }
}

/// What ``AirflowDagLoader`` needs besides the files.
public struct AirflowLoadOptions: Sendable {
    /// Templates render with this logical date (`{{ ds }}`), `YYYY-MM-DD`.
    public var logicalDate: String
    /// Values for `{{ var.value.x }}`; unknown variables render as `var_x`.
    public var variables: [String: String]
    /// Extra folders searched for `.sql` templates, after the DAG file's folder and its template_searchpath.
    public var templateSearchPath: [String]
    /// The configured dbt projects, to link BashOperator dbt commands to.
    public var dbtProjects: [DbtProjectLink]
    /// Whether to split and parse each task's SQL.
    public var checkSQL: Bool

    /// Creates options.
    public init(logicalDate: String = AirflowRenderContext.defaultLogicalDate, variables: [String: String] = [:],
                templateSearchPath: [String] = [], dbtProjects: [DbtProjectLink] = [], checkSQL: Bool = true) {
        self.logicalDate = logicalDate
        self.variables = variables
        self.templateSearchPath = templateSearchPath
        self.dbtProjects = dbtProjects
        self.checkSQL = checkSQL
    }
}

/// A dbt project a DAG's dbt commands may run.
public struct DbtProjectLink: Hashable, Sendable {
    /// The project's name (dbt_project.yml `name:`).
    public var name: String
    /// Its folder.
    public var path: String

    /// Creates a link target.
    public init(name: String, path: String) {
        self.name = name
        self.path = path
    }
}

/// Every DAG of a folder, with the problems that did not stop reading.
public struct AirflowDagFolder: Hashable, Sendable {
    /// The DAGs, sorted by id.
    public var dags: [AirflowDag]
    /// Tasks whose SQL is dynamic, templates not found, statements that do not parse, …
    public var diagnostics: [LineageDiagnostic]

    /// Creates a folder result.
    public init(dags: [AirflowDag], diagnostics: [LineageDiagnostic]) {
        self.dags = dags.sorted { $0.dagId < $1.dagId }
        self.diagnostics = diagnostics
    }

    /// The DAG with this id.
    public func dag(_ dagId: String) -> AirflowDag? { dags.first { $0.dagId == dagId } }
}
