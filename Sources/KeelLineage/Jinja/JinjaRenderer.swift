import Foundation

/// Renders parsed Jinja templates against a set of globals.
///
/// One renderer renders one dbt node or one Airflow field. It is a class because rendering keeps a
/// stack of output buffers and the current file and line for error messages; it is never shared.
final class JinjaRenderer {
    /// The outermost scope: built-ins, context functions and macros.
    let globals: JinjaScope
    private var buffers: [String] = []
    private(set) var currentFile: String
    private(set) var currentLine = 0
    private var depth = 0
    /// Names of `{% snapshot %}` blocks met while rendering.
    private(set) var snapshots: [(name: String, line: Int)] = []

    /// The deepest macro nesting allowed, so a recursive macro fails cleanly.
    static let maximumDepth = 100

    init(globals: [String: JinjaValue], file: String) {
        self.globals = JinjaScope(parent: nil, JinjaBuiltins.globals.merging(globals) { _, new in new })
        self.currentFile = file
    }

    var location: FileLocation { FileLocation(file: currentFile, line: currentLine) }

    // MARK: Entry points

    /// Renders `template` to text.
    /// - Throws: ``LineageError`` with the file and line of the failing tag.
    func render(_ template: JinjaTemplate, variables: [String: JinjaValue] = [:]) throws(LineageError) -> String {
        let scope = JinjaScope(parent: globals, variables)
        currentFile = template.file
        buffers.append("")
        do {
            try execute(template.body, scope)
        } catch let error as LineageError {
            buffers.removeAll()
            throw error
        } catch let failure as JinjaFailure {
            buffers.removeAll()
            throw .jinjaRender(location, reason: failure.reason)
        } catch is JinjaReturnSignal {
            // return() outside a macro ends the template, as in dbt.
        } catch {
            buffers.removeAll()
            throw .jinjaRender(location, reason: "\(error)")
        }
        return buffers.popLast() ?? ""
    }

    /// Defines the macros of `template` as globals, without rendering its text.
    func defineMacros(of template: JinjaTemplate) {
        for node in template.body {
            if case .macro(let definition) = node {
                globals.set(definition.name, .function(macroFunction(definition, closure: globals)))
            }
        }
    }

    /// Whether a global named `name` is defined (a macro or a built-in).
    func hasGlobal(_ name: String) -> Bool { globals.lookup(name) != nil }

    /// Calls a value with arguments; errors carry the current location.
    func call(_ callee: JinjaValue, _ arguments: JinjaArguments) throws -> JinjaValue {
        switch callee {
        case .function(let function):
            return try function.body(arguments, self)
        case .object(let object):
            guard let call = object.call else { throw JinjaFailure("'\(object.typeName)' object is not callable") }
            return try call.body(arguments, self)
        case .undefined(let name):
            throw JinjaFailure("'\(name)' is undefined")
        default:
            throw JinjaFailure("'\(callee.typeName)' object is not callable")
        }
    }

    /// Renders nodes into a fresh buffer and returns the text (for `caller()` and block sets).
    func capture(_ nodes: [JinjaNode], _ scope: JinjaScope) throws -> String {
        buffers.append("")
        do {
            try execute(nodes, scope)
        } catch {
            _ = buffers.popLast()
            throw error
        }
        return buffers.popLast() ?? ""
    }

    // MARK: Statements

    private func emit(_ text: String) {
        if buffers.isEmpty { buffers.append("") }
        buffers[buffers.count - 1] += text
    }

    private func execute(_ nodes: [JinjaNode], _ scope: JinjaScope) throws {
        for node in nodes { try execute(node, scope) }
    }

