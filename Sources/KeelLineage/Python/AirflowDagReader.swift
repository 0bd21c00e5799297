import Foundation

/// Walks a DAG file's syntax tree the way Python would run it, but knowing only literals: it records
/// the DAGs, TaskGroups and tasks created and the dependencies set between them, and never executes
/// anything outside the file (no imports, no I/O).
///
/// Loops over literal lists, `if` on literal tests, helper functions and TaskFlow (`@dag`, `@task`)
/// are followed; a test it cannot decide runs every branch, so no task is missed.
final class AirflowDagReader {
    struct DagRecord {
        var dagId: String?
        var line: Int
        var description: String?
        var schedule: String?
        var tags: [String]
        var templateSearchPath: [String]
        var params: [String: PyValue]
        var defaultArguments: PyValue
    }

    struct TaskRecord {
        var taskId: String?
        var operatorName: String
        var line: Int
        var dag: Int?
        var arguments: [String: PyValue]
        var positional: [PyValue]
        /// The line of each keyword argument's value, when it is a string literal (where its SQL starts).
        var argumentLines: [String: Int] = [:]
        /// For `@task` functions: the returned value (a `@task.bash` command, for instance).
        var returned: PyValue?
    }

    struct GroupRecord {
        var groupId: String
        var tasks: [Int]
    }

    /// `@unchecked Sendable` because `Error` requires it: thrown and caught inside one reader, on one thread.
    private struct ReturnSignal: Error, @unchecked Sendable { let value: PyValue }

    let file: String
    private(set) var dags: [DagRecord] = []
    private(set) var tasks: [TaskRecord] = []
    private(set) var groups: [GroupRecord] = []
    private(set) var edges: [(Int, Int)] = []
    private(set) var warnings: [(line: Int, message: String)] = []
    private var dagStack: [Int] = []
    private var groupStack: [Int] = []
    private var depth = 0
    private var steps = 0
    private let variables: [String: String]

    /// The most statements executed per file, so a pathological loop cannot hang the reader.
    static let maximumSteps = 200_000

    init(file: String, variables: [String: String]) {
        self.file = file
        self.variables = variables
    }

    /// Reads a parsed module.
    func run(_ module: [PyStmt]) {
        let scope = PyScope()
        for name in ["range", "len", "str", "int", "list", "dict", "tuple", "enumerate", "zip", "sorted", "print", "set", "bool"] {
            scope.set(name, .symbol("builtins.\(name)"))
        }
        do {
            try execute(module, scope)
        } catch {
            // A return at module level, or the step limit: stop reading.
        }
    }

    // MARK: Statements

    private func execute(_ body: [PyStmt], _ scope: PyScope) throws {
        for statement in body { try execute(statement, scope) }
    }

