import KeelCore
public import KeelPostgres
import PostgresNIO

extension RelationshipInferrer {
    /// Checks each relationship on a sample of the database's rows: the share of the first
    /// `sample` non-null referencing values that exist in the referenced column. All found
    /// raises the confidence; under 90 % lowers it, under 50 % drops the relationship.
    /// Only reads, with a 5 s statement timeout per check.
    public func check(_ relationships: [InferredRelationship], in config: ConnectionConfig, sample: Int = 1000) async throws -> [InferredRelationship] {
        guard !relationships.isEmpty else { return [] }
        return try await Session.with(config) { session in
            try await session.execute("SET statement_timeout = '5s'")
            try await session.execute("SET default_transaction_read_only = on")
            var checked: [InferredRelationship] = []
            for var relationship in relationships {
                let from = QualifiedName(schema: relationship.from.schema, name: relationship.from.table)
                let to = QualifiedName(schema: relationship.to.schema, name: relationship.to.table)
                let (column, target) = (relationship.from.column, relationship.to.column)
                let query: SQL = """
                    SELECT count(*)::bigint, count(found.hit)::bigint
                    FROM (SELECT s.\(column) AS v FROM \(from) s WHERE s.\(column) IS NOT NULL LIMIT \(literal: sample)) sampled
                    LEFT JOIN LATERAL (SELECT 1 AS hit FROM \(to) t WHERE t.\(target) = sampled.v LIMIT 1) found ON true
                    """
                let counts: (Int64, Int64)
                do {
                    counts = try await session.one(query) { try $0.decode((Int64, Int64).self) }
                } catch {
                    // A check that cannot run (a cast PostgreSQL refuses, a timeout) leaves the names to speak.
                    relationship.evidence.append("values not checked")
                    checked.append(relationship)
                    continue
                }
                let (sampled, found) = counts
                guard sampled > 0 else {
                    relationship.evidence.append("no values to check")
                    checked.append(relationship)
                    continue
                }
                let share = Double(found) / Double(sampled)
                let percent = Int((share * 100).rounded(.down))
                if found == sampled {
                    relationship.confidence = min(0.99, relationship.confidence + 0.1)
                    relationship.evidence.append("all \(sampled) sampled values found")
                } else if share >= 0.9 {
                    relationship.evidence.append("\(percent) % of \(sampled) sampled values found")
                } else if share >= 0.5 {
                    relationship.confidence = max(0, relationship.confidence - 0.3)
                    relationship.evidence.append("only \(percent) % of \(sampled) sampled values found")
                } else {
                    continue
                }
                relationship.confidence = (relationship.confidence * 100).rounded() / 100
                if relationship.confidence >= minimumConfidence { checked.append(relationship) }
            }
            return checked
        }
    }
}
