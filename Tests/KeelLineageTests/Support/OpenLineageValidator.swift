import Foundation
import KeelPostgres
import KeelTestSupport

/// Runs Fixtures/openlineage/validate_events.py with the project's venv (openlineage-python and
/// jsonschema, pinned in requirements-test.txt). A missing tool is a failure with the install hint.
enum OpenLineageValidator {
    struct MissingTool: Error, CustomStringConvertible {
        let description: String
    }

    static var script: String { LineageFixtures.root + "/openlineage/validate_events.py" }

    /// `<venv>/bin/python`, checked to import openlineage and jsonschema.
    static func python() async throws -> String {
        let venv = ProcessInfo.processInfo.environment["KEEL_VENV"].flatMap { $0.isEmpty ? nil : $0 }
            ?? PackageRoot.url.appendingPathComponent(".venv").path
        let python = venv + "/bin/python"
        let hint = """
            openlineage-python and jsonschema are not installed in \(venv). scripts/test installs them; or run:
              python3 -m venv .venv && .venv/bin/pip install -r requirements-test.txt
            """
        guard FileManager.default.isExecutableFile(atPath: python) else { throw MissingTool(description: hint) }
        for module in ["openlineage.client.serde", "jsonschema"] {
            let probe = try await ProgramRunner.run(python, ["-c", "import \(module)"])
            guard probe.succeeded else { throw MissingTool(description: "\(module) is missing. " + hint) }
        }
        return python
    }

    static func validate(_ file: String, python: String) async throws -> ProgramResult {
        try await ProgramRunner.run(python, [script, file])
    }
}