    private func execute(_ statement: PyStmt, _ scope: PyScope) throws {
        steps += 1
        if steps > Self.maximumSteps {
            warnings.append((0, "stopped reading after \(Self.maximumSteps) statements"))
            throw ReturnSignal(value: .unknown)
        }
        switch statement {
        case .expression(let expr, _):
            _ = try evaluate(expr, scope)
        case .assign(let targets, let valueExpr, _):
            let value = try evaluate(valueExpr, scope)
            for target in targets { try assign(target, value, scope) }
        case .augmentedAssign(let target, let op, let valueExpr, let line):
            let current = try evaluate(target, scope)
            let value = try binary(op, current, try evaluate(valueExpr, scope), line: line)
            try assign(target, value, scope)
        case .with(let items, let body, _):
            var pushedDags = 0
            var pushedGroups = 0
            for (contextExpr, alias) in items {
                let value = try evaluate(contextExpr, scope)
                switch value {
                case .dag(let index): dagStack.append(index); pushedDags += 1
                case .group(let index): groupStack.append(index); pushedGroups += 1
                default: break
                }
                if let alias { try assign(alias, value, scope) }
            }
            defer {
                dagStack.removeLast(pushedDags)
                groupStack.removeLast(pushedGroups)
            }
            try execute(body, scope)
        case .function(let name, let parameters, let decorators, let body, let line):
            var decorator: String?
            var decoratorArguments: [(String, PyValue)] = []
            for decoratorExpr in decorators {
                var callee = decoratorExpr
                var arguments: [PyArgument] = []
                if case .call(let inner, let args, _) = decoratorExpr { callee = inner; arguments = args }
                let symbol = try evaluate(callee, scope)
                guard case .symbol(let path) = symbol else { continue }
                let parts = path.split(separator: ".").map(String.init)
                if let index = parts.lastIndex(where: { $0 == "dag" || $0 == "task" || $0 == "task_group" }) {
                    decorator = parts[index...].joined(separator: ".")
                    for argument in arguments {
                        let value = try evaluate(argument.value, scope)
                        if let name = argument.name { decoratorArguments.append((name, value)) }
                        else if decoratorArguments.isEmpty { decoratorArguments.append(("_0", value)) }
                    }
                }
            }
            scope.set(name, .function(PyFunction(name: name, parameters: parameters, body: body, closure: scope,
                                                 decorator: decorator, decoratorArguments: decoratorArguments, line: line)))
        case .classDef(let name, _, _):
            scope.set(name, .unknown)
        case .conditional(let branches, _):
            for (test, body) in branches {
                guard let test else {
                    try execute(body, scope)
                    return
                }
                switch try evaluate(test, scope).truthiness {
                case true?:
                    try execute(body, scope)
                    return
                case false?:
                    continue
                case nil:
                    try execute(body, scope)   // undecidable: read every branch
                }
            }
        case .loop(let target, let iterableExpr, let body, let otherwise, let line):
            let iterable = try evaluate(iterableExpr, scope)
            guard let items = iterate(iterable) else {
                warnings.append((line, "a for loop over a value only known at run time; its body was not read"))
                return
            }
            for item in items {
                try assign(target, item, scope)
                try execute(body, scope)
            }
            try execute(otherwise, scope)
        case .whileLoop:
            break
        case .tryBlock(let body, _, let otherwise, let finally, _):
            try execute(body, scope)
            try execute(otherwise, scope)
            try execute(finally, scope)
        case .importNames(let names, _):
            for (module, alias) in names {
                if let alias { scope.set(alias, .symbol(module)) }
                else { scope.set(String(module.split(separator: ".").first ?? Substring(module)), .symbol(String(module.split(separator: ".").first ?? Substring(module)))) }
            }
        case .importFrom(let module, let names, _):
            for (name, alias) in names where name != "*" {
                scope.set(alias ?? name, .symbol(module.isEmpty ? name : "\(module).\(name)"))
            }
        case .returnValue(let expr, _):
            throw ReturnSignal(value: try expr.map { try evaluate($0, scope) } ?? .none)
        case .other:
            break
        }
    }

    private func assign(_ target: PyExpr, _ value: PyValue, _ scope: PyScope) throws {
        switch target {
        case .name(let name, _):
            scope.set(name, value)
        case .tuple(let targets), .list(let targets):
            if case .list(let items) = value, items.count == targets.count {
                for (subtarget, item) in zip(targets, items) { try assign(subtarget, item, scope) }
            } else {
                for subtarget in targets { try assign(subtarget, .unknown, scope) }
            }
        case .starred(let inner):
            try assign(inner, value, scope)
        default:
            break   // attributes and subscripts: not tracked
        }
    }

    private func iterate(_ value: PyValue) -> [PyValue]? {
        switch value {
        case .list(let items): items
        case .dict(let pairs): pairs.map(\.0)
        case .string(let text): text.map { .string(String($0)) }
        default: nil
        }
    }

    // MARK: Expressions

