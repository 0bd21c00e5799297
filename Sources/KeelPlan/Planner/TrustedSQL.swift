import KeelCore
import KeelSQL

/// The planner's only ways to turn text into SQL without the `SQL` interpolation's quoting.
/// Each says where the text comes from and why it is safe.
enum TrustedSQL {
    /// Re-printed from a KeelSQL AST: one expression, no statement separator can survive.
    static func printed(_ expression: SQLExpression) -> SQL { SQL(trusted: SQLPrinter.print(expression)) }

    /// Re-printed from a parsed type name.
    static func printed(_ type: TypeName) -> SQL { SQL(trusted: SQLPrinter.print(type)) }

    /// Rendered by the server (`pg_get_constraintdef`, `pg_get_indexdef`) and read from the catalog.
    static func serverRendered(_ text: String) -> SQL { SQL(trusted: text) }

    /// A raw `sql` operation: the author's own migration, carried as written and marked unverifiable.
    static func authorScript(_ text: String) -> SQL { SQL(trusted: text) }

    /// A dollar-quote tag Keel generated (`$keel$`), checked not to occur in the body.
    static func dollarTag(for body: SQL) -> SQL { SQL(trusted: Patterns.dollarTag(for: body.text)) }
}
