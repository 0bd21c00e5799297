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

    /// Consumer id → the snapshot table that holds its output.
    static func snapshotTable(_ id: String) throws -> Identifier {
        // ASCII only and at most 59 bytes, so always a valid name; the hash keeps ids apart.
        let cleaned = String(id.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" }.prefix(50))
        let digest = String(UInt32(truncatingIfNeeded: id.utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }), radix: 16)
        return try Identifier(cleaned + "_" + digest)
    }

    /// Runs every item, each under a savepoint of an open transaction; returns problems by
    /// consumer (a failing consumer does not stop the others).
    func run(_ workload: Workload, resetOutputs: Bool) async throws -> [String: String] {
        try await session.execute("DROP SCHEMA IF EXISTS \(snapshot) CASCADE")
        try await session.execute("CREATE SCHEMA \(snapshot)")
        var failures: [String: String] = [:]
        for item in workload.items {
            try await session.execute("SAVEPOINT keel_consumer")
            do {
                try await run(item, resetOutputs: resetOutputs)
                try await session.execute("RELEASE SAVEPOINT keel_consumer")
            } catch {
                try await session.execute("ROLLBACK TO SAVEPOINT keel_consumer")
                failures[item.id] = "\(error)"
            }
        }
        return failures
    }

    private func run(_ item: Workload.Item, resetOutputs: Bool) async throws {
        let target = QualifiedName(schema: snapshot, name: try Self.snapshotTable(item.id))
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

    /// EXPLAIN (FORMAT JSON) of a query item: node types with their relations, and total cost.
    func explain(_ item: Workload.Item) async throws -> (nodes: [String], cost: Double) {
        guard let sql = item.statements.first else { return ([], 0) }
        let json = try await session.one("EXPLAIN (FORMAT JSON) \(TrustedSQL.consumer(Self.bind(sql, item.parameters)))") { try $0.decode(String.self) }
        guard let data = json.data(using: .utf8), let array = try JSONSerialization.jsonObject(with: data) as? [[String: Any]],
              let plan = array.first?["Plan"] as? [String: Any] else { return ([], 0) }
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
        return (nodes, plan["Total Cost"] as? Double ?? 0)
    }
}