    private func evaluate(_ expr: PyExpr, _ scope: PyScope) throws -> PyValue {
        switch expr {
        case .name(let name, _):
            return scope.lookup(name) ?? .unknown
        case .string(let text, let formatted, _):
            return formatted ? try interpolate(text, scope) : .string(text)
        case .number(let text):
            let cleaned = text.replacingOccurrences(of: "_", with: "")
            if let value = Int(cleaned) { return .int(value) }
            if let value = Double(cleaned) { return .double(value) }
            return .unknown
        case .constant(let name):
            switch name {
            case "True": return .bool(true)
            case "False": return .bool(false)
            case "None": return .none
            default: return .unknown
            }
        case .list(let items), .tuple(let items), .set(let items):
            var values: [PyValue] = []
            for item in items {
                if case .starred(let inner) = item {
                    guard let spread = iterate(try evaluate(inner, scope)) else { return .unknown }
                    values += spread
                } else {
                    values.append(try evaluate(item, scope))
                }
            }
            return .list(values)
        case .dict(let pairs):
            var values: [(PyValue, PyValue)] = []
            for (keyExpr, valueExpr) in pairs {
                if let keyExpr {
                    values.append((try evaluate(keyExpr, scope), try evaluate(valueExpr, scope)))
                } else if case .dict(let spread) = try evaluate(valueExpr, scope) {
                    values += spread
                }
            }
            return .dict(values)
        case .attribute(let baseExpr, let name):
            let base = try evaluate(baseExpr, scope)
            switch base {
            case .symbol(let path): return .symbol("\(path).\(name)")
            case .task where name == "output": return base
            case .task, .string, .list, .dict, .dag, .group: return .method(base, name)
            default: return .unknown
            }
        case .index(let baseExpr, let keyExpr):
            let base = try evaluate(baseExpr, scope)
            let key = try evaluate(keyExpr, scope)
            switch (base, key) {
            case (.list(let items), .int(let index)):
                let resolved = index < 0 ? items.count + index : index
                return items.indices.contains(resolved) ? items[resolved] : .unknown
            case (.dict(let pairs), _):
                return pairs.first { $0.0.equals(key) == true }?.1 ?? .unknown
            default:
                return .unknown
            }
        case .call(let calleeExpr, let argumentExprs, let line):
            let callee = try evaluate(calleeExpr, scope)
            var positional: [PyValue] = []
            var keyword: [(String, PyValue)] = []
            for argument in argumentExprs {
                let value = try evaluate(argument.value, scope)
                switch argument.star {
                case 1: positional += iterate(value) ?? [.unknown]
                case 2: if case .dict(let pairs) = value { keyword += pairs.compactMap { key, item in key.stringValue.map { ($0, item) } } }
                default:
                    if let name = argument.name { keyword.append((name, value)) } else { positional.append(value) }
                }
            }
            let before = tasks.count
            let result = try call(callee, positional, keyword, line: line)
            if case .task(let index) = result, index >= before {
                for argument in argumentExprs {
                    guard let name = argument.name else { continue }
                    if case .string(_, _, let valueLine) = argument.value { tasks[index].argumentLines[name] = valueLine }
                }
            }
            return result
        case .binary(let op, let leftExpr, let rightExpr, let line):
            return try binary(op, try evaluate(leftExpr, scope), try evaluate(rightExpr, scope), line: line)
        case .unary(let op, let operandExpr):
            let operand = try evaluate(operandExpr, scope)
            switch (op, operand) {
            case ("not", _): return operand.truthiness.map { .bool(!$0) } ?? .unknown
            case ("-", .int(let value)): return .int(-value)
            case ("-", .double(let value)): return .double(-value)
            default: return .unknown
            }
        case .boolean(let op, let leftExpr, let rightExpr):
            let left = try evaluate(leftExpr, scope)
            guard let truth = left.truthiness else { _ = try evaluate(rightExpr, scope); return .unknown }
            if op == "and" { return truth ? try evaluate(rightExpr, scope) : left }
            return truth ? left : try evaluate(rightExpr, scope)
        case .compare(let firstExpr, let rest):
            var left = try evaluate(firstExpr, scope)
            for (op, rightExpr) in rest {
                let right = try evaluate(rightExpr, scope)
                guard let result = compare(op, left, right) else { return .unknown }
                if !result { return .bool(false) }
                left = right
            }
            return .bool(true)
        case .conditional(let body, let testExpr, let otherwise):
            switch try evaluate(testExpr, scope).truthiness {
            case true?: return try evaluate(body, scope)
            case false?: return try evaluate(otherwise, scope)
            case nil:
                _ = try evaluate(body, scope)
                _ = try evaluate(otherwise, scope)
                return .unknown
            }
        case .comprehension(let kind, let element, let valueExpr, let clauses):
            var results: [PyValue] = []
            var pairs: [(PyValue, PyValue)] = []
            var complete = true
            func run(_ clauseIndex: Int, _ inner: PyScope) throws {
                if clauseIndex == clauses.count {
                    if kind == "dict", let valueExpr {
                        pairs.append((try evaluate(element, inner), try evaluate(valueExpr, inner)))
                    } else {
                        results.append(try evaluate(element, inner))
                    }
                    return
                }
                let clause = clauses[clauseIndex]
                guard let items = iterate(try evaluate(clause.iterable, inner)) else { complete = false; return }
                for item in items {
                    try assign(clause.target, item, inner)
                    var keep = true
                    for condition in clause.conditions {
                        switch try evaluate(condition, inner).truthiness {
                        case false?: keep = false
                        case nil: complete = false
                        default: break
                        }
                    }
                    if keep { try run(clauseIndex + 1, inner) }
                }
            }
            try run(0, PyScope(parent: scope))
            guard complete else { return .unknown }
            return kind == "dict" ? .dict(pairs) : .list(results)
        case .starred(let inner):
            return try evaluate(inner, scope)
        case .slice, .lambda, .await, .yield:
            return .unknown
        }
    }

