/// Variables visible at one point of a render, chained to the enclosing scope.
final class JinjaScope {
    private var variables: [String: JinjaValue] = [:]
    let parent: JinjaScope?

    init(parent: JinjaScope? = nil, _ variables: [String: JinjaValue] = [:]) {
        self.parent = parent
        self.variables = variables
    }

    func lookup(_ name: String) -> JinjaValue? {
        var scope: JinjaScope? = self
        while let current = scope {
            if let value = current.variables[name] { return value }
            scope = current.parent
        }
        return nil
    }

    func set(_ name: String, _ value: JinjaValue) {
        variables[name] = value
    }
}

/// Unwinds a macro when dbt's `return()` is called.
///
/// `@unchecked Sendable` because `Error` requires it: the signal is thrown and caught within one
/// render, on one thread, and never escapes the renderer.
struct JinjaReturnSignal: Error, @unchecked Sendable {
    let value: JinjaValue
}

/// `{% break %}` / `{% continue %}`.
struct JinjaLoopSignal: Error {
    let isBreak: Bool
}
