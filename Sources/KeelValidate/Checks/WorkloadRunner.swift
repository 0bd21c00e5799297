import Foundation
import KeelCore
import KeelPostgres
import KeelSQL
import PostgresNIO

/// Runs a workload in the sandbox and keeps each consumer's output in a snapshot schema
/// (`keel_baseline` or `keel_replay`): models as built, task output tables, query results.
struct WorkloadRunner {
    let session: Session
    let snapshot: Identifier

    /// Real dbt for the models, and the sandbox it builds in; nil: Keel's own executor.
    struct Dbt: Sendable {
        var runner: DbtRunner
        var sandbox: ConnectionConfig
    }

    /// What a run did.
    struct Outcome: Sendable {
        /// Consumer id → why it failed (a failing consumer does not stop the others).
        var failures: [String: String] = [:]
        /// dbt's test results (test id → status), when real dbt ran.
        var tests: [String: String] = [:]
        /// Why dbt built nothing at all (it could not parse or compile the project), when it ran.
        var projectError: String?
    }

    /// Consumer id → the snapshot table that holds its output.
    static func snapshotTable(_ id: String) throws -> Identifier {
        // ASCII only and at most 59 bytes, so always a valid name; the hash keeps ids apart.
        let cleaned = String(id.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" }.prefix(50))
        let digest = String(UInt32(truncatingIfNeeded: id.utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }), radix: 16)
        return try Identifier(cleaned + "_" + digest)
    }

    /// Runs every item with Keel's executor, each under a savepoint of the transaction the
    /// caller holds.
    func run(_ workload: Workload, resetOutputs: Bool, progress: (Workload.Item, Int) -> Void = { _, _ in }) async throws -> Outcome {
        try await session.execute("DROP SCHEMA IF EXISTS \(snapshot) CASCADE")
        try await session.execute("CREATE SCHEMA \(snapshot)")
        var outcome = Outcome()
        for (index, item) in workload.items.enumerated() {
            progress(item, index)
            if let problem = try await guarded({ try await run(item, resetOutputs: resetOutputs) }) { outcome.failures[item.id] = problem }
        }
        return outcome
    }

    /// Runs the workload with real dbt for the models, committing as it goes (dbt's sessions only
    /// see committed data): the tasks in one transaction, then `dbt <command>`, then the models'
    /// snapshots and the queries in another. The caller holds no transaction.
    func run(_ workload: Workload, resetOutputs: Bool, dbt: Dbt, command: String,
             progress: (Workload.Item, Int) -> Void = { _, _ in }) async throws -> Outcome {
        var outcome = Outcome()
        try await session.execute("BEGIN")
        try await session.execute("DROP SCHEMA IF EXISTS \(snapshot) CASCADE")
        try await session.execute("CREATE SCHEMA \(snapshot)")
        let items = Array(workload.items.enumerated())
        for (index, item) in items where item.kind == .task {
            progress(item, index)
            if let problem = try await guarded({ try await run(item, resetOutputs: resetOutputs) }) { outcome.failures[item.id] = problem }
        }
        try await session.execute("COMMIT")
        let models = items.filter { $0.element.kind == .model }
        if let project = workload.dbt, let (firstIndex, first) = models.first {
            progress(first, firstIndex)
            let result = try await dbt.runner.invoke(command, project: project, sandbox: dbt.sandbox)
            outcome.tests = result.tests
            outcome.projectError = result.projectError
            for (_, item) in models {
                let nodeId = item.id.hasPrefix("dbt:") ? String(item.id.dropFirst(4)) : item.id
                if let problem = result.projectError ?? result.failedModels[nodeId] { outcome.failures[item.id] = problem }
            }
        }
        try await session.execute("BEGIN")
        for (index, item) in items where item.kind != .task {
            // A model's snapshot is instant: its progress was dbt's.
            if item.kind != .model || workload.dbt == nil { progress(item, index) }
            guard outcome.failures[item.id] == nil else { continue }
            let snapshotOnly = item.kind == .model && workload.dbt != nil
            if let problem = try await guarded({ try await run(item, resetOutputs: resetOutputs, snapshotOnly: snapshotOnly) }) {
                outcome.failures[item.id] = problem
            }
        }
        try await session.execute("COMMIT")
        return outcome
    }

    /// Runs `body` under a savepoint; returns why it failed, or nil.
    private func guarded(_ body: () async throws -> Void) async throws -> String? {
        try await session.execute("SAVEPOINT keel_consumer")
        do {
            try await body()
            try await session.execute("RELEASE SAVEPOINT keel_consumer")
            return nil
        } catch {
            try await session.execute("ROLLBACK TO SAVEPOINT keel_consumer")
            return "\(error)"
        }
    }