    private func execute(_ node: JinjaNode, _ scope: JinjaScope) throws {
        switch node {
        case .text(let text):
            emit(text)

        case .output(let expr, let line):
            currentLine = line
            let value = try evaluate(expr, scope)
            emit(try value.rendered())

        case .conditional(let branches, let otherwise, let line):
            currentLine = line
            for branch in branches where try evaluate(branch.condition, scope).isTruthy {
                try execute(branch.body, scope)
                return
            }
            try execute(otherwise, scope)

        case .loop(let targets, let iterable, let filter, let body, let otherwise, let line):
            currentLine = line
            var items = try iterate(try evaluate(iterable, scope))
            if let filter {
                items = try items.filter { item in
                    let probe = JinjaScope(parent: scope)
                    try bind(targets, to: item, in: probe)
                    return try evaluate(filter, probe).isTruthy
                }
            }
            if items.isEmpty {
                try execute(otherwise, scope)
                return
            }
            let loopScope = JinjaScope(parent: scope)
            for (index, item) in items.enumerated() {
                try bind(targets, to: item, in: loopScope)
                loopScope.set("loop", .object(JinjaObject(typeName: "LoopContext", attributes: [
                    "index": .int(index + 1), "index0": .int(index), "revindex": .int(items.count - index),
                    "revindex0": .int(items.count - index - 1), "first": .bool(index == 0),
                    "last": .bool(index == items.count - 1), "length": .int(items.count),
                    "previtem": index > 0 ? items[index - 1] : .undefined("loop.previtem"),
                    "nextitem": index + 1 < items.count ? items[index + 1] : .undefined("loop.nextitem"),
                ])))
                do {
                    try execute(body, loopScope)
                } catch let signal as JinjaLoopSignal {
                    if signal.isBreak { break }
                }
            }

        case .assign(let targets, let value, let line):
            currentLine = line
            let result = try evaluate(value, scope)
            if targets.count == 1, let target = targets.first {
                try assign(target, result, scope)
            } else {
                let items = try iterate(result)
                guard items.count == targets.count else {
                    throw JinjaFailure("cannot unpack \(items.count) values into \(targets.count) names")
                }
                for (target, item) in zip(targets, items) { try assign(target, item, scope) }
            }

        case .assignBlock(let target, let filters, let body, let line):
            currentLine = line
            var value = JinjaValue.string(try capture(body, scope))
            for filter in filters { value = try applyFilter(filter, to: value, scope) }
            try assign(target, value, scope)

        case .macro(let definition):
            scope.set(definition.name, .function(macroFunction(definition, closure: scope)))

        case .callBlock(let callExpr, let parameters, let body, let line):
            currentLine = line
            guard case .call(let calleeExpr, let args, let kwargs, let star, let doubleStar) = callExpr else {
                throw JinjaFailure("{% call %} needs a macro call")
            }
            let callee = try evaluate(calleeExpr, scope)
            var arguments = try evaluateArguments(args, kwargs, star, doubleStar, scope)
            let caller = JinjaFunction("caller") { callerArguments, renderer in
                let callerScope = JinjaScope(parent: scope)
                for (index, parameter) in parameters.enumerated() {
                    let value = try callerArguments.value(index, parameter.name)
                        ?? parameter.defaultValue.map { try renderer.evaluate($0, callerScope) } ?? .none
                    callerScope.set(parameter.name, value)
                }
                return .string(try renderer.capture(body, callerScope))
            }
            arguments.keyword.append(("caller", .function(caller)))
            emit(try call(callee, arguments).rendered())

        case .filterBlock(let filters, let body, let line):
            currentLine = line
            var value = JinjaValue.string(try capture(body, scope))
            for filter in filters { value = try applyFilter(filter, to: value, scope) }
            emit(try value.rendered())

        case .scoped(let assignments, let body, let line):
            currentLine = line
            let inner = JinjaScope(parent: scope)
            for (name, expr) in assignments { inner.set(name, try evaluate(expr, scope)) }
            try execute(body, inner)

        case .expressionStatement(let expr, let line):
            currentLine = line
            _ = try evaluate(expr, scope)

        case .loopControl(let isBreak, let line):
            currentLine = line
            throw JinjaLoopSignal(isBreak: isBreak)

        case .snapshot(let name, let body, let line):
            currentLine = line
            snapshots.append((name, line))
            try execute(body, scope)

        case .ignored:
            break
        }
    }

