import KeelCore
import KeelSQL

extension GraphAssembly {
    /// Statement kinds whose target receives data (DDL such as CREATE TABLE or ALTER only shapes the schema).
    static let writingKinds: Set<String> = [
        "insert", "update", "merge", "delete", "select", "select-into", "create-table-as", "create-view", "create-materialized-view",
    ]
    /// Statement kinds that create their target with exactly the columns they write.
    static let creatingKinds: Set<String> = ["select", "select-into", "create-table-as", "create-view", "create-materialized-view"]

    /// Adds one consumer: its relation, its statements' lineage, its reads.
    mutating func add(_ consumer: Consumer, searchPath: [String]) {
        let kind = LineageGraph.ConsumerKind(rawValue: consumer.kind.rawValue) ?? .application
        let node = dbtNodes[consumer.id]
        var draft = ConsumerDraft(
            id: consumer.id, kind: kind, name: consumer.name, location: relative(consumer.location), owner: consumer.owner,
            materialization: node?.materialization, dependsOn: consumer.dependsOn)
        if let builds = consumer.builds {
            let key = node?.relation.map { RelationKey(schema: $0.schema, name: $0.identifier) } ?? RelationKey.raw(builds)
            if let key {
                let relationKind: LineageGraph.RelationKind = switch consumer.kind {
                case .dbtSnapshot: .snapshot
                case .view: .view
                case .materializedView: .materializedView
                default: .model
                }
                relation(key, kind: relationKind)
                relations[key]?.builtBy = consumer.id
                built[consumer.id] = key
                draft.builds = key
            }
        }
        if consumer.kind == .dbtExposure {
            // An exposure shows its models: it reads every column of what they build.
            for dependency in consumer.dependsOn {
                guard let key = built[dependency], let relation = relations[key] else { continue }
                draft.inputs.insert(key)
                for column in relation.columns {
                    draft.reads.insert(SourceRef(column: ColumnRef(relation: key, column: column), transformation: .identity))
                }
            }
        }
        if let node {
            // dbt's dependencies are inputs even when the SQL reads no column of them (count(*)).
            for dependency in node.dependsOn {
                if let key = built["dbt:\(dependency)"] { draft.inputs.insert(key) }
            }
        }
        let statements = consumer.statements.filter(\.parses)
        if !statements.isEmpty {
            addLineage(of: statements, consumer: consumer, searchPath: searchPath, into: &draft)
        }
        consumers.append(draft)
    }

    /// Runs KeelSQL's lineage over the consumer's statements (as one script, so temporary tables and
    /// `SET search_path` carry over) and records edges, reads and diagnostics.
    mutating func addLineage(of statements: [RenderedStatement], consumer: Consumer, searchPath: [String], into draft: inout ConsumerDraft) {
        var script = ""
        var startLines: [Int] = []
        var line = 1
        for statement in statements {
            startLines.append(line)
            script += statement.text
            script += ";\n"
            line += statement.text.utf8.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        }
        let report = LineageAnalyzer(schema: schema, searchPath: searchPath).analyze(script)
        let lastSelect = report.statements.lastIndex { $0.kind == "select" && $0.target == nil }
        for (position, lineage) in report.statements.enumerated() {
            let rendered = position < statements.count && report.statements.count == statements.count ? statements[position] : statements.last
            for diagnostic in lineage.diagnostics {
                var location = rendered?.location ?? consumer.location
                if location.line > 0 {
                    let startLine = position < startLines.count ? startLines[position] : 1
                    let within = diagnostic.line - startLine
                    location.column = within == 0 && location.column > 0 ? location.column + diagnostic.column - 1 : diagnostic.column
                    location.line += within
                }
                diagnostics.append(LineageGraph.Diagnostic(
                    code: diagnostic.code, severity: diagnostic.severity.rawValue, message: diagnostic.message,
                    location: relative(location), consumer: consumer.id))
            }
            guard lineage.kind != "invalid" else { continue }
            var target: RelationKey?
            if let name = lineage.target {
                target = key(name, consumer: consumer.id, searchPath: searchPath)
            } else if position == lastSelect, let builds = draft.builds {
                target = builds
            }
            let sources = lineage.columns.flatMap(\.sources)
            for source in sources {
                draft.inputs.insert(key(source.table, consumer: consumer.id, searchPath: searchPath))
            }
            for use in lineage.indirect {
                draft.inputs.insert(key(use.table, consumer: consumer.id, searchPath: searchPath))
            }
            guard let target, Self.writingKinds.contains(lineage.kind) else {
                // A query: the consumer reads its columns.
                for column in lineage.columns {
                    for source in column.sources { draft.reads.insert(sourceRef(source.table, source.column, source.subtype, consumer.id, searchPath)) }
                }
                for use in lineage.indirect { draft.reads.insert(sourceRef(use.table, use.column, use.subtype, consumer.id, searchPath)) }
                continue
            }
            if lineage.columns.isEmpty {
                // DELETE (or a write Keel could not map): its conditions decide which rows remain; the consumer reads them.
                if lineage.kind == "delete" {
                    relation(target, kind: target.schema == "pg_temp" ? .temporary : consumer.kind == .airflowTask ? .taskOutput : .external)
                    draft.outputs.insert(target)
                }
                for use in lineage.indirect { draft.reads.insert(sourceRef(use.table, use.column, use.subtype, consumer.id, searchPath)) }
                continue
            }
            relation(target, kind: target.schema == "pg_temp" ? .temporary : consumer.kind == .airflowTask ? .taskOutput : .external)
            draft.outputs.insert(target)
            var written: [String] = []
            var edges: [EdgeDraft] = []
            for column in lineage.columns {
                written.append(column.name)
                addColumn(column.name, to: target)
                for source in column.sources {
                    let ref = sourceRef(source.table, source.column, source.subtype, consumer.id, searchPath)
                    edges.append(EdgeDraft(target: column.name, source: ref.column, transformation: ref.transformation))
                }
            }
            let indirect = lineage.indirect.map { sourceRef($0.table, $0.column, $0.subtype, consumer.id, searchPath) }
            draft.statements.append(StatementDraft(target: target, written: written, edges: edges, indirect: indirect))
            if Self.creatingKinds.contains(lineage.kind), !written.contains("*") {
                schema.tables[target] = written
            }
        }
    }

    /// A relation named in display form, with temporary tables made private to their consumer.
    func key(_ display: String, consumer: String, searchPath: [String]) -> RelationKey {
        var key = RelationKey.parse(display) ?? RelationKey(schema: searchPath.first ?? "public", name: display)
        if key.schema == "pg_temp" { key.name += "@" + consumer }
        return key
    }

    /// A source column, registered on its relation.
    mutating func sourceRef(_ table: String, _ column: String, _ subtype: LineageSubtype, _ consumer: String, _ searchPath: [String]) -> SourceRef {
        let relation = key(table, consumer: consumer, searchPath: searchPath)
        if relations[relation] == nil {
            self.relation(relation, kind: relation.schema == "pg_temp" ? .temporary : .external)
        }
        addColumn(column, to: relation)
        return SourceRef(column: ColumnRef(relation: relation, column: column),
                         transformation: LineageGraph.Transformation(subtype: subtype.rawValue) ?? .transformation)
    }
}
