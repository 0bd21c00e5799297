import Foundation
public import KeelCore
import Yams

/// Reads a change spec from YAML or JSON (JSON is YAML), strictly: an unknown key, a missing
/// field or a wrong type is an error that names the operation's index, the field and the line.
public enum ChangeSpecLoader {
    /// A loaded spec with where each operation starts, for error messages.
    public struct Loaded: Sendable {
        public var spec: ChangeSpec
        /// The line of each operation, by index.
        public var operationLines: [Int]
        public var file: String
    }

    /// Reads and checks the spec at `path`.
    public static func load(path: String) throws(PlanError) -> Loaded {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .malformedSpec(file: path, line: nil, column: nil, path: "", reason: "cannot read the file (\(error.localizedDescription))")
        }
        return try parse(text, file: path)
    }

    /// Parses spec text; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(PlanError) -> Loaded {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw PlanError.malformedSpec(file: file, line: nil, column: nil, path: "", reason: "the file is empty")
            }
            root = node
        } catch let error as PlanError {
            throw error
        } catch let error as YamlError {
            throw syntaxError(error, file: file)
        } catch {
            throw .malformedSpec(file: file, line: nil, column: nil, path: "", reason: "\(error)")
        }
        try checkKeys(root, file: file)
        let spec: ChangeSpec
        do {
            spec = try YAMLDecoder().decode(ChangeSpec.self, from: root)
        } catch let error as DecodingError {
            throw decodingError(error, root: root, file: file)
        } catch {
            throw .malformedSpec(file: file, line: nil, column: nil, path: "", reason: "\(error)")
        }
        let lines = root.mapping?["operations"]?.sequence?.map { $0.mark?.line ?? 0 } ?? []
        if spec.operations.isEmpty {
            throw .malformedSpec(file: file, line: root.mapping?["operations"]?.mark?.line, column: nil, path: "operations",
                                 reason: "a spec needs at least one operation")
        }
        return Loaded(spec: spec, operationLines: lines, file: file)
    }

    // MARK: Strict keys

    /// Known keys per object, so a typo (`nulable`) is an error rather than a silently ignored field.
    static let operationKeys: [String: Set<String>] = [
        "create_table": ["table", "columns", "primary_key", "comment"],
        "drop_table": ["table"],
        "rename_table": ["table", "to"],
        "add_column": ["table", "column", "up"],
        "drop_column": ["table", "column"],
        "rename_column": ["table", "column", "to"],
        "alter_column": ["table", "column", "type", "up", "down", "nullable", "default", "drop_default", "comment"],
        "add_constraint": ["table", "name", "check", "unique", "primary_key", "foreign_key"],
        "drop_constraint": ["table", "name"],
        "create_index": ["table", "name", "columns", "unique", "method", "where"],
        "drop_index": ["name"],
        "create_enum": ["name", "values"],
        "add_enum_value": ["enum", "value", "before", "after"],
        "sql": ["up", "down"],
    ]
    static let columnKeys: Set<String> = ["name", "type", "nullable", "default", "check", "references", "unique", "primary_key", "comment"]
    static let referenceKeys: Set<String> = ["table", "column", "on_delete"]
    static let foreignKeyKeys: Set<String> = ["columns", "references_table", "references_columns", "on_delete", "on_update"]

    private static func checkKeys(_ root: Node, file: String) throws(PlanError) {
        guard let mapping = root.mapping else {
            throw .malformedSpec(file: file, line: root.mark?.line, column: root.mark?.column, path: "",
                                 reason: "a spec is a mapping with `change` and `operations`")
        }
        try unknownKeys(mapping, allowed: ["change", "description", "operations"], path: "", file: file)
        guard let operations = mapping["operations"]?.sequence else { return }
        for (index, operation) in operations.enumerated() {
            guard let body = operation.mapping, body.count == 1, let (key, value) = body.first.map({ ($0.key.string ?? "", $0.value) }),
                  let allowed = operationKeys[key], let fields = value.mapping else { continue }   // the decoder explains these
            let path = "operations[\(index)].\(key)"
            try unknownKeys(fields, allowed: allowed, path: path, file: file)
            if let column = fields["column"]?.mapping {
                try unknownKeys(column, allowed: columnKeys, path: path + ".column", file: file)
                if let reference = column["references"]?.mapping { try unknownKeys(reference, allowed: referenceKeys, path: path + ".column.references", file: file) }
            }
            for (offset, column) in (fields["columns"]?.sequence ?? []).enumerated() {
                guard let column = column.mapping else { continue }
                try unknownKeys(column, allowed: columnKeys, path: path + ".columns[\(offset)]", file: file)
            }
            if let foreignKey = fields["foreign_key"]?.mapping { try unknownKeys(foreignKey, allowed: foreignKeyKeys, path: path + ".foreign_key", file: file) }
        }
    }

    private static func unknownKeys(_ mapping: Node.Mapping, allowed: Set<String>, path: String, file: String) throws(PlanError) {
        for (key, _) in mapping {
            let name = key.string ?? ""
            if !allowed.contains(name) {
                throw .malformedSpec(file: file, line: key.mark?.line, column: key.mark?.column, path: path,
                                     reason: "unknown field '\(name)'; expected one of \(allowed.sorted().joined(separator: ", "))")
            }
        }
    }

    // MARK: Error positions

    private static func syntaxError(_ error: YamlError, file: String) -> PlanError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let reason = [context?.text, problem].compactMap { $0 }.joined(separator: ": ")
            return .malformedSpec(file: file, line: mark.line, column: mark.column, path: "", reason: "not valid YAML or JSON: \(reason)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .malformedSpec(file: file, line: context.mark.line, column: context.mark.column, path: "",
                                  reason: "duplicate key \(duplicates.joined(separator: ", "))")
        default:
            return .malformedSpec(file: file, line: nil, column: nil, path: "", reason: "not valid YAML or JSON: \(error)")
        }
    }

    private static func decodingError(_ error: DecodingError, root: Node, file: String) -> PlanError {
        let (codingPath, reason): ([any CodingKey], String) = switch error {
        case .keyNotFound(let key, let context): (context.codingPath, "missing required field '\(key.stringValue)'")
        case .typeMismatch(let type, let context): (context.codingPath, "expected \(describe(type))")
        case .valueNotFound(let type, let context): (context.codingPath, "expected \(describe(type)), found null")
        case .dataCorrupted(let context): (context.codingPath, context.debugDescription)
        @unknown default: ([], "\(error)")
        }
        // Walk to the deepest node the path reaches, for its line.
        var node: Node? = root
        var deepest = root
        var parts: [String] = []
        for key in codingPath {
            if let index = key.intValue {
                parts.append("[\(index)]")
                node = node?.sequence.flatMap { index < $0.count ? $0[index] : nil }
            } else {
                parts.append((parts.isEmpty ? "" : ".") + key.stringValue)
                node = node?.mapping?[key.stringValue]
            }
            if let node { deepest = node }
        }
        return .malformedSpec(file: file, line: deepest.mark?.line, column: deepest.mark?.column, path: parts.joined(), reason: reason)
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type: "an integer"
        case is [String].Type: "a list of strings"
        default: type == ChangeSpec.Operation.self ? "an operation" : "an object"
        }
    }
}
