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
                tasks.append(.init(id: consumer.id, kind: .task, statements: statements, outputs: Array(Set(outputs)).sorted()))
            case .dbtModel:
                guard let builds = consumer.builds.flatMap(qualified), !statements.isEmpty else { continue }
                let materialization = materializations[consumer.id] ?? "view"
                guard materialization != "ephemeral" else { continue }
                models.append(.init(id: consumer.id, kind: .model, statements: statements, builds: builds,
                                    materialization: materialization == "view" ? "view" : "table"))
            case .dashboard, .api, .report, .notebook, .application:
                for (offset, statement) in statements.enumerated() {
                    var parameters: [Int: String] = [:]
                    for (index, parameter) in consumer.parameters.enumerated() {
                        guard let example = parameter.example, case let text = example.description, example != .null else { continue }
                        let cast = parameter.type.map { "::" + $0 } ?? ""
                        parameters[index + 1] = SQLPrinter.stringLiteral(text) + cast
                    }
                    queries.append(.init(id: statements.count == 1 ? consumer.id : "\(consumer.id)#\(offset + 1)", kind: .query,
                                         statements: [statement], parameters: parameters))
                }
            default:
                continue
            }
        }
        return Workload(items: tasks + models + queries)
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