    private func compare(_ op: String, _ left: PyValue, _ right: PyValue) -> Bool? {
        switch op {
        case "==": return left.equals(right)
        case "!=": return left.equals(right).map { !$0 }
        case "is": if case .none = right { if case .unknown = left { return nil }; if case .none = left { return true }; return false }; return nil
        case "is not": if case .none = right { if case .unknown = left { return nil }; if case .none = left { return false }; return true }; return nil
        case "in", "not in":
            guard let items = iterate(right) else { return nil }
            var found = false
            for item in items {
                guard let same = item.equals(left) else { return nil }
                if same { found = true; break }
            }
            if case .string(let haystack) = right, case .string(let needle) = left { found = haystack.contains(needle) }
            return op == "in" ? found : !found
        default:
            switch (left, right) {
            case (.int(let a), .int(let b)):
                return op == "<" ? a < b : op == ">" ? a > b : op == "<=" ? a <= b : a >= b
            case (.string(let a), .string(let b)):
                return op == "<" ? a < b : op == ">" ? a > b : op == "<=" ? a <= b : a >= b
            default: return nil
            }
        }
    }

    private func binary(_ op: String, _ left: PyValue, _ right: PyValue, line: Int) throws -> PyValue {
        switch op {
        case ">>":
            addEdges(from: left, to: right)
            return right
        case "<<":
            addEdges(from: right, to: left)
            return right
        default:
            break
        }
        switch (op, left, right) {
        case ("+", .string(let a), .string(let b)): return .string(a + b)
        case ("+", .int(let a), .int(let b)): return .int(a &+ b)
        case ("-", .int(let a), .int(let b)): return .int(a &- b)
        case ("*", .int(let a), .int(let b)): return .int(a &* b)
        case ("+", .list(let a), .list(let b)): return .list(a + b)
        case ("+", .dict(let a), .dict(let b)), ("|", .dict(let a), .dict(let b)): return .dict(a + b)
        case ("*", .string(let a), .int(let n)): return .string(String(repeating: a, count: max(0, n)))
        case ("%", .string(let format), _): return percentFormat(format, right)
        default: return .unknown
        }
    }

