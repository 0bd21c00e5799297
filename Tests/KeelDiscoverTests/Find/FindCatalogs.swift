import Foundation
import KeelCore
import KeelTestSupport

/// Small catalogs for the find and inference tests, built in code, and the billing scenario's
/// catalog as `keel discover` wrote it.
enum FindCatalogs {
    static func billing() throws -> Catalog {
        try Catalog.read(from: URL(fileURLWithPath: BillingFiles.directory + "/catalog.json"))
    }

    struct ForeignKey {
        var columns: [String]
        var table: String
        var referenced: [String]
    }

    /// A table with `columns` as (name, type); `primaryKey` and `foreignKeys` become constraints.
    static func table(_ name: String, _ columns: [(String, String)], schema: String = "public", comment: String? = nil,
                      primaryKey: [String] = [], foreignKeys: [ForeignKey] = [], rows: Int64? = nil,
                      columnComments: [String: String] = [:]) throws -> Catalog.Table {
        var constraints: [Catalog.Constraint] = []
        if !primaryKey.isEmpty {
            constraints.append(Catalog.Constraint(name: try Identifier(name + "_pkey"), kind: .primaryKey,
                                                  columns: try primaryKey.map(Identifier.init), definition: "PRIMARY KEY"))
        }
        for (i, fk) in foreignKeys.enumerated() {
            constraints.append(Catalog.Constraint(
                name: try Identifier("\(name)_fk\(i)"), kind: .foreignKey, columns: try fk.columns.map(Identifier.init),
                definition: "FOREIGN KEY",
                foreignKey: Catalog.ForeignKey(referencedTable: try QualifiedName(schema: schema, name: fk.table),
                                               referencedColumns: try fk.referenced.map(Identifier.init),
                                               onDelete: .noAction, onUpdate: .noAction, match: "simple")))
        }
        let stats = rows.map { Catalog.Statistics(rowEstimate: $0, tableBytes: $0 * 100, totalBytes: $0 * 120) }
        return Catalog.Table(
            schema: try Identifier(schema), name: try Identifier(name), kind: .ordinary, persistence: .permanent,
            columns: try columns.enumerated().map { i, column in
                Catalog.Column(name: try Identifier(column.0), position: i + 1, type: column.1, comment: columnComments[column.0])
            },
            constraints: constraints, comment: comment, stats: stats)
    }

    static func catalog(_ tables: [Catalog.Table], views: [Catalog.View] = []) throws -> Catalog {
        let schemas = Set(tables.map(\.schema.name) + views.map(\.schema.name)).sorted()
        return try Catalog(source: nil, schemas: try schemas.map { Catalog.Schema(name: try Identifier($0)) }, tables: tables,
                           views: views, sequences: [], enums: [], domains: [], functions: [], extensions: [])
    }
}
