public import KeelCore
import KeelSQL

/// Rows the sandbox holds whatever the sample draws: those a parameterised query's example values
/// select. `GET /invoices/{id}` replayed with id 42 compares two empty results unless invoice 42
/// made it into the sandbox.
public struct PinnedRows: Sendable, Hashable {
    public var table: QualifiedName
    public var column: Identifier
    /// The values as text; PostgreSQL reads each as the column's type.
    public var values: [String]

    public init(table: QualifiedName, column: Identifier, values: [String]) {
        self.table = table
        self.column = column
        self.values = values
    }
}

extension PinnedRows {
    /// Every `column = $n` conjunct of a query's top-level WHERE whose column belongs to a table
    /// of the catalog and whose parameter has an example, merged per table and column.
    public static func pins(for workload: Workload, catalog: Catalog) -> [PinnedRows] {
        var values: [TableColumn: Set<String>] = [:]
        let binder = Binder(schema: CatalogSchema(catalog))
        for item in workload.items where item.kind == .query && !item.examples.isEmpty {
            guard let sql = item.statements.first,
                  case .query(let query)? = Parser.parse(sql).statements.first?.kind else { continue }
            let bound = binder.bind(query)
            guard case .select(let select) = bound.query.body, let condition = select.where else { continue }
            for (reference, parameter) in equalities(condition) {
                guard let example = item.examples[parameter],
                      let alias = reference.table?.value, case .table(let identity, _)? = bound.scope.source(alias)?.kind,
                      let name = try? QualifiedName(schema: identity.schema ?? "public", name: identity.name),
                      let table = catalog.table(name),
                      let column = table.columns.first(where: { $0.name.name == reference.column.value }) else { continue }
                values[TableColumn(table: name, column: column.name), default: []].insert(example)
            }
        }
        return values.map { PinnedRows(table: $0.key.table, column: $0.key.column, values: $0.value.sorted()) }
            .sorted { ($0.table, $0.column.name) < ($1.table, $1.column.name) }
    }

    private struct TableColumn: Hashable {
        var table: QualifiedName
        var column: Identifier
    }

    /// `column = $n` (either way round, through parentheses and casts) under a chain of ANDs.
    static func equalities(_ expression: SQLExpression) -> [(ColumnRef, Int)] {
        switch expression.kind {
        case .nested(let inner):
            return equalities(inner)
        case .binary(let op, let left, let right) where op == "AND":
            return equalities(left) + equalities(right)
        case .binary("=", let left, let right):
            if let column = column(left), let parameter = parameter(right) { return [(column, parameter)] }
            if let column = column(right), let parameter = parameter(left) { return [(column, parameter)] }
            return []
        default:
            return []
        }
    }

    private static func column(_ expression: SQLExpression) -> ColumnRef? {
        switch expression.kind {
        case .column(let reference): reference
        case .nested(let inner): column(inner)
        default: nil
        }
    }

    private static func parameter(_ expression: SQLExpression) -> Int? {
        switch expression.kind {
        case .parameter(.positional(let number)): number
        case .nested(let inner): parameter(inner)
        case .cast(let cast): parameter(cast.value)
        default: nil
        }
    }
}
