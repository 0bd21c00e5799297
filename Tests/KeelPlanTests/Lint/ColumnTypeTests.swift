@testable import KeelPlan
import KeelSQL
import Testing

/// Binary-coercible type changes (postgres-locks.md's no-rewrite list) and catalog type text.
@Suite("Column types")
struct ColumnTypeTests {
    static func type(_ text: String) throws -> ColumnType { ColumnType(try Parser.parseType(text)) }

    @Test("no rewrite", arguments: [
        ("character varying(50)", "varchar(100)"), ("varchar(50)", "varchar"), ("varchar(50)", "text"), ("text", "varchar"),
        ("numeric(10,2)", "numeric(12,2)"), ("numeric(10,2)", "numeric"), ("timestamp(3) without time zone", "timestamp(6)"),
        ("timestamptz(0)", "timestamp with time zone"), ("interval(3)", "interval"), ("cidr", "inet"), ("integer", "int4"),
        ("character varying(10)[]", "character varying(10)[]"), ("time(2)", "time(4)"),
        ("timestamp", "timestamp(6)"), ("timestamp(6) with time zone", "timestamptz"),
    ])
    func noRewrite(_ change: (String, String)) throws {
        #expect(try Self.type(change.0).changeIsBinaryCoercible(to: try Self.type(change.1), timeZoneIsUTC: false))
    }

    @Test("rewrite", arguments: [
        ("integer", "bigint"), ("int", "numeric"), ("text", "varchar(10)"), ("varchar(100)", "varchar(50)"), ("varchar", "varchar(50)"),
        ("numeric(10,2)", "numeric(10,3)"), ("numeric(10,2)", "numeric(8,2)"), ("numeric", "numeric(10,2)"), ("inet", "cidr"),
        ("timestamp", "timestamptz"), ("char(3)", "text"), ("varchar(10)", "varchar(10)[]"), ("bigint", "integer"),
        ("timestamp", "timestamp(3)"), ("time(4)", "time(2)"),
    ])
    func rewrite(_ change: (String, String)) throws {
        #expect(try !Self.type(change.0).changeIsBinaryCoercible(to: try Self.type(change.1), timeZoneIsUTC: false))
    }

    @Test("timestamp → timestamptz needs no rewrite when the time zone is UTC")
    func utc() throws {
        #expect(try Self.type("timestamp").changeIsBinaryCoercible(to: try Self.type("timestamptz"), timeZoneIsUTC: true))
        #expect(try Self.type("timestamp").changeIsBinaryCoercible(to: try Self.type("timestamp(6) with time zone"), timeZoneIsUTC: true))
        #expect(try !Self.type("timestamp").changeIsBinaryCoercible(to: try Self.type("timestamp(0) with time zone"), timeZoneIsUTC: true))
    }

    @Test("catalog text and display")
    func catalogText() throws {
        let type = try #require(ColumnType(catalogText: "timestamp(3) without time zone"))
        #expect(type.base == "timestamp without time zone" && type.modifiers == [3])
        #expect(type.display == "timestamp(3) without time zone")
        #expect(ColumnType(catalogText: "numeric(12,2)")?.display == "numeric(12,2)")
        #expect(ColumnType(catalogText: "character(1)") == (try Self.type("char")))
        #expect(ColumnType(catalogText: "((") == nil)
    }
}