    private func percentFormat(_ format: String, _ value: PyValue) -> PyValue {
        var values: [PyValue]
        var named: [(PyValue, PyValue)] = []
        switch value {
        case .list(let items): values = items
        case .dict(let pairs): values = []; named = pairs
        default: values = [value]
        }
        var out = ""
        var chars = Array(format)
        var index = 0
        while index < chars.count {
            let c = chars[index]
            guard c == "%", index + 1 < chars.count else { out.append(c); index += 1; continue }
            var spec = chars[index + 1]
            var key: String?
            if spec == "(" , let close = chars[(index + 1)...].firstIndex(of: ")") {
                key = String(chars[(index + 2)..<close])
                index = close
                spec = index + 1 < chars.count ? chars[index + 1] : "s"
            }
            if spec == "%" { out.append("%"); index += 2; continue }
            let next: PyValue
            if let key { next = named.first { $0.0.stringValue == key }?.1 ?? .unknown }
            else if values.isEmpty { return .unknown }
            else { next = values.removeFirst() }
            guard let text = next.text else { return .unknown }
            out += text
            index += 2
        }
        chars.removeAll()
        return .string(out)
    }

    /// An f-string's value, when every `{…}` is known.
    private func interpolate(_ text: String, _ scope: PyScope) throws -> PyValue {
        var out = ""
        let chars = Array(text)
        var index = 0
        while index < chars.count {
            let c = chars[index]
            if c == "{" {
                if index + 1 < chars.count, chars[index + 1] == "{" { out.append("{"); index += 2; continue }
                var depth = 1
                var cursor = index + 1
                while cursor < chars.count, depth > 0 {
                    if chars[cursor] == "{" { depth += 1 }
                    if chars[cursor] == "}" { depth -= 1 }
                    if depth > 0 { cursor += 1 }
                }
                guard cursor < chars.count else { return .unknown }
                var inner = String(chars[(index + 1)..<cursor])
                // Drop a conversion (!r) or format spec (:>10) at the top level.
                var bracket = 0
                for (offset, ch) in inner.enumerated() {
                    if "([{".contains(ch) { bracket += 1 }
                    if ")]}".contains(ch) { bracket -= 1 }
                    if bracket == 0, ch == "!" || ch == ":", !(ch == "!" && inner.dropFirst(offset + 1).first == "=") {
                        inner = String(inner.prefix(offset))
                        break
                    }
                }
                let value: PyValue
                do {
                    var parser = try PythonExpressionParser(inner, file: file)
                    value = try evaluate(try parser.parse(), scope)
                } catch {
                    return .unknown
                }
                guard let piece = value.text else { return .unknown }
                out += piece
                index = cursor + 1
                continue
            }
            if c == "}", index + 1 < chars.count, chars[index + 1] == "}" { out.append("}"); index += 2; continue }
            if c == "\\", index + 1 < chars.count {
                switch chars[index + 1] {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "\\", "'", "\"": out.append(chars[index + 1])
                case "\n": break
                default: out.append(c); out.append(chars[index + 1])
                }
                index += 2
                continue
            }
            out.append(c)
            index += 1
        }
        return .string(out)
    }

    // MARK: Dependencies

    private func taskIndices(_ value: PyValue) -> [Int] {
        switch value {
        case .task(let index): [index]
        case .list(let items): items.flatMap(taskIndices)
        case .group(let index): groups[index].tasks
        default: []
        }
    }

    private func addEdges(from upstream: PyValue, to downstream: PyValue) {
        for a in taskIndices(upstream) {
            for b in taskIndices(downstream) where a != b { edges.append((a, b)) }
        }
    }

    private func chain(_ elements: [PyValue], linear: Bool) {
        guard elements.count > 1 else { return }
        for (left, right) in zip(elements, elements.dropFirst()) {
            if !linear, case .list(let a) = left, case .list(let b) = right, a.count == b.count {
                for (x, y) in zip(a, b) { addEdges(from: x, to: y) }
            } else {
                addEdges(from: left, to: right)
            }
        }
    }

