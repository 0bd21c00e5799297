import Foundation
public import KeelCore
import KeelLineage
import KeelSQL
public import KeelValidate

/// Builds validation's workloads from keel.yaml: the project as it is (baseline), and a copy with
/// the plan's consumer patches applied (replay). Wiring between lineage and validation lives in
/// the faces' shared layer so neither stage imports the other.
public enum WorkloadBuilder {
    /// The consumers of the project at `path` (keel.yaml) as a workload.
    public static func workload(config path: String, catalog: Catalog, changedTables: Set<QualifiedName>) throws -> Workload {
        let config = try KeelConfig.load(path)
        let inputs = try LineageInputs.load(config, catalog: catalog, options: .init(environment: ProcessInfo.processInfo.environment, preferManifest: false))
        let materializations = Dictionary((inputs.dbt?.models ?? []).map { ("dbt:" + $0.uniqueId, $0.materialization) }, uniquingKeysWith: { a, _ in a })
        let modelKeys = inputs.dbt.map(modelKeys) ?? [:]
        var tasks: [Workload.Item] = []
        var models: [Workload.Item] = []
        var queries: [Workload.Item] = []
        for consumer in ordered(inputs.consumers) {
            let statements = consumer.statements.map(\.text)
            switch consumer.kind {
            case .airflowTask:
                guard !statements.isEmpty else { continue }
                let outputs = LineageAnalyzer(schema: CatalogSchema(catalog)).analyze(statements.joined(separator: ";\n"))
                    .statements.compactMap(\.target).compactMap(qualified).filter { !changedTables.contains($0) }
                let sorted = Array(Set(outputs)).sorted()
                tasks.append(.init(id: consumer.id, kind: .task, statements: statements, outputs: sorted,
                                   key: sorted.first.flatMap { tableKey(catalog.table($0)) }))
            case .dbtModel:
                guard let builds = consumer.builds.flatMap(qualified), !statements.isEmpty else { continue }
                let materialization = materializations[consumer.id] ?? "view"
                guard materialization != "ephemeral" else { continue }
                models.append(.init(id: consumer.id, kind: .model, statements: statements, builds: builds,
                                    materialization: materialization == "view" ? "view" : "table", key: modelKeys[consumer.id]))
            case .dashboard, .api, .report, .notebook, .application:
                for (offset, statement) in statements.enumerated() {
                    var parameters: [Int: String] = [:]
                    var examples: [Int: String] = [:]
                    for (index, parameter) in consumer.parameters.enumerated() {
                        guard let example = parameter.example, case let text = example.description, example != .null else { continue }
                        let cast = parameter.type.map { "::" + $0 } ?? ""
                        parameters[index + 1] = SQLPrinter.stringLiteral(text) + cast
                        examples[index + 1] = text
                    }
                    queries.append(.init(id: statements.count == 1 ? consumer.id : "\(consumer.id)#\(offset + 1)", kind: .query,
                                         statements: [statement], parameters: parameters, examples: examples))
                }
            default:
                continue
            }
        }
        var dbt: Workload.DbtProject?
        if let section = config.dbt, let project = inputs.dbt {
            let vars = section.vars.isEmpty ? nil : (try? CanonicalJSON.encodeCompact(section.vars)).map { String(decoding: $0, as: UTF8.self) }
            // Absolute: real dbt runs from a temporary folder.
            let directory = URL(fileURLWithPath: config.path(section.project)).standardizedFileURL.path
            dbt = Workload.DbtProject(directory: directory, target: project.target?.name ?? section.target?.name ?? "dev",
                                      schema: project.target?.schema ?? section.target?.schema ?? "public", vars: vars)
        }
        return Workload(items: tasks + models + queries, dbt: dbt)
    }

    /// Each model's key: its incremental `unique_key`, else the first column with a `unique` test.
    static func modelKeys(_ project: DbtProject) -> [String: [Identifier]] {
        var keys: [String: [Identifier]] = [:]
        for model in project.models {
            let tested = project.tests.filter { $0.name == "unique" && $0.attachedNode == model.uniqueId }.compactMap(\.column).sorted()
            let names = model.uniqueKey.isEmpty ? Array(tested.prefix(1)) : model.uniqueKey
            let key = names.compactMap { try? Identifier($0) }
            if !key.isEmpty && key.count == names.count { keys["dbt:" + model.uniqueId] = key }
        }
        return keys
    }

    /// A table's primary key, else a unique constraint on NOT NULL columns.
    static func tableKey(_ table: Catalog.Table?) -> [Identifier]? {
        guard let table else { return nil }
        if let primary = table.constraints.first(where: { $0.kind == .primaryKey && !$0.columns.isEmpty }) { return primary.columns }
        let notNull = Set(table.columns.filter { !$0.nullable }.map(\.name))
        return table.constraints.first { $0.kind == .unique && !$0.columns.isEmpty && $0.columns.allSatisfy(notNull.contains) }?.columns
    }

    /// Consumers in dependency order (dbt refs, task order), ties by id.
    static func ordered(_ consumers: [Consumer]) -> [Consumer] {
        let byId = Dictionary(consumers.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var done: Set<String> = []
        var result: [Consumer] = []
        func visit(_ consumer: Consumer, depth: Int) {
            guard !done.contains(consumer.id), depth < 10_000 else { return }
            done.insert(consumer.id)
            for dependency in consumer.dependsOn.sorted() { if let next = byId[dependency] { visit(next, depth: depth + 1) } }
            result.append(consumer)
        }
        for consumer in consumers.sorted(by: { $0.id < $1.id }) { visit(consumer, depth: 0) }
        return result
    }

    static func qualified(_ text: String) -> QualifiedName? {
        let parts = text.split(separator: ".", maxSplits: 1).map { String($0).replacingOccurrences(of: "\"", with: "") }
        guard parts.count == 2 else { return nil }
        return try? QualifiedName(schema: parts[0], name: parts[1])
    }

    /// A copy of the project directory with the plan's patches applied; returns the copied keel.yaml.
    public static func patchedProject(config path: String, plan: MigrationPlan) throws -> String {
        let source = URL(fileURLWithPath: path).deletingLastPathComponent()
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("keel-replay-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source, to: copy)
        for patch in plan.consumerPatches {
            let file = copy.appendingPathComponent(patch.file)
            let text = try String(contentsOf: file, encoding: .utf8)
            try Data(apply(patch.diff, to: text).utf8).write(to: file)
        }
        return copy.appendingPathComponent(URL(fileURLWithPath: path).lastPathComponent).path
    }

    /// Applies Keel's own unified diffs (edits keep every line in place).
    static func apply(_ diff: String, to text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var index = 0
        var removed: [Int] = []
        for line in diff.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("@@") {
                let start = line.split(separator: " ").dropFirst().first.flatMap { Int($0.dropFirst().split(separator: ",").first ?? "") } ?? 1
                index = start - 1
                removed = []
            } else if line.hasPrefix("---") || line.hasPrefix("+++") {
                continue
            } else if line.hasPrefix("-") {
                removed.append(index)
                index += 1
            } else if line.hasPrefix("+") {
                if !removed.isEmpty, removed[0] < lines.count { lines[removed.removeFirst()] = String(line.dropFirst()) }
            } else if line.hasPrefix(" ") {
                index += 1
            }
        }
        return lines.joined(separator: "\n")
    }
}
