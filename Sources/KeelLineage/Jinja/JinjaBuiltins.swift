import Foundation

/// Jinja's built-in globals, filters, tests, operators and the Python methods templates call.
enum JinjaBuiltins {
    // MARK: Globals

    static var globals: [String: JinjaValue] {
        [
            "range": .function(JinjaFunction("range") { arguments, _ in
                let numbers = arguments.positional.compactMap(\.intValue)
                let (start, stop, step): (Int, Int, Int) = switch numbers.count {
                case 1: (0, numbers[0], 1)
                case 2: (numbers[0], numbers[1], 1)
                case 3: (numbers[0], numbers[1], numbers[2])
                default: throw JinjaFailure("range() takes 1 to 3 integers")
                }
                guard step != 0 else { throw JinjaFailure("range() step must not be zero") }
                guard abs((stop - start) / step) <= 100_000 else { throw JinjaFailure("range() is too long") }
                return .list(stride(from: start, to: stop, by: step).map { .int($0) })
            }),
            "dict": .function(JinjaFunction("dict") { arguments, _ in
                let dict = JinjaDict()
                if case .dict(let source)? = arguments.positional.first {
                    for (key, value) in source.pairs { dict[key] = value }
                }
                for (key, value) in arguments.keyword { dict[key] = value }
                return .dict(dict)
            }),
            "namespace": .function(JinjaFunction("namespace") { arguments, _ in
                .object(JinjaObject(typeName: "Namespace", attributes: Dictionary(arguments.keyword, uniquingKeysWith: { _, b in b }),
                                    isMutable: true))
            }),
            "zip": .function(JinjaFunction("zip") { arguments, renderer in
                let lists = try arguments.positional.map { try renderer.iterate($0) }
                let count = lists.map(\.count).min() ?? 0
                return .list((0..<count).map { index in .list(lists.map { $0[index] }) })
            }),
            "joiner": .function(JinjaFunction("joiner") { arguments, _ in
                let separator = arguments.positional.first?.stringValue ?? ", "
                var used = false
                return .function(JinjaFunction("joiner") { _, _ in
                    defer { used = true }
                    return .string(used ? separator : "")
                })
            }),
        ]
    }

    // MARK: Operators

    static func binary(_ op: String, _ left: JinjaValue, _ right: JinjaValue) throws -> JinjaValue {
        if op == "~" { return .string(try left.rendered() + right.rendered()) }
        switch (left, right) {
        case (.int(let a), .int(let b)):
            switch op {
            case "+": return .int(a &+ b)
            case "-": return .int(a &- b)
            case "*": return .int(a &* b)
            case "/":
                guard b != 0 else { throw JinjaFailure("division by zero") }
                return .double(Double(a) / Double(b))
            case "//":
                guard b != 0 else { throw JinjaFailure("division by zero") }
                return .int(Int((Double(a) / Double(b)).rounded(.down)))
            case "%":
                guard b != 0 else { throw JinjaFailure("modulo by zero") }
                return .int(((a % b) + b) % b)
            case "**":
                return b >= 0 ? .int(Int(pow(Double(a), Double(b)))) : .double(pow(Double(a), Double(b)))
            default: break
            }
        case (.int, .double), (.double, .int), (.double, .double):
            guard let a = left.doubleValue, let b = right.doubleValue else { break }
            switch op {
            case "+": return .double(a + b)
            case "-": return .double(a - b)
            case "*": return .double(a * b)
            case "/":
                guard b != 0 else { throw JinjaFailure("division by zero") }
                return .double(a / b)
            case "//":
                guard b != 0 else { throw JinjaFailure("division by zero") }
                return .double((a / b).rounded(.down))
            case "%":
                guard b != 0 else { throw JinjaFailure("modulo by zero") }
                return .double(a - b * (a / b).rounded(.down))
            case "**": return .double(pow(a, b))
            default: break
            }
        case (.string(let a), .string(let b)) where op == "+":
            return .string(a + b)
        case (.list(let a), .list(let b)) where op == "+":
            return .list(a.items + b.items)
        case (.string(let a), .int(let n)) where op == "*":
            return .string(String(repeating: a, count: max(0, n)))
        case (.string(let format), _) where op == "%":
            return .string(try percentFormat(format, right))
        default:
            break
        }
        throw JinjaFailure("unsupported operand types for \(op): \(left.typeName) and \(right.typeName)")
    }