    // MARK: Calls

    private static let groupNames: Set<String> = ["TaskGroup"]

    private func call(_ callee: PyValue, _ positional: [PyValue], _ keyword: [(String, PyValue)], line: Int) throws -> PyValue {
        let arguments = Dictionary(keyword, uniquingKeysWith: { _, last in last })
        switch callee {
        case .method(let base, let name):
            return callMethod(base, name, positional, arguments)
        case .function(let function):
            return try callFunction(function, positional, keyword, line: line)
        case .symbol(let path):
            let name = callee.symbolName ?? path
            switch name {
            case "DAG":
                return .dag(makeDag(positional, arguments, line: line, fallbackId: nil))
            case "TaskGroup":
                guard let groupId = (arguments["group_id"] ?? positional.first)?.stringValue else { return .unknown }
                let prefix = groupStack.last.map { groups[$0].groupId + "." } ?? ""
                groups.append(GroupRecord(groupId: prefix + groupId, tasks: []))
                return .group(groups.count - 1)
            case "chain":
                chain(positional, linear: false)
                return .none
            case "chain_linear":
                chain(positional, linear: true)
                return .none
            case "cross_downstream":
                if positional.count == 2 { addEdges(from: positional[0], to: positional[1]) }
                return .none
            case "Param":
                return positional.first ?? arguments["default"] ?? .unknown
            case "get" where path.hasSuffix("Variable.get"):
                guard let key = (arguments["key"] ?? positional.first)?.stringValue else { return .unknown }
                if let value = variables[key] { return .string(value) }
                return arguments["default_var"] ?? (positional.count > 1 ? positional[1] : .string("var_\(key)"))
            default:
                break
            }
            if path.hasPrefix("builtins.") { return builtin(name, positional) }
            if name.hasSuffix("Operator") || name.hasSuffix("Sensor") {
                return .task(makeTask(name, positional, arguments, line: line))
            }
            return .unknown
        default:
            return .unknown
        }
    }

    private func builtin(_ name: String, _ positional: [PyValue]) -> PyValue {
        switch name {
        case "range":
            let numbers = positional.compactMap { if case .int(let n) = $0 { n } else { nil } }
            guard numbers.count == positional.count, !numbers.isEmpty else { return .unknown }
            let (start, stop, step) = numbers.count == 1 ? (0, numbers[0], 1) : (numbers[0], numbers[1], numbers.count > 2 ? numbers[2] : 1)
            guard step != 0, abs((stop - start) / step) <= 10_000 else { return .unknown }
            return .list(stride(from: start, to: stop, by: step).map { .int($0) })
        case "len":
            guard let items = positional.first.flatMap(iterate) else { return .unknown }
            return .int(items.count)
        case "str":
            return positional.first?.text.map { .string($0) } ?? .unknown
        case "list", "tuple", "sorted", "set":
            guard let items = positional.first.flatMap(iterate) else { return positional.isEmpty ? .list([]) : .unknown }
            return .list(items)
        case "enumerate":
            guard let items = positional.first.flatMap(iterate) else { return .unknown }
            return .list(items.enumerated().map { .list([.int($0.offset), $0.element]) })
        case "zip":
            let lists = positional.compactMap(iterate)
            guard lists.count == positional.count else { return .unknown }
            let count = lists.map(\.count).min() ?? 0
            return .list((0..<count).map { index in .list(lists.map { $0[index] }) })
        default:
            return .unknown
        }
    }

