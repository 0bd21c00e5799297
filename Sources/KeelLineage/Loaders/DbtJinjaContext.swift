/// The names dbt puts in a template's context (`ref`, `source`, `config`, `var`, `env_var`, `this`,
/// `target`, `is_incremental`, `adapter`, …), for Keel's renderer.
///
/// dbt renders a node twice: a parse pass that records `config()`, `ref()` and `source()` calls
/// (refs render as placeholders, `execute` is false) and a compile pass with every relation
/// resolved. ``Mode`` selects the pass.
struct DbtJinjaContext {
    enum Mode {
        case parse
        case compile
    }

    /// The project's name, for scoped vars and `project_name.macro()` calls.
    var projectName: String
    /// Vars after merging: dbt_project.yml globals, then the project's scoped vars, then overrides.
    var vars: [String: PlainValue]
    var environment: [String: String]
    var target: DbtTarget?
    /// The project's macros.
    var macros: [JinjaMacroDefinition] = []

    /// A context for values in YAML files (dbt_project.yml, schema files, profiles): var, env_var, target.
    static func yamlContext(vars: [String: PlainValue], environment: [String: String], target: DbtTarget?) -> DbtJinjaContext {
        DbtJinjaContext(projectName: "", vars: vars, environment: environment, target: target)
    }

    /// Renders `text` if it holds Jinja, else returns it unchanged.
    func render(_ text: String, at location: FileLocation) throws(LineageError) -> String {
        guard text.contains("{{") || text.contains("{%") else { return text }
        let template = try JinjaParser.parse(text, file: location.file)
        let renderer = JinjaRenderer(globals: baseGlobals(mode: .compile), file: location.file)
        do {
            return try renderer.render(template).trimmingWhitespace()
        } catch {
            // Point at the YAML line rather than line 1 of the value.
            switch error {
            case .jinjaRender(_, let reason): throw .jinjaRender(location, reason: reason)
            case .missingVar(_, let name): throw .missingVar(location, name: name)
            case .missingEnvVar(_, let name): throw .missingEnvVar(location, name: name)
            default: throw error
            }
        }
    }

    /// The globals every dbt template sees, whatever the node.
    func baseGlobals(mode: Mode) -> [String: JinjaValue] {
        let vars = self.vars
        let environment = self.environment
        var globals: [String: JinjaValue] = [
            "var": .function(JinjaFunction("var") { arguments, renderer in
                let name = try arguments.string(0, "name", function: "var")
                if let value = vars[name] { return JinjaValue(value) }
                if let fallback = arguments.value(1, "default") { return fallback }
                throw LineageError.missingVar(renderer.location, name: name)
            }),
            "env_var": .function(JinjaFunction("env_var") { arguments, renderer in
                let name = try arguments.string(0, "var", function: "env_var")
                if let value = environment[name] { return .string(value) }
                if let fallback = arguments.value(1, "default") { return fallback }
                throw LineageError.missingEnvVar(renderer.location, name: name)
            }),
            "execute": .bool(mode == .compile),
            "flags": .object(JinjaObject(typeName: "Flags", attributes: [
                "FULL_REFRESH": .bool(false), "WHICH": .string("compile"), "STORE_FAILURES": .bool(false),
            ])),
            "log": .function(JinjaFunction("log") { _, _ in .string("") }),
            "print": .function(JinjaFunction("print") { _, _ in .string("") }),
            "return": .function(JinjaFunction("return") { arguments, _ in
                throw JinjaReturnSignal(value: arguments.positional.first ?? .none)
            }),
            "exceptions": .object(JinjaObject(typeName: "Exceptions", attributes: [
                "raise_compiler_error": .function(JinjaFunction("raise_compiler_error") { arguments, _ in
                    throw JinjaFailure("compiler error raised by the template: \(try arguments.positional.first?.rendered() ?? "")")
                }),
                "warn": .function(JinjaFunction("warn") { _, _ in .string("") }),
            ])),
            "run_started_at": .string("2024-01-01 00:00:00.000000+00:00"),
            "invocation_id": .string("00000000-0000-0000-0000-000000000000"),
            "dbt_version": .string("1.9.11"),
            "run_query": .function(JinjaFunction("run_query") { _, _ in .none }),
            "set": .function(JinjaFunction("set") { arguments, renderer in
                var seen: [JinjaValue] = []
                for item in try renderer.iterate(arguments.positional.first ?? .list([])) where !seen.contains(where: { $0.equals(item) }) {
                    seen.append(item)
                }
                return .list(seen)
            }),
            "tojson": .function(JinjaFunction("tojson") { arguments, _ in
                .string(try JinjaBuiltins.json(arguments.positional.first ?? .none))
            }),
        ]
        if let target {
            globals["target"] = Self.targetObject(target)
        }
        globals["adapter"] = .object(JinjaObject(typeName: "Adapter", attributes: [
            "dispatch": .function(JinjaFunction("dispatch") { arguments, renderer in
                let name = try arguments.string(0, "macro_name", function: "adapter.dispatch")
                for candidate in ["postgres__\(name)", "default__\(name)", name] {
                    if let found = renderer.globals.lookup(candidate), case .function = found { return found }
                }
                throw JinjaFailure("adapter.dispatch: no macro '\(name)' (postgres__\(name) or default__\(name)) in the project")
            }),
            "quote": .function(JinjaFunction("quote") { arguments, _ in
                .string(DbtRelation.quote(try arguments.string(0, "identifier", function: "adapter.quote")))
            }),
            "get_relation": .function(JinjaFunction("get_relation") { _, _ in .none }),
            "get_columns_in_relation": .function(JinjaFunction("get_columns_in_relation") { _, _ in .list([]) }),
            "type": .function(JinjaFunction("type") { _, _ in .string(target?.type ?? "postgres") }),
        ]))
        return globals
    }

