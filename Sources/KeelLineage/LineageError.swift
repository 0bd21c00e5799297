public import KeelCore

/// Why a lineage input could not be loaded: a malformed `keel.yaml`, dbt project, manifest or DAG file.
///
/// Every case names the file and, when known, the 1-based line. Tests assert on ``code``.
/// Problems that do not stop loading (a statement that does not parse, a task whose SQL is built at
/// run time) are ``LineageDiagnostic`` values instead, returned alongside the result.
public enum LineageError: KeelError, Equatable {
    /// A file or directory that should exist does not.
    case fileNotFound(path: String, what: String)
    /// A file exists but could not be read (permissions, not UTF-8).
    case unreadable(path: String, reason: String)
    /// A YAML file (keel.yaml, dbt_project.yml, schema.yml, profiles.yml) is not well-formed YAML.
    case yamlSyntax(FileLocation, reason: String)
    /// A mapping has a key the format does not define (usually a typo).
    case unknownKey(FileLocation, key: String, allowed: [String])
    /// A value has the wrong type or an impossible value, or a required key is missing.
    case invalidValue(FileLocation, key: String, reason: String)
    /// A Jinja template does not parse: an unclosed block, an unknown tag, a bad expression.
    case jinjaSyntax(FileLocation, reason: String)
    /// A Jinja template parses but fails to render: an undefined name, a wrong argument, a raised error.
    case jinjaRender(FileLocation, reason: String)
    /// A dbt model calls `ref()` with a name no model, seed or snapshot in the project has.
    case unknownRef(FileLocation, node: String, ref: String)
    /// A dbt model calls `source()` with a source or table no schema file declares.
    case unknownSource(FileLocation, node: String, source: String, table: String)
    /// `var()` names a variable with no value and no default.
    case missingVar(FileLocation, name: String)
    /// `env_var()` names an environment variable that is not set and has no default.
    case missingEnvVar(FileLocation, name: String)
    /// Two dbt nodes share a name within the project.
    case duplicateNode(name: String, paths: [String])
    /// dbt nodes depend on each other in a cycle.
    case dependencyCycle(nodes: [String])
    /// A dbt `manifest.json` could not be decoded.
    case manifestInvalid(path: String, reason: String)
    /// A dbt `manifest.json` was written by a dbt whose schema version Keel does not read.
    case manifestUnsupportedVersion(path: String, found: String, supported: String)
    /// An Airflow DAG file is not valid Python (Keel parses it; it never runs it).
    case pythonSyntax(FileLocation, reason: String)

    /// The stable code, `lineage.<kebab>`.
    public var code: String {
        switch self {
        case .fileNotFound: "lineage.file-not-found"
        case .unreadable: "lineage.unreadable"
        case .yamlSyntax: "lineage.yaml-syntax"
        case .unknownKey: "lineage.unknown-key"
        case .invalidValue: "lineage.invalid-value"
        case .jinjaSyntax: "lineage.jinja-syntax"
        case .jinjaRender: "lineage.jinja-render"
        case .unknownRef: "lineage.dbt-unknown-ref"
        case .unknownSource: "lineage.dbt-unknown-source"
        case .missingVar: "lineage.dbt-missing-var"
        case .missingEnvVar: "lineage.dbt-missing-env-var"
        case .duplicateNode: "lineage.dbt-duplicate-node"
        case .dependencyCycle: "lineage.dbt-cycle"
        case .manifestInvalid: "lineage.dbt-manifest-invalid"
        case .manifestUnsupportedVersion: "lineage.dbt-manifest-version"
        case .pythonSyntax: "lineage.airflow-syntax"
        }
    }

    /// What failed, with the file and line.
    public var message: String {
        switch self {
        case .fileNotFound(let path, let what):
            "\(what) not found: \(path)"
        case .unreadable(let path, let reason):
            "cannot read \(path): \(reason)"
        case .yamlSyntax(let at, let reason):
            "\(at): malformed YAML: \(reason)"
        case .unknownKey(let at, let key, let allowed):
            "\(at): unknown key '\(key)'" + (allowed.isEmpty ? "" : " (expected one of: \(allowed.joined(separator: ", ")))")
        case .invalidValue(let at, let key, let reason):
            "\(at): invalid '\(key)': \(reason)"
        case .jinjaSyntax(let at, let reason):
            "\(at): Jinja syntax error: \(reason)"
        case .jinjaRender(let at, let reason):
            "\(at): Jinja error: \(reason)"
        case .unknownRef(let at, let node, let ref):
            "\(at): \(node) refers to '\(ref)', which is not a model, seed or snapshot of the project"
        case .unknownSource(let at, let node, let source, let table):
            "\(at): \(node) reads source('\(source)', '\(table)'), which no schema file declares"
        case .missingVar(let at, let name):
            "\(at): required var '\(name)' is not set and has no default"
        case .missingEnvVar(let at, let name):
            "\(at): environment variable '\(name)' is not set and env_var() gives no default"
        case .duplicateNode(let name, let paths):
            "two dbt nodes are named '\(name)': \(paths.joined(separator: ", "))"
        case .dependencyCycle(let nodes):
            "dbt nodes depend on each other in a cycle: \(nodes.joined(separator: " -> "))"
        case .manifestInvalid(let path, let reason):
            "\(path) is not a dbt manifest Keel can read: \(reason)"
        case .manifestUnsupportedVersion(let path, let found, let supported):
            "\(path) has dbt manifest schema \(found); Keel reads \(supported)"
        case .pythonSyntax(let at, let reason):
            "\(at): Python syntax error: \(reason)"
        }
    }

    /// What to do about it.
    public var hint: String? {
        switch self {
        case .fileNotFound: "check the path (paths in keel.yaml are relative to keel.yaml)"
        case .yamlSyntax: "fix the YAML at that line (indentation, a missing ':' or an unclosed quote are the usual causes)"
        case .unknownKey: "remove the key or fix its spelling"
        case .jinjaSyntax: "fix the template; Keel renders the same Jinja subset dbt models use"
        case .unknownRef: "fix the name, or add the model; dbt would fail on the same ref"
        case .unknownSource: "declare the source table in a schema.yml under sources:"
        case .missingVar: "set it in dbt_project.yml vars:, or pass it as a var override"
        case .missingEnvVar: "set the environment variable, or give env_var() a default"
        case .manifestInvalid, .manifestUnsupportedVersion: "regenerate it with `dbt compile` (dbt-core 1.5 or newer)"
        case .pythonSyntax: "the DAG must be valid Python; run `python -m py_compile` on it"
        default: nil
        }
    }
}

/// A place in an input file: its path (as given, usually relative to the project) and 1-based line and column.
public struct FileLocation: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The file, as the loader was given it.
    public var file: String
    /// The 1-based line, or 0 when the whole file is meant.
    public var line: Int
    /// The 1-based column, or 0 when unknown.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int = 0, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, leaving out what is unknown.
    public var description: String {
        var out = file
        if line > 0 { out += ":\(line)" }
        if line > 0, column > 0 { out += ":\(column)" }
        return out
    }

    public static func < (lhs: FileLocation, rhs: FileLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}