    private func bind(_ targets: [String], to item: JinjaValue, in scope: JinjaScope) throws {
        if targets.count == 1 {
            scope.set(targets[0], item)
            return
        }
        let parts = try iterate(item)
        guard parts.count == targets.count else {
            throw JinjaFailure("cannot unpack \(parts.count) values into \(targets.count) loop variables")
        }
        for (name, value) in zip(targets, parts) { scope.set(name, value) }
    }

    private func assign(_ target: JinjaAssignTarget, _ value: JinjaValue, _ scope: JinjaScope) throws {
        switch target {
        case .name(let name):
            scope.set(name, value)
        case .attribute(let name, let attribute):
            guard case .object(let object)? = scope.lookup(name), object.isMutable else {
                throw JinjaFailure("cannot assign attribute '\(attribute)' of '\(name)' (only a namespace() can be changed)")
            }
            object.attributes[attribute] = value
        }
    }

    /// A macro as a callable bound to the scope it was defined in.
    func macroFunction(_ definition: JinjaMacroDefinition, closure: JinjaScope) -> JinjaFunction {
        JinjaFunction(definition.name) { arguments, renderer in
            try renderer.invoke(definition, closure: closure, arguments: arguments)
        }
    }

    private func invoke(_ definition: JinjaMacroDefinition, closure: JinjaScope, arguments: JinjaArguments) throws -> JinjaValue {
        guard depth < Self.maximumDepth else {
            throw JinjaFailure("macro '\(definition.name)' nests deeper than \(Self.maximumDepth) calls")
        }
        let savedFile = currentFile
        let savedLine = currentLine
        depth += 1
        defer {
            depth -= 1
            currentFile = savedFile
            currentLine = savedLine
        }
        let scope = JinjaScope(parent: closure)
        var extraPositional: [JinjaValue] = []
        for (index, value) in arguments.positional.enumerated() {
            if index < definition.parameters.count {
                scope.set(definition.parameters[index].name, value)
            } else {
                extraPositional.append(value)
            }
        }
        let extraKeywords = JinjaDict()
        for (name, value) in arguments.keyword {
            if definition.parameters.contains(where: { $0.name == name }) || name == "caller" {
                scope.set(name, value)
            } else {
                extraKeywords[name] = value
            }
        }
        currentFile = definition.file
        currentLine = definition.line
        for parameter in definition.parameters.dropFirst(min(arguments.positional.count, definition.parameters.count))
        where !arguments.keyword.contains(where: { $0.0 == parameter.name }) {
            if let defaultValue = parameter.defaultValue {
                scope.set(parameter.name, try evaluate(defaultValue, scope))
            } else {
                scope.set(parameter.name, .undefined(parameter.name))
            }
        }
        scope.set("varargs", .list(extraPositional))
        scope.set("kwargs", .dict(extraKeywords))
        buffers.append("")
        do {
            try execute(definition.body, scope)
        } catch let signal as JinjaReturnSignal {
            _ = buffers.popLast()
            return signal.value
        } catch {
            _ = buffers.popLast()
            throw error
        }
        return .string(buffers.popLast() ?? "")
    }

    // MARK: Expressions

