/// A value the static DAG reader can know without running Python: literals, containers, and the
/// Airflow objects the file creates. Anything else is ``unknown``.
indirect enum PyValue {
    case none
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([PyValue])
    case dict([(PyValue, PyValue)])
    /// A task, by index into the reader's task list.
    case task(Int)
    /// A TaskGroup, by index.
    case group(Int)
    /// A DAG, by index.
    case dag(Int)
    /// A `def` with the scope it closes over.
    case function(PyFunction)
    /// A name imported or reached by attribute (`SQLExecuteQueryOperator`, `airflow.models.DAG`, `pendulum.datetime`).
    case symbol(String)
    /// A method bound to a value (`task.set_downstream`, `"x".format`).
    case method(PyValue, String)
    /// Something only known at run time.
    case unknown

    /// The final component of a symbol's dotted path (`DAG` for `airflow.models.DAG`).
    var symbolName: String? {
        guard case .symbol(let path) = self else { return nil }
        return path.split(separator: ".").last.map(String.init) ?? path
    }

    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// Python truthiness, when known.
    var truthiness: Bool? {
        switch self {
        case .none: false
        case .bool(let value): value
        case .int(let value): value != 0
        case .double(let value): value != 0
        case .string(let value): !value.isEmpty
        case .list(let items): !items.isEmpty
        case .dict(let pairs): !pairs.isEmpty
        case .task, .group, .dag, .function, .symbol, .method: true
        case .unknown: nil
        }
    }

    /// `str(value)`, when known.
    var text: String? {
        switch self {
        case .none: "None"
        case .bool(let value): value ? "True" : "False"
        case .int(let value): String(value)
        case .double(let value): String(value)
        case .string(let value): value
        default: nil
        }
    }

    /// Whether two known values are equal (`nil` when either is unknown).
    func equals(_ other: PyValue) -> Bool? {
        switch (self, other) {
        case (.unknown, _), (_, .unknown): return nil
        case (.none, .none): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b
        case (.int(let a), .double(let b)), (.double(let b), .int(let a)): return Double(a) == b
        case (.string(let a), .string(let b)): return a == b
        case (.list(let a), .list(let b)):
            guard a.count == b.count else { return false }
            for (x, y) in zip(a, b) {
                guard let same = x.equals(y) else { return nil }
                if !same { return false }
            }
            return true
        case (.task(let a), .task(let b)): return a == b
        case (.string, _), (.int, _), (.double, _), (.bool, _), (.none, _), (.list, _): return false
        default: return nil
        }
    }

    /// The value of a dict entry with a string key.
    func entry(_ key: String) -> PyValue? {
        guard case .dict(let pairs) = self else { return nil }
        return pairs.first { $0.0.stringValue == key }?.1
    }

    /// Converts known plain data to a Jinja value (for `params`).
    var jinja: JinjaValue {
        switch self {
        case .none: .none
        case .bool(let value): .bool(value)
        case .int(let value): .int(value)
        case .double(let value): .double(value)
        case .string(let value): .string(value)
        case .list(let items): .list(items.map(\.jinja))
        case .dict(let pairs): .dict(pairs.compactMap { key, value in key.text.map { ($0, value.jinja) } })
        default: .undefined("unknown value")
        }
    }
}

/// A function defined in the DAG file.
final class PyFunction {
    let name: String
    let parameters: [PyParameter]
    let body: [PyStmt]
    let closure: PyScope
    /// The decorator that makes it special: `dag`, `task`, `task.<variant>`, `task_group`, or nil.
    let decorator: String?
    /// The decorator's keyword arguments (`@dag(dag_id=…)`).
    let decoratorArguments: [(String, PyValue)]
    let line: Int
    /// How many times a `@task` function was called (for Airflow's `name__1` ids).
    var calls = 0

    init(name: String, parameters: [PyParameter], body: [PyStmt], closure: PyScope, decorator: String?,
         decoratorArguments: [(String, PyValue)], line: Int) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.closure = closure
        self.decorator = decorator
        self.decoratorArguments = decoratorArguments
        self.line = line
    }
}

/// Variables of a module or function body.
final class PyScope {
    private var variables: [String: PyValue] = [:]
    let parent: PyScope?

    init(parent: PyScope? = nil) {
        self.parent = parent
    }

    func lookup(_ name: String) -> PyValue? {
        var scope: PyScope? = self
        while let current = scope {
            if let value = current.variables[name] { return value }
            scope = current.parent
        }
        return nil
    }

    func set(_ name: String, _ value: PyValue) {
        variables[name] = value
    }
}
