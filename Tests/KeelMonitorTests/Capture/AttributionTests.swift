import Foundation
import KeelCore
import KeelMonitor
import Testing

/// Which captured DDL explains which difference, without a database: the report is built from
/// a baseline, a live catalog and log entries as `keel.ddl_log` holds them.
@Suite struct AttributionTests {
    static func entry(_ id: Int64, _ tag: String, _ type: String, _ identity: String, _ statement: String,
                      user: String = "alice", seconds: Double = 0) -> DriftReport.CapturedDDL {
        DriftReport.CapturedDDL(id: id, at: Date(timeIntervalSince1970: 1_700_000_000 + Double(id) * 10 + seconds), sessionUser: user,
                                currentUser: user, application: "psql", commandTag: tag, objectType: type,
                                objectIdentity: identity, statement: statement)
    }

    static func report(_ change: (inout Catalog.Table) throws -> Void, _ entries: [DriftReport.CapturedDDL]) throws -> DriftReport {
        let baseline = try CatalogDiffTests.catalog([try CatalogDiffTests.orders()])
        var table = try CatalogDiffTests.orders()
        try change(&table)
        let snapshot = CatalogBaseline.Snapshot(
            baseline: DriftReport.Baseline(id: 1, migrationID: nil, step: nil, recordedAt: Date(timeIntervalSince1970: 1_600_000_000),
                                           recordedBy: "test", fingerprint: baseline.fingerprint),
            catalog: baseline)
        return try DriftDetector.report(baseline: snapshot, live: try CatalogDiffTests.catalog([table]), captured: entries, captureInstalled: true)
    }

    @Test func eachTableChangeGetsTheStatementThatNamesIt() throws {
        let entries = [
            Self.entry(1, "ALTER TABLE", "table", "public.orders", "ALTER TABLE orders ADD COLUMN note text"),
            Self.entry(2, "ALTER TABLE", "table", "public.orders", "alter table orders alter column \"status\" set default 'x'", user: "bob"),
            Self.entry(3, "DROP INDEX", "index", "public.orders_status_idx", "DROP INDEX orders_status_idx"),
            Self.entry(4, "CREATE TABLE", "table", "public.other", "CREATE TABLE other (note text)"),
        ]
        let report = try Self.report({ table in
            table.columns.append(try CatalogDiffTests.column("note", 4, "text"))
            table.columns[2].default = Catalog.DefaultValue(expression: "'x'::text", volatility: .immutable)
            table.indexes.removeLast()
        }, entries)
        let byObject = Dictionary(uniqueKeysWithValues: report.differences.map { ($0.object, $0.capturedBy.map(\.id)) })
        #expect(byObject == ["public.orders.note": [1], "public.orders.status": [2], "public.orders_status_idx": [3]])
    }

    @Test func withoutAMentionEveryStatementOnTheTableCounts() throws {
        // An unnamed CHECK gets a generated name the statement never spells.
        let check = Catalog.Constraint(name: try Identifier("orders_amount_check"), kind: .check, columns: [], definition: "CHECK ((amount > (0)::numeric))")
        let entries = [Self.entry(1, "ALTER TABLE", "table", "public.orders", "ALTER TABLE orders ADD CHECK (amount > 0)")]
        let report = try Self.report({ $0.constraints.append(check) }, entries)
        #expect(report.differences.first?.capturedBy.map(\.id) == [1])
    }

    @Test func oneStatementLoggedTwiceShowsOnce() throws {
        let entries = [
            Self.entry(1, "ALTER TABLE", "table column", "public.orders.status", "ALTER TABLE orders DROP COLUMN status"),
            Self.entry(1, "ALTER TABLE", "table", "public.orders", "ALTER TABLE orders DROP COLUMN status", seconds: 0.001),
        ].enumerated().map { index, entry in
            var entry = entry
            entry.id = Int64(index + 1)
            entry.at = Date(timeIntervalSince1970: 1_700_000_000 + Double(index) * 0.001)
            return entry
        }
        let report = try Self.report({ $0.columns.removeLast() }, entries)
        #expect(report.differences.first?.capturedBy.map(\.id) == [1])
    }

    @Test func aWordInsideAnotherWordIsNotAMention() throws {
        // "id" appears inside "paid", not as a word.
        let entries = [Self.entry(1, "ALTER TABLE", "table", "public.orders", "ALTER TABLE orders ADD COLUMN paid boolean"),
                       Self.entry(2, "ALTER TABLE", "table", "public.orders", "ALTER TABLE orders ALTER id SET DATA TYPE integer")]
        let report = try Self.report({ table in
            table.columns.append(try CatalogDiffTests.column("paid", 4, "boolean"))
            table.columns[0].type = "integer"
        }, entries)
        let byObject = Dictionary(uniqueKeysWithValues: report.differences.map { ($0.object, $0.capturedBy.map(\.id)) })
        #expect(byObject == ["public.orders.paid": [1], "public.orders.id": [2]])
    }
}
