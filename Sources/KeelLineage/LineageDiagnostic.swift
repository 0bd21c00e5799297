/// A problem found while loading lineage inputs that does not stop loading: a statement that does not
/// parse, a task whose SQL is only known at run time, a dbt node Keel cannot render.
///
/// Diagnostics are data. `keel lineage build` prints each one with its file and line.
public struct LineageDiagnostic: Hashable, Sendable, Codable, CustomStringConvertible {
    /// How bad a diagnostic is.
    public enum Severity: String, Hashable, Sendable, Codable {
        /// Lineage is missing for this consumer or statement.
        case error
        /// Lineage is incomplete or approximate.
        case warning
    }

    /// A stable, machine-readable kind such as `lineage.sql-unparsable`.
    public var code: String
    /// How bad it is.
    public var severity: Severity
    /// What went wrong, in one line.
    public var message: String
    /// Where: the file and line of the problem (for rendered SQL, the line in the rendered text).
    public var location: FileLocation
    /// The consumer it concerns (``Consumer/id``), if any.
    public var consumer: String?

    /// Creates a diagnostic.
    public init(code: String, severity: Severity = .error, message: String, location: FileLocation, consumer: String? = nil) {
        self.code = code
        self.severity = severity
        self.message = message
        self.location = location
        self.consumer = consumer
    }

    public var description: String {
        "\(location): \(severity.rawValue): \(message) [\(code)]"
    }
}

extension LineageDiagnostic {
    /// A statement that KeelSQL cannot parse, so it has no lineage.
    public static let sqlUnparsable = "lineage.sql-unparsable"
    /// A task's SQL is computed at run time (a function call, an unknown variable); Keel cannot read it statically.
    public static let dynamicSQL = "lineage.airflow-dynamic-sql"
    /// A task dependency names something that is not a task of the DAG.
    public static let unknownTask = "lineage.airflow-unknown-task"
    /// A dbt node Keel does not render (a Python model, a model dbt did not compile).
    public static let notRendered = "lineage.dbt-not-rendered"
    /// A dbt command in a BashOperator could not be linked to the configured dbt project.
    public static let unlinkedDbt = "lineage.airflow-unlinked-dbt"
    /// A task's `sql=` names a `.sql` template found in none of the searched folders.
    public static let templateNotFound = "lineage.airflow-template-not-found"
    /// A dbt exposure or test depends on something the project does not define.
    public static let unknownDependency = "lineage.dbt-unknown-dependency"
}
