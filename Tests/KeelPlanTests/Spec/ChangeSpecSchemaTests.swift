import Foundation
import KeelPostgres
import KeelTestSupport
import Testing

/// docs/change-spec.schema.json, checked with Python's jsonschema (from the test venv) against
/// specs Keel accepts and specs it rejects, so the published schema and the loader agree.
@Suite("Change spec JSON Schema")
struct ChangeSpecSchemaTests {
    static let accepted = [
        try? String(contentsOfFile: BillingFiles.changeSpec, encoding: .utf8),
        "change: c\noperations:\n  - create_table: {table: t, columns: [{name: id, type: bigint, primary_key: true}]}\n",
        "change: c\noperations:\n  - alter_column: {table: t, column: c, nullable: false, default: '1', comment: hi}\n",
        "change: c\noperations:\n  - add_constraint: {table: t, name: k, foreign_key: {columns: [a], references_table: u, references_columns: [id]}}\n",
        "change: c\noperations:\n  - create_index: {table: t, name: i, columns: [a], method: gin}\n  - sql: {up: SELECT 1}\n",
    ].compactMap { $0 }

    static let rejected = [
        "change: c\noperations:\n  - add_column: {table: t, column: {name: c, type: int, nulable: true}}\n",
        "change: c\noperations:\n  - add_colum: {table: t}\n",
        "change: c\noperations: []\n",
        "operations:\n  - drop_table: {table: t}\n",
        "change: c\noperations:\n  - drop_table: {table: t, cascade: true}\n",
    ]

    static func python() throws -> String { try TestVenv.python(for: "jsonschema") }

    static let script = """
        import json, sys, yaml, jsonschema
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        for path in sys.argv[2:]:
            errors = list(validator.iter_errors(yaml.safe_load(open(path))))
            print(path, "valid" if not errors else "invalid")
        """

    @Test("the schema accepts what the loader accepts and rejects what it rejects")
    func agreesWithLoader() async throws {
        let python = try Self.python()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("keel-spec-schema-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var files: [(String, Bool)] = []
        for (index, text) in Self.accepted.enumerated() {
            let path = dir + "/ok\(index).yaml"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            _ = try PlanFixtures.spec(text)
            files.append((path, true))
        }
        for (index, text) in Self.rejected.enumerated() {
            let path = dir + "/bad\(index).yaml"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            #expect(throws: (any Error).self) { try PlanFixtures.spec(text) }
            files.append((path, false))
        }
        let schema = PackageRoot.url.appendingPathComponent("docs/change-spec.schema.json").path
        let result = try await ProgramRunner.run(python, ["-c", Self.script, schema] + files.map(\.0))
        #expect(result.succeeded, "jsonschema or PyYAML missing from the venv? \(result.standardError)")
        for (path, valid) in files {
            #expect(result.standardOutput.contains("\(path) \(valid ? "valid" : "invalid")\n"), "\(path): \(result.standardOutput)")
        }
    }
}
