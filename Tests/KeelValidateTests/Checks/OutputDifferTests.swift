import Foundation
import KeelCore
import KeelPostgres
import PostgresNIO
import KeelTestSupport
@testable import KeelValidate
import Testing

/// The replay diff: keel diff's join inside the replay's open transaction, keyed by the output's
/// key or by the whole row, with dbt-audit-helper's statuses.
@Suite(.postgres, .tags(.postgres)) struct OutputDifferTests {
    /// Runs `body` in an open transaction with `setup` applied and not committed, then rolls back.
    static func inTransaction<T: Sendable>(_ setup: [SQL], _ body: (Session) async throws -> T) async throws -> T {
        let db = try #require(TestDatabase.current)
        return try await Session.with(db.config) { session in
            try await session.execute("BEGIN")
            for statement in ["CREATE SCHEMA base", "CREATE SCHEMA rep"] + setup { try await session.execute(statement) }
            let result = try await body(session)
            try await session.execute("ROLLBACK")
            return result
        }
    }

    static let base = (try? QualifiedName(schema: "base", name: "out"))
    static let rep = (try? QualifiedName(schema: "rep", name: "out"))

    static func diff(_ session: Session, key: [String]?, expected: Set<String> = []) async throws -> ValidationReport.OutputDiff {
        let base = try #require(Self.base), rep = try #require(Self.rep)
        return try await OutputDiffer(session: session, expected: expected)
            .diff("consumer", baseline: base, replay: rep, key: try key.map { try $0.map { try Identifier($0) } })
    }

    @Test("keyed: every status, per-column match rates and samples, on tables the transaction has not committed")
    func keyedStatuses() async throws {
        try await Self.inTransaction([
            "CREATE TABLE base.out (id int, name text, amount integer)",
            "CREATE TABLE rep.out (id int, name text, amount numeric(12,2))",
            "INSERT INTO base.out VALUES (1, 'one', 1), (2, 'two', 2), (3, 'three', 3), (4, 'four', 4), (5, 'five', 5), (6, NULL, 6)",
            "INSERT INTO rep.out VALUES (2, 'two', 2.00), (3, 'three', 3.50), (4, 'FOUR', 4), (5, 'five', 5), (6, NULL, 6), (7, 'seven', 7)",
        ]) { session in
            let diff = try await Self.diff(session, key: ["id"])
            #expect(diff.key == ["id"])
            #expect((diff.identical, diff.modified, diff.added, diff.removed, diff.nonuniquePK) == (3, 2, 1, 1, 0))
            #expect(diff.baselineRows == 6 && diff.replayRows == 6)
            #expect(!diff.ok)
            let amount = try #require(diff.columns.first { $0.column == "amount" })
            #expect(amount.typeBefore == "integer" && amount.typeAfter == "numeric(12,2)")
            #expect(amount.mismatches == 1 && amount.compared == 5 && amount.matchRate == 0.8)
            #expect(diff.samples.contains { $0.status == .modified && $0.key == "3" && $0.changes == [.init(column: "amount", before: "3", after: "3.50")] })
            #expect(diff.samples.contains { $0.status == .added && $0.key == "7" })
            #expect(diff.samples.contains { $0.status == .removed && $0.key == "1" })
            #expect(OutputDiffer.summary(diff).contains("2 rows modified (name 80.0% equal, amount 80.0% equal)"))
            // The diff left the transaction usable and the tables as they were.
            let rows = try await session.one("SELECT count(*) FROM rep.out") { try $0.decode(Int64.self) }
            #expect(rows == 6)
        }
    }

    @Test("a numeric type change with equal values is identical")
    func numericTypeChange() async throws {
        try await Self.inTransaction([
            "CREATE TABLE base.out (id bigint, amount integer)",
            "CREATE TABLE rep.out (id bigint, amount numeric(12,2))",
            "INSERT INTO base.out SELECT g, g * 10 FROM generate_series(1, 500) g",
            "INSERT INTO rep.out SELECT g, g * 10.00 FROM generate_series(1, 500) g",
        ]) { session in
            let diff = try await Self.diff(session, key: ["id"])
            #expect(diff.ok)
            #expect(diff.identical == 500 && diff.modified == 0)
            #expect(diff.columns.map(\.matchRate) == [1])
            #expect(diff.samples.isEmpty)
        }
    }

    @Test("without a key, whole rows match as multisets: repeated rows pair one to one")
    func wholeRows() async throws {
        try await Self.inTransaction([
            "CREATE TABLE base.out (month date, revenue integer)",
            "CREATE TABLE rep.out (month date, revenue numeric)",
            "INSERT INTO base.out VALUES ('2024-01-01', 10), ('2024-01-01', 10), ('2024-02-01', 20)",
            "INSERT INTO rep.out VALUES ('2024-01-01', 10.0), ('2024-02-01', 20), ('2024-02-01', 20)",
        ]) { session in
            let diff = try await Self.diff(session, key: nil)
            #expect(diff.key.isEmpty)
            #expect((diff.identical, diff.modified, diff.added, diff.removed, diff.nonuniquePK) == (2, 0, 1, 1, 0))
            #expect(diff.samples.contains { $0.status == .removed && $0.key == "(2024-01-01,10)" })
            #expect(diff.samples.contains { $0.status == .added && $0.key == "(2024-02-01,20)" })
            #expect(diff.columns.isEmpty)
            #expect(!diff.ok)
        }
    }

    @Test("a key repeated the same way before and after is nonunique_pk, yet equal outputs pass")
    func repeatedKeyEqualOutputs() async throws {
        try await Self.inTransaction([
            "CREATE TABLE base.out (id int, v text)",
            "CREATE TABLE rep.out (id int, v text)",
            "INSERT INTO base.out VALUES (1, 'a'), (1, 'b'), (2, 'c')",
            "INSERT INTO rep.out VALUES (1, 'b'), (1, 'a'), (2, 'c')",
        ]) { session in
            let diff = try await Self.diff(session, key: ["id"])
            #expect(diff.nonuniquePK == 4)
            #expect(diff.identical == 1)
            #expect(diff.samples.contains { $0.status == .nonuniquePK && $0.key == "1" })
            #expect(diff.ok)
        }
    }

    @Test("a replay that repeats a key's rows fails")
    func repeatedKeyAfterChange() async throws {
        try await Self.inTransaction([
            "CREATE TABLE base.out (id int, v text)",
            "CREATE TABLE rep.out (id int, v text)",
            "INSERT INTO base.out VALUES (1, 'a'), (2, 'c')",
            "INSERT INTO rep.out VALUES (1, 'a'), (1, 'a'), (2, 'c')",
        ]) { session in
            let diff = try await Self.diff(session, key: ["id"])
            #expect(diff.nonuniquePK == 3)
            #expect(!diff.ok)
        }
    }

    @Test("a column the plan adds is expected; one it does not declare fails")
    func expectedColumns() async throws {
        let setup: [SQL] = [
            "CREATE TABLE base.out (id int, amount integer)",
            "CREATE TABLE rep.out (id int, amount integer, discount_amount numeric(12,2))",
            "INSERT INTO base.out VALUES (1, 10), (2, 20)",
            "INSERT INTO rep.out VALUES (1, 10, 0), (2, 20, 0)",
        ]
        let declared = try await Self.inTransaction(setup) { try await Self.diff($0, key: ["id"], expected: ["+discount_amount"]) }
        #expect(declared.ok)
        #expect(declared.columnChanges == ["+discount_amount"] && declared.expectedColumnChanges == ["+discount_amount"])
        #expect(declared.identical == 2)
        let undeclared = try await Self.inTransaction(setup) { try await Self.diff($0, key: ["id"]) }
        #expect(!undeclared.ok)
        #expect(undeclared.expectedColumnChanges.isEmpty)
        #expect(OutputDiffer.summary(undeclared).contains("columns +discount_amount"))
    }

    @Test("a key column gone after the change, or of a type that no longer compares, falls back to whole rows")
    func keyFallback() async throws {
        let retyped = try await Self.inTransaction([
            "CREATE TABLE base.out (id int, v text)",
            "CREATE TABLE rep.out (id uuid, v text)",
            "INSERT INTO base.out VALUES (1, 'a')",
            "INSERT INTO rep.out VALUES ('00000000-0000-0000-0000-000000000001', 'a')",
        ]) { try await Self.diff($0, key: ["id"]) }
        #expect(retyped.key.isEmpty)
        #expect(retyped.added == 1 && retyped.removed == 1 && !retyped.ok)
        let dropped = try await Self.inTransaction([
            "CREATE TABLE base.out (id int, v text)",
            "CREATE TABLE rep.out (v text)",
            "INSERT INTO base.out VALUES (1, 'a')",
            "INSERT INTO rep.out VALUES ('a')",
        ]) { try await Self.diff($0, key: ["id"]) }
        #expect(dropped.key.isEmpty)
        #expect(dropped.identical == 1)
        #expect(dropped.columnChanges == ["-id"] && !dropped.ok)
    }
}
