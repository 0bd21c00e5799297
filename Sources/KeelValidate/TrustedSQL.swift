import KeelCore

/// Validation's only way to run text it did not build: the consumers' own SQL (dbt models, DAG
/// tasks, dashboard queries), rendered from the project, run in the throwaway sandbox.
enum TrustedSQL {
    static func consumer(_ text: String) -> SQL { SQL(trusted: text) }

    /// A plan statement Keel generated, in its in-transaction form.
    static func planStatement(_ text: String) -> SQL { SQL(trusted: text) }
}
