import KeelCore

extension Catalog {
    /// The schema where Keel keeps its own state (rollouts, baselines, the DDL log).
    static let keelSchema = "keel"

    /// The catalog without the `keel` schema and everything in it, with its fingerprint
    /// recomputed: Keel's own tables change with every rollout and are never drift.
    func excludingKeelSchema() throws -> Catalog {
        let isKeel = { (schema: Identifier) in schema.name == Self.keelSchema }
        guard schemas.contains(where: { isKeel($0.name) }) || tables.contains(where: { isKeel($0.schema) })
                || functions.contains(where: { isKeel($0.schema) }) || extensions.contains(where: { isKeel($0.schema) }) else {
            return self
        }
        return try Catalog(
            source: source, schemas: schemas.filter { !isKeel($0.name) }, tables: tables.filter { !isKeel($0.schema) },
            views: views.filter { !isKeel($0.schema) }, sequences: sequences.filter { !isKeel($0.schema) },
            enums: enums.filter { !isKeel($0.schema) }, domains: domains.filter { !isKeel($0.schema) },
            functions: functions.filter { !isKeel($0.schema) }, extensions: extensions.filter { !isKeel($0.schema) })
    }
}
