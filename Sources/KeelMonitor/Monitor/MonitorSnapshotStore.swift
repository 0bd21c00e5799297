import Foundation
public import KeelCore
public import KeelPostgres
import PostgresNIO

/// The "before" of `keel monitor`, stored in the target itself: `keel.monitor_snapshots`, one row
/// per plan and environment (see ``KeelSchemaTable``, shared with the drift baselines).
public enum MonitorSnapshotStore {
    static let table = KeelSchemaTable(name: "monitor_snapshots", schemaStatements: [
        "CREATE SCHEMA IF NOT EXISTS keel",
        """
        CREATE TABLE IF NOT EXISTS keel.monitor_snapshots (
          plan_hash text NOT NULL,
          environment text NOT NULL,
          taken_at timestamptz NOT NULL DEFAULT clock_timestamp(),
          taken_by text NOT NULL,
          source text NOT NULL,
          snapshot text NOT NULL,
          PRIMARY KEY (plan_hash, environment))
        """,
    ])

    /// A stored snapshot with its row.
    public struct Stored: Sendable {
        public var info: MonitorReport.SnapshotInfo
        public var snapshot: MonitorSnapshot
    }

    /// Where a snapshot comes from: the rollout's start keeps the first one (a resumed start must
    /// not replace the real "before"); `keel monitor snapshot` replaces it on purpose.
    public enum Source: String, Sendable {
        case rolloutStart = "rollout start"
        case manual = "keel monitor snapshot"
    }

    /// Reads the scope of `plan` now and stores it as the plan's "before" in `environment`.
    /// - Returns: The stored row, or nil when a rollout start found one already there.
    @discardableResult
    public static func take(plan: MigrationPlan, environment: String, thresholds: MonitorThresholds = .defaults, source: Source,
                            operator operatorName: String, on session: Session) async throws -> Stored? {
        let snapshot = try await MonitorStats.read(MonitorScope(plan: plan), thresholds: thresholds, on: session)
        let json = String(decoding: try CanonicalJSON.encodeCompact(snapshot), as: UTF8.self)
        let conflict: SQL = source == .manual
            ? "DO UPDATE SET taken_at = excluded.taken_at, taken_by = excluded.taken_by, source = excluded.source, snapshot = excluded.snapshot"
            : "DO NOTHING"
        return try await table.write(on: session) { session in
            var binds = PostgresBindings()
            binds.append(plan.hash.description)
            binds.append(environment)
            binds.append(operatorName)
            binds.append(source.rawValue)
            binds.append(json)
            let rows = try await session.collect("""
                INSERT INTO keel.monitor_snapshots (plan_hash, environment, taken_by, source, snapshot)
                VALUES ($1, $2, $3, $4, $5) ON CONFLICT (plan_hash, environment) \(conflict) RETURNING taken_at
                """, binds: binds) { try $0.decode(Date.self) }
            return rows.first.map { Stored(info: .init(takenAt: $0, takenBy: operatorName, source: source.rawValue), snapshot: snapshot) }
        }
    }

    /// Connects with `config`, takes and stores the snapshot, and closes.
    @discardableResult
    public static func take(plan: MigrationPlan, environment: String, thresholds: MonitorThresholds = .defaults, source: Source,
                            operator operatorName: String, config: ConnectionConfig) async throws -> Stored? {
        try await Session.with(config) { session in
            try await take(plan: plan, environment: environment, thresholds: thresholds, source: source, operator: operatorName, on: session)
        }
    }

    /// The plan's stored "before" in `environment`, or nil. Read only: creates nothing.
    /// - Throws: ``MonitorError/snapshotUnreadable(plan:environment:reason:)`` when it cannot be decoded.
    public static func stored(plan: ContentHash, environment: String, on session: Session) async throws -> Stored? {
        guard try await table.exists(on: session) else { return nil }
        var binds = PostgresBindings()
        binds.append(plan.description)
        binds.append(environment)
        let rows = try await session.collect("""
            SELECT taken_at, taken_by, source, snapshot FROM keel.monitor_snapshots WHERE plan_hash = $1 AND environment = $2
            """, binds: binds) { try $0.decode((Date, String, String, String).self) }
        guard let (takenAt, takenBy, source, json) = rows.first else { return nil }
        let snapshot: MonitorSnapshot
        do {
            snapshot = try CanonicalJSON.decode(MonitorSnapshot.self, from: Data(json.utf8))
        } catch {
            throw MonitorError.snapshotUnreadable(plan: plan.short, environment: environment, reason: "\(error)")
        }
        guard snapshot.formatVersion <= MonitorSnapshot.currentFormatVersion else {
            throw MonitorError.snapshotUnreadable(plan: plan.short, environment: environment,
                                                  reason: "it was written by a newer keel (format \(snapshot.formatVersion))")
        }
        return Stored(info: .init(takenAt: takenAt, takenBy: takenBy, source: source), snapshot: snapshot)
    }
}
