import KeelCore
@testable import KeelPlan
import KeelSQL
import Testing

/// Default-expression volatility from built-in knowledge and the catalog's functions.
@Suite("Expression volatility")
struct ExpressionVolatilityTests {
    static func volatility(_ text: String, catalog: Catalog? = nil) throws -> ExpressionVolatility {
        ExpressionVolatility(try Parser.parseExpression(text), catalog: catalog.map(CatalogIndex.init))
    }

    @Test("volatile", arguments: ["random()", "gen_random_uuid()", "nextval('s'::regclass)", "clock_timestamp()", "md5(random()::text)",
                                   "pg_catalog.uuid_generate_v4()", "coalesce(NULL, timeofday())", "mystery()", "(SELECT 1)"])
    func volatile(_ text: String) throws {
        #expect(try Self.volatility(text).volatility == .volatile)
    }

    @Test("not volatile", arguments: ["now()", "CURRENT_TIMESTAMP", "'x'", "1 + 2", "lower('X')", "'{}'::jsonb", "ARRAY[1, 2]",
                                       "CASE WHEN true THEN 1 ELSE 2 END", "date_trunc('day', now())", "interval '1 day'", "NULL"])
    func notVolatile(_ text: String) throws {
        #expect(try Self.volatility(text).volatility != .volatile)
    }

    @Test("the catalog decides user functions, worst overload first")
    func catalogFunctions() throws {
        let catalog = LintFixtures.catalog
        #expect(try Self.volatility("app_default_region()", catalog: catalog).volatility == .immutable)
        #expect(try Self.volatility("public.app_default_region()", catalog: catalog).volatility == .immutable)
        let ticket = try Self.volatility("next_ticket()", catalog: catalog)
        #expect(ticket.volatility == .volatile && ticket.volatileFunctions == ["next_ticket"])
        let unknown = try Self.volatility("app_default_region()")
        #expect(unknown.volatility == .volatile && unknown.unknownFunctions == ["app_default_region"])
    }
}
