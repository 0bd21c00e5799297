import Foundation
import KeelCore
import KeelDiscover
import KeelLineage
import KeelPlan
public import KeelPostgres

/// What the agent works on: the database (read only, except through validated plans), the
/// project (keel.yaml), and a workspace folder holding catalog.json, lineage.json, plans and
/// reports, each named by its plan id (the first 12 hex digits of the plan hash).
public actor AgentWorkspace {
    public struct Configuration: Sendable {
        public var database: ConnectionConfig?
        public var config: String?
        public var directory: String
        /// A role to run read-only queries as (`SET LOCAL ROLE`).
        public var readOnlyRole: String?
        public var allowRollout: [String]

        public init(database: ConnectionConfig?, config: String?, directory: String, readOnlyRole: String? = nil, allowRollout: [String] = []) {
            self.database = database
            self.config = config
            self.directory = directory
            self.readOnlyRole = readOnlyRole
            self.allowRollout = allowRollout
        }
    }

    public let configuration: Configuration
    private var catalog: Catalog?
    private var lineage: LineageGraph?

    public init(_ configuration: Configuration) {
        self.configuration = configuration
    }

    func path(_ name: String) -> String { configuration.directory + "/" + name }

    func database() throws -> ConnectionConfig {
        guard let database = configuration.database else { throw AgentError.noDatabase }
        return database
    }

    /// The catalog: read from the workspace, else discovered once and saved.
    func currentCatalog(refresh: Bool = false) async throws -> Catalog {
        if let catalog, !refresh { return catalog }
        let file = path("catalog.json")
        if !refresh, FileManager.default.fileExists(atPath: file) {
            let loaded = try Catalog.read(from: URL(fileURLWithPath: file))
            catalog = loaded
            return loaded
        }
        let discovered = try await Discoverer().discover(try database())
        try FileManager.default.createDirectory(atPath: configuration.directory, withIntermediateDirectories: true)
        try discovered.write(to: URL(fileURLWithPath: file))
        catalog = discovered
        return discovered
    }

    /// The lineage graph: read from the workspace, else built from keel.yaml and saved.
    func currentLineage() async throws -> LineageGraph {
        if let lineage { return lineage }
        let file = path("lineage.json")
        if FileManager.default.fileExists(atPath: file) {
            let loaded = try LineageGraph.read(from: URL(fileURLWithPath: file))
            lineage = loaded
            return loaded
        }
        guard let config = configuration.config else { throw AgentError.noProject }
        let graph = try LineageBuilder().build(config: try KeelConfig.load(config), catalog: try await currentCatalog(),
                                               loading: .init(environment: ProcessInfo.processInfo.environment))
        try graph.write(to: URL(fileURLWithPath: file))
        lineage = graph
        return graph
    }

    /// The consumers' files, for plan patches.
    func consumerSources(_ graph: LineageGraph) -> [ConsumerSource] {
        guard let config = configuration.config else { return [] }
        let root = URL(fileURLWithPath: config).deletingLastPathComponent().path
        return graph.consumers.compactMap { consumer in
            guard let location = consumer.location, let file = location.split(separator: ":").first.map(String.init),
                  let text = try? String(contentsOfFile: root + "/" + file, encoding: .utf8) else { return nil }
            return ConsumerSource(consumer: consumer.id, file: file, text: text)
        }
    }

    static func planId(_ plan: MigrationPlan) -> String { String(plan.hash.value.dropFirst("sha256:".count).prefix(12)) }

    func save(_ plan: MigrationPlan) throws -> String {
        let id = Self.planId(plan)
        try FileManager.default.createDirectory(atPath: path("plans"), withIntermediateDirectories: true)
        try plan.write(to: URL(fileURLWithPath: path("plans/\(id).json")))
        return id
    }

    func plan(_ id: String) throws -> MigrationPlan {
        let file = path("plans/\(id).json")
        guard !id.contains("/"), FileManager.default.fileExists(atPath: file) else { throw AgentError.unknownPlan(id: id) }
        return try MigrationPlan.read(from: URL(fileURLWithPath: file))
    }

    func planIds() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path("plans"))) ?? []).filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    func save(_ report: ValidationReport, for id: String) throws {
        try FileManager.default.createDirectory(atPath: path("reports"), withIntermediateDirectories: true)
        try report.write(to: URL(fileURLWithPath: path("reports/\(id).json")))
    }

    func report(_ id: String) throws -> ValidationReport {
        let file = path("reports/\(id).json")
        guard !id.contains("/"), FileManager.default.fileExists(atPath: file) else { throw AgentError.unknownReport(id: id) }
        return try ValidationReport.read(from: URL(fileURLWithPath: file))
    }
}