    private func callMethod(_ base: PyValue, _ name: String, _ positional: [PyValue], _ arguments: [String: PyValue]) -> PyValue {
        switch (base, name) {
        case (.task, "set_downstream"):
            for value in positional { addEdges(from: base, to: value) }
            return .none
        case (.task, "set_upstream"):
            for value in positional { addEdges(from: value, to: base) }
            return .none
        case (.list, "set_downstream"), (.group, "set_downstream"):
            for value in positional { addEdges(from: base, to: value) }
            return .none
        case (.list, "set_upstream"), (.group, "set_upstream"):
            for value in positional { addEdges(from: value, to: base) }
            return .none
        case (.string(let text), "format"):
            var out = ""
            var rest = Substring(text)
            var index = 0
            while let open = rest.firstIndex(of: "{") {
                out += rest[..<open]
                guard let close = rest[open...].firstIndex(of: "}") else { return .unknown }
                let key = String(rest[rest.index(after: open)..<close])
                let value: PyValue? = key.isEmpty ? (index < positional.count ? positional[index] : nil)
                    : (Int(key).flatMap { $0 < positional.count ? positional[$0] : nil } ?? arguments[key])
                if key.isEmpty { index += 1 }
                guard let text = value?.text else { return .unknown }
                out += text
                rest = rest[rest.index(after: close)...]
            }
            return .string(out + rest)
        case (.string(let text), "strip"): return .string(text.trimmingWhitespace())
        case (.string(let text), "lower"): return .string(text.lowercased())
        case (.string(let text), "upper"): return .string(text.uppercased())
        case (.string(let text), "replace"):
            guard positional.count >= 2, let old = positional[0].stringValue, let new = positional[1].stringValue else { return .unknown }
            return .string(text.replacingOccurrences(of: old, with: new))
        case (.string(let separator), "join"):
            guard let items = positional.first.flatMap(iterate) else { return .unknown }
            let texts = items.compactMap(\.stringValue)
            return texts.count == items.count ? .string(texts.joined(separator: separator)) : .unknown
        case (.dict(let pairs), "get"):
            guard let key = positional.first else { return .unknown }
            return pairs.first { $0.0.equals(key) == true }?.1 ?? (positional.count > 1 ? positional[1] : .none)
        case (.dag(let index), "dag_id"):
            return dags[index].dagId.map { .string($0) } ?? .unknown
        default:
            return .unknown
        }
    }

    private func callFunction(_ function: PyFunction, _ positional: [PyValue], _ keyword: [(String, PyValue)], line: Int) throws -> PyValue {
        let decoratorArguments = Dictionary(function.decoratorArguments, uniquingKeysWith: { _, last in last })
        switch function.decorator {
        case "dag"?:
            let dagId = (decoratorArguments["dag_id"] ?? decoratorArguments["_0"])?.stringValue ?? function.name
            let index = makeDag([], decoratorArguments, line: function.line, fallbackId: dagId)
            dagStack.append(index)
            defer { dagStack.removeLast() }
            _ = try invoke(function, positional, keyword)
            return .dag(index)
        case let decorator? where decorator == "task" || decorator.hasPrefix("task."):
            function.calls += 1
            var taskId = decoratorArguments["task_id"]?.stringValue ?? function.name
            if function.calls > 1 { taskId += "__\(function.calls - 1)" }
            let variant = decorator == "task" ? "python" : String(decorator.dropFirst(5))
            var arguments = decoratorArguments
            arguments["task_id"] = .string(taskId)
            let returned: PyValue? = variant == "bash" || variant == "sql" ? try invoke(function, positional, keyword) : nil
            let index = makeTask("@task.\(variant)", [], arguments, line: line, prefixGroup: true)
            tasks[index].returned = returned
            for value in positional + keyword.map(\.1) { addEdges(from: value, to: .task(index)) }
            return .task(index)
        case "task_group"?:
            let groupId = (decoratorArguments["group_id"] ?? decoratorArguments["_0"])?.stringValue ?? function.name
            let prefix = groupStack.last.map { groups[$0].groupId + "." } ?? ""
            groups.append(GroupRecord(groupId: prefix + groupId, tasks: []))
            let index = groups.count - 1
            groupStack.append(index)
            defer { groupStack.removeLast() }
            _ = try invoke(function, positional, keyword)
            return .group(index)
        default:
            return try invoke(function, positional, keyword)
        }
    }

