import Foundation
public import KeelCore
public import KeelPostgres
import PostgresNIO

/// The catalog Keel expects a database to have, stored in the database itself, in
/// `keel.catalog_snapshots`: one row per recording, the newest is the baseline `keel drift` checks.
///
/// `keel rollout` records one after every command that ran or undid steps (with the rollout's
/// id and last step); `keel drift record` records one by hand. The stored catalog never
/// includes the `keel` schema itself.
public enum CatalogBaseline {
    /// A recorded baseline: its row and the catalog it holds.
    public struct Snapshot: Sendable {
        public var baseline: DriftReport.Baseline
        /// The recorded catalog, without the `keel` schema.
        public var catalog: Catalog

        public init(baseline: DriftReport.Baseline, catalog: Catalog) {
            self.baseline = baseline
            self.catalog = catalog
        }
    }

    static let table = KeelSchemaTable(name: "catalog_snapshots", schemaStatements: schemaStatements)

    /// `migration_id` is `keel.migrations.id` (no foreign key: a database Keel never migrated has no
    /// `keel.migrations`); `catalog` is compact canonical catalog.json.
    static let schemaStatements: [SQL] = [
        "CREATE SCHEMA IF NOT EXISTS keel",
        """
        CREATE TABLE IF NOT EXISTS keel.catalog_snapshots (
          id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          migration_id bigint,
          step text,
          recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
          fingerprint text NOT NULL,
          catalog text NOT NULL,
          recorded_by text NOT NULL)
        """,
    ]

    /// Records `catalog` as the database's new baseline.
    ///
    /// Creates `keel.catalog_snapshots` when missing. The `keel` schema is left out of what is
    /// stored, so a catalog straight from discovery can be passed.
    /// - Parameters:
    ///   - catalog: The database's catalog, read just now (`Discoverer.discover`).
    ///   - session: A session on that database, allowed to create in the `keel` schema.
    ///   - migrationID: The rollout (`keel.migrations.id`) it follows; nil when recorded by hand.
    ///   - step: The last step that rollout ran or undid, e.g. `expand.3`.
    ///   - operatorName: Who records it.
    /// - Returns: The stored row.
    @discardableResult
    public static func record(catalog: Catalog, on session: Session, migrationID: Int64? = nil, step: String? = nil,
                              operator operatorName: String) async throws -> DriftReport.Baseline {
        let stored = try catalog.excludingKeelSchema()
        let json = String(decoding: try CanonicalJSON.encodeCompact(stored), as: UTF8.self)
        return try await table.write(on: session) { session in
            var binds = PostgresBindings()
            binds.append(migrationID)
            binds.append(step)
            binds.append(stored.fingerprint.description)
            binds.append(json)
            binds.append(operatorName)
            let (id, recordedAt) = try await session.one(
                """
                INSERT INTO keel.catalog_snapshots (migration_id, step, fingerprint, catalog, recorded_by)
                VALUES ($1, $2, $3, $4, $5) RETURNING id, recorded_at
                """, binds: binds) { try $0.decode((Int64, Date).self) }
            return DriftReport.Baseline(id: id, migrationID: migrationID, step: step, recordedAt: recordedAt,
                                        recordedBy: operatorName, fingerprint: stored.fingerprint)
        }
    }

    /// Connects with `config`, records, and closes (see ``record(catalog:on:migrationID:step:operator:)``).
    @discardableResult
    public static func record(catalog: Catalog, config: ConnectionConfig, migrationID: Int64? = nil, step: String? = nil,
                              operator operatorName: String) async throws -> DriftReport.Baseline {
        try await Session.with(config) { session in
            try await record(catalog: catalog, on: session, migrationID: migrationID, step: step, operator: operatorName)
        }
    }

    /// The newest baseline, or nil when none was ever recorded. Read only: creates nothing.
    /// - Throws: ``MonitorError/baselineUnreadable(id:reason:)`` when the stored catalog cannot be decoded.
    public static func latest(on session: Session) async throws -> Snapshot? {
        guard try await table.exists(on: session) else { return nil }
        let rows = try await session.collect(
            """
            SELECT id, migration_id, step, recorded_at, recorded_by, catalog
            FROM keel.catalog_snapshots ORDER BY id DESC LIMIT 1
            """) { try $0.decode((Int64, Int64?, String?, Date, String, String).self) }
        guard let (id, migrationID, step, recordedAt, recordedBy, json) = rows.first else { return nil }
        let catalog: Catalog
        do {
            catalog = try Catalog.decode(Data(json.utf8), path: "keel.catalog_snapshots #\(id)")
        } catch {
            throw MonitorError.baselineUnreadable(id: id, reason: error.message)
        }
        // The stored catalog carries the fingerprint the `fingerprint` column repeats for SQL readers.
        let baseline = DriftReport.Baseline(id: id, migrationID: migrationID, step: step, recordedAt: recordedAt,
                                            recordedBy: recordedBy, fingerprint: catalog.fingerprint)
        return Snapshot(baseline: baseline, catalog: catalog)
    }

    /// Connects with `config` and reads the newest baseline (see ``latest(on:)``).
    public static func latest(config: ConnectionConfig) async throws -> Snapshot? {
        try await Session.with(config) { session in try await latest(on: session) }
    }
}