    /// Python's `"%s" % value` for `%s`, `%d`, `%i`, `%f` and `%%`.
    private static func percentFormat(_ format: String, _ value: JinjaValue) throws -> String {
        var values: [JinjaValue]
        if case .list(let list) = value { values = list.items } else { values = [value] }
        var out = ""
        var chars = format.makeIterator()
        while let c = chars.next() {
            guard c == "%" else { out.append(c); continue }
            guard let spec = chars.next() else { throw JinjaFailure("incomplete format") }
            if spec == "%" { out.append("%"); continue }
            guard !values.isEmpty else { throw JinjaFailure("not enough arguments for format string") }
            let next = values.removeFirst()
            switch spec {
            case "d", "i": out += String(next.intValue ?? 0)
            case "f": out += String(format: "%f", next.doubleValue ?? 0)
            case "r": out += next.representation
            default: out += try next.rendered()
            }
        }
        return out
    }

    static func compare(_ op: String, _ left: JinjaValue, _ right: JinjaValue) throws -> Bool {
        switch op {
        case "==": return left.equals(right)
        case "!=": return !left.equals(right)
        case "in": return try contains(right, left)
        case "notin": return !(try contains(right, left))
        default: break
        }
        let ordering: Bool?
        switch (left, right) {
        case (.string(let a), .string(let b)):
            ordering = switch op { case "<": a < b; case ">": a > b; case "<=": a <= b; default: a >= b }
        default:
            if let a = left.doubleValue, let b = right.doubleValue, !(left.stringValue != nil || right.stringValue != nil) {
                ordering = switch op { case "<": a < b; case ">": a > b; case "<=": a <= b; default: a >= b }
            } else {
                ordering = nil
            }
        }
        guard let ordering else { throw JinjaFailure("'\(op)' not supported between \(left.typeName) and \(right.typeName)") }
        return ordering
    }

    private static func contains(_ container: JinjaValue, _ element: JinjaValue) throws -> Bool {
        switch container {
        case .list(let list): return list.items.contains { $0.equals(element) }
        case .dict(let dict): return dict[try element.rendered()] != nil
        case .string(let text): return text.contains(try element.rendered())
        case .object(let object): return object.attributes[try element.rendered()] != nil
        default: throw JinjaFailure("argument of type '\(container.typeName)' is not iterable")
        }
    }

    // MARK: Tests

    static func test(_ name: String, _ value: JinjaValue, _ arguments: [JinjaValue]) throws -> Bool {
        switch name {
        case "defined": return !value.isUndefined
        case "undefined": return value.isUndefined
        case "none": return value.isNone
        case "string": return value.stringValue != nil
        case "number": if case .int = value { return true }; if case .double = value { return true }; return false
        case "integer": if case .int = value { return true }; return false
        case "float": if case .double = value { return true }; return false
        case "boolean": if case .bool = value { return true }; return false
        case "true": if case .bool(true) = value { return true }; return false
        case "false": if case .bool(false) = value { return true }; return false
        case "mapping": if case .dict = value { return true }; return false
        case "sequence", "iterable":
            switch value { case .list, .string, .dict: return true; default: return false }
        case "callable":
            switch value { case .function: return true; case .object(let object): return object.call != nil; default: return false }
        case "sameas", "eq", "equalto", "==":
            guard let other = arguments.first else { throw JinjaFailure("test '\(name)' needs an argument") }
            return value.equals(other)
        case "ne", "!=":
            guard let other = arguments.first else { throw JinjaFailure("test '\(name)' needs an argument") }
            return !value.equals(other)
        case "in":
            guard let other = arguments.first else { throw JinjaFailure("test 'in' needs an argument") }
            return try contains(other, value)
        case "lower": return value.stringValue.map { $0 == $0.lowercased() } ?? false
        case "upper": return value.stringValue.map { $0 == $0.uppercased() } ?? false
        case "odd": return (value.intValue ?? 0) % 2 != 0
        case "even": return (value.intValue ?? 1) % 2 == 0
        case "divisibleby":
            guard let divisor = arguments.first?.intValue, divisor != 0 else { throw JinjaFailure("divisibleby needs a non-zero number") }
            return (value.intValue ?? 1) % divisor == 0
        case "gt", ">": return try compare(">", value, arguments.first ?? .none)
        case "ge", ">=": return try compare(">=", value, arguments.first ?? .none)
        case "lt", "<": return try compare("<", value, arguments.first ?? .none)
        case "le", "<=": return try compare("<=", value, arguments.first ?? .none)
        default: throw JinjaFailure("no test named '\(name)'")
        }
    }

    // MARK: Filters

