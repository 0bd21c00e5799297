import KeelCore
import KeelPostgres
import PostgresNIO

/// A table of Keel's own in the target's `keel` schema (`keel.catalog_snapshots`,
/// `keel.monitor_snapshots`): created on first write, read without creating anything.
struct KeelSchemaTable: Sendable {
    /// The table's name in the `keel` schema.
    let name: String
    /// `CREATE SCHEMA IF NOT EXISTS keel` and the table's `CREATE TABLE IF NOT EXISTS`.
    let schemaStatements: [SQL]

    /// Runs `body` in one transaction, after creating the table when missing; rolls back on error.
    func write<T: Sendable>(on session: Session, _ body: (Session) async throws -> T) async throws -> T {
        try await session.execute("BEGIN")
        do {
            // Serialises the CREATE IF NOT EXISTS of concurrent first writers.
            try await session.execute("SELECT pg_advisory_xact_lock(hashtext('keel'), hashtext(\(literal: name)))")
            for statement in schemaStatements { try await session.execute(statement) }
            let result = try await body(session)
            try await session.execute("COMMIT")
            return result
        } catch {
            try? await session.execute("ROLLBACK")
            throw error
        }
    }

    /// Whether the table exists (read only).
    func exists(on session: Session) async throws -> Bool {
        try await session.one("SELECT to_regclass(\(literal: "keel." + name)) IS NOT NULL") { try $0.decode(Bool.self) }
    }
}
