import Foundation
import KeelCore
import Testing

/// The catalog's fast JSON writer must give exactly the bytes of its Codable form.
@Suite struct CatalogJSONTests {
    static func rich() throws -> Catalog {
        let id = try Identifier("id")
        let table = Catalog.Table(
            schema: try Identifier("billing"), name: try Identifier("invoices"), kind: .partitioned, persistence: .unlogged,
            columns: [
                Catalog.Column(name: id, position: 1, type: "bigint", nullable: false, identity: .always, comment: "key"),
                Catalog.Column(name: try Identifier("amount"), position: 2, type: "numeric(12,2)", typeKind: .domain, isArray: true,
                               default: Catalog.DefaultValue(expression: "0", volatility: .immutable), generated: nil,
                               collation: "pg_catalog.\"C\""),
                Catalog.Column(name: try Identifier("total"), position: 3, type: "integer", generated: "amount * 2"),
            ],
            constraints: [
                Catalog.Constraint(name: try Identifier("fk"), kind: .foreignKey, columns: [id], definition: "FOREIGN KEY …",
                                   validated: false, deferrable: true, initiallyDeferred: true, inherited: true,
                                   foreignKey: Catalog.ForeignKey(referencedTable: try QualifiedName(schema: "public", name: "c"),
                                                                  referencedColumns: [id], onDelete: .cascade, onUpdate: .setNull, match: "full"),
                                   comment: "a \"quoted\"\ncomment"),
                Catalog.Constraint(name: try Identifier("ck"), kind: .check, columns: [], definition: "CHECK (true)", checkExpression: "true",
                                   index: id),
            ],
            indexes: [Catalog.Index(name: try Identifier("ix"), definition: "CREATE INDEX …", method: "btree",
                                    keys: [Catalog.IndexKey(column: id), Catalog.IndexKey(expression: "(a * 2)")], include: [id],
                                    unique: true, primary: true, predicate: "a > 0", valid: false, ready: false,
                                    constraint: id, comment: "c", stats: Catalog.IndexStatistics(bytes: 8192, scans: nil))],
            triggers: [Catalog.Trigger(name: try Identifier("t"), function: try QualifiedName(schema: "s", name: "f"), timing: .insteadOf,
                                       events: [.insert, .truncate], forEachRow: true, enabled: .replica, isConstraint: true,
                                       inherited: true, definition: "CREATE TRIGGER …", comment: "t")],
            partitionKey: "RANGE (a)", partitionOf: Catalog.PartitionParent(parent: try QualifiedName(schema: "s", name: "p"), bound: "DEFAULT"),
            inherits: [try QualifiedName(schema: "s", name: "q")], foreignServer: "srv", replicaIdentity: .full,
            options: ["fillfactor=80"], rowLevelSecurity: true, comment: "naïve ✓",
            stats: Catalog.Statistics(rowEstimate: 5, tableBytes: 8192, totalBytes: 16384, lastVacuum: Date(timeIntervalSince1970: 1e9),
                                      lastAutovacuum: nil, lastAnalyze: Date(timeIntervalSince1970: 2e9), lastAutoanalyze: nil, sequentialScans: 3))
        let view = Catalog.View(schema: try Identifier("s"), name: try Identifier("v"), materialized: true, definition: "SELECT 1",
                                columns: [Catalog.Column(name: id, position: 1, type: "integer")],
                                dependencies: [Catalog.ColumnReference(schema: try Identifier("s"), table: try Identifier("t"), column: id)],
                                relationDependencies: [try QualifiedName(schema: "s", name: "t")], indexes: [], options: [],
                                comment: nil, stats: Catalog.Statistics(rowEstimate: nil, tableBytes: 0, totalBytes: 0))
        let source = Catalog.Source(database: "db", serverVersion: "15.18", serverVersionNumber: 150018,
                                    settings: ["lock_timeout": "0", "TimeZone": "UTC"], schemaFilter: ["s"],
                                    discoveredAt: Date(timeIntervalSince1970: 1.8e9))
        return try Catalog(
            source: source, schemas: [Catalog.Schema(name: try Identifier("s"), comment: "x")], tables: [table], views: [view],
            sequences: [Catalog.Sequence(schema: try Identifier("s"), name: try Identifier("q"), type: "bigint", start: 1, increment: -1,
                                         minimum: Int64.min, maximum: Int64.max, cycles: true,
                                         ownedBy: Catalog.ColumnReference(schema: try Identifier("s"), table: try Identifier("t"), column: id),
                                         comment: "seq")],
            enums: [Catalog.EnumType(schema: try Identifier("s"), name: try Identifier("e"), labels: ["a", "b"], comment: "e")],
            domains: [Catalog.Domain(schema: try Identifier("s"), name: try Identifier("d"), baseType: "integer", nullable: false,
                                     default: "0", constraints: [Catalog.DomainConstraint(name: id, definition: "CHECK (VALUE > 0)", validated: false)],
                                     comment: "d")],
            functions: [Catalog.Function(schema: try Identifier("s"), name: try Identifier("f"), arguments: "a integer", returns: nil,
                                         kind: .procedure, language: "plpgsql", volatility: .stable, securityDefiner: true, comment: "f")],
            extensions: [Catalog.Extension(name: "pg_trgm", version: "1.6", schema: try Identifier("public"), comment: "trgm")])
    }

    @Test func fastWriterMatchesTheCodableFormByteForByte() throws {
        let catalog = try Self.rich()
        #expect(try CanonicalJSON.encode(catalog) == CanonicalJSON.encodeThroughCodable(catalog))
        #expect(try CanonicalJSON.encodeCompact(catalog) == CanonicalJSON.encodeThroughCodable(catalog, pretty: false))
        let empty = try Catalog(source: nil, schemas: [], tables: [], views: [], sequences: [], enums: [], domains: [],
                                functions: [], extensions: [])
        #expect(try CanonicalJSON.encode(empty) == CanonicalJSON.encodeThroughCodable(empty))
    }

    @Test func structuralEncodingIsTheCodableFormWithoutVolatileParts() throws {
        var stripped = try Self.rich()
        stripped.source = nil
        for i in stripped.tables.indices {
            stripped.tables[i].stats = nil
            for j in stripped.tables[i].indexes.indices { stripped.tables[i].indexes[j].stats = nil }
        }
        for i in stripped.views.indices { stripped.views[i].stats = nil }
        var expected = try JSONSerialization.jsonObject(with: CanonicalJSON.encodeThroughCodable(stripped, pretty: false)) as? [String: Any]
        expected?.removeValue(forKey: "fingerprint")
        let structural = try JSONSerialization.jsonObject(with: CanonicalJSON.encodeStructural(stripped)) as? [String: Any]
        #expect(NSDictionary(dictionary: expected ?? [:]).isEqual(to: structural ?? [:]))
    }

    @Test func decodesWhatItWrites() throws {
        let catalog = try Self.rich()
        #expect(try Catalog.decode(CanonicalJSON.encode(catalog), path: "rich.json") == catalog)
    }
}
