import KeelCore
import Testing

@Suite struct SQLTests {
    @Test func interpolatesIdentifiersQuotedAndLiteralsEscaped() throws {
        let table = try QualifiedName(schema: "public", name: "a\"; DROP TABLE x; --")
        let column = try Identifier("amount")
        let text = "it's \\ ok"
        let statement: SQL = "ALTER TABLE \(table) ALTER COLUMN \(column) SET DEFAULT \(literal: text)"
        #expect(statement.text == #"ALTER TABLE "public"."a""; DROP TABLE x; --" ALTER COLUMN "amount" SET DEFAULT  E'it''s \\ ok'"#)
    }

    @Test func literalsWithoutBackslashesUseThePlainForm() {
        #expect(SQLLiteral.quote("O'Brien") == "'O''Brien'")
        #expect(SQLLiteral.quote("") == "''")
    }

    @Test func nestedFragmentsAndJoin() throws {
        let columns = SQL.joined([SQL("\(try Identifier("a"))"), SQL("\(try Identifier("B"))")])
        let statement: SQL = "SELECT \(columns) FROM \(try QualifiedName(schema: "s", name: "t")) LIMIT \(literal: 5)"
        #expect(statement.text == #"SELECT "a", "B" FROM "s"."t" LIMIT 5"#)
    }
}
