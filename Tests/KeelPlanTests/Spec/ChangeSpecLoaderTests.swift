import Foundation
import KeelCore
import KeelPlan
import Testing

@Suite("Change spec loading")
struct ChangeSpecLoaderTests {
    @Test("the billing spec loads, and its JSON form loads to the same spec")
    func billing() throws {
        let yaml = try PlanFixtures.billingSpec()
        #expect(yaml.spec.change == "extend-billing")
        #expect(yaml.spec.operations.map(\.name) == ["add_column", "alter_column"])
        #expect(yaml.operationLines == [4, 7])
        guard case .alterColumn(let alter) = yaml.spec.operations[1] else { Issue.record("expected alter_column"); return }
        #expect(alter.type == "numeric(12,2)")
        #expect(alter.down == "round(amount)::integer")
        guard case .addColumn(let add) = yaml.spec.operations[0] else { Issue.record("expected add_column"); return }
        #expect(add.column.default == "0")
        #expect(add.column.nullable == false)

        let json = String(decoding: try CanonicalJSON.encode(yaml.spec), as: UTF8.self)
        let again = try ChangeSpecLoader.parse(json, file: "change.json")
        #expect(again.spec == yaml.spec)
    }

    @Test("every operation parses", arguments: [
        "create_table: {table: t, columns: [{name: id, type: bigint, primary_key: true}, {name: x, type: text, nullable: false, default: \"'a'\"}]}",
        "drop_table: {table: t}",
        "rename_table: {table: t, to: u}",
        "add_column: {table: t, column: {name: c, type: int, references: {table: u, column: id, on_delete: cascade}}}",
        "drop_column: {table: t, column: c}",
        "rename_column: {table: t, column: c, to: d}",
        "alter_column: {table: t, column: c, nullable: false, default: '1', comment: hi}",
        "add_constraint: {table: t, name: k, foreign_key: {columns: [a], references_table: u, references_columns: [id]}}",
        "drop_constraint: {table: t, name: k}",
        "create_index: {table: t, name: i, columns: [a, b], unique: true, method: btree, where: a > 0}",
        "drop_index: {name: public.i}",
        "create_enum: {name: mood, values: [sad, ok]}",
        "add_enum_value: {enum: mood, value: happy, after: ok}",
        "sql: {up: 'SELECT 1', down: 'SELECT 2'}",
    ])
    func everyOperation(_ operation: String) throws {
        let loaded = try PlanFixtures.spec("change: c\noperations:\n  - \(operation)\n")
        #expect(loaded.spec.operations.count == 1)
        #expect(operation.hasPrefix(loaded.spec.operations[0].name + ":"))
    }

    struct BadSpec: CustomTestStringConvertible, Sendable {
        var yaml: String
        var path: String
        var line: Int?
        var testDescription: String { path.isEmpty ? yaml.prefix(30).description : path }
    }

    @Test("a malformed spec names the operation's index, the field and the line", arguments: [
        BadSpec(yaml: "change: c\noperations:\n  - add_column: {table: t, column: {name: c, type: int, nulable: true}}\n",
                path: "operations[0].add_column.column", line: 3),
        BadSpec(yaml: "change: c\noperations:\n  - drop_table: {table: t}\n  - add_colum: {table: t}\n", path: "operations[1].add_colum", line: 4),
        BadSpec(yaml: "change: c\noperations:\n  - drop_table: {table: t}\n  - alter_column:\n      table: t\n", path: "operations[1].alter_column", line: 5),
        BadSpec(yaml: "change: c\noperations:\n  - add_column:\n      table: t\n      column: {name: c, type: int, nullable: maybe}\n",
                path: "operations[0].add_column.column.nullable", line: 5),
        BadSpec(yaml: "change: c\noperations: []\n", path: "operations", line: 2),
        BadSpec(yaml: "operations:\n  - drop_table: {table: t}\n", path: "", line: 1),
        BadSpec(yaml: "change: c\noperations:\n  - {drop_table: {table: t}, drop_column: {table: t, column: c}}\n", path: "operations[0]", line: 3),
        BadSpec(yaml: "change: c\nextra: 1\noperations: []\n", path: "", line: 2),
        BadSpec(yaml: "change: [c\n", path: "", line: nil),
        BadSpec(yaml: "", path: "", line: nil),
    ])
    func malformed(_ bad: BadSpec) throws {
        do {
            _ = try PlanFixtures.spec(bad.yaml)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == "plan.malformed-spec")
            guard case .malformedSpec(let file, let line, _, let path, _) = error else { Issue.record("\(error)"); return }
            #expect(file == "change.yaml")
            #expect(path == bad.path, "\(error.message)")
            if let expected = bad.line { #expect(line == expected, "\(error.message)") }
        }
    }

    @Test("a missing file is a clear error")
    func missingFile() {
        #expect { try ChangeSpecLoader.load(path: "/nonexistent/change.yaml") } throws: { ($0 as? PlanError)?.code == "plan.malformed-spec" }
    }
}
