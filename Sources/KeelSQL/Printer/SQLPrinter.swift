/// Prints AST nodes back to PostgreSQL SQL.
///
/// Identifiers are quoted when they were quoted or when PostgreSQL (or Keel's parser) needs it, and
/// string literals are always re-escaped, so printed user expressions are safe to splice into DDL.
/// Parentheses written by the author are kept (``SQLExpression/Kind/nested(_:)``), and more are added
/// where precedence requires them in synthesized trees.
public enum SQLPrinter {
    /// Prints an expression.
    public static func print(_ expression: SQLExpression) -> String {
        var out = ""
        write(expression, into: &out)
        return out
    }

    /// Prints a data type.
    public static func print(_ type: TypeName) -> String {
        var out = ""
        write(type, into: &out)
        return out
    }

    /// Prints a query.
    public static func print(_ query: Query) -> String {
        var out = ""
        write(query, into: &out)
        return out
    }

    /// Prints a name, quoting it when needed.
    public static func print(_ name: Name) -> String { name.sql }

    // MARK: - Identifiers and literals

    /// `value` as an identifier: bare when PostgreSQL would read it back unchanged, quoted otherwise.
    /// - Parameters:
    ///   - value: the name as stored (case preserved).
    ///   - forceQuotes: quote even when not needed (names that were quoted in the source).
    public static func identifier(_ value: String, forceQuotes: Bool = false) -> String {
        if !forceQuotes, !needsQuotes(value) { return value }
        var out = "\""
        for scalar in value.unicodeScalars {
            if scalar == "\"" { out += "\"\"" } else { out.unicodeScalars.append(scalar) }
        }
        return out + "\""
    }

