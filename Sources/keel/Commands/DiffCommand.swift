import ArgumentParser
import Foundation
import KeelCore
import KeelPostgres
import KeelValidate

/// `keel diff`: compare the rows of two tables by key, inside PostgreSQL.
struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare the rows of two tables by key: identical, modified, added, removed, nonunique_pk.",
        discussion: """
            Within one database (--db) the tables are compared with a FULL OUTER JOIN on the key, \
            run by PostgreSQL. Across two databases (--db-a and --db-b) keel uses checksum \
            bisection: both servers checksum key-range segments, keel recurses into the segments \
            that differ and downloads only small ones. Keel's memory does not grow with table size.

            Values of different numeric types that are equal (integer 5, numeric 5.00) count as \
            identical. Rows whose key is NULL or repeated are reported as nonunique_pk.

            Exit status: 0 no differences, 1 differences found, 2 usage, configuration or \
            connection error. See docs/diff.md for the algorithm and the JSON format.

            Examples:
              keel diff orders orders_v2 --key id --db postgres://app@db.internal/shop
              keel diff public.line_items audit.line_items --key order_id,line_no --columns amount,sku --json
              keel diff orders orders --key id --db-a postgres://app@primary/shop --db-b postgres://app@replica/shop
              keel diff events events_backfill --key id --limit 100
            """)

    @Argument(help: ArgumentHelp("The first table (A), as table or schema.table.", valueName: "table-a"))
    var tableA: String

    @Argument(help: ArgumentHelp("The second table (B), as table or schema.table.", valueName: "table-b"))
    var tableB: String

    @Option(name: .long, help: ArgumentHelp("The columns that identify a row in both tables (comma-separated).", valueName: "cols"))
    var key: String

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .customLong("db-a"), help: ArgumentHelp("The database of table A, when the tables are in two databases.", valueName: "url"))
    var databaseA: String?

    @Option(name: .customLong("db-b"), help: ArgumentHelp("The database of table B, when the tables are in two databases.", valueName: "url"))
    var databaseB: String?

    @Option(name: .long, help: ArgumentHelp("Compare only these non-key columns (comma-separated). Default: every column both tables have.", valueName: "cols"))
    var columns: String?

    @Option(name: .long, help: ArgumentHelp("Stop after this many differing rows; counts are then lower bounds.", valueName: "n"))
    var limit: Int?

    @Option(name: .long, help: ArgumentHelp("Sample rows to show per status.", valueName: "n"))
    var samples = 10

    @Option(name: .long, help: ArgumentHelp("auto (join in one database, bisection across two), join or bisection.", valueName: "name"))
    var algorithm: String = "auto"

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if connection.database != nil && (databaseA != nil || databaseB != nil) {
            throw ValidationError("use either --db, or --db-a and --db-b, not both")
        }
        if (databaseA == nil) != (databaseB == nil) {
            throw ValidationError("--db-a and --db-b go together; for one database use --db")
        }
        if let limit, limit < 1 { throw ValidationError("--limit must be a positive number") }
        if samples < 0 { throw ValidationError("--samples must be 0 or more") }
        if DataDiff.AlgorithmChoice(rawValue: algorithm) == nil {
            throw ValidationError("--algorithm must be one of \(DataDiff.AlgorithmChoice.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        let a = try TableReference(parsing: tableA)
        let b = try TableReference(parsing: tableB)
        let options = DataDiff.Options(
            key: try ColumnList.parse(key), columns: try columns.map { text throws(DiffError) in try ColumnList.parse(text) },
            limit: limit, sampleLimit: samples, algorithm: DataDiff.AlgorithmChoice(rawValue: algorithm) ?? .auto)
        let diff = DataDiff(options: options)
        let started = ContinuousClock.now
        let report: DiffReport
        if let databaseA, let databaseB {
            let resolver = ConnectionResolver.process
            report = try await diff.diff(a, in: try resolver.resolve(databaseA), b, in: try resolver.resolve(databaseB))
        } else {
            report = try await diff.diff(a, b, in: try connection.resolve())
        }
        if output.json {
            Terminal.stdout(data: try CanonicalJSON.encode(report))
        } else {
            Terminal.stdout(DiffText.render(report, elapsed: ContinuousClock.now - started))
        }
        if report.hasDifferences { throw ExitCode(ExitStatus.findings.rawValue) }
    }
}

/// The text summary of a ``DiffReport``.
enum DiffText {
    static func render(_ report: DiffReport, elapsed: Duration) -> String {
        var lines: [String] = []
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        lines.append("A: \(report.a.table.display) (\(report.a.rows.map(String.init) ?? "?") rows)")
        lines.append("B: \(report.b.table.display) (\(report.b.rows.map(String.init) ?? "?") rows)")
        lines.append("key: \(report.key.map(\.display).joined(separator: ", ")); \(report.columns.count) column(s) compared by \(report.algorithm.rawValue) in \(String(format: "%.2f", seconds)) s")
        if !report.columnsOnlyInA.isEmpty { lines.append("only in A (not compared): \(report.columnsOnlyInA.map(\.display).joined(separator: ", "))") }
        if !report.columnsOnlyInB.isEmpty { lines.append("only in B (not compared): \(report.columnsOnlyInB.map(\.display).joined(separator: ", "))") }
        lines.append("")
        let c = report.counts
        lines.append("  identical     \(c.identical.map(String.init) ?? "?")")
        lines.append("  modified      \(c.modified)")
        lines.append("  added         \(c.added)")
        lines.append("  removed       \(c.removed)")
        lines.append("  nonunique_pk  \(c.nonuniquePK)")
        if !report.complete, let limit = report.limit {
            lines.append("stopped after \(limit) differing rows (--limit): counts are lower bounds")
        }
        let mismatched = report.columnResults.filter { $0.mismatches > 0 }
        if !mismatched.isEmpty {
            lines.append("")
            lines.append("columns that differ:")
            for column in mismatched {
                let rate = column.matchRate.map { String(format: "%.4f%% match", $0 * 100) } ?? "\(column.mismatches) mismatches"
                let types = column.typeA == column.typeB ? column.typeA : "\(column.typeA) → \(column.typeB)"
                lines.append("  \(column.column.display) (\(types)): \(column.mismatches) rows, \(rate)")
            }
        }
        if !report.samples.isEmpty {
            lines.append("")
            lines.append("samples:")
            for sample in report.samples {
                let key = sample.key.map { $0 ?? "NULL" }.joined(separator: ", ")
                var line = "  \(sample.status.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) (\(key))"
                if !sample.changes.isEmpty {
                    line += " " + sample.changes.map { "\($0.column.display): \($0.a ?? "NULL") → \($0.b ?? "NULL")" }.joined(separator: "; ")
                }
                if sample.status == .nonuniquePK {
                    line += " rows in A: \(sample.rowsInA.map(String.init) ?? "?"), in B: \(sample.rowsInB.map(String.init) ?? "?")"
                }
                lines.append(line)
            }
        }
        lines.append("")
        lines.append(report.hasDifferences ? "differences found" : "no differences")
        return lines.joined(separator: "\n")
    }
}