    static func filter(_ name: String, _ value: JinjaValue, _ arguments: JinjaArguments, _ renderer: JinjaRenderer) throws -> JinjaValue {
        func text() throws -> String { try value.rendered() }
        switch name {
        case "lower": return .string(try text().lowercased())
        case "upper": return .string(try text().uppercased())
        case "title": return .string(try text().capitalized)
        case "capitalize":
            let s = try text()
            return .string(s.prefix(1).uppercased() + s.dropFirst().lowercased())
        case "trim", "strip":
            if let chars = arguments.positional.first?.stringValue {
                return .string(try text().trimmingCharacters(in: CharacterSet(charactersIn: chars)))
            }
            return .string(try text().trimmingWhitespace())
        case "replace":
            guard let old = arguments.positional.first, let new = arguments.positional.dropFirst().first else {
                throw JinjaFailure("replace() needs two arguments")
            }
            return .string(try text().replacingOccurrences(of: try old.rendered(), with: try new.rendered()))
        case "string": return .string(try text())
        case "safe", "e", "escape", "forceescape", "as_text", "as_native": return value
        case "int": return .int(value.intValue ?? (arguments.positional.first?.intValue ?? 0))
        case "float": return .double(value.doubleValue ?? 0)
        case "abs":
            switch value {
            case .int(let n): return .int(abs(n))
            case .double(let n): return .double(abs(n))
            default: throw JinjaFailure("abs() needs a number")
            }
        case "round":
            let precision = arguments.value(0, "precision")?.intValue ?? 0
            let factor = pow(10, Double(precision))
            return .double(((value.doubleValue ?? 0) * factor).rounded() / factor)
        case "length", "count":
            switch value {
            case .list(let list): return .int(list.items.count)
            case .dict(let dict): return .int(dict.keys.count)
            case .string(let s): return .int(s.count)
            default: throw JinjaFailure("object of type '\(value.typeName)' has no length")
            }
        case "default", "d":
            let fallback = arguments.value(0, "default_value") ?? .string("")
            let boolean = arguments.value(1, "boolean")?.isTruthy ?? false
            if value.isUndefined || (boolean && !value.isTruthy) { return fallback }
            return value
        case "join":
            let separator = try arguments.value(0, "d")?.rendered() ?? ""
            var items = try renderer.iterate(value)
            if let attribute = arguments.named("attribute")?.stringValue {
                items = try items.map { try renderer.attribute($0, attribute) }
            }
            return .string(try items.map { try $0.rendered() }.joined(separator: separator))
        case "first":
            return try renderer.iterate(value).first ?? .undefined("first")
        case "last":
            return try renderer.iterate(value).last ?? .undefined("last")
        case "list":
            return .list(try renderer.iterate(value))
        case "reverse":
            if case .string(let s) = value { return .string(String(s.reversed())) }
            return .list(try renderer.iterate(value).reversed())
        case "sort":
            let reverse = arguments.value(0, "reverse")?.isTruthy ?? false
            let attribute = arguments.named("attribute")?.stringValue
            var failure: (any Error)?
            let sorted = try renderer.iterate(value).sorted { a, b in
                do {
                    let left = try attribute.map { try renderer.attribute(a, $0) } ?? a
                    let right = try attribute.map { try renderer.attribute(b, $0) } ?? b
                    return try compare(reverse ? ">" : "<", left, right)
                } catch {
                    failure = error
                    return false
                }
            }
            if let failure { throw failure }
            return .list(sorted)
        case "unique":
            var seen: [JinjaValue] = []
            for item in try renderer.iterate(value) where !seen.contains(where: { $0.equals(item) }) { seen.append(item) }
            return .list(seen)
        case "map":
            let items = try renderer.iterate(value)
            if let attribute = arguments.named("attribute")?.stringValue {
                return .list(try items.map { try renderer.attribute($0, attribute) })
            }
            guard let filterName = arguments.positional.first?.stringValue else { throw JinjaFailure("map() needs a filter name or attribute=") }
            let rest = JinjaArguments(Array(arguments.positional.dropFirst()), keyword: arguments.keyword)
            return .list(try items.map { try filter(filterName, $0, rest, renderer) })
        case "select", "reject":
            let items = try renderer.iterate(value)
            let testName = arguments.positional.first?.stringValue
            let testArguments = Array(arguments.positional.dropFirst())
            return .list(try items.filter { item in
                let passes = try testName.map { try test($0, item, testArguments) } ?? item.isTruthy
                return name == "select" ? passes : !passes
            })
        case "selectattr", "rejectattr":
            guard let attribute = arguments.positional.first?.stringValue else { throw JinjaFailure("\(name)() needs an attribute") }
            let testName = arguments.positional.dropFirst().first?.stringValue
            let testArguments = Array(arguments.positional.dropFirst(2))
            return .list(try renderer.iterate(value).filter { item in
                let field = try renderer.attribute(item, attribute)
                let passes = try testName.map { try test($0, field, testArguments) } ?? field.isTruthy
                return name == "selectattr" ? passes : !passes
            })
        case "items":
            guard case .dict(let dict) = value else { throw JinjaFailure("items() needs a dict") }
            return .list(dict.pairs.map { .list([.string($0.0), $0.1]) })
        case "dictsort":
            guard case .dict(let dict) = value else { throw JinjaFailure("dictsort() needs a dict") }
            return .list(dict.pairs.sorted { $0.0 < $1.0 }.map { .list([.string($0.0), $0.1]) })
        case "tojson":
            return .string(try json(value))
        case "indent":
            let width = arguments.value(0, "width")?.intValue ?? 4
            let first = arguments.value(1, "first")?.isTruthy ?? false
            let pad = String(repeating: " ", count: width)
            let lines = try text().components(separatedBy: "\n")
            return .string(lines.enumerated().map { index, line in
                (index == 0 && !first) || line.isEmpty ? line : pad + line
            }.joined(separator: "\n"))
        case "wordcount":
            return .int(try text().split(whereSeparator: \.isWhitespace).count)
        case "format":
            return .string(try percentFormat(try text(), .list(arguments.positional)))
        default:
            throw JinjaFailure("no filter named '\(name)'")
        }
    }