    private func invoke(_ function: PyFunction, _ positional: [PyValue], _ keyword: [(String, PyValue)]) throws -> PyValue {
        guard depth < 30 else { return .unknown }
        depth += 1
        defer { depth -= 1 }
        let scope = PyScope(parent: function.closure)
        var remaining = positional
        for parameter in function.parameters {
            switch parameter.star {
            case 1: scope.set(parameter.name, .list(remaining)); remaining = []
            case 2: scope.set(parameter.name, .dict(keyword.map { (.string($0.0), $0.1) }))
            default:
                if let match = keyword.first(where: { $0.0 == parameter.name }) {
                    scope.set(parameter.name, match.1)
                } else if !remaining.isEmpty {
                    scope.set(parameter.name, remaining.removeFirst())
                } else if let defaultValue = parameter.defaultValue {
                    scope.set(parameter.name, try evaluate(defaultValue, function.closure))
                } else {
                    scope.set(parameter.name, .unknown)
                }
            }
        }
        do {
            try execute(function.body, scope)
        } catch let signal as ReturnSignal {
            return signal.value
        }
        return .none
    }

    // MARK: Records

    private func makeDag(_ positional: [PyValue], _ arguments: [String: PyValue], line: Int, fallbackId: String?) -> Int {
        let dagId = (arguments["dag_id"] ?? positional.first)?.stringValue ?? fallbackId
        var params: [String: PyValue] = [:]
        if case .dict(let pairs)? = arguments["params"] {
            for (key, value) in pairs { if let name = key.stringValue { params[name] = value } }
        }
        var searchPath: [String] = []
        switch arguments["template_searchpath"] {
        case .string(let path)?: searchPath = [path]
        case .list(let items)?: searchPath = items.compactMap(\.stringValue)
        default: break
        }
        var schedule = (arguments["schedule"] ?? arguments["schedule_interval"] ?? arguments["timetable"])?.text
        if case .none? = arguments["schedule"] ?? arguments["schedule_interval"] { schedule = nil }
        let tags = iterate(arguments["tags"] ?? .list([]))?.compactMap(\.stringValue) ?? []
        dags.append(DagRecord(dagId: dagId, line: line, description: arguments["description"]?.stringValue, schedule: schedule,
                              tags: tags, templateSearchPath: searchPath, params: params,
                              defaultArguments: arguments["default_args"] ?? .dict([])))
        return dags.count - 1
    }

    private func makeTask(_ operatorName: String, _ positional: [PyValue], _ arguments: [String: PyValue], line: Int,
                          prefixGroup: Bool = true) -> Int {
        var dag = dagStack.last
        if case .dag(let index)? = arguments["dag"] { dag = index }
        var taskId = arguments["task_id"]?.stringValue
        if let id = taskId, prefixGroup, let group = groupStack.last {
            if case .bool(false)? = arguments["prefix_group_id"] {} else { taskId = groups[group].groupId + "." + id }
        }
        if arguments["task_id"] != nil, taskId == nil {
            warnings.append((line, "\(operatorName): task_id is only known at run time"))
        }
        tasks.append(TaskRecord(taskId: taskId, operatorName: operatorName, line: line, dag: dag, arguments: arguments,
                                positional: positional))
        let index = tasks.count - 1
        for group in groupStack { groups[group].tasks.append(index) }
        if case .group(let group)? = arguments["task_group"] { groups[group].tasks.append(index) }
        return index
    }
}

/// Parses one Python expression (an f-string's `{…}`).
struct PythonExpressionParser {
    private var statements: [PyStmt]

    init(_ text: String, file: String) throws(LineageError) {
        statements = try PythonParser.parse("(" + text + ")\n", file: file)
    }

    mutating func parse() throws(LineageError) -> PyExpr {
        guard statements.count == 1, case .expression(let expr, _) = statements[0] else {
            throw .pythonSyntax(FileLocation(file: ""), reason: "not an expression")
        }
        return expr
    }
}
