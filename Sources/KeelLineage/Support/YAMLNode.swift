import Yams

/// A YAML value with its position, for loaders that must report `file:line` on bad input.
///
/// Built from Yams' composed node tree (aliases already resolved). Plain `null`, `~` and empty
/// scalars become ``Value/null``; everything else keeps its text, and typed accessors convert it.
struct YAMLNode {
    enum Value {
        case null
        case scalar(String, plain: Bool)
        case mapping([YAMLEntry])
        case sequence([YAMLNode])
    }

    var value: Value
    var location: FileLocation

    /// Parses the first document of `text`; `nil` for an empty document.
    static func parse(_ text: String, file: String) throws(LineageError) -> YAMLNode? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.syntaxError(error, file: file)
        } catch {
            throw .yamlSyntax(FileLocation(file: file), reason: "\(error)")
        }
        return root.map { YAMLNode($0, file: file) }
    }

    private static func syntaxError(_ error: YamlError, file: String) -> LineageError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let reason = [context?.text, problem].compactMap { $0 }.joined(separator: ": ")
            return .yamlSyntax(FileLocation(file: file, line: mark.line, column: mark.column), reason: reason)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .yamlSyntax(FileLocation(file: file, line: context.mark.line, column: context.mark.column),
                               reason: "duplicate key \(duplicates.joined(separator: ", "))")
        case .reader(let problem, _, _, _):
            return .yamlSyntax(FileLocation(file: file), reason: problem)
        default:
            return .yamlSyntax(FileLocation(file: file), reason: "\(error)")
        }
    }

    init(value: Value, location: FileLocation) {
        self.value = value
        self.location = location
    }

    init(_ node: Node, file: String) {
        let mark = node.mark
        location = FileLocation(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0)
        switch node {
        case .scalar(let scalar):
            let plain = scalar.style == .plain || scalar.style == .any
            if plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                value = .null
            } else {
                value = .scalar(scalar.string, plain: plain)
            }
        case .mapping(let mapping):
            value = .mapping(mapping.map { pair in
                let keyNode = YAMLNode(pair.key, file: file)
                return YAMLEntry(key: keyNode.scalarText ?? "", keyLocation: keyNode.location, value: YAMLNode(pair.value, file: file))
            })
        case .sequence(let sequence):
            value = .sequence(sequence.map { YAMLNode($0, file: file) })
        case .alias:
            value = .null
        }
    }

    // MARK: Reading

    var isNull: Bool { if case .null = value { true } else { false } }

    /// The text of a scalar (`nil` for null, mappings and sequences).
    var scalarText: String? {
        if case .scalar(let text, _) = value { return text }
        return nil
    }

    var entries: [YAMLEntry]? {
        if case .mapping(let entries) = value { return entries }
        return nil
    }

    var items: [YAMLNode]? {
        if case .sequence(let items) = value { return items }
        return nil
    }

    /// The value of `key` in a mapping, if present.
    subscript(key: String) -> YAMLNode? {
        entries?.first { $0.key == key }?.value
    }

    /// The mapping's entries after checking every key is in `allowed`.
    /// - Throws: ``LineageError/invalidValue(_:key:reason:)`` when this is not a mapping,
    ///   ``LineageError/unknownKey(_:key:allowed:)`` for a key outside `allowed`.
    func mapping(_ what: String, allowed: [String]? = nil) throws(LineageError) -> [YAMLEntry] {
        if isNull { return [] }
        guard let entries else { throw .invalidValue(location, key: what, reason: "expected a mapping of keys to values") }
        if let allowed {
            for entry in entries where !allowed.contains(entry.key) {
                throw .unknownKey(entry.keyLocation, key: entry.key, allowed: allowed)
            }
        }
        return entries
    }

    /// The scalar as a string (numbers and booleans as written).
    func string(_ what: String) throws(LineageError) -> String {
        guard let text = scalarText else { throw .invalidValue(location, key: what, reason: "expected a string") }
        return text
    }

    /// A string, or `nil` when the value is null.
    func optionalString(_ what: String) throws(LineageError) -> String? {
        isNull ? nil : try string(what)
    }

    /// The scalar as a YAML boolean (true/false, yes/no, on/off).
    func bool(_ what: String) throws(LineageError) -> Bool {
        switch scalarText?.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw .invalidValue(location, key: what, reason: "expected true or false")
        }
    }

    /// The scalar as an integer.
    func int(_ what: String) throws(LineageError) -> Int {
        guard let text = scalarText, let number = Int(text) else {
            throw .invalidValue(location, key: what, reason: "expected an integer")
        }
        return number
    }

    /// A sequence of strings, or a single string taken as a one-element list.
    func stringList(_ what: String) throws(LineageError) -> [String] {
        if isNull { return [] }
        if let items {
            var result: [String] = []
            for item in items { result.append(try item.string(what)) }
            return result
        }
        return [try string(what)]
    }

    /// The value as plain data: scalars resolved the way YAML 1.1 loaders (PyYAML, as dbt uses) read them.
    var plainValue: PlainValue {
        switch value {
        case .null: return .null
        case .scalar(let text, let plain):
            guard plain else { return .string(text) }
            switch text {
            case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON": return .bool(true)
            case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF": return .bool(false)
            default: break
            }
            if let int = Int(text) { return .int(int) }
            if text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let double = Double(text),
               text.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true {
                return .double(double)
            }
            return .string(text)
        case .mapping(let entries):
            return .mapping(Dictionary(entries.map { ($0.key, $0.value.plainValue) }, uniquingKeysWith: { _, last in last }))
        case .sequence(let items):
            return .list(items.map(\.plainValue))
        }
    }
}

/// One `key: value` of a YAML mapping.
struct YAMLEntry {
    var key: String
    var keyLocation: FileLocation
    var value: YAMLNode
}
