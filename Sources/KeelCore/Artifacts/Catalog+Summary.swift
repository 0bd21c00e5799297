/// Counts for the human summary of a catalog.
extension Catalog {
    public struct SchemaCounts: Sendable, Equatable, Codable {
        public var schema: String
        public var tables = 0
        public var partitions = 0
        public var views = 0
        public var materializedViews = 0
        public var columns = 0
        public var indexes = 0
        public var foreignKeys = 0
        public var triggers = 0
        public var sequences = 0
        public var functions = 0
        public var types = 0
    }

    /// Object counts per schema, sorted by schema name.
    public func countsBySchema() -> [SchemaCounts] {
        var counts: [String: SchemaCounts] = [:]
        func bump(_ schema: Identifier, _ update: (inout SchemaCounts) -> Void) {
            update(&counts[schema.name, default: SchemaCounts(schema: schema.name)])
        }
        for schema in schemas { bump(schema.name) { _ in } }
        for table in tables {
            bump(table.schema) { c in
                if table.partitionOf != nil { c.partitions += 1 } else { c.tables += 1 }
                c.columns += table.columns.count
                c.indexes += table.indexes.count
                c.foreignKeys += table.constraints.filter { $0.kind == .foreignKey }.count
                c.triggers += table.triggers.count
            }
        }
        for view in views {
            bump(view.schema) { c in
                if view.materialized { c.materializedViews += 1 } else { c.views += 1 }
                c.indexes += view.indexes.count
            }
        }
        for sequence in sequences { bump(sequence.schema) { $0.sequences += 1 } }
        for function in functions { bump(function.schema) { $0.functions += 1 } }
        for type in enums { bump(type.schema) { $0.types += 1 } }
        for domain in domains { bump(domain.schema) { $0.types += 1 } }
        return counts.values.sorted { $0.schema < $1.schema }
    }

    /// The largest tables by total size (heap, TOAST and indexes), largest first.
    public func largestTables(limit: Int = 10) -> [Table] {
        Array(tables.filter { ($0.stats?.totalBytes ?? 0) > 0 }
            .sorted { ($0.stats?.totalBytes ?? 0, $1.qualifiedName) > ($1.stats?.totalBytes ?? 0, $0.qualifiedName) }
            .prefix(limit))
    }

    /// Looks a table up by schema and name (exact catalog spelling).
    public func table(_ name: QualifiedName) -> Table? {
        tables.first { $0.schema == name.schema && $0.name == name.name }
    }
}
