import KeelCore

/// The agent's only way to run text it did not build.
enum TrustedSQL {
    /// A statement that passed ``ReadOnlyQuery/check(_:)`` (one SELECT or EXPLAIN, no denied
    /// keyword or function), run inside a READ ONLY transaction that is rolled back.
    static func checkedQuery(_ text: String) -> SQL { SQL(trusted: text) }
}
