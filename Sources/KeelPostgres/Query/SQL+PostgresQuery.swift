public import KeelCore
public import PostgresNIO

// The one place where Keel's `SQL` text becomes a driver query. `SQL` is safe by construction
// (identifiers quoted, literals escaped), so handing its text over as-is is sound.
extension PostgresQuery {
    /// A query from Keel-built SQL text plus bind parameters for its `$n` placeholders.
    public init(_ sql: SQL, binds: PostgresBindings = PostgresBindings()) {
        self.init(unsafeSQL: sql.text, binds: binds)
    }
}
