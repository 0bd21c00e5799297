import KeelCore
@testable import KeelDiscover
import Testing

/// Foreign keys inferred from names, types and target uniqueness, on catalogs that declare none.
@Suite struct RelationshipInferrerTests {
    typealias T = FindCatalogs

    func pairs(_ found: [InferredRelationship]) -> [String] { found.map(\.display) }

    @Test("customer_id → customers.id, ticket_no → tickets.ticket_no, CustomerID → Customers.CustomerID")
    func naming() throws {
        let snake = try T.catalog([
            T.table("customers", [("id", "bigint"), ("email", "text")], primaryKey: ["id"]),
            T.table("orders", [("id", "bigint"), ("customer_id", "bigint"), ("placed_at", "timestamptz")], primaryKey: ["id"]),
            T.table("tickets", [("ticket_no", "character(13)"), ("book_ref", "character(6)")]),
            T.table("boarding_passes", [("ticket_no", "character(13)"), ("seat_no", "character varying(4)")]),
        ])
        let found = RelationshipInferrer().infer(snake)
        #expect(pairs(found) == ["boarding_passes.ticket_no → tickets.ticket_no", "orders.customer_id → customers.id"], "\(pairs(found))")
        let orders = try #require(found.first { $0.from.table.name == "orders" })
        #expect(orders.confidence >= 0.9)
        #expect(orders.evidence.contains { $0.contains("unique") })

        let pascal = try T.catalog([
            T.table("Customers", [("CustomerID", "int"), ("Name", "nvarchar(50)")]),
            T.table("Engagements", [("EngagementID", "int"), ("CustomerID", "int")]),
        ])
        let engagements = RelationshipInferrer().infer(pascal)
        #expect(pairs(engagements) == ["\"Engagements\".\"CustomerID\" → \"Customers\".\"CustomerID\""])
        #expect(engagements.first.map { $0.confidence < orders.confidence } == true)
    }

    @Test("a role before the table's name: home_team_api_id → team.team_api_id")
    func role() throws {
        let catalog = try T.catalog([
            T.table("team", [("id", "integer"), ("team_api_id", "integer"), ("team_long_name", "text")]),
            T.table("match", [("id", "integer"), ("home_team_api_id", "integer"), ("away_team_api_id", "integer")]),
        ])
        let found = RelationshipInferrer().infer(catalog)
        #expect(pairs(found) == ["match.away_team_api_id → team.team_api_id", "match.home_team_api_id → team.team_api_id"])
        #expect(found.allSatisfy { $0.evidence.first?.contains("after a role") == true })
    }

    @Test("incompatible types, declared keys and a table's own key are not inferred")
    func rejections() throws {
        let catalog = try T.catalog([
            T.table("customers", [("customer_id", "bigint"), ("name", "text")], primaryKey: ["customer_id"]),
            T.table("notes", [("id", "bigint"), ("customer_id", "text")]),
            T.table("orders", [("id", "bigint"), ("customer_id", "bigint")],
                    foreignKeys: [.init(columns: ["customer_id"], table: "customers", referenced: ["customer_id"])]),
            T.table("payments", [("id", "bigint"), ("uuid_id", "uuid")]),
        ])
        #expect(RelationshipInferrer().infer(catalog).isEmpty)
    }

    @Test("the billing scenario declares every key: nothing to infer")
    func billing() throws {
        #expect(RelationshipInferrer().infer(try FindCatalogs.billing()).isEmpty)
    }

    @Test("a higher threshold keeps only the surest")
    func threshold() throws {
        let catalog = try T.catalog([
            T.table("team", [("team_api_id", "integer")]),
            T.table("match", [("home_team_api_id", "integer")]),
            T.table("customers", [("id", "bigint")], primaryKey: ["id"]),
            T.table("orders", [("customer_id", "bigint")]),
        ])
        #expect(pairs(RelationshipInferrer(minimumConfidence: 0.9).infer(catalog)) == ["orders.customer_id → customers.id"])
    }

    @Test("type families", arguments: [
        ("integer", "bigint", true), ("int", "INTEGER", true), ("text", "character varying(20)", true), ("uuid", "text", false),
        ("numeric(12,0)", "bigint", true), ("point", "integer", false), ("interval", "int", false),
    ])
    func types(_ a: String, _ b: String, _ compatible: Bool) {
        #expect((RelationshipInferrer.typeCompatibility(a, b) != nil) == compatible)
    }
}