    /// One item; `snapshotOnly`: a model real dbt has built, whose relation is only snapshotted.
    private func run(_ item: Workload.Item, resetOutputs: Bool, snapshotOnly: Bool = false) async throws {
        let target = QualifiedName(schema: snapshot, name: try Self.snapshotTable(item.id))
        if snapshotOnly, let relation = item.builds {
            try await session.execute("CREATE TABLE \(target) AS SELECT * FROM \(relation)")
            return
        }
        switch item.kind {
        case .task:
            // Appending tasks would double their output on replay: start each run from empty.
            if resetOutputs { for output in item.outputs { try await session.execute("TRUNCATE \(output)") } }
            for statement in item.statements { try await session.execute(TrustedSQL.consumer(statement)) }
            if let output = item.outputs.first {
                try await session.execute("CREATE TABLE \(target) AS SELECT * FROM \(output)")
            }
        case .model:
            guard let relation = item.builds, let sql = item.statements.first else { return }
            try await session.execute("CREATE SCHEMA IF NOT EXISTS \(relation.schema)")
            let existing = try await session.collect("SELECT relkind::text FROM pg_class WHERE oid = to_regclass(\(literal: relation.quoted))") {
                try $0.decode(String.self)
            }
            switch existing.first {
            case "v": try await session.execute("DROP VIEW \(relation) CASCADE")
            case "m": try await session.execute("DROP MATERIALIZED VIEW \(relation) CASCADE")
            case "r", "p": try await session.execute("DROP TABLE \(relation) CASCADE")
            default: break
            }
            let kind: SQL = item.materialization == "view" ? "VIEW" : "TABLE"
            try await session.execute("CREATE \(kind) \(relation) AS \(TrustedSQL.consumer(sql))")
            try await session.execute("CREATE TABLE \(target) AS SELECT * FROM \(relation)")
        case .query:
            guard let sql = item.statements.first else { return }
            try await session.execute("CREATE TABLE \(target) AS \(TrustedSQL.consumer(Self.bind(sql, item.parameters)))")
        }
    }

    /// `$n` → its example literal, at the parameter tokens' ranges (not a text search).
    static func bind(_ sql: String, _ parameters: [Int: String]) -> String {
        let lexed = Lexer.tokenize(sql)
        var bytes = Array(sql.utf8)
        for token in lexed.tokens.reversed() where token.kind == .parameter {
            let text = lexed.text(of: token)
            guard let number = Int(text.dropFirst()), let value = parameters[number] else { continue }
            bytes.replaceSubrange(token.start..<token.end, with: Array(value.utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A query's plan: node types with their relations, total cost and, when measured,
    /// EXPLAIN ANALYZE's execution time.
    struct QueryPlan: Sendable {
        var nodes: [String]
        var cost: Double
        var milliseconds: Double?
    }

    /// EXPLAIN (FORMAT JSON) of a query item, then EXPLAIN ANALYZE: a warm-up run and up to
    /// `runs` measured ones (fewer when a run takes over a second), keeping the fastest, under a
    /// savepoint rolled back afterwards so a query that writes changes nothing. Needs an open
    /// transaction.
    func explain(_ item: Workload.Item, runs: Int = 3) async throws -> QueryPlan {
        guard let sql = item.statements.first else { return QueryPlan(nodes: [], cost: 0) }
        let query = TrustedSQL.consumer(Self.bind(sql, item.parameters))
        try await session.execute("SAVEPOINT keel_explain")
        do {
            let json = try await session.one("EXPLAIN (FORMAT JSON) \(query)") { try $0.decode(String.self) }
            var plan = Self.parse(json)
            try await session.execute("SAVEPOINT keel_analyze")
            do {
                var best: Double?
                for run in 0...max(1, runs) {
                    let analyzed = try await session.one("EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) \(query)") { try $0.decode(String.self) }
                    guard let time = Self.parse(analyzed).milliseconds else { break }
                    if run > 0 { best = min(best ?? time, time) }
                    if time > 1000 { best = best ?? time; break }
                }
                plan.milliseconds = best
            } catch {
                // Planned but failed under ANALYZE: the plan stands, unmeasured.
                plan.milliseconds = nil
            }
            try await session.execute("ROLLBACK TO SAVEPOINT keel_explain")
            try await session.execute("RELEASE SAVEPOINT keel_explain")
            return plan
        } catch {
            try await session.execute("ROLLBACK TO SAVEPOINT keel_explain")
            try await session.execute("RELEASE SAVEPOINT keel_explain")
            throw error
        }
    }

    /// Nodes (outermost first), total cost and execution time of EXPLAIN's JSON.
    static func parse(_ json: String) -> QueryPlan {
        guard let data = json.data(using: .utf8), let array = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]],
              let top = array.first, let plan = top["Plan"] as? [String: Any] else { return QueryPlan(nodes: [], cost: 0) }
        var nodes: [String] = []
        func walk(_ node: [String: Any]) {
            let type = node["Node Type"] as? String ?? "?"
            if let relation = node["Relation Name"] as? String {
                nodes.append("\(type) on \((node["Schema"] as? String).map { $0 + "." } ?? "")\(relation)")
            } else {
                nodes.append(type)
            }
            for child in node["Plans"] as? [[String: Any]] ?? [] { walk(child) }
        }
        walk(plan)
        return QueryPlan(nodes: nodes, cost: plan["Total Cost"] as? Double ?? 0, milliseconds: top["Execution Time"] as? Double)
    }
}
