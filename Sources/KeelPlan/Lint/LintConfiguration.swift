import Foundation
import Yams

/// The `lint:` section of `keel.yaml`:
///
/// ```yaml
/// lint:
///   ignore: [prefer-robust-stmts, prefer-text-field]   # never report these
///   severity:                                          # change a rule's severity, or turn it on/off
///     require-table-schema: warning
///     ban-drop-column: off
///   search_path: [app, public]                         # how unqualified names resolve (default [public])
/// ```
///
/// Other top-level keys of `keel.yaml` belong to other stages and are ignored here.
public struct LintConfiguration: Sendable, Equatable {
    /// Rules never reported.
    public var ignore: Set<String>
    /// Per-rule severity; `nil` turns the rule off.
    public var severities: [String: LintSeverity?]
    /// Schemas unqualified names resolve against.
    public var searchPath: [String]

    /// Creates a configuration.
    public init(ignore: Set<String> = [], severities: [String: LintSeverity?] = [:], searchPath: [String] = ["public"]) {
        self.ignore = Set(ignore.map(LintRules.canonicalID))
        self.severities = Dictionary(severities.map { (LintRules.canonicalID($0.key), $0.value) }, uniquingKeysWith: { $1 })
        self.searchPath = searchPath
    }

    /// The defaults: every rule at its own severity.
    public static let `default` = LintConfiguration()

    /// The severity `rule` reports at, or `nil` when it is off.
    public func severity(of rule: LintRuleInfo) -> LintSeverity? {
        if ignore.contains(rule.id) { return nil }
        if let configured = severities[rule.id] { return configured }
        return rule.enabledByDefault ? rule.severity : nil
    }

    /// Reads the `lint:` section of a `keel.yaml`.
    /// - Parameters:
    ///   - text: the file's text.
    ///   - path: the file's name, for errors.
    /// - Returns: the configuration (the defaults when there is no `lint:` section).
    /// - Throws: ``LintError`` when the YAML or the section is malformed, or names an unknown rule.
    public static func parse(_ text: String, path: String) throws(LintError) -> LintConfiguration {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw .configSyntax(path: path, line: Self.line(of: error), reason: Self.reason(of: error))
        }
        guard let root else { return .default }
        guard let mapping = root.mapping else {
            throw .configInvalid(path: path, line: line(root), reason: "keel.yaml must be a mapping")
        }
        guard let section = mapping["lint"] else { return .default }
        if case .scalar(let scalar) = section, ["", "~", "null"].contains(scalar.string) { return .default }
        guard let lint = section.mapping else {
            throw .configInvalid(path: path, line: line(section), reason: "lint must be a mapping")
        }
        var config = LintConfiguration()
        for (keyNode, value) in lint {
            let key = keyNode.string ?? ""
            switch key {
            case "ignore":
                for item in try strings(value, "lint.ignore", path: path) {
                    let id = try known(item.value, path: path, line: item.line)
                    config.ignore.insert(id)
                }
            case "severity":
                guard let entries = value.mapping else {
                    throw .configInvalid(path: path, line: line(value), reason: "lint.severity must map rule ids to error, warning, info or off")
                }
                for (ruleNode, levelNode) in entries {
                    let id = try known(ruleNode.string ?? "", path: path, line: line(ruleNode))
                    let level = (levelNode.string ?? "").lowercased()
                    if level == "off" || level == "false" {
                        config.severities[id] = .some(nil)
                    } else if let severity = LintSeverity(rawValue: level) {
                        config.severities[id] = severity
                    } else {
                        throw .configInvalid(path: path, line: line(levelNode),
                                             reason: "lint.severity.\(id) must be error, warning, info or off, not \"\(levelNode.string ?? "")\"")
                    }
                }
            case "search_path":
                let schemas = try strings(value, "lint.search_path", path: path).map(\.value)
                guard !schemas.isEmpty else {
                    throw .configInvalid(path: path, line: line(value), reason: "lint.search_path needs at least one schema")
                }
                config.searchPath = schemas
            default:
                throw .configInvalid(path: path, line: line(keyNode),
                                     reason: "unknown key lint.\(key) (allowed: ignore, severity, search_path)")
            }
        }
        return config
    }

    /// Reads `keel.yaml` at `path`.
    /// - Throws: ``LintError`` when it cannot be read or is malformed.
    public static func load(path: String) throws(LintError) -> LintConfiguration {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadableFile(path: path, reason: (error as NSError).localizedDescription)
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    private static func known(_ id: String, path: String, line: Int) throws(LintError) -> String {
        let canonical = LintRules.canonicalID(id)
        guard LintRules.info(canonical) != nil else { throw .unknownRule(path: path, line: line, rule: id) }
        return canonical
    }

    private static func strings(_ node: Node, _ what: String, path: String) throws(LintError) -> [(value: String, line: Int)] {
        if let sequence = node.sequence {
            var out: [(String, Int)] = []
            for item in sequence {
                guard let value = item.string else {
                    throw .configInvalid(path: path, line: line(item), reason: "\(what) must be a list of names")
                }
                out.append((value, line(item)))
            }
            return out
        }
        if let value = node.string { return [(value, line(node))] }
        throw .configInvalid(path: path, line: line(node), reason: "\(what) must be a list of names")
    }

    private static func line(_ node: Node) -> Int { (node.mark?.line ?? 0) }

    private static func line(of error: any Error) -> Int {
        guard let error = error as? YamlError else { return 0 }
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return 0
        }
    }

    private static func reason(of error: any Error) -> String {
        guard let error = error as? YamlError else { return "\(error)" }
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _), .composer(let context, let problem, _, _):
            return [context?.text, problem].compactMap { $0 }.joined(separator: ": ")
        default: return "\(error)"
        }
    }
}
