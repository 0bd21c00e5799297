import Foundation
import KeelPostgres
import KeelTestSupport

/// Runs Fixtures/openlineage/validate_events.py with the project's venv (openlineage-python and
/// jsonschema, pinned in requirements-test.txt). A missing tool is a failure with the install hint.
enum OpenLineageValidator {
    static var script: String { LineageFixtures.root + "/openlineage/validate_events.py" }

    /// `<venv>/bin/python`, checked to import openlineage and jsonschema.
    static func python() async throws -> String {
        let python = try TestVenv.python(for: "openlineage-python and jsonschema")
        let hint = "openlineage-python and jsonschema are not installed in \(TestVenv.directory). \(TestVenv.installHint)"
        for module in ["openlineage.client.serde", "jsonschema"] {
            let probe = try await ProgramRunner.run(python, ["-c", "import \(module)"])
            guard probe.succeeded else { throw TestVenv.MissingTool(description: "\(module) is missing. " + hint) }
        }
        return python
    }

    static func validate(_ file: String, python: String) async throws -> ProgramResult {
        try await ProgramRunner.run(python, [script, file])
    }
}
