import KeelCore
import KeelPostgres
import PostgresNIO

/// Session set-up and cursor streaming shared by both diff algorithms.
enum DiffSession {
    /// Fixes every setting that changes how values print, so equal values give equal text on both
    /// sides (timestamps in UTC, ISO dates, hex bytea, shortest exact floats). One round trip.
    static func prepare(_ session: Session) async throws {
        try await session.execute("""
            SELECT pg_catalog.set_config('TimeZone', 'UTC', false),
                   pg_catalog.set_config('DateStyle', 'ISO, YMD', false),
                   pg_catalog.set_config('IntervalStyle', 'postgres', false),
                   pg_catalog.set_config('extra_float_digits', '1', false),
                   pg_catalog.set_config('bytea_output', 'hex', false)
            """)
    }

    /// Runs `query` through a server-side cursor inside the current transaction, `batch` rows per
    /// round trip, so memory stays bounded whatever the result size. `handle` returns false to
    /// stop early (the rest of the query is never computed).
    /// - Returns: whether the cursor was read to its end.
    static func stream<T>(
        _ session: Session, _ query: SQL, batch: Int = 1000,
        decode: (PostgresRow) throws -> T, handle: (T) throws -> Bool
    ) async throws -> Bool {
        try await session.execute("SET LOCAL cursor_tuple_fraction = 1")
        try await session.execute("DECLARE keel_diff_cursor NO SCROLL CURSOR FOR \(query)")
        var finished = false
        reading: while true {
            let rows = try await session.collect("FETCH FORWARD \(literal: batch) FROM keel_diff_cursor", decode)
            for row in rows {
                if try !handle(row) { break reading }
            }
            if rows.count < batch { finished = true; break }
        }
        try await session.execute("CLOSE keel_diff_cursor")
        return finished
    }

    /// Runs `body` inside a REPEATABLE READ transaction (one snapshot for every query), rolled
    /// back afterwards: the diff only reads.
    static func inSnapshot<T: Sendable>(_ session: Session, snapshot: String? = nil, _ body: () async throws -> T) async throws -> T {
        try await session.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        do {
            if let snapshot { try await session.execute("SET TRANSACTION SNAPSHOT \(literal: snapshot)") }
            let result = try await body()
            try await session.execute("ROLLBACK")
            return result
        } catch {
            try? await session.execute("ROLLBACK")
            throw error
        }
    }

    /// Runs `body` under a savepoint of the caller's open transaction, rolled back to afterwards
    /// (the diff only reads; its temporary views and `SET LOCAL`s go with it), also on error, so
    /// the caller's transaction stays usable.
    static func inSavepoint<T: Sendable>(_ session: Session, _ body: () async throws -> T) async throws -> T {
        try await session.execute("SAVEPOINT keel_diff")
        do {
            let result = try await body()
            try await session.execute("ROLLBACK TO SAVEPOINT keel_diff")
            try await session.execute("RELEASE SAVEPOINT keel_diff")
            return result
        } catch {
            try? await session.execute("ROLLBACK TO SAVEPOINT keel_diff")
            try? await session.execute("RELEASE SAVEPOINT keel_diff")
            throw error
        }
    }

    /// Reads every column of a row as optional text.
    static func texts(_ row: PostgresRow) throws -> [String?] {
        var values: [String?] = []
        for cell in row {
            values.append(try cell.decode(String?.self))
        }
        return values
    }
}
