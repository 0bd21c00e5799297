public import KeelCore

/// Turns the catalog's views and materialized views into consumers, their definitions run through the parser.
public enum PostgresViewLoader {
    /// One consumer per view, sorted by name, and one diagnostic per definition that does not parse.
    public static func consumers(_ catalog: Catalog, file: String = "catalog.json") -> (consumers: [Consumer], diagnostics: [LineageDiagnostic]) {
        var consumers: [Consumer] = []
        var diagnostics: [LineageDiagnostic] = []
        for view in catalog.views {
            let name = QualifiedName(schema: view.schema, name: view.name)
            let id = "view:\(name.display)"
            let checked = StatementCheck.statements(in: view.definition, file: "\(file) (\(name.display))", consumer: id)
            diagnostics += checked.diagnostics
            consumers.append(Consumer(
                id: id, name: name.display, kind: view.materialized ? .materializedView : .view,
                location: FileLocation(file: file), statements: checked.statements, builds: "\(view.schema.name).\(view.name.name)"))
        }
        return (consumers.sorted { $0.id < $1.id }, diagnostics)
    }
}