    static func targetObject(_ target: DbtTarget) -> JinjaValue {
        var attributes: [String: JinjaValue] = [
            "name": .string(target.name), "schema": .string(target.schema), "type": .string(target.type),
            "threads": .int(target.threads), "target_name": .string(target.name),
        ]
        attributes["database"] = target.database.map { .string($0) } ?? JinjaValue.none
        attributes["dbname"] = attributes["database"]
        attributes["user"] = target.user.map { .string($0) } ?? JinjaValue.none
        attributes["profile_name"] = target.profileName.map { .string($0) } ?? JinjaValue.none
        return .object(JinjaObject(typeName: "Target", attributes: attributes))
    }

    /// A relation as templates see it: prints as `"db"."schema"."name"`, with dbt's attributes.
    static func relationObject(_ relation: DbtRelation, rendered: String? = nil) -> JinjaValue {
        let object = JinjaObject(typeName: "Relation", attributes: [
            "database": relation.database.map { .string($0) } ?? JinjaValue.none,
            "schema": .string(relation.schema),
            "identifier": .string(relation.identifier),
            "name": .string(relation.identifier),
            "table": .string(relation.identifier),
        ], rendered: rendered ?? relation.rendered)
        let text = object.rendered ?? relation.rendered
        object.attributes["render"] = .function(JinjaFunction("render") { _, _ in .string(text) })
        object.attributes["include"] = .function(JinjaFunction("include") { arguments, _ in
            var copy = relation
            if arguments.named("database")?.isTruthy == false { copy.database = nil }
            var parts: [String] = []
            if let database = copy.database { parts.append(DbtRelation.quote(database)) }
            if arguments.named("schema")?.isTruthy != false { parts.append(DbtRelation.quote(copy.schema)) }
            if arguments.named("identifier")?.isTruthy != false { parts.append(DbtRelation.quote(copy.identifier)) }
            return relationObject(copy, rendered: parts.joined(separator: "."))
        })
        object.attributes["quote"] = .function(JinjaFunction("quote") { _, _ in .object(object) })
        return .object(object)
    }

    /// The project's macros and a `project_name.macro()` namespace, for a renderer.
    func installMacros(in renderer: JinjaRenderer) {
        let namespace = JinjaObject(typeName: "Namespace")
        for macro in macros {
            let function = renderer.macroFunction(macro, closure: renderer.globals)
            renderer.globals.set(macro.name, .function(function))
            namespace.attributes[macro.name] = .function(function)
        }
        if !projectName.isEmpty { renderer.globals.set(projectName, .object(namespace)) }
    }
}
