public import KeelCore

/// Why `keel lint` could not run: bad input, not findings. Exit status 2.
public enum LintError: KeelError, Equatable {
    /// A SQL file could not be read.
    case unreadableFile(path: String, reason: String)
    /// `keel.yaml` is not valid YAML.
    case configSyntax(path: String, line: Int, reason: String)
    /// `keel.yaml`'s `lint:` section has a wrong value.
    case configInvalid(path: String, line: Int, reason: String)
    /// A rule id in `keel.yaml` names no rule.
    case unknownRule(path: String, line: Int, rule: String)

    public var code: String {
        switch self {
        case .unreadableFile: "lint.unreadable-file"
        case .configSyntax: "lint.config-syntax"
        case .configInvalid: "lint.config-invalid"
        case .unknownRule: "lint.unknown-rule"
        }
    }

    public var message: String {
        switch self {
        case .unreadableFile(let path, let reason): "cannot read \(path): \(reason)"
        case .configSyntax(let path, let line, let reason): "\(path):\(line): not valid YAML: \(reason)"
        case .configInvalid(let path, let line, let reason): "\(path):\(line): \(reason)"
        case .unknownRule(let path, let line, let rule): "\(path):\(line): no lint rule is called \"\(rule)\""
        }
    }

    public var hint: String? {
        switch self {
        case .unreadableFile: "check the path"
        case .configSyntax, .configInvalid:
            "the lint section looks like: lint: {ignore: [rule-id], severity: {rule-id: error|warning|info|off}, search_path: [public]}"
        case .unknownRule: "docs/lint.md lists every rule id"
        }
    }
}
