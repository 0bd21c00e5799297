import ArgumentParser
import Foundation
import KeelCore
import KeelSQL

extension LineageCommand {
    /// `keel lineage sql`: per-statement column lineage of a SQL script.
    struct Sql: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sql",
            abstract: "Column lineage of each statement in a SQL file.",
            discussion: """
                Parses the script (PostgreSQL, tolerant of warehouse syntax found in dbt models), binds \
                every name against the metadata, and prints for each statement its target, each target \
                column's sources (DIRECT: IDENTITY, TRANSFORMATION, AGGREGATION; INDIRECT: JOIN, FILTER, \
                GROUP_BY, SORT, WINDOW, CONDITIONAL) and its statement-level INDIRECT uses. Tables and \
                views the script creates are usable by later statements.

                Metadata comes from a catalog.json (keel discover) or a schema map, a JSON object \
                {"schema.table": ["column", …]}. Without either, columns are still traced, but `*` \
                over an unknown table cannot be expanded.

                Exit status: 0 success, 1 a statement has an error diagnostic (unparseable SQL, unknown \
                or ambiguous column), 2 usage error, unreadable file or malformed metadata.

                Examples:
                  keel lineage sql model.sql --catalog catalog.json --json
                  keel lineage sql migration.sql --schema-map tables.json --default-schema analytics
                  echo "INSERT INTO t (c) SELECT a FROM s WHERE k > 0" | keel lineage sql -
                """)

        @Argument(help: ArgumentHelp("The SQL file; - or nothing reads standard input.", valueName: "file"))
        var file: String?

        @Option(name: .long, help: ArgumentHelp("Table metadata from keel discover.", valueName: "catalog.json"))
        var catalog: String?

        @Option(name: .long, help: ArgumentHelp(#"Table metadata as {"schema.table": ["column", …]}."#, valueName: "map.json"))
        var schemaMap: String?

        @Option(name: .long, help: ArgumentHelp("The schema of unqualified names (a comma-separated search path also works).", valueName: "schema"))
        var defaultSchema = "public"

        @OptionGroup var output: OutputOptions

        func validate() throws {
            if catalog != nil && schemaMap != nil {
                throw ValidationError("use either --catalog or --schema-map, not both")
            }
            if searchPath.isEmpty {
                throw ValidationError("--default-schema needs a schema name")
            }
        }

        var searchPath: [String] {
            defaultSchema.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }

        func run() async throws {
            let text = try readInput()
            let schema = try loadSchema()
            let report = LineageAnalyzer(schema: schema, searchPath: searchPath).analyze(text)
            if output.json {
                Terminal.stdout(data: try CanonicalJSON.encode(report))
            } else {
                Terminal.stdout(LineageSummary.render(report))
            }
            if report.hasErrors { throw ExitCode(ExitStatus.findings.rawValue) }
        }

        func readInput() throws -> String {
            guard let file, file != "-" else {
                let data = FileHandle.standardInput.readDataToEndOfFile()
                return String(decoding: data, as: UTF8.self)
            }
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
                throw LineageSqlError.unreadableFile(path: file, reason: (error as NSError).localizedDescription)
            }
            return String(decoding: data, as: UTF8.self)
        }

        func loadSchema() throws -> any SchemaProvider {
            if let catalog {
                return CatalogSchema(try Catalog.read(from: URL(fileURLWithPath: catalog)))
            }
            if let schemaMap {
                let data: Data
                do { data = try Data(contentsOf: URL(fileURLWithPath: schemaMap)) } catch {
                    throw LineageSqlError.unreadableFile(path: schemaMap, reason: (error as NSError).localizedDescription)
                }
                return try SchemaMap.decode(data, path: schemaMap)
            }
            return SchemaMap([:])
        }
    }
}

/// Failures of `keel lineage sql` itself.
enum LineageSqlError: KeelError {
    case unreadableFile(path: String, reason: String)

    var code: String {
        switch self {
        case .unreadableFile: "cli.unreadable-file"
        }
    }

    var message: String {
        switch self {
        case .unreadableFile(let path, let reason): "cannot read \(path): \(reason)"
        }
    }

    var hint: String? {
        switch self {
        case .unreadableFile: "check the path, or pass - to read standard input"
        }
    }
}

/// The human summary of `keel lineage sql`: one block per statement that reads or writes columns.
enum LineageSummary {
    static func render(_ report: LineageReport) -> String {
        var lines: [String] = []
        for statement in report.statements {
            let quiet = statement.columns.isEmpty && statement.indirect.isEmpty && statement.diagnostics.isEmpty
            if quiet && statement.target == nil { continue }
            var header = "[\(statement.index)] \(statement.kind)"
            if let target = statement.target { header += " → \(target)" }
            lines.append(header)
            for column in statement.columns {
                let sources = column.sources.map { "\($0.table).\($0.column) (\($0.type.rawValue) \($0.subtype.rawValue))" }
                lines.append("  \(column.name) ← " + (sources.isEmpty ? "(no source columns)" : sources.joined(separator: ", ")))
            }
            if !statement.indirect.isEmpty {
                let uses = statement.indirect.map { "\($0.table).\($0.column) (\($0.subtype.rawValue))" }
                lines.append("  indirect: " + uses.joined(separator: ", "))
            }
            for diagnostic in statement.diagnostics {
                lines.append("  \(diagnostic.severity.rawValue) line \(diagnostic.line), column \(diagnostic.column): \(diagnostic.message) [\(diagnostic.code)]")
            }
        }
        let errors = report.statements.reduce(0) { $0 + $1.diagnostics.filter { $0.severity == .error }.count }
        lines.append("\(report.statements.count) statement(s), \(errors) error(s)")
        return lines.joined(separator: "\n")
    }
}
