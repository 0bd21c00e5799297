import Foundation
public import KeelCore
public import KeelPostgres

/// Real dbt in the sandbox: `dbt run` or `dbt build` of the project with a generated
/// profiles.yml whose only target is the sandbox database, always `--full-refresh` (incremental
/// models are rebuilt whole, as Keel's executor does, so outputs compare with the baseline).
/// Nothing is written into the project:
/// the profile, `target/` and the logs live in a temporary folder, and the password travels in
/// an environment variable that the profile reads with `env_var`.
public struct DbtRunner: Sendable {
    public let executable: String
    /// `1.9.11`, from `dbt --version`.
    public let version: String

    public init(executable: String, version: String) {
        self.executable = executable
        self.version = version
    }

    /// The dbt to use: `$KEEL_DBT`, else `dbt` on PATH, if `dbt --version` runs; nil otherwise.
    /// `environment` defaults to the process's.
    public static func locate(environment: [String: String]? = nil) async -> DbtRunner? {
        let environment = environment ?? ProcessInfo.processInfo.environment
        let candidate = environment["KEEL_DBT"].flatMap { $0.isEmpty ? nil : $0 } ?? ProgramRunner.which("dbt", path: environment["PATH"])
        guard let executable = candidate, FileManager.default.isExecutableFile(atPath: executable),
              let result = try? await ProgramRunner.run(executable, ["--version"], environment: ["DBT_SEND_ANONYMOUS_USAGE_STATS": "false"]),
              result.succeeded else { return nil }
        return DbtRunner(executable: executable, version: version(result.standardOutput + result.standardError) ?? "unknown")
    }

    /// `installed: 1.9.11` (dbt's `--version` output) → `1.9.11`.
    static func version(_ output: String) -> String? {
        for line in output.split(separator: "\n") {
            guard let range = line.range(of: "installed:") else { continue }
            return line[range.upperBound...].trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// What one invocation did.
    struct Outcome: Sendable {
        /// Model unique id (`model.billing_dbt.stg_invoices`) → why it was not built (an error, or
        /// skipped after an upstream failure).
        var failedModels: [String: String] = [:]
        /// Test unique id → `pass`, `warn`, `fail: …`, `error: …` or `skipped`.
        var tests: [String: String] = [:]
        /// Set when dbt failed before building anything (the project does not parse or compile):
        /// its last lines of output.
        var projectError: String?
    }

    /// Runs `dbt <command>` (`run` or `build`) on `project` against `sandbox`.
    func invoke(_ command: String, project: Workload.DbtProject, sandbox: ConnectionConfig) async throws -> Outcome {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("keel-dbt-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(Self.profile(target: project.target, schema: project.schema, sandbox: sandbox).utf8)
            .write(to: folder.appendingPathComponent("profiles.yml"))
        // dbt runs in the temporary folder: a relative project path is taken from ours.
        let directory = URL(fileURLWithPath: project.directory).standardizedFileURL.path
        var arguments = [command, "--project-dir", directory, "--profiles-dir", folder.path, "--profile", Self.profileName,
                         "--target", project.target, "--target-path", folder.appendingPathComponent("target").path,
                         "--log-path", folder.appendingPathComponent("logs").path, "--no-use-colors", "--full-refresh"]
        if let vars = project.vars { arguments += ["--vars", vars] }
        let result = try await ProgramRunner.run(
            executable, arguments, workingDirectory: folder.path,
            environment: ["KEEL_DBT_PASSWORD": sandbox.password?.value ?? "", "DBT_PROFILES_DIR": folder.path,
                          "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "DBT_TARGET_PATH": nil, "DBT_LOG_PATH": nil])
        let results = folder.appendingPathComponent("target/run_results.json")
        guard let data = try? Data(contentsOf: results), let run = try? JSONDecoder().decode(RunResults.self, from: data) else {
            let output = (result.standardOutput + "\n" + result.standardError).split(separator: "\n").suffix(5).joined(separator: "\n")
            return Outcome(projectError: "dbt \(command) failed (\(result.statusText)) before building: \(output)")
        }
        var outcome = Outcome()
        for node in run.results {
            let message = node.message.map { ": " + Self.oneLine($0) } ?? ""
            if node.uniqueId.hasPrefix("model.") {
                if node.status == "error" || node.status == "skipped" {
                    outcome.failedModels[node.uniqueId] = node.status == "skipped" ? "dbt skipped it: a model or test it depends on failed (see the dbt-test findings)" : "dbt \(command) failed\(message)"
                }
            } else if node.uniqueId.hasPrefix("test.") {
                outcome.tests[node.uniqueId] = node.status == "fail" || node.status == "error" ? node.status + message : node.status
            }
        }
        return outcome
    }

    static let profileName = "keel_sandbox"

    /// dbt's multi-line message on one line, without the path of the compiled SQL (a temporary
    /// folder that is gone by the time anyone reads the report).
    static func oneLine(_ message: String) -> String {
        let lines = message.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("compiled code at ") && !$0.allSatisfy { $0 == "^" } }
        let text = lines.joined(separator: " ")
        return text.count > 400 ? String(text.prefix(399)) + "…" : text
    }

    /// profiles.yml with one target, the sandbox; every value a JSON string (valid YAML).
    static func profile(target: String, schema: String, sandbox: ConnectionConfig) -> String {
        let (host, port): (String, Int) = switch sandbox.endpoint {
        case .tcp(let host, let port): (host, port)
        case .unixSocket(let directory, let port): (directory, port)
        }
        return """
            \(profileName):
              target: \(quoted(target))
              outputs:
                \(quoted(target)):
                  type: postgres
                  host: \(quoted(host))
                  port: \(port)
                  user: \(quoted(sandbox.user))
                  password: "{{ env_var('KEEL_DBT_PASSWORD', '') }}"
                  dbname: \(quoted(sandbox.database))
                  schema: \(quoted(schema))
                  sslmode: \(quoted(sandbox.sslMode.rawValue))
                  threads: 4

            """
    }

    /// A YAML double-quoted scalar (JSON's string syntax).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    struct RunResults: Decodable {
        struct Node: Decodable {
            var uniqueId: String
            var status: String
            var message: String?
            enum CodingKeys: String, CodingKey { case uniqueId = "unique_id", status, message }
        }
        var results: [Node]
    }
}

extension DbtRunner {
    /// What runs the dbt models (`--dbt`).
    public enum Choice: String, Sendable, CaseIterable {
        /// Real dbt when it is installed and the project has dbt models, else Keel's executor.
        case auto
        /// Keel's own executor (the rendered models, in DAG order).
        case keel
        /// Real dbt; an error when it is not installed.
        case dbt
    }

    /// The dbt to run for `choice` on a workload, or nil for Keel's executor.
    /// - Throws: ``ValidateError/dbtMissing`` when `.dbt` is asked for and none is installed.
    public static func resolve(_ choice: Choice, for workload: Workload,
                               environment: [String: String]? = nil) async throws -> DbtRunner? {
        switch choice {
        case .keel: return nil
        case .auto:
            guard workload.dbt != nil, workload.items.contains(where: { $0.kind == .model }) else { return nil }
            return await locate(environment: environment)
        case .dbt:
            guard let runner = await locate(environment: environment) else { throw ValidateError.dbtMissing }
            return runner
        }
    }
}
