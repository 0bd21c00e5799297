import ArgumentParser
import Foundation
import KeelCore
import KeelLineage
import KeelSQL

extension LineageCommand {
    /// `keel lineage classify`: is a change to one model breaking for what reads it?
    struct Classify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "classify",
            abstract: "Classify a change to one model's SQL: non_breaking, partial_breaking, breaking or unknown.",
            discussion: """
                Compares the old and the new version of one model's query, clause by clause and column by \
                column, in the sense Recce and SQLMesh use:
                  non_breaking      only columns were added;
                  partial_breaking  columns were modified or removed: only what reads them is affected;
                  breaking          a source, join, filter, grouping, DISTINCT, LIMIT or CTE changed: every row may change;
                  unknown           a version does not parse or is not one query.
                The output names each changed column (added, removed, modified) and why. Raw dbt models \
                work too: ref() and source() become relation names, config() and is_incremental() blocks go.

                With --lineage it also lists the downstream columns and consumers the change affects \
                (the model is --model, or the dbt model named like the new file).

                Exit status: 0 non_breaking, 1 partial_breaking, breaking or unknown (something \
                downstream may change), 2 usage error or unreadable file.

                Examples:
                  keel lineage classify --old main/stg_invoices.sql --new models/stg_invoices.sql
                  keel lineage classify --old old.sql --new new.sql --schema-map tables.json --json
                  keel lineage classify --old old.sql --new fct_invoice_revenue.sql --lineage lineage.json
                """)

        @Option(name: .long, help: ArgumentHelp("The model's SQL before the change.", valueName: "OLD.sql"))
        var old: String

        @Option(name: .long, help: ArgumentHelp("The model's SQL after the change.", valueName: "NEW.sql"))
        var new: String

        @Option(name: .long, help: ArgumentHelp(#"Table metadata as {"schema.table": ["column", …]}."#, valueName: "map.json"))
        var schemaMap: String?

        @Option(name: .long, help: ArgumentHelp("Table metadata from keel discover.", valueName: "catalog.json"))
        var catalog: String?

        @Option(name: .long, help: ArgumentHelp("A lineage graph: list what the change affects downstream.", valueName: "lineage.json"))
        var lineage: String?

        @Option(name: .long, help: ArgumentHelp("With --lineage: the model's relation or consumer id (default: the model named like NEW.sql).",
                                                valueName: "name"))
        var model: String?

        @Option(name: .long, help: ArgumentHelp("Schemas for unqualified names (comma-separated).", valueName: "schema"))
        var defaultSchema = "public"

        @OptionGroup var output: OutputOptions

        func validate() throws {
            if schemaMap != nil && catalog != nil { throw ValidationError("use either --schema-map or --catalog, not both") }
            if model != nil && lineage == nil { throw ValidationError("--model applies only with --lineage") }
        }

        func run() async throws {
            let oldText = try Self.read(old)
            let newText = try Self.read(new)
            let graph = try lineage.map { try LineageGraph.load(path: $0) }
            let searchPath = defaultSchema.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            var refs: [String: String] = [:]
            if let graph {
                for consumer in graph.consumers where consumer.kind == .dbtModel || consumer.kind == .dbtSnapshot {
                    if let builds = consumer.builds { refs[consumer.name] = graph.relations[builds].name }
                }
            }
            let classifier = ChangeClassifier(schema: try schema(graph), searchPath: searchPath.isEmpty ? ["public"] : searchPath, refs: refs)
            var result = classifier.classify(old: oldText, new: newText)
            var note: String?
            if let graph {
                let index = LineageIndex(graph)
                if let relation = Self.relation(of: model ?? Self.stem(new), in: graph, index: index) {
                    result = ChangeClassifier.withAffected(result, relation: relation, analyzer: ImpactAnalyzer(index: index, searchPath: searchPath))
                } else {
                    note = "no model named \(model ?? Self.stem(new)) in \(lineage ?? "the lineage graph"); pass --model schema.table"
                }
            }
            if output.json {
                Terminal.stdout(data: try CanonicalJSON.encode(result))
            } else {
                Terminal.stdout(Self.text(result))
            }
            if let note { Terminal.stderr("note: \(note)") }
            if result.category != .nonBreaking { throw ExitCode(ExitStatus.findings.rawValue) }
        }

        func schema(_ graph: LineageGraph?) throws -> any SchemaProvider {
            if let schemaMap {
                return try SchemaMap.decode(Data(contentsOf: URL(fileURLWithPath: try Self.existing(schemaMap))), path: schemaMap)
            }
            if let catalog { return CatalogSchema(try Catalog.read(from: URL(fileURLWithPath: catalog))) }
            guard let graph else { return SchemaMap([:]) }
            var tables: [String: [String]] = [:]
            for relation in graph.relations where !relation.columns.contains("*") && relation.kind != .temporary {
                tables[relation.name.replacingOccurrences(of: "\"", with: "")] = relation.columns
            }
            return SchemaMap(tables)
        }

        static func existing(_ path: String) throws -> String {
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw LineageCLIError.unreadableFile(path: path, reason: "no such file")
            }
            return path
        }

        static func read(_ path: String) throws -> String {
            do { return String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self) } catch {
                throw LineageCLIError.unreadableFile(path: path, reason: (error as NSError).localizedDescription)
            }
        }

        static func stem(_ path: String) -> String {
            URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        }

        /// A relation name, a consumer id, or a dbt model's name → the relation in the graph.
        static func relation(of name: String, in graph: LineageGraph, index: LineageIndex) -> String? {
            if index.relation(named: name) != nil { return name }
            let consumer = graph.consumers.first { $0.id == name }
                ?? graph.consumers.first { ($0.kind == .dbtModel || $0.kind == .dbtSnapshot) && $0.name == name }
            return consumer?.builds.map { graph.relations[$0].name }
        }

        static func text(_ result: ChangeClassification) -> String {
            let meaning: String = switch result.category {
            case .nonBreaking: "only columns were added; nothing downstream changes"
            case .partialBreaking: "columns were modified or removed; only what reads them is affected"
            case .breaking: "rows may change; everything downstream is affected"
            case .unknown: "Keel cannot tell"
            }
            var lines = ["\(result.category.rawValue): \(meaning)"]
            for (column, change) in result.columns.sorted(by: { $0.key < $1.key }) {
                lines.append("  \(column): \(change.rawValue)")
            }
            if !result.reasons.isEmpty {
                lines.append("reasons:")
                lines += result.reasons.map { "  \($0)" }
            }
            if let affected = result.affected, let relation = result.relation {
                lines.append("affected downstream of \(relation): \(affected.columns.count) column(s), \(affected.consumers.count) consumer(s)")
                lines += affected.consumers.map { "  \($0)" }
                lines += affected.columns.map { "  \($0)" }
            }
            return lines.joined(separator: "\n")
        }
    }
}
