import Foundation
import KeelCore
import KeelPlan
import Testing

/// Versioned view schemas in the plan: numbers from the catalog, both shapes of the billing
/// change, the contract and the cutover; and the page-walking backfill of a table without a key.
@Suite("Versioned views in the plan")
struct VersionedViewsTests {
    static let invoices = "public.invoices"

    static func plan(_ catalog: Catalog) throws -> MigrationPlan {
        try Planner(catalog: catalog).plan(try PlanFixtures.billingSpec())
    }

    static func views(_ plan: MigrationPlan) -> [String] {
        plan.phase(.expand)?.steps.compactMap { step in
            step.statements.last.map(\.text).flatMap { $0.hasPrefix("CREATE OR REPLACE VIEW") ? $0 : nil }
        } ?? []
    }

    @Test("billing: public_v1.invoices has the old shape, public_v2.invoices the new (plus amount_decimal for patched consumers), simple and security_invoker")
    func billingShapes() throws {
        let views = Self.views(try Self.plan(try PlanFixtures.billingCatalog()))
        #expect(views == [
            #"CREATE OR REPLACE VIEW "public_v1"."invoices" WITH (security_invoker = true) AS SELECT "id", "customer_id", "subscription_id", "amount", "currency", "status", "issued_at", "due_at", "paid_at" FROM "public"."invoices""#,
            #"CREATE OR REPLACE VIEW "public_v2"."invoices" WITH (security_invoker = true) AS SELECT "id", "customer_id", "subscription_id", "amount_decimal" AS "amount", "currency", "status", "issued_at", "due_at", "paid_at", "discount_amount", "amount_decimal" FROM "public"."invoices""#,
        ])
    }

    @Test("the contract retires v1 with exactly the statements that undo its publication; v2 stays")
    func contractRetiresOldVersion() throws {
        let plan = try Self.plan(try PlanFixtures.billingCatalog())
        let expand = try #require(plan.phase(.expand)).steps
        let retire = try #require(plan.phase(.contract)?.steps.first)
        let undoV1 = try #require(expand[3].rollback)
        #expect(retire.statements.filter { !$0.text.hasPrefix("SET ") } == undoV1.filter { !$0.text.hasPrefix("SET ") })
        #expect(retire.table?.display == Self.invoices && retire.rollback == nil)
        #expect(!plan.steps.filter { $0.id.hasPrefix("contract") }.flatMap(\.statements).contains { $0.text.contains("public_v2") })
    }

    @Test("the cutover sets the database default search_path and its rollback restores the recorded value")
    func cutover() throws {
        let plan = try Self.plan(try PlanFixtures.billingCatalog())
        let step = try #require(plan.phase(.migrateConsumers)?.steps.last)
        let set = step.statements.map(\.text).joined(separator: "\n")
        #expect(set.contains(#"wanted text := '"public_v2", "public"'"#))
        #expect(set.contains("wanted || ', ' || base"))
        #expect(set.contains("ALTER DATABASE %I SET search_path FROM CURRENT"))
        let restore = try #require(step.rollback).map(\.text).joined(separator: "\n")
        #expect(restore.contains("ALTER DATABASE %I RESET search_path") && restore.contains("substr(previous, 13)"))
    }

    @Test("numbers come from the catalog: after public_v1 and public_v2, the change publishes v3 and reuses v2 for the old shape")
    func numbering() throws {
        var catalog = try PlanFixtures.billingCatalog()
        catalog.schemas += [Catalog.Schema(name: try Identifier("public_v1"), comment: "keel: version 1 of public"),
                            Catalog.Schema(name: try Identifier("public_v2"), comment: "keel: version 2 of public")]
        let plan = try Self.plan(catalog)
        let views = Self.views(plan)
        #expect(views.count == 2)
        #expect(views[0].hasPrefix(#"CREATE OR REPLACE VIEW "public_v2"."invoices""#))
        #expect(views[1].hasPrefix(#"CREATE OR REPLACE VIEW "public_v3"."invoices""#))
        // The existing v2 keeps its comment (it may record an earlier cutover); v3 is new.
        let comments = plan.steps.flatMap(\.statements).map(\.text).filter { $0.hasPrefix("COMMENT ON SCHEMA") }
        #expect(comments == [#"COMMENT ON SCHEMA "public_v3" IS 'keel: version 3 of public'"#])
    }

    @Test("a schema named like a version that Keel did not make stops the plan with a clear error")
    func foreignVersionSchema() throws {
        var catalog = try PlanFixtures.billingCatalog()
        catalog.schemas.append(Catalog.Schema(name: try Identifier("public_v2"), comment: "reporting copies"))
        #expect {
            _ = try Self.plan(catalog)
        } throws: { error in
            guard let error = error as? PlanError else { return false }
            return error.code == "plan.version-schema-taken" && error.message.contains("public_v2") && error.hint?.contains("rename") == true
        }
        // Names that only look alike are not versions.
        var other = try PlanFixtures.billingCatalog()
        other.schemas += [Catalog.Schema(name: try Identifier("public_vx"), comment: nil),
                          Catalog.Schema(name: try Identifier("public_v"), comment: nil)]
        #expect(Self.views(try Self.plan(other)).count == 2)
    }

    @Test("before PostgreSQL 15 the views are created without security_invoker")
    func olderServer() throws {
        var catalog = try PlanFixtures.billingCatalog()
        catalog.source?.serverVersionNumber = 140_011
        #expect(Self.views(try Self.plan(catalog)).allSatisfy { !$0.contains("security_invoker") })
    }

    @Test("a table created by the spec gets no versioned view, and a spec without shape changes has no cutover")
    func noVersionsWhenNothingChangesShape() throws {
        let spec = try PlanFixtures.spec("""
            change: c
            operations:
              - create_table: {table: events, columns: [{name: id, type: bigint, primary_key: true}]}
              - add_column: {table: events, column: {name: note, type: text}}
              - create_index: {table: invoices, name: invoices_due_at_idx, columns: [due_at]}
            """)
        let plan = try Planner(catalog: try PlanFixtures.billingCatalog()).plan(spec)
        #expect(!plan.steps.flatMap(\.statements).contains { $0.text.contains("VIEW") || $0.text.contains("search_path") })
    }

    @Test("rename and drop: renamed columns under the new name, dropped ones left out, the renamed table under its new name")
    func renameAndDrop() throws {
        let spec = try PlanFixtures.spec("""
            change: c
            operations:
              - rename_column: {table: invoices, column: due_at, to: due_on}
              - drop_column: {table: invoices, column: paid_at}
              - rename_table: {table: plans, to: price_plans}
            """)
        let plan = try Planner(catalog: try PlanFixtures.billingCatalog()).plan(spec)
        let views = Self.views(plan)
        #expect(views.contains { $0.hasPrefix(#"CREATE OR REPLACE VIEW "public_v2"."invoices""#) && $0.contains(#""due_at" AS "due_on""#) && !$0.contains("paid_at") })
        #expect(views.contains { $0.hasPrefix(#"CREATE OR REPLACE VIEW "public_v1"."plans""#) })
        #expect(views.contains { $0.hasPrefix(#"CREATE OR REPLACE VIEW "public_v2"."price_plans""#) })
        // Each table's contract starts by retiring its v1 view, before the rename or drop.
        let contract = try #require(plan.phase(.contract)).steps
        let invoices = contract.filter { $0.table?.display == Self.invoices }
        #expect(invoices.first?.statements.contains { $0.text.hasPrefix("DROP VIEW IF EXISTS \"public_v1\".\"invoices\"") } == true)
        #expect(invoices.last?.statements.last?.text == #"ALTER TABLE "public"."invoices" DROP COLUMN "paid_at""#)
    }

    @Test("a table without a single-column primary key is backfilled by heap page")
    func pageBackfill() throws {
        var catalog = try PlanFixtures.billingCatalog()
        let index = try #require(catalog.tables.firstIndex { $0.qualifiedName.display == Self.invoices })
        catalog.tables[index].constraints.removeAll { $0.kind == .primaryKey }
        let plan = try Self.plan(catalog)
        let backfill = try #require(plan.phase(.backfill)?.steps.first?.backfill)
        #expect(backfill.key.name == "ctid" && backfill.keyType == "tid")
        #expect(backfill.batch.text.contains("keel_row.ctid >= format('(%s,0)'"))
        #expect(plan.notes.contains { $0.message.contains("heap pages") })
    }
}

extension VersionedViewsTests {
    @Test("on the simple path an added or retyped column gets no views, but a rename still does")
    func simplePath() throws {
        var catalog = try PlanFixtures.billingCatalog()
        let index = try #require(catalog.tables.firstIndex { $0.qualifiedName.display == Self.invoices })
        catalog.tables[index].stats?.rowEstimate = 0
        #expect(Self.views(try Self.plan(catalog)).isEmpty)
        let rename = try Planner(catalog: catalog).plan(try PlanFixtures.spec("""
            change: c
            operations:
              - rename_column: {table: invoices, column: due_at, to: due_on}
            """))
        #expect(Self.views(rename).count == 2)
    }
}