    static func json(_ value: JinjaValue) throws -> String {
        switch value {
        case .none, .undefined: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let n): return String(n)
        case .double(let d): return String(d)
        case .string(let s):
            let data = try JSONSerialization.data(withJSONObject: [s], options: [.withoutEscapingSlashes])
            let array = String(decoding: data, as: UTF8.self)
            return String(array.dropFirst().dropLast())
        case .list(let list): return "[" + (try list.items.map { try json($0) }).joined(separator: ", ") + "]"
        case .dict(let dict):
            return "{" + (try dict.pairs.map { "\(try json(.string($0.0))): \(try json($0.1))" }).joined(separator: ", ") + "}"
        case .object, .function: return try json(.string(value.rendered()))
        }
    }

    // MARK: Methods

    static func stringMethod(_ text: String, _ name: String) -> JinjaFunction? {
        switch name {
        case "lower": return JinjaFunction(name) { _, _ in .string(text.lowercased()) }
        case "upper": return JinjaFunction(name) { _, _ in .string(text.uppercased()) }
        case "title": return JinjaFunction(name) { _, _ in .string(text.capitalized) }
        case "strip", "lstrip", "rstrip":
            return JinjaFunction(name) { arguments, _ in
                let set = arguments.positional.first?.stringValue.map { CharacterSet(charactersIn: $0) } ?? .whitespacesAndNewlines
                var scalars = Substring.UnicodeScalarView(text.unicodeScalars)
                if name != "rstrip" { while let first = scalars.first, set.contains(first) { scalars.removeFirst() } }
                if name != "lstrip" { while let last = scalars.last, set.contains(last) { scalars.removeLast() } }
                return .string(String(scalars))
            }
        case "split":
            return JinjaFunction(name) { arguments, _ in
                if let separator = arguments.positional.first?.stringValue {
                    return .list(text.components(separatedBy: separator).map { .string($0) })
                }
                return .list(text.split(whereSeparator: \.isWhitespace).map { .string(String($0)) })
            }
        case "replace":
            return JinjaFunction(name) { arguments, _ in
                guard arguments.positional.count >= 2 else { throw JinjaFailure("replace() needs two arguments") }
                return .string(text.replacingOccurrences(of: try arguments.positional[0].rendered(), with: try arguments.positional[1].rendered()))
            }
        case "startswith", "endswith":
            return JinjaFunction(name) { arguments, _ in
                let candidates: [JinjaValue]
                if case .list(let list)? = arguments.positional.first { candidates = list.items } else { candidates = Array(arguments.positional.prefix(1)) }
                return .bool(try candidates.contains { candidate in
                    let piece = try candidate.rendered()
                    return name == "startswith" ? text.hasPrefix(piece) : text.hasSuffix(piece)
                })
            }
        case "join":
            return JinjaFunction(name) { arguments, renderer in
                guard let items = arguments.positional.first else { throw JinjaFailure("join() needs a list") }
                return .string(try renderer.iterate(items).map { try $0.rendered() }.joined(separator: text))
            }
        case "format":
            return JinjaFunction(name) { arguments, _ in
                var out = ""
                var positional = arguments.positional.makeIterator()
                var index = text.startIndex
                while index < text.endIndex {
                    let c = text[index]
                    if c == "{", let close = text[index...].firstIndex(of: "}") {
                        let key = String(text[text.index(after: index)..<close])
                        if key.isEmpty {
                            out += try positional.next()?.rendered() ?? ""
                        } else if let number = Int(key), number < arguments.positional.count {
                            out += try arguments.positional[number].rendered()
                        } else {
                            out += try arguments.named(key)?.rendered() ?? ""
                        }
                        index = text.index(after: close)
                        continue
                    }
                    out.append(c)
                    index = text.index(after: index)
                }
                return .string(out)
            }
        case "isdigit": return JinjaFunction(name) { _, _ in .bool(!text.isEmpty && text.allSatisfy(\.isNumber)) }
        default: return nil
        }
    }

    static func listMethod(_ list: JinjaList, _ name: String) -> JinjaFunction? {
        switch name {
        case "append":
            return JinjaFunction(name) { arguments, _ in
                list.items.append(arguments.positional.first ?? .none)
                return .none
            }
        case "extend":
            return JinjaFunction(name) { arguments, renderer in
                if let more = arguments.positional.first { list.items += try renderer.iterate(more) }
                return .none
            }
        case "insert":
            return JinjaFunction(name) { arguments, _ in
                guard arguments.positional.count == 2, let index = arguments.positional[0].intValue else { throw JinjaFailure("insert() needs an index and a value") }
                list.items.insert(arguments.positional[1], at: max(0, min(index, list.items.count)))
                return .none
            }
        case "pop":
            return JinjaFunction(name) { arguments, _ in
                guard !list.items.isEmpty else { throw JinjaFailure("pop from empty list") }
                let index = arguments.positional.first?.intValue ?? (list.items.count - 1)
                let resolved = index < 0 ? list.items.count + index : index
                guard list.items.indices.contains(resolved) else { throw JinjaFailure("pop index out of range") }
                return list.items.remove(at: resolved)
            }
        case "index":
            return JinjaFunction(name) { arguments, _ in
                guard let target = arguments.positional.first, let index = list.items.firstIndex(where: { $0.equals(target) }) else {
                    throw JinjaFailure("value is not in list")
                }
                return .int(index)
            }
        case "count":
            return JinjaFunction(name) { arguments, _ in
                guard let target = arguments.positional.first else { return .int(0) }
                return .int(list.items.filter { $0.equals(target) }.count)
            }
        default:
            return nil
        }
    }

    static func dictMethod(_ dict: JinjaDict, _ name: String) -> JinjaFunction? {
        switch name {
        case "get":
            return JinjaFunction(name) { arguments, _ in
                guard let key = arguments.positional.first else { throw JinjaFailure("get() needs a key") }
                return dict[try key.rendered()] ?? (arguments.positional.dropFirst().first ?? .none)
            }
        case "items": return JinjaFunction(name) { _, _ in .list(dict.pairs.map { .list([.string($0.0), $0.1]) }) }
        case "keys": return JinjaFunction(name) { _, _ in .list(dict.keys.map { .string($0) }) }
        case "values": return JinjaFunction(name) { _, _ in .list(dict.pairs.map(\.1)) }
        case "update":
            return JinjaFunction(name) { arguments, _ in
                if case .dict(let other)? = arguments.positional.first {
                    for (key, value) in other.pairs { dict[key] = value }
                }
                for (key, value) in arguments.keyword { dict[key] = value }
                return .none
            }
        case "pop":
            return JinjaFunction(name) { arguments, _ in
                guard let key = try arguments.positional.first?.rendered() else { throw JinjaFailure("pop() needs a key") }
                let value = dict[key]
                dict[key] = nil
                return value ?? arguments.positional.dropFirst().first ?? .none
            }
        case "setdefault":
            return JinjaFunction(name) { arguments, _ in
                guard let key = try arguments.positional.first?.rendered() else { throw JinjaFailure("setdefault() needs a key") }
                if let existing = dict[key] { return existing }
                let value = arguments.positional.dropFirst().first ?? .none
                dict[key] = value
                return value
            }
        case "copy":
            return JinjaFunction(name) { _, _ in
                let copy = JinjaDict()
                for (key, value) in dict.pairs { copy[key] = value }
                return .dict(copy)
            }
        default:
            return nil
        }
    }
}
