import Foundation
import KeelCore
import Testing

@Suite struct CatalogTests {
    static func sample(rows: Int64 = 10, comment: String? = nil, extraColumn: Bool = false) throws -> Catalog {
        var columns = [
            Catalog.Column(name: try Identifier("id"), position: 1, type: "bigint", nullable: false),
            Catalog.Column(name: try Identifier("amount"), position: 2, type: "integer", nullable: false),
        ]
        if extraColumn {
            columns.append(Catalog.Column(name: try Identifier("discount_amount"), position: 3, type: "numeric(12,2)"))
        }
        let table = Catalog.Table(
            schema: try Identifier("public"), name: try Identifier("invoices"), kind: .ordinary, persistence: .permanent,
            columns: columns.reversed(), comment: comment,
            stats: Catalog.Statistics(rowEstimate: rows, tableBytes: rows * 100, totalBytes: rows * 200))
        let source = Catalog.Source(database: "db\(rows)", serverVersion: "15.18", serverVersionNumber: 150018,
                                    settings: [:], schemaFilter: [], discoveredAt: Date(timeIntervalSince1970: Double(rows)))
        return try Catalog(source: source, schemas: [Catalog.Schema(name: try Identifier("public"))], tables: [table],
                           views: [], sequences: [], enums: [], domains: [], functions: [], extensions: [])
    }

    @Test func fingerprintIgnoresStatisticsAndSource() throws {
        #expect(try Self.sample(rows: 10).fingerprint == Self.sample(rows: 99_999).fingerprint)
    }

    @Test func fingerprintChangesWithStructure() throws {
        let base = try Self.sample()
        #expect(try base.fingerprint != Self.sample(extraColumn: true).fingerprint)
        #expect(try base.fingerprint != Self.sample(comment: "billing").fingerprint)
    }

    @Test func sortsDeterministically() throws {
        let catalog = try Self.sample()
        #expect(catalog.tables[0].columns.map(\.position) == [1, 2])
    }

    @Test func roundTripsThroughItsFile() throws {
        let catalog = try Self.sample()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try catalog.write(to: url)
        #expect(try Catalog.read(from: url) == catalog)
    }

    @Test func refusesNewerFormatVersionsAndOtherKinds() throws {
        let newer = Data(#"{"formatVersion": 99, "kind": "catalog"}"#.utf8)
        #expect { try Catalog.decode(newer, path: "x.json") } throws: { ($0 as? ArtifactError)?.code == "artifact.unsupported-version" }
        let plan = Data(#"{"formatVersion": 1, "kind": "plan"}"#.utf8)
        #expect { try Catalog.decode(plan, path: "x.json") } throws: { ($0 as? ArtifactError)?.code == "artifact.wrong-kind" }
        let garbage = Data("not json".utf8)
        #expect { try Catalog.decode(garbage, path: "x.json") } throws: { ($0 as? ArtifactError)?.code == "artifact.malformed" }
        let truncated = Data(#"{"formatVersion": 1, "kind": "catalog", "tables": []}"#.utf8)
        #expect { try Catalog.decode(truncated, path: "x.json") } throws: { error in
            guard let error = error as? ArtifactError, case .malformed(_, _, let reason) = error else { return false }
            return reason.contains("missing key")
        }
    }

    @Test func summaryCountsPerSchemaAndLargestTables() throws {
        let catalog = try Self.sample()
        let counts = catalog.countsBySchema()
        #expect(counts.count == 1)
        #expect(counts[0].tables == 1 && counts[0].columns == 2)
        #expect(catalog.largestTables().map(\.name.name) == ["invoices"])
    }
}
