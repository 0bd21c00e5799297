import Foundation
import KeelCore
import KeelTestSupport
import Testing

/// `inferredKeys`, the catalog's optional section of foreign keys `keel discover --infer` found:
/// it round-trips, old catalogs without it still load, and it leaves the fingerprint alone.
@Suite struct CatalogInferredKeysTests {
    static func withKeys() throws -> Catalog {
        var catalog = try CatalogJSONTests.rich()
        func reference(_ table: String, _ column: String) throws -> Catalog.ColumnReference {
            Catalog.ColumnReference(schema: try Identifier("billing"), table: try Identifier(table), column: try Identifier(column))
        }
        catalog.inferredKeys = [
            Catalog.InferredKey(from: try reference("orders", "customer_id"), to: try reference("customers", "id"), confidencePercent: 99,
                                evidence: ["name customer_id names customers", "all 30 sampled values found"]),
            Catalog.InferredKey(from: try reference("invoices", "total"), to: try reference("totals", "id"), confidencePercent: 55, evidence: []),
        ]
        return catalog
    }

    @Test("inferred keys round-trip through catalog.json, and the fast writer matches the Codable form")
    func roundTrip() throws {
        let catalog = try Self.withKeys()
        let data = try CanonicalJSON.encode(catalog)
        #expect(try CanonicalJSON.encode(catalog) == CanonicalJSON.encodeThroughCodable(catalog))
        let decoded = try Catalog.decode(data, path: "catalog.json")
        #expect(decoded == catalog)
        #expect(decoded.inferredKeys?.first?.confidencePercent == 99)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"inferredKeys\": ["), "\(text.prefix(400))")
    }

    @Test("a catalog without the section (written before it existed) loads with none, and writes without it")
    func oldCatalog() throws {
        let catalog = try Catalog.read(from: URL(fileURLWithPath: BillingFiles.directory + "/catalog.json"))
        #expect(catalog.inferredKeys == nil)
        #expect(!String(decoding: try CanonicalJSON.encode(catalog), as: UTF8.self).contains("inferredKeys"))
    }

    @Test("the fingerprint ignores inferred keys: the schema is the same")
    func fingerprint() throws {
        let withKeys = try Self.withKeys()
        var without = withKeys
        without.inferredKeys = nil
        #expect(try withKeys.computeFingerprint() == without.computeFingerprint())
        #expect(try withKeys.computeFingerprint() == CatalogJSONTests.rich().fingerprint)
    }

    @Test("foreign key links: declared ones by constraint, then the inferred ones with their confidence")
    func links() throws {
        var catalog = try Self.withKeys()
        // The rich table is a partition, whose keys belong to its parent: make it a plain table.
        catalog.tables[0].partitionOf = nil
        let links = catalog.foreignKeyLinks
        #expect(links.map(\.isDeclared) == [true, false, false])
        #expect(links.first?.constraint?.name == "fk")
        #expect(links.first?.to.table.name == "c")
        #expect(links.map(\.confidencePercent) == [nil, 99, 55])
    }
}
