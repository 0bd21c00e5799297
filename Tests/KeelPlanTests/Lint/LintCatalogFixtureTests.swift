import Foundation
import KeelCore
import KeelPlan
import Testing

/// `Fixtures/lint/catalog.json` is the corpus catalog written canonically, so the corpus can be
/// linted from the command line (`keel lint --catalog Tests/KeelPlanTests/Fixtures/lint/catalog.json …`).
/// `KEEL_UPDATE_GOLDEN=1` rewrites it. `Fixtures/lint/database/schema.sql` is the same database as
/// SQL; KeelCLITests' `LintCorpusCatalogDiscoveryTests` runs real discovery on it and checks that the
/// structure matches catalog.json and that the corpus lints the same with either catalog.
@Suite("Lint catalog fixture")
struct LintCatalogFixtureTests {
    @Test("catalog.json matches the hand-built catalog")
    func goldenCatalog() throws {
        let url = LintFixtures.corpusDirectory.appendingPathComponent("catalog.json")
        let expected = try CanonicalJSON.encode(LintFixtures.catalog)
        if ProcessInfo.processInfo.environment["KEEL_UPDATE_GOLDEN"] == "1" {
            try expected.write(to: url)
        }
        let actual = try Data(contentsOf: url)
        #expect(actual == expected, "run KEEL_UPDATE_GOLDEN=1 swift test --filter LintCatalogFixture to rewrite \(url.path)")
        #expect(try Catalog.read(from: url) == LintFixtures.catalog)
    }
}
