import Foundation
public import KeelCore
public import KeelPostgres

/// Stage 6, drift: compares a database's live catalog with the baseline recorded in its `keel`
/// schema and explains every difference (see ``DriftReport``).
///
/// Discovery stays in the face: pass the live catalog read with `Discoverer`. The `keel` schema
/// is left out on both sides, so Keel's own bookkeeping is never drift.
public enum DriftDetector {
    /// Compares `live` with the newest baseline and attributes the differences to captured DDL.
    /// Read only: creates nothing.
    /// - Parameters:
    ///   - live: The database's catalog, read just now.
    ///   - session: A session on the same database.
    ///   - environment: The environment's name, recorded in the report.
    /// - Returns: The report; ``DriftReport/drifted`` says whether anything differs.
    /// - Throws: ``MonitorError/noBaseline(database:)`` when no baseline was ever recorded.
    public static func check(live: Catalog, on session: Session, environment: String? = nil) async throws -> DriftReport {
        guard let snapshot = try await CatalogBaseline.latest(on: session) else {
            throw MonitorError.noBaseline(database: session.config.database)
        }
        let installed = try await DDLCapture.isInstalled(on: session)
        let captured: [DriftReport.CapturedDDL]
        do {
            captured = try await DDLCapture.entries(after: snapshot.baseline.recordedAt, on: session)
        } catch PostgresLayerError.server(sqlState: "42501", _, _, _, _) {
            // A role that may read the baseline but not the DDL log still gets the differences.
            captured = []
        }
        return try report(baseline: snapshot, live: live, captured: captured, captureInstalled: installed, environment: environment)
    }

    /// Connects with `config`, checks, and closes (see ``check(live:on:environment:)``).
    public static func check(live: Catalog, config: ConnectionConfig, environment: String? = nil) async throws -> DriftReport {
        try await Session.with(config) { session in try await check(live: live, on: session, environment: environment) }
    }

    /// The report for a baseline and a live catalog, without a database (pure).
    /// - Parameters:
    ///   - baseline: The recorded baseline.
    ///   - live: The live catalog; its `keel` schema is left out.
    ///   - captured: Captured DDL logged after the baseline, to attribute differences to.
    ///   - captureInstalled: Whether capture is installed, for the report.
    ///   - environment: The environment's name, for the report.
    public static func report(baseline: CatalogBaseline.Snapshot, live: Catalog, captured: [DriftReport.CapturedDDL] = [],
                              captureInstalled: Bool = false, environment: String? = nil) throws -> DriftReport {
        let expected = try baseline.catalog.excludingKeelSchema()
        let actual = try live.excludingKeelSchema()
        var differences = expected.fingerprint == actual.fingerprint ? [] : CatalogDiff.differences(from: expected, to: actual)
        Attribution.attach(captured, to: &differences)
        return DriftReport(environment: environment, baseline: baseline.baseline, liveFingerprint: actual.fingerprint,
                           checkedAt: live.source?.discoveredAt ?? Date(), captureInstalled: captureInstalled, differences: differences)
    }
}