    func evaluate(_ expr: JinjaExpr, _ scope: JinjaScope) throws -> JinjaValue {
        switch expr {
        case .literal(let value):
            return value
        case .name(let name):
            return scope.lookup(name) ?? .undefined(name)
        case .list(let items):
            return .list(try items.map { try evaluate($0, scope) })
        case .tuple(let items):
            return .list(try items.map { try evaluate($0, scope) })
        case .dict(let pairs):
            let dict = JinjaDict()
            for (keyExpr, valueExpr) in pairs {
                let key = try evaluate(keyExpr, scope)
                dict[try key.rendered()] = try evaluate(valueExpr, scope)
            }
            return .dict(dict)
        case .attribute(let base, let name):
            return try attribute(try evaluate(base, scope), name, describing: base)
        case .item(let base, let keyExpr):
            return try item(try evaluate(base, scope), try evaluate(keyExpr, scope))
        case .slice(let base, let startExpr, let stopExpr, let stepExpr):
            let value = try evaluate(base, scope)
            let start = try startExpr.map { try evaluate($0, scope).intValue } ?? nil
            let stop = try stopExpr.map { try evaluate($0, scope).intValue } ?? nil
            let step = try stepExpr.map { try evaluate($0, scope).intValue } ?? nil
            return try slice(value, start, stop, step ?? 1)
        case .call(let calleeExpr, let args, let kwargs, let star, let doubleStar):
            let callee = try evaluate(calleeExpr, scope)
            if case .undefined(let name) = callee {
                throw JinjaFailure("'\(name)' is undefined (no macro or function of that name)")
            }
            let arguments = try evaluateArguments(args, kwargs, star, doubleStar, scope)
            return try call(callee, arguments)
        case .filter(let base, let filter):
            return try applyFilter(filter, to: try evaluate(base, scope), scope)
        case .test(let base, let name, let args, let negated):
            let value = try evaluate(base, scope)
            let arguments = try args.map { try evaluate($0, scope) }
            let result = try JinjaBuiltins.test(name, value, arguments)
            return .bool(negated ? !result : result)
        case .unary(let op, let operand):
            let value = try evaluate(operand, scope)
            switch (op, value) {
            case ("-", .int(let number)): return .int(-number)
            case ("-", .double(let number)): return .double(-number)
            case ("+", .int), ("+", .double): return value
            default: throw JinjaFailure("bad operand type for unary \(op): \(value.typeName)")
            }
        case .binary(let op, let leftExpr, let rightExpr):
            return try JinjaBuiltins.binary(op, try evaluate(leftExpr, scope), try evaluate(rightExpr, scope))
        case .and(let leftExpr, let rightExpr):
            let left = try evaluate(leftExpr, scope)
            return left.isTruthy ? try evaluate(rightExpr, scope) : left
        case .or(let leftExpr, let rightExpr):
            let left = try evaluate(leftExpr, scope)
            return left.isTruthy ? left : try evaluate(rightExpr, scope)
        case .not(let operand):
            return .bool(!(try evaluate(operand, scope).isTruthy))
        case .compare(let first, let rest):
            var left = try evaluate(first, scope)
            for (op, rightExpr) in rest {
                let right = try evaluate(rightExpr, scope)
                guard try JinjaBuiltins.compare(op, left, right) else { return .bool(false) }
                left = right
            }
            return .bool(true)
        case .conditional(let value, let condition, let otherwise):
            if try evaluate(condition, scope).isTruthy { return try evaluate(value, scope) }
            return try otherwise.map { try evaluate($0, scope) } ?? .string("")
        }
    }

    private func evaluateArguments(
        _ args: [JinjaExpr], _ kwargs: [(String, JinjaExpr)], _ star: JinjaExpr?, _ doubleStar: JinjaExpr?, _ scope: JinjaScope
    ) throws -> JinjaArguments {
        var arguments = JinjaArguments(try args.map { try evaluate($0, scope) },
                                       keyword: try kwargs.map { ($0.0, try evaluate($0.1, scope)) })
        if let star { arguments.positional += try iterate(try evaluate(star, scope)) }
        if let doubleStar, case .dict(let dict) = try evaluate(doubleStar, scope) {
            arguments.keyword += dict.pairs
        }
        return arguments
    }

