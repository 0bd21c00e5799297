/// A parsed Jinja template.
struct JinjaTemplate {
    /// The file it came from, for error locations.
    var file: String
    var body: [JinjaNode]
}

/// A statement-level node of a template.
indirect enum JinjaNode {
    case text(String)
    case output(JinjaExpr, line: Int)
    case conditional(branches: [(condition: JinjaExpr, body: [JinjaNode])], otherwise: [JinjaNode], line: Int)
    case loop(targets: [String], iterable: JinjaExpr, filter: JinjaExpr?, body: [JinjaNode], otherwise: [JinjaNode], line: Int)
    case assign(targets: [JinjaAssignTarget], value: JinjaExpr, line: Int)
    case assignBlock(target: JinjaAssignTarget, filters: [JinjaFilterCall], body: [JinjaNode], line: Int)
    case macro(JinjaMacroDefinition)
    case callBlock(call: JinjaExpr, parameters: [JinjaParameter], body: [JinjaNode], line: Int)
    case filterBlock(filters: [JinjaFilterCall], body: [JinjaNode], line: Int)
    case scoped(assignments: [(String, JinjaExpr)], body: [JinjaNode], line: Int)
    case expressionStatement(JinjaExpr, line: Int)
    case loopControl(isBreak: Bool, line: Int)
    /// A dbt `{% snapshot name %}` block.
    case snapshot(name: String, body: [JinjaNode], line: Int)
    /// A dbt block Keel does not render (`materialization`, `docs`): skipped.
    case ignored
}

/// Where `{% set %}` stores a value.
enum JinjaAssignTarget {
    case name(String)
    case attribute(String, String)
}

/// A macro's parameter with its optional default.
struct JinjaParameter {
    var name: String
    var defaultValue: JinjaExpr?
}

/// `{% macro name(params) %}body{% endmacro %}` (and dbt's `{% test %}`).
struct JinjaMacroDefinition {
    var name: String
    var parameters: [JinjaParameter]
    var body: [JinjaNode]
    var file: String
    var line: Int
}

/// A filter application `| name(args)`.
struct JinjaFilterCall {
    var name: String
    var arguments: [JinjaExpr]
    var keywordArguments: [(String, JinjaExpr)]
}

/// An expression.
indirect enum JinjaExpr {
    case literal(JinjaValue)
    case name(String)
    case list([JinjaExpr])
    case tuple([JinjaExpr])
    case dict([(JinjaExpr, JinjaExpr)])
    case attribute(JinjaExpr, String)
    case item(JinjaExpr, JinjaExpr)
    case slice(JinjaExpr, JinjaExpr?, JinjaExpr?, JinjaExpr?)
    case call(JinjaExpr, arguments: [JinjaExpr], keywordArguments: [(String, JinjaExpr)], star: JinjaExpr?, doubleStar: JinjaExpr?)
    case filter(JinjaExpr, JinjaFilterCall)
    case test(JinjaExpr, name: String, arguments: [JinjaExpr], negated: Bool)
    case unary(String, JinjaExpr)
    case binary(String, JinjaExpr, JinjaExpr)
    case and(JinjaExpr, JinjaExpr)
    case or(JinjaExpr, JinjaExpr)
    case not(JinjaExpr)
    case compare(JinjaExpr, [(String, JinjaExpr)])
    case conditional(JinjaExpr, condition: JinjaExpr, otherwise: JinjaExpr?)
}
