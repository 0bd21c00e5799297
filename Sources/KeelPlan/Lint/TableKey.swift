import KeelCore
import KeelSQL

/// A schema-qualified relation name as PostgreSQL stores it (case already folded by the parser).
struct TableKey: Hashable, Sendable, Comparable {
    var schema: String
    var name: String

    /// `schema.name`, quoting parts only where PostgreSQL needs it.
    var display: String { SQLPrinter.identifier(schema) + "." + SQLPrinter.identifier(name) }

    /// `schema.table.column` for a column of this relation.
    func display(column: String) -> String { display + "." + SQLPrinter.identifier(column) }

    init(schema: String, name: String) {
        self.schema = schema
        self.name = name
    }

    init(_ name: QualifiedName) {
        self.init(schema: name.schema.name, name: name.name.name)
    }

    static func < (lhs: Self, rhs: Self) -> Bool { (lhs.schema, lhs.name) < (rhs.schema, rhs.name) }
}