    private func applyFilter(_ filter: JinjaFilterCall, to value: JinjaValue, _ scope: JinjaScope) throws -> JinjaValue {
        let arguments = JinjaArguments(try filter.arguments.map { try evaluate($0, scope) },
                                       keyword: try filter.keywordArguments.map { ($0.0, try evaluate($0.1, scope)) })
        return try JinjaBuiltins.filter(filter.name, value, arguments, self)
    }

    /// `value.name`: a dict key, an object attribute, or a method.
    func attribute(_ value: JinjaValue, _ name: String, describing expr: JinjaExpr? = nil) throws -> JinjaValue {
        switch value {
        case .undefined(let base):
            throw JinjaFailure("'\(base)' is undefined, so it has no attribute '\(name)'")
        case .object(let object):
            return object.attributes[name] ?? .undefined("\(object.typeName).\(name)")
        case .dict(let dict):
            if let method = JinjaBuiltins.dictMethod(dict, name) { return .function(method) }
            return dict[name] ?? .undefined(name)
        case .list(let list):
            if let method = JinjaBuiltins.listMethod(list, name) { return .function(method) }
        case .string(let text):
            if let method = JinjaBuiltins.stringMethod(text, name) { return .function(method) }
        default:
            break
        }
        return .undefined("\(value.typeName).\(name)")
    }

    /// `value[key]`.
    func item(_ value: JinjaValue, _ key: JinjaValue) throws -> JinjaValue {
        switch (value, key) {
        case (.list(let list), .int(let index)):
            let resolved = index < 0 ? list.items.count + index : index
            guard list.items.indices.contains(resolved) else { throw JinjaFailure("list index \(index) out of range") }
            return list.items[resolved]
        case (.string(let text), .int(let index)):
            let chars = Array(text)
            let resolved = index < 0 ? chars.count + index : index
            guard chars.indices.contains(resolved) else { throw JinjaFailure("string index \(index) out of range") }
            return .string(String(chars[resolved]))
        case (.dict(let dict), _):
            let name = try key.rendered()
            return dict[name] ?? .undefined(name)
        case (.object(let object), .string(let name)):
            return object.attributes[name] ?? .undefined(name)
        case (.undefined(let base), _):
            throw JinjaFailure("'\(base)' is undefined")
        default:
            throw JinjaFailure("'\(value.typeName)' object is not subscriptable by \(key.typeName)")
        }
    }

    private func slice(_ value: JinjaValue, _ start: Int?, _ stop: Int?, _ step: Int) throws -> JinjaValue {
        func indices(_ count: Int) -> [Int] {
            func clamp(_ index: Int?, _ fallback: Int) -> Int {
                guard let index else { return fallback }
                let resolved = index < 0 ? count + index : index
                return Swift.min(Swift.max(resolved, step > 0 ? 0 : -1), step > 0 ? count : count - 1)
            }
            guard step != 0 else { return [] }
            let from = clamp(start, step > 0 ? 0 : count - 1)
            let to = clamp(stop, step > 0 ? count : -1)
            return Array(stride(from: from, to: to, by: step))
        }
        switch value {
        case .list(let list): return .list(indices(list.items.count).map { list.items[$0] })
        case .string(let text):
            let chars = Array(text)
            return .string(String(indices(chars.count).map { chars[$0] }))
        default: throw JinjaFailure("'\(value.typeName)' object cannot be sliced")
        }
    }

    /// The items a `for` loop visits.
    func iterate(_ value: JinjaValue) throws -> [JinjaValue] {
        switch value {
        case .list(let list): return list.items
        case .dict(let dict): return dict.keys.map { .string($0) }
        case .string(let text): return text.map { .string(String($0)) }
        case .none: throw JinjaFailure("'NoneType' object is not iterable")
        case .undefined(let name): throw JinjaFailure("'\(name)' is undefined")
        default: throw JinjaFailure("'\(value.typeName)' object is not iterable")
        }
    }
}
