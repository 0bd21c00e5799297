/// Something that reads the database: a dbt model, an Airflow task, a view, a dashboard, an API.
///
/// Each loader turns its input into consumers with their rendered SQL. The lineage engine reads
/// ``statements`` to find which columns each consumer reads and writes; ``dependsOn`` carries the
/// order and links that are not in the SQL (exposures, task order, dbt refs).
public struct Consumer: Hashable, Sendable {
    /// What kind of consumer it is.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// A dbt model (it builds a relation).
        case dbtModel
        /// A dbt snapshot (it builds a relation).
        case dbtSnapshot
        /// A dbt exposure (no SQL; depends on models).
        case dbtExposure
        /// An Airflow task.
        case airflowTask
        /// A PostgreSQL view.
        case view
        /// A PostgreSQL materialized view.
        case materializedView
        /// A dashboard declared in keel.yaml.
        case dashboard
        /// A report declared in keel.yaml.
        case report
        /// An API or service query declared in keel.yaml.
        case api
        /// A notebook declared in keel.yaml.
        case notebook
        /// An application declared in keel.yaml.
        case application
    }

    /// A stable id: `dbt:model.billing_dbt.stg_invoices`, `airflow:nightly_billing.mark_overdue`,
    /// `dashboard:Revenue overview`, `api:GET /invoices/{id}`, `view:public.active_customers`.
    public var id: String
    /// Its name as people say it.
    public var name: String
    /// What kind it is.
    public var kind: Kind
    /// Where it is defined.
    public var location: FileLocation
    /// Who owns it, when declared.
    public var owner: String?
    /// Its SQL, rendered and split.
    public var statements: [RenderedStatement]
    /// The relation it builds (`analytics.stg_invoices` for a dbt model or a view), if any.
    public var builds: String?
    /// Ids of consumers it depends on outside its SQL, sorted.
    public var dependsOn: [String]
    /// Query parameters (`$1`, …), for dashboards and APIs.
    public var parameters: [KeelConfig.Parameter]

    /// Creates a consumer.
    public init(id: String, name: String, kind: Kind, location: FileLocation, owner: String? = nil,
                statements: [RenderedStatement] = [], builds: String? = nil, dependsOn: [String] = [],
                parameters: [KeelConfig.Parameter] = []) {
        self.id = id
        self.name = name
        self.kind = kind
        self.location = location
        self.owner = owner
        self.statements = statements
        self.builds = builds
        self.dependsOn = dependsOn.sorted()
        self.parameters = parameters
    }
}

extension DbtProject {
    /// The project's models, snapshots and exposures as consumers.
    ///
    /// A model's ``Consumer/dependsOn`` lists the `dbt:` ids of the nodes it refs (sources are in its SQL).
    public var consumers: [Consumer] {
        var result: [Consumer] = []
        func file(_ relative: String) -> String { origin == .project ? FilePaths.join(path, relative) : relative }
        for node in nodes where node.resourceType != .seed {
            result.append(Consumer(
                id: "dbt:\(node.uniqueId)", name: node.name, kind: node.resourceType == .snapshot ? .dbtSnapshot : .dbtModel,
                location: FileLocation(file: file(node.path)),
                statements: node.statements, builds: node.relation?.qualifiedName,
                dependsOn: node.dependsOn.filter { !$0.hasPrefix("source.") }.map { "dbt:\($0)" }))
        }
        for exposure in exposures {
            result.append(Consumer(
                id: "dbt:\(exposure.uniqueId)", name: exposure.name, kind: .dbtExposure,
                location: FileLocation(file: file(exposure.path)),
                owner: exposure.ownerEmail ?? exposure.ownerName, dependsOn: exposure.dependsOn.map { "dbt:\($0)" }))
        }
        return result
    }
}

extension AirflowDagFolder {
    /// Every task as a consumer. A task depends on its upstream tasks and, for a dbt task, on the
    /// `dbt:` project it runs (as `dbt:project.<name>`).
    public var consumers: [Consumer] {
        var result: [Consumer] = []
        for dag in dags {
            for task in dag.tasks {
                var dependsOn = dag.upstream(of: task.taskId).map { "airflow:\(dag.dagId).\($0)" }
                dependsOn += task.dbtCommands.compactMap { $0.linkedProject.map { "dbt:project.\($0)" } }
                result.append(Consumer(
                    id: "airflow:\(dag.dagId).\(task.taskId)", name: "\(dag.dagId).\(task.taskId)", kind: .airflowTask,
                    location: task.location, statements: task.statements, dependsOn: Array(Set(dependsOn))))
            }
        }
        return result
    }
}
