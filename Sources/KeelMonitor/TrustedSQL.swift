import KeelCore

/// Drift's only way into SQL text it did not build: fragments the server printed into the
/// catalog (`format_type`, `pg_get_expr`, `pg_get_indexdef`, `pg_get_constraintdef`,
/// `pg_get_triggerdef`, `pg_get_viewdef`, `pg_get_function_identity_arguments`). Discovery read
/// them with `search_path = pg_catalog`, so every name in them is schema-qualified and quoted
/// as needed; replayed as they are, they recreate the object.
enum TrustedSQL {
    static func serverPrinted(_ text: String) -> SQL { SQL(trusted: text) }
}
