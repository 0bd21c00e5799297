/// Turns the dashboards and APIs declared in `keel.yaml` into consumers, checking that each query parses.
public enum DashboardLoader {
    /// One consumer per dashboard or API, with one statement per query.
    /// - Returns: the consumers, in file order, and one diagnostic per query that does not parse.
    public static func consumers(_ config: KeelConfig) -> (consumers: [Consumer], diagnostics: [LineageDiagnostic]) {
        var consumers: [Consumer] = []
        var diagnostics: [LineageDiagnostic] = []
        for dashboard in config.dashboards {
            let id = "\(dashboard.kind.rawValue):\(dashboard.name)"
            var statements: [RenderedStatement] = []
            var parameters: [KeelConfig.Parameter] = []
            for query in dashboard.queries {
                // Block scalars start on the line after the `sql:` key.
                let checked = StatementCheck.statements(in: query.sql, file: query.location.file, firstLine: max(1, query.location.line),
                                                        consumer: id)
                statements += checked.statements
                diagnostics += checked.diagnostics
                parameters += query.parameters
            }
            let kind: Consumer.Kind = switch dashboard.kind {
            case .dashboard: .dashboard
            case .report: .report
            case .api: .api
            case .notebook: .notebook
            case .application: .application
            }
            consumers.append(Consumer(id: id, name: dashboard.name, kind: kind, location: dashboard.location, owner: dashboard.owner,
                                      statements: statements, parameters: parameters))
        }
        return (consumers, diagnostics)
    }
}