    static func isPlainWord(_ value: String) -> Bool {
        guard let first = value.utf8.first else { return false }
        if !(first == UInt8(ascii: "_") || (first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z"))) { return false }
        for byte in value.utf8 {
            let ok = byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$")
                || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            if !ok { return false }
        }
        return true
    }

    static func needsQuotes(_ value: String) -> Bool {
        guard let first = value.utf8.first else { return true }
        if !(first == UInt8(ascii: "_") || (first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z"))) { return true }
        for byte in value.utf8 {
            let ok = byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$")
                || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            if !ok { return true }
        }
        guard let keyword = Keyword.lookup(value) else { return false }
        return Keyword.reserved.contains(keyword) || Parser.primaryForms[keyword] != nil
            || Parser.typeFunctionNameKeywords.contains(keyword) || Parser.aliasStoppers.contains(keyword)
    }

    /// A string constant: `'…'` with quotes doubled, or `E'…'` when it holds backslashes or control characters.
    public static func stringLiteral(_ value: String) -> String {
        var needsEscape = false
        for byte in value.utf8 where byte == UInt8(ascii: "\\") || byte < 0x20 {
            needsEscape = true
            break
        }
        var out = needsEscape ? "E'" : "'"
        for scalar in value.unicodeScalars {
            switch scalar {
            case "'": out += "''"
            case "\\" where needsEscape: out += "\\\\"
            case "\n" where needsEscape: out += "\\n"
            case "\r" where needsEscape: out += "\\r"
            case "\t" where needsEscape: out += "\\t"
            default:
                if needsEscape, scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\x" + (hex.count < 2 ? "0" + hex : hex)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "'"
    }

    static func write(_ literal: Literal, into out: inout String) {
        switch literal {
        case .number(let text): out += text
        case .boolean(let value): out += value ? "TRUE" : "FALSE"
        case .null: out += "NULL"
        case .string(let value, let style):
            switch style {
            case .bit: out += "B'" + value + "'"
            case .hex: out += "X'" + value + "'"
            case .national: out += "N" + stringLiteral(value)
            default: out += stringLiteral(value)
            }
        }
    }

    static func write(_ name: ObjectName, into out: inout String) {
        var first = true
        for part in name.parts {
            if !first { out += "." }
            out += part.sql
            first = false
        }
    }

    static func write(_ names: [Name], into out: inout String) {
        var first = true
        for part in names {
            if !first { out += ", " }
            out += part.sql
            first = false
        }
    }

    // MARK: - Types

    /// Function and type names may be key words (`left`, `trim`, `int`): quote only when quoted or unsafe.
    static func writeRoutineName(_ name: ObjectName, into out: inout String) {
        var first = true
        for part in name.parts {
            if !first { out += "." }
            out += part.quoted || !isPlainWord(part.value) ? identifier(part.value, forceQuotes: true) : part.value
            first = false
        }
    }

    static func write(_ type: TypeName, into out: inout String) {
        if type.isSetOf { out += "SETOF " }
        let single = type.name.parts.count == 1 ? type.name.parts[0] : nil
        var modifiersWritten = false
        if let single, !single.quoted, single.value.contains(" ") {
            // Multi-word SQL type, spelled canonically.
            let value = single.value
            if !type.modifiers.isEmpty, value.hasSuffix(" time zone"), let space = value.firstIndex(of: " ") {
                out += value[..<space]
                writeModifiers(type.modifiers, into: &out)
                out += value[space...]
                modifiersWritten = true
            } else {
                out += value
            }
        } else {
            var first = true
            for part in type.name.parts {
                if !first { out += "." }
                // Type names may be key words (`int`, `char`, `array<…>`): quote only when quoted or unsafe.
                out += part.quoted || !isPlainWord(part.value) ? identifier(part.value, forceQuotes: true) : part.value
                first = false
            }
        }
        if !type.typeArguments.isEmpty {
            let isRow = type.name.parts.count == 1 && type.name.name.value == "row"
            out += isRow ? "(" : "<"
            var first = true
            for argument in type.typeArguments {
                if !first { out += ", " }
                if let name = argument.name { out += name.sql + " " }
                write(argument.type, into: &out)
                first = false
            }
            out += isRow ? ")" : ">"
        }
        if let fields = type.intervalFields { out += " " + fields }
        if !modifiersWritten { writeModifiers(type.modifiers, into: &out) }
        if let percent = type.percentType { out += "%" + percent.uppercased() }
        for bound in type.arrayBounds {
            out += "[" + (bound.map(String.init) ?? "") + "]"
        }
    }

    static func writeModifiers(_ modifiers: [SQLExpression], into out: inout String) {
        guard !modifiers.isEmpty else { return }
        out += "("
        writeList(modifiers, into: &out)
        out += ")"
    }

    static func writeList(_ expressions: [SQLExpression], into out: inout String) {
        var first = true
        for expression in expressions {
            if !first { out += ", " }
            write(expression, into: &out)
            first = false
        }
    }

    // MARK: - Expressions

    /// The binding strength of an expression when printed (higher binds tighter).
    static func precedence(_ expression: SQLExpression) -> Int {
        switch expression.kind {
        case .binary(let op, _, _):
            switch op {
            case "OR": return Precedence.or
            case "AND": return Precedence.and
            case "IS DISTINCT FROM", "IS NOT DISTINCT FROM": return Precedence.is
            case "=", "<", ">", "<=", ">=", "<>": return Precedence.comparison
            case "+", "-": return Precedence.additive
            case "*", "/", "%": return Precedence.multiplicative
            case "^": return Precedence.exponent
            default: return Precedence.other
            }
        case .unary(let op, _):
            if op == "NOT" { return Precedence.not }
            return op == "-" || op == "+" ? Precedence.unary : Precedence.other
        case .isTest: return Precedence.is
        case .like, .between, .inList, .inSubquery: return Precedence.like
        case .quantified: return Precedence.comparison
        case .atTimeZone: return Precedence.at
        case .collate: return Precedence.collate
        default: return 100
        }
    }

    static func write(_ expression: SQLExpression, minimum: Int, into out: inout String) {
        if precedence(expression) < minimum {
            out += "("
            write(expression, into: &out)
            out += ")"
        } else {
            write(expression, into: &out)
        }
    }

    static func write(_ expression: SQLExpression, into out: inout String) {
        switch expression.kind {
        case .column(let column):
            write(column.parts, separator: ".", into: &out)
        case .star(let star):
            write(star, into: &out)
        case .literal(let literal):
            write(literal, into: &out)
        case .parameter(let parameter):
            switch parameter {
            case .positional(let number): out += "$\(number)"
            case .variable(let name): out += ":" + name
            }
        case .unary(let op, let operand):
            let own = precedence(expression)
            if op == "NOT" {
                out += "NOT "
            } else {
                out += op
                // Keep `- -x` from printing as a comment `--x`; other prefix operators get a space.
                if op != "-" && op != "+" {
                    out += " "
                } else if case .unary = operand.kind {
                    out += " "
                }
            }
            write(operand, minimum: own, into: &out)
        case .binary:
            writeBinaryChain(expression, into: &out)
        case .isTest(let value, let test):
            write(value, minimum: Precedence.is + 1, into: &out)
            if test == "ISNULL" || test == "NOTNULL" {
                out += " " + test
            } else {
                out += " IS " + test
            }
        case .like(let like):
            write(like.value, minimum: Precedence.like + 1, into: &out)
            out += like.negated ? " NOT " : " "
            out += like.op.rawValue + " "
            write(like.pattern, minimum: Precedence.like + 1, into: &out)
            if let escape = like.escape {
                out += " ESCAPE "
                write(escape, minimum: Precedence.like + 1, into: &out)
            }
        case .between(let between):
            write(between.value, minimum: Precedence.like + 1, into: &out)
            out += between.negated ? " NOT BETWEEN " : " BETWEEN "
            if between.symmetric { out += "SYMMETRIC " }
            write(between.low, minimum: Precedence.like + 1, into: &out)
            out += " AND "
            write(between.high, minimum: Precedence.like + 1, into: &out)
        case .inList(let value, let list, let negated):
            write(value, minimum: Precedence.like + 1, into: &out)
            out += negated ? " NOT IN (" : " IN ("
            writeList(list, into: &out)
            out += ")"
        case .inSubquery(let value, let query, let negated):
            write(value, minimum: Precedence.like + 1, into: &out)
            out += negated ? " NOT IN (" : " IN ("
            write(query, into: &out)
            out += ")"
        case .quantified(let quantified):
            write(quantified.left, minimum: Precedence.comparison + 1, into: &out)
            out += " " + quantified.op + " " + quantified.quantifier.rawValue + " ("
            switch quantified.source {
            case .subquery(let query): write(query, into: &out)
            case .array(let array): write(array, into: &out)
            }
            out += ")"
        case .exists(let query):
            out += "EXISTS ("
            write(query, into: &out)
            out += ")"
        case .subquery(let query):
            out += "("
            write(query, into: &out)
            out += ")"
        case .cast(let cast):
            switch cast.syntax {
            case .doubleColon:
                write(cast.value, minimum: 100, into: &out)
                out += "::"
                write(cast.type, into: &out)
            case .cast, .tryCast, .safeCast:
                out += cast.syntax == .cast ? "CAST(" : (cast.syntax == .tryCast ? "TRY_CAST(" : "SAFE_CAST(")
                write(cast.value, into: &out)
                out += " AS "
                write(cast.type, into: &out)
                out += ")"
            }
        case .typedLiteral(let type, let value):
            if type.name.parts.count == 1, type.name.parts[0].value == "interval", !type.name.parts[0].quoted {
                out += "INTERVAL " + stringLiteral(value)
                if let fields = type.intervalFields { out += " " + fields }
                writeModifiers(type.modifiers, into: &out)
            } else {
                write(type, into: &out)
                out += " " + stringLiteral(value)
            }
        case .function(let call):
            write(call, into: &out)
        case .extract(let field, let source):
            out += "EXTRACT(" + field.uppercased() + " FROM "
            write(source, into: &out)
            out += ")"
        case .caseWhen(let caseWhen):
            out += "CASE"
            if let operand = caseWhen.operand {
                out += " "
                write(operand, into: &out)
            }
            for branch in caseWhen.branches {
                out += " WHEN "
                write(branch.condition, into: &out)
                out += " THEN "
                write(branch.result, into: &out)
            }
            if let elseResult = caseWhen.elseResult {
                out += " ELSE "
                write(elseResult, into: &out)
            }
            out += " END"
        case .array(let array):
            switch array {
            case .elements(let elements, let elementType):
                out += "ARRAY"
                if let elementType {
                    out += "<"
                    write(elementType, into: &out)
                    out += ">"
                }
                out += "["
                writeList(elements, into: &out)
                out += "]"
            case .subquery(let query):
                out += "ARRAY("
                write(query, into: &out)
                out += ")"
            }
        case .row(let items, let explicit):
            out += explicit ? "ROW(" : "("
            writeList(items, into: &out)
            out += ")"
        case .structConstructor(let structure):
            out += "STRUCT"
            if !structure.fieldTypes.isEmpty {
                out += "<"
                var first = true
                for argument in structure.fieldTypes {
                    if !first { out += ", " }
                    if let name = argument.name { out += name.sql + " " }
                    write(argument.type, into: &out)
                    first = false
                }
                out += ">"
            }
            out += "("
            writeItems(structure.fields, into: &out)
            out += ")"
        case .access(let base, let path):
            switch base.kind {
            case .column, .function, .parameter, .access, .nested, .array, .subquery:
                write(base, into: &out)
            default:
                out += "("
                write(base, into: &out)
                out += ")"
            }
            for accessor in path {
                switch accessor {
                case .field(let name): out += "." + name.sql
                case .allFields: out += ".*"
                case .path(let name): out += ":" + (name.quoted ? identifier(name.value, forceQuotes: true) : name.value)
                case .index(let index):
                    out += "["
                    write(index, into: &out)
                    out += "]"
                case .slice(let lower, let upper):
                    out += "["
                    if let lower { write(lower, into: &out) }
                    out += ":"
                    if let upper { write(upper, into: &out) }
                    out += "]"
                }
            }
        case .collate(let value, let collation):
            write(value, minimum: Precedence.collate, into: &out)
            out += " COLLATE "
            write(collation, into: &out)
        case .atTimeZone(let value, let zone):
            write(value, minimum: Precedence.at + 1, into: &out)
            if let zone {
                out += " AT TIME ZONE "
                write(zone, minimum: Precedence.at + 1, into: &out)
            } else {
                out += " AT LOCAL"
            }
        case .nested(let inner):
            out += "("
            write(inner, into: &out)
            out += ")"
        case .valueFunction(let name, let precision):
            out += name
            if let precision { out += "(\(precision))" }
        case .default:
            out += "DEFAULT"
        case .template(let text):
            out += text
        case .invalid(let text):
            out += text
        }
    }

    /// Prints `a op b op c …` without recursing down the left spine, so long chains cannot overflow the stack.
    static func writeBinaryChain(_ expression: SQLExpression, into out: inout String) {
        let own = precedence(expression)
        var links: [(op: String, right: SQLExpression)] = []
        var leftmost = expression
        while case .binary(let op, let left, let right) = leftmost.kind, precedence(leftmost) == own {
            links.append((op, right))
            leftmost = left
        }
        write(leftmost, minimum: own, into: &out)
        for link in links.reversed() {
            out += " " + link.op + " "
            write(link.right, minimum: own + 1, into: &out)
        }
    }

    static func write(_ parts: [Name], separator: String, into out: inout String) {
        var first = true
        for part in parts {
            if !first { out += separator }
            out += part.sql
            first = false
        }
    }

    static func write(_ star: Star, into out: inout String) {
        if !star.qualifier.isEmpty {
            write(star.qualifier, separator: ".", into: &out)
            out += "."
        }
        out += "*"
        if !star.except.isEmpty {
            out += " EXCEPT ("
            write(star.except, into: &out)
            out += ")"
        }
        if !star.replace.isEmpty {
            out += " REPLACE ("
            writeItems(star.replace, into: &out)
            out += ")"
        }
    }

    static func write(_ call: FunctionCall, into out: inout String) {
        writeRoutineName(call.name, into: &out)
        out += "("
        if call.distinct { out += "DISTINCT " }
        if call.star { out += "*" }
        var first = true
        for argument in call.arguments {
            if argument.keyword != nil, argument.keyword != "VARIADIC" {
                if !first { out += " " }
            } else if !first {
                out += ", "
            }
            if let keyword = argument.keyword { out += keyword + " " }
            if let name = argument.name { out += name.sql + " => " }
            write(argument.value, into: &out)
            first = false
        }
        if let nullTreatment = call.nullTreatment, call.over == nil { out += " " + nullTreatment }
        if !call.orderBy.isEmpty {
            out += " ORDER BY "
            write(call.orderBy, into: &out)
        }
        out += ")"
        if !call.withinGroup.isEmpty {
            out += " WITHIN GROUP (ORDER BY "
            write(call.withinGroup, into: &out)
            out += ")"
        }
        if let filter = call.filter {
            out += " FILTER (WHERE "
            write(filter, into: &out)
            out += ")"
        }
        if let nullTreatment = call.nullTreatment, call.over != nil { out += " " + nullTreatment }
        if let over = call.over {
            out += " OVER "
            if over.isReference, let base = over.baseName {
                out += base.sql
            } else {
                write(over, into: &out)
            }
        }
    }

    static func write(_ window: WindowSpec, into out: inout String) {
        out += "("
        var parts: [String] = []
        if let base = window.baseName { parts.append(base.sql) }
        if !window.partitionBy.isEmpty {
            var text = "PARTITION BY "
            writeList(window.partitionBy, into: &text)
            parts.append(text)
        }
        if !window.orderBy.isEmpty {
            var text = "ORDER BY "
            write(window.orderBy, into: &text)
            parts.append(text)
        }
        if let frame = window.frame {
            var text = frame.mode.rawValue + " "
            if let end = frame.end {
                text += "BETWEEN "
                write(frame.start, into: &text)
                text += " AND "
                write(end, into: &text)
            } else {
                write(frame.start, into: &text)
            }
            if let exclusion = frame.exclusion { text += " EXCLUDE " + exclusion }
            parts.append(text)
        }
        out += parts.joined(separator: " ")
        out += ")"
    }

    static func write(_ bound: WindowFrame.Bound, into out: inout String) {
        switch bound {
        case .unboundedPreceding: out += "UNBOUNDED PRECEDING"
        case .unboundedFollowing: out += "UNBOUNDED FOLLOWING"
        case .currentRow: out += "CURRENT ROW"
        case .preceding(let offset):
            write(offset, into: &out)
            out += " PRECEDING"
        case .following(let offset):
            write(offset, into: &out)
            out += " FOLLOWING"
        }
    }

    static func write(_ items: [OrderItem], into out: inout String) {
        var first = true
        for item in items {
            if !first { out += ", " }
            write(item.expression, into: &out)
            switch item.direction {
            case .ascending: out += " ASC"
            case .descending: out += " DESC"
            case .using(let op): out += " USING " + op
            case nil: break
            }
            if let nullsFirst = item.nullsFirst { out += nullsFirst ? " NULLS FIRST" : " NULLS LAST" }
            first = false
        }
    }

    static func writeItems(_ items: [SelectItem], into out: inout String) {
        var first = true
        for item in items {
            if !first { out += ", " }
            write(item.expression, into: &out)
            if let alias = item.alias { out += " AS " + alias.sql }
            first = false
        }
    }
}
