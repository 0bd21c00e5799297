import Foundation
import KeelCore

/// The human summary `keel discover` prints: counts per schema and the largest tables.
enum CatalogSummary {
    static func render(_ catalog: Catalog, elapsed: Duration, writtenTo path: String?) -> String {
        var lines: [String] = []
        let source = catalog.source
        let seconds = elapsed.seconds
        lines.append("Discovered \(source.map { "database \($0.database) on PostgreSQL \($0.serverVersion.split(separator: " ").first ?? "")" } ?? "catalog") in \(String(format: "%.2f", seconds)) s")
        lines.append("fingerprint \(catalog.fingerprint.value)")
        if let path { lines.append("wrote \(path)") }
        lines.append("")

        let counts = catalog.countsBySchema()
        let header = ["schema", "tables", "partitions", "views", "matviews", "columns", "indexes", "fks", "triggers", "sequences", "functions", "types"]
        var rows = counts.map { c in
            [c.schema, "\(c.tables)", "\(c.partitions)", "\(c.views)", "\(c.materializedViews)", "\(c.columns)",
             "\(c.indexes)", "\(c.foreignKeys)", "\(c.triggers)", "\(c.sequences)", "\(c.functions)", "\(c.types)"]
        }
        if counts.count > 1 {
            func total(_ key: KeyPath<Catalog.SchemaCounts, Int>) -> String { "\(counts.reduce(0) { $0 + $1[keyPath: key] })" }
            rows.append(["total", total(\.tables), total(\.partitions), total(\.views), total(\.materializedViews),
                         total(\.columns), total(\.indexes), total(\.foreignKeys), total(\.triggers),
                         total(\.sequences), total(\.functions), total(\.types)])
        }
        lines.append(contentsOf: Table.render(header: header, rows: rows, rightAligned: Set(1..<header.count)))

        let largest = catalog.largestTables(limit: 10)
        if !largest.isEmpty {
            lines.append("")
            lines.append("Largest tables")
            let sizeRows = largest.map { table in
                [table.qualifiedName.display, ByteFormat.string(table.stats?.totalBytes ?? 0),
                 table.stats?.rowEstimate.map { "~\($0)" } ?? "not analyzed"]
            }
            lines.append(contentsOf: Table.render(header: ["table", "total size", "rows"], rows: sizeRows, rightAligned: [1, 2]))
        }
        if !catalog.extensions.isEmpty {
            lines.append("")
            lines.append("extensions: " + catalog.extensions.map { "\($0.name) \($0.version)" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}

/// A plain text table with padded columns.
enum Table {
    static func render(header: [String], rows: [[String]], rightAligned: Set<Int> = []) -> [String] {
        let all = [header] + rows
        var widths = Array(repeating: 0, count: header.count)
        for row in all { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        return all.map { row in
            row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
                return rightAligned.contains(i) ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }
}

enum ByteFormat {
    static func string(_ bytes: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
    }
}
