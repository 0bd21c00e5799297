import KeelCore

/// Rollout's only way to turn text into SQL without the `SQL` interpolation's quoting.
enum TrustedSQL {
    /// Printed by the server (`pg_get_expr` of a column default, recorded when the column was
    /// retired) and read back from the `keel` schema.
    static func serverRendered(_ text: String) -> SQL { SQL(trusted: text) }
}
