public import KeelCore
import PostgresNIO

/// ``FastDefaultProbe`` on a real server: a temporary empty copy of the table, the column added
/// with its default, `atthasmissing` read back, and the transaction rolled back.
public struct EmptyCopyProbe: FastDefaultProbe {
    let config: ConnectionConfig

    public init(config: ConnectionConfig) {
        self.config = config
    }

    public func addsWithoutRewrite(table: QualifiedName, type: SQL, defaultValue: SQL) async throws -> Bool {
        try await Session.with(config) { session in
            try await session.execute("BEGIN")
            do {
                try await session.execute("SET LOCAL lock_timeout = '1s'")
                try await session.execute("CREATE TEMPORARY TABLE keel_default_probe (LIKE \(table)) ON COMMIT DROP")
                try await session.execute("ALTER TABLE keel_default_probe ADD COLUMN keel_probe \(type) DEFAULT \(defaultValue)")
                let missing = try await session.one("""
                    SELECT atthasmissing FROM pg_attribute
                    WHERE attrelid = 'pg_temp.keel_default_probe'::regclass AND attname = 'keel_probe'
                    """) { try $0.decode(Bool.self) }
                try await session.execute("ROLLBACK")
                return missing
            } catch {
                try? await session.execute("ROLLBACK")
                throw error
            }
        }
    }
}
