import Foundation

/// Loads a dbt project folder: reads `dbt_project.yml`, the schema files, the macros, the models,
/// seeds and snapshots, and renders each model's Jinja the way dbt compiles it.
///
/// ```swift
/// let project = try DbtProjectLoader.load("dbt/billing_dbt",
///                                         options: DbtLoadOptions(target: DbtTarget(schema: "analytics")))
/// project.node(named: "stg_invoices")?.relation?.rendered    // "analytics"."stg_invoices"
/// project.node(named: "stg_invoices")?.compiledSQL           // select id as invoice_id, … from "public"."invoices"
/// ```
///
/// Pure: it reads files and nothing else (environment variables come from ``DbtLoadOptions/environment``).
public enum DbtProjectLoader {
    /// Loads and renders the project in `directory`.
    /// - Parameters:
    ///   - directory: the folder holding `dbt_project.yml`.
    ///   - options: the target, var overrides, environment and run mode.
    /// - Returns: the project; statements that do not parse are in ``DbtProject/diagnostics``.
    /// - Throws: ``LineageError`` for malformed YAML, Jinja syntax or render errors, unknown refs and sources,
    ///   missing vars, duplicate names and dependency cycles.
    public static func load(_ directory: String, options: DbtLoadOptions = DbtLoadOptions()) throws(LineageError) -> DbtProject {
        let build = try DbtProjectBuild(directory: directory, options: options)
        return try build.run()
    }
}

/// The state of one project load. A class because the Jinja functions it installs call back into it.
final class DbtProjectBuild {
    /// A node on its way through parse, config and compile.
    final class Node {
        let uniqueId: String
        let name: String
        let resourceType: DbtNode.ResourceType
        /// Relative to the project folder.
        let path: String
        /// As the user would open it (for error locations).
        let file: String
        let fqn: [String]
        let rawCode: String?
        let template: JinjaTemplate?
        let language: String
        var properties: DbtSchemaFiles.NodeProperties?
        var inFileConfig: [String: PlainValue] = [:]
        var config: [String: PlainValue] = [:]
        var refs: [DbtRef] = []
        var sources: [DbtSourceRef] = []
        var materialization = "view"
        var relation: DbtRelation?
        var compiled: String?
        var compiling = false
        var ephemeralCTEs: [(name: String, sql: String)] = []
        var ephemeralDependencies: [String] = []

        init(uniqueId: String, name: String, resourceType: DbtNode.ResourceType, path: String, file: String, fqn: [String],
             rawCode: String?, template: JinjaTemplate?, language: String = "sql") {
            self.uniqueId = uniqueId
            self.name = name
            self.resourceType = resourceType
            self.path = path
            self.file = file
            self.fqn = fqn
            self.rawCode = rawCode
            self.template = template
            self.language = language
        }
    }

    let directory: String
    let options: DbtLoadOptions
    let projectFile: DbtProjectFile
    let target: DbtTarget
    var context: DbtJinjaContext
    var diagnostics: [LineageDiagnostic] = []
    var nodes: [Node] = []
    var nodesByName: [String: Node] = [:]
    var sources: [String: DbtSource] = [:]
    var schemaFiles = DbtSchemaFiles()

    init(directory: String, options: DbtLoadOptions) throws(LineageError) {
        self.directory = directory
        self.options = options
        let projectFile = try DbtProjectFile.load(directory: directory)
        self.projectFile = projectFile
        let vars = projectFile.globalVars.merging(projectFile.projectVars) { _, scoped in scoped }
            .merging(options.vars) { _, override in override }
        if let target = options.target {
            self.target = target
        } else if let profiles = options.profilesDirectory, let profile = projectFile.profile {
            self.target = try DbtProfiles.target(directory: profiles, profile: profile, targetName: options.targetName,
                                                 environment: options.environment)
        } else {
            self.target = DbtTarget(name: options.targetName ?? "dev", schema: "public")
        }
        context = DbtJinjaContext(projectName: projectFile.name, vars: vars, environment: options.environment, target: target)
    }

    // MARK: Run

    func run() throws(LineageError) -> DbtProject {
        try loadMacros()
        schemaFiles = try DbtSchemaFiles.load(
            directory: directory, folders: projectFile.modelPaths + projectFile.seedPaths + projectFile.snapshotPaths,
            context: context, target: target)
        for table in schemaFiles.sources {
            let id = "source.\(projectFile.name).\(table.source).\(table.name)"
            sources[id] = DbtSource(uniqueId: id, sourceName: table.source, name: table.name, relation: table.relation,
                                    columns: table.columns, description: table.description, path: table.path)
        }
        try collectModels()
        try collectSeeds()
        try collectSnapshots()
        try checkDuplicates()
        for node in nodes where node.template != nil { try parsePass(node) }
        for node in nodes { try configure(node) }
        nodes.removeAll { $0.config["enabled"] == .bool(false) }
        nodesByName = Dictionary(nodes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for node in nodes { try assignRelation(node) }
        for node in nodes where node.template != nil { try compile(node) }
        try checkCycles()
        return try assemble()
    }

    // MARK: Files

    private func loadMacros() throws(LineageError) {
        var macros: [JinjaMacroDefinition] = []
        for folder in projectFile.macroPaths {
            for relative in FilePaths.files(under: FilePaths.join(directory, folder), extensions: [".sql", ".jinja"]) {
                let file = FilePaths.join(directory, FilePaths.join(folder, relative))
                let template = try JinjaParser.parse(try FilePaths.read(file, what: "dbt macro file"), file: file)
                for case .macro(let definition) in template.body { macros.append(definition) }
            }
        }
        context.macros = macros
    }

    private func collectModels() throws(LineageError) {
        for folder in projectFile.modelPaths {
            for relative in FilePaths.files(under: FilePaths.join(directory, folder), extensions: [".sql", ".py"]) {
                let path = FilePaths.join(folder, relative)
                let file = FilePaths.join(directory, path)
                let raw = try FilePaths.read(file, what: "dbt model")
                let isPython = relative.hasSuffix(".py")
                let name = String(FilePaths.lastComponent(relative).dropLast(isPython ? 3 : 4))
                let fqn = [projectFile.name] + relative.split(separator: "/").dropLast().map(String.init) + [name]
                let node = Node(uniqueId: "model.\(projectFile.name).\(name)", name: name, resourceType: .model, path: path,
                                file: file, fqn: fqn, rawCode: raw,
                                template: isPython ? nil : try JinjaParser.parse(raw, file: file),
                                language: isPython ? "python" : "sql")
                if isPython {
                    node.refs = PythonModelScan.refs(raw)
                    node.sources = PythonModelScan.sources(raw)
                    diagnostics.append(LineageDiagnostic(
                        code: LineageDiagnostic.notRendered, severity: .warning,
                        message: "Python model \(name): Keel reads its ref() and source() calls but not its columns",
                        location: FileLocation(file: file), consumer: node.uniqueId))
                }
                nodes.append(node)
            }
        }
    }

    private func collectSeeds() throws(LineageError) {
        for folder in projectFile.seedPaths {
            for relative in FilePaths.files(under: FilePaths.join(directory, folder), extensions: [".csv"]) {
                let name = String(FilePaths.lastComponent(relative).dropLast(4))
                let path = FilePaths.join(folder, relative)
                let fqn = [projectFile.name] + relative.split(separator: "/").dropLast().map(String.init) + [name]
                nodes.append(Node(uniqueId: "seed.\(projectFile.name).\(name)", name: name, resourceType: .seed, path: path,
                                  file: FilePaths.join(directory, path), fqn: fqn, rawCode: nil, template: nil))
            }
        }
    }

    private func collectSnapshots() throws(LineageError) {
        for folder in projectFile.snapshotPaths {
            for relative in FilePaths.files(under: FilePaths.join(directory, folder), extensions: [".sql"]) {
                let path = FilePaths.join(folder, relative)
                let file = FilePaths.join(directory, path)
                let raw = try FilePaths.read(file, what: "dbt snapshot")
                let template = try JinjaParser.parse(raw, file: file)
                for case .snapshot(let name, let body, _) in template.body {
                    let fqn = [projectFile.name] + relative.split(separator: "/").dropLast().map(String.init)
                        + [String(FilePaths.lastComponent(relative).dropLast(4)), name]
                    nodes.append(Node(uniqueId: "snapshot.\(projectFile.name).\(name)", name: name, resourceType: .snapshot,
                                      path: path, file: file, fqn: fqn, rawCode: raw,
                                      template: JinjaTemplate(file: file, body: body)))
                }
            }
        }
    }

    private func checkDuplicates() throws(LineageError) {
        var seen: [String: Node] = [:]
        for node in nodes {
            if let earlier = seen[node.name] {
                throw .duplicateNode(name: node.name, paths: [earlier.path, node.path])
            }
            seen[node.name] = node
        }
    }

    // MARK: Parse pass

    private func parsePass(_ node: Node) throws(LineageError) {
        guard let template = node.template else { return }
        node.properties = properties(of: node)
        node.config = try baseConfig(node)
        let renderer = makeRenderer(for: node, mode: .parse)
        _ = try renderer.render(template)
    }

    private func properties(of node: Node) -> DbtSchemaFiles.NodeProperties? {
        switch node.resourceType {
        case .model: schemaFiles.models[node.name]
        case .seed: schemaFiles.seeds[node.name]
        case .snapshot: schemaFiles.snapshots[node.name]
        }
    }

    /// dbt_project.yml's configs for the node, then its schema file's `config:`.
    private func baseConfig(_ node: Node) throws(LineageError) -> [String: PlainValue] {
        let tree = switch node.resourceType {
        case .model: projectFile.modelConfig
        case .seed: projectFile.seedConfig
        case .snapshot: projectFile.snapshotConfig
        }
        let context = self.context
        var config = try DbtProjectFile.configs(tree: tree, fqn: node.fqn) { text, location throws(LineageError) in
            try context.render(text, at: location)
        }
        for (key, value) in node.properties?.config ?? [:] {
            if key == "tags" {
                config["tags"] = .list((DbtProjectFile.tagList(config["tags"]) + DbtProjectFile.tagList(value)).map { .string($0) })
            } else {
                config[key] = value
            }
        }
        return config
    }

    private func configure(_ node: Node) throws(LineageError) {
        if node.template == nil { node.properties = properties(of: node); node.config = try baseConfig(node) }
        for (key, value) in node.inFileConfig {
            if key == "tags" {
                node.config["tags"] = .list((DbtProjectFile.tagList(node.config["tags"]) + DbtProjectFile.tagList(value)).map { .string($0) })
            } else {
                node.config[key] = value
            }
        }
        let fallback = switch node.resourceType {
        case .model: node.language == "python" ? "table" : "view"
        case .seed: "seed"
        case .snapshot: "snapshot"
        }
        node.materialization = node.config["materialized"]?.stringValue ?? fallback
    }

    // MARK: Relations

    private func assignRelation(_ node: Node) throws(LineageError) {
        if node.materialization == "ephemeral" { node.relation = nil; return }
        let config = node.config
        if node.resourceType == .snapshot, let targetSchema = config["target_schema"]?.stringValue {
            node.relation = DbtRelation(database: config["target_database"]?.stringValue ?? target.database,
                                        schema: targetSchema, identifier: config["alias"]?.stringValue ?? node.name)
            return
        }
        let database = try generate("generate_database_name", custom: config["database"]?.stringValue, node: node) {
            $0 ?? self.target.database
        }
        let schema = try generate("generate_schema_name", custom: config["schema"]?.stringValue, node: node) { custom in
            guard let custom else { return self.target.schema }
            return self.target.schema + "_" + custom.trimmingWhitespace()
        }
        let alias = try generate("generate_alias_name", custom: config["alias"]?.stringValue, node: node) { $0 ?? node.name }
        node.relation = DbtRelation(database: database, schema: schema ?? target.schema, identifier: alias ?? node.name)
    }

    /// dbt's `generate_*_name` macro: the project's own when it defines one, else dbt's default.
    private func generate(_ macro: String, custom: String?, node: Node, fallback: (String?) -> String?) throws(LineageError) -> String? {
        guard context.macros.contains(where: { $0.name == macro }) else { return fallback(custom) }
        let renderer = makeRenderer(for: node, mode: .compile, relationKnown: false)
        let argument: JinjaValue = custom.map { .string($0) } ?? JinjaValue.none
        let nodeObject = modelObject(node)
        do {
            let function = renderer.globals.lookup(macro) ?? JinjaValue.none
            let value = try renderer.call(function, JinjaArguments([argument, nodeObject]))
            let text = try value.rendered().trimmingWhitespace()
            return text.isEmpty || text == "None" ? nil : text
        } catch let error as LineageError {
            throw error
        } catch let failure as JinjaFailure {
            throw .jinjaRender(renderer.location, reason: failure.reason)
        } catch {
            throw .jinjaRender(renderer.location, reason: "\(error)")
        }
    }

    // MARK: Compile pass

    private func compile(_ node: Node) throws(LineageError) {
        guard node.compiled == nil, let template = node.template else { return }
        if node.compiling { throw .dependencyCycle(nodes: [node.name, node.name]) }
        node.compiling = true
        defer { node.compiling = false }
        node.refs = []
        node.sources = []
        let renderer = makeRenderer(for: node, mode: .compile)
        var sql = try renderer.render(template)
        if node.resourceType == .snapshot { sql = sql.trimmingWhitespace() }
        if !node.ephemeralCTEs.isEmpty { sql = Self.injectCTEs(node.ephemeralCTEs, into: sql) }
        node.compiled = sql
    }

    /// Prepends ephemeral models as CTEs, as dbt does: into the model's own `WITH` when it has one.
    static func injectCTEs(_ ctes: [(name: String, sql: String)], into sql: String) -> String {
        let definitions = ctes.map { "__dbt__cte__\($0.name) as (\n\($0.sql)\n)" }.joined(separator: ", ")
        let scalars = Array(sql.unicodeScalars)
        var index = 0
        // Skip whitespace and comments to the first keyword.
        while index < scalars.count {
            if scalars[index].properties.isWhitespace { index += 1; continue }
            if index + 1 < scalars.count, scalars[index] == "-", scalars[index + 1] == "-" {
                while index < scalars.count, scalars[index] != "\n" { index += 1 }
                continue
            }
            if index + 1 < scalars.count, scalars[index] == "/", scalars[index + 1] == "*" {
                index += 2
                while index + 1 < scalars.count, !(scalars[index] == "*" && scalars[index + 1] == "/") { index += 1 }
                index += 2
                continue
            }
            break
        }
        let rest = String(String.UnicodeScalarView(scalars[min(index, scalars.count)...]))
        let prefix = String(String.UnicodeScalarView(scalars[..<min(index, scalars.count)]))
        if rest.lowercased().hasPrefix("with"), rest.dropFirst(4).first.map({ $0.isWhitespace }) == true {
            var body = rest.dropFirst(4).drop { $0.isWhitespace }
            var head = "with "
            if body.lowercased().hasPrefix("recursive"), body.dropFirst(9).first.map({ $0.isWhitespace }) == true {
                head = "with recursive "
                body = body.dropFirst(9).drop { $0.isWhitespace }
            }
            return prefix + head + definitions + ",\n" + body
        }
        return prefix + "with " + definitions + "\n" + rest
    }

    private func checkCycles() throws(LineageError) {
        var state: [String: Int] = [:]   // 1 visiting, 2 done
        var stack: [String] = []
        func visit(_ node: Node) throws(LineageError) {
            if state[node.name] == 2 { return }
            if state[node.name] == 1 {
                let start = stack.firstIndex(of: node.name) ?? 0
                throw .dependencyCycle(nodes: Array(stack[start...]) + [node.name])
            }
            state[node.name] = 1
            stack.append(node.name)
            for ref in node.refs { if let next = nodesByName[ref.name] { try visit(next) } }
            stack.removeLast()
            state[node.name] = 2
        }
        for node in nodes { try visit(node) }
    }

    // MARK: Jinja context

    private func makeRenderer(for node: Node, mode: DbtJinjaContext.Mode, relationKnown: Bool = true) -> JinjaRenderer {
        var globals = context.baseGlobals(mode: mode)
        let stubRelation = DbtRelation(database: target.database, schema: target.schema, identifier: node.name)
        let thisRelation = (mode == .compile && relationKnown) ? node.relation : stubRelation
        globals["this"] = thisRelation.map { DbtJinjaContext.relationObject($0) } ?? JinjaValue.none
        globals["model"] = modelObject(node)
        globals["ref"] = .function(JinjaFunction("ref") { [unowned self] arguments, renderer in
            try self.ref(arguments, from: node, mode: mode, renderer: renderer)
        })
        globals["source"] = .function(JinjaFunction("source") { [unowned self] arguments, renderer in
            try self.source(arguments, from: node, mode: mode, renderer: renderer)
        })
        globals["is_incremental"] = .function(JinjaFunction("is_incremental") { [unowned self] _, _ in
            .bool(mode == .compile && self.options.incremental && node.materialization == "incremental")
        })
        globals["config"] = configObject(for: node, mode: mode)
        globals["builtins"] = .object(JinjaObject(typeName: "Builtins", attributes: [
            "ref": globals["ref"] ?? JinjaValue.none, "source": globals["source"] ?? JinjaValue.none, "config": globals["config"] ?? JinjaValue.none,
        ]))
        let renderer = JinjaRenderer(globals: globals, file: node.file)
        context.installMacros(in: renderer)
        return renderer
    }

    private func modelObject(_ node: Node) -> JinjaValue {
        .object(JinjaObject(typeName: "Node", attributes: [
            "name": .string(node.name), "unique_id": .string(node.uniqueId),
            "resource_type": .string(node.resourceType.rawValue), "package_name": .string(projectFile.name),
            "path": .string(node.path), "original_file_path": .string(node.path),
            "fqn": .list(node.fqn.map { .string($0) }),
            "config": JinjaValue(.mapping(node.config)),
            "alias": .string(node.relation?.identifier ?? node.name),
            "schema": .string(node.relation?.schema ?? target.schema),
            "database": node.relation?.database.map { .string($0) } ?? JinjaValue.none,
        ]))
    }

    private func configObject(for node: Node, mode: DbtJinjaContext.Mode) -> JinjaValue {
        let object = JinjaObject(typeName: "Config")
        object.call = JinjaFunction("config") { arguments, _ in
            guard mode == .parse else { return .string("") }
            var pairs = arguments.keyword
            if case .dict(let dict)? = arguments.positional.first { pairs = dict.pairs + pairs }
            for (key, value) in pairs {
                node.inFileConfig[key] = try PlainValue(jinja: value)
            }
            return .string("")
        }
        object.attributes["get"] = .function(JinjaFunction("config.get") { arguments, _ in
            let key = try arguments.string(0, "name", function: "config.get")
            let value = node.inFileConfig[key] ?? node.config[key]
            if key == "materialized", mode == .compile { return .string(node.materialization) }
            return value.map { JinjaValue($0) } ?? arguments.value(1, "default") ?? JinjaValue.none
        })
        object.attributes["require"] = .function(JinjaFunction("config.require") { arguments, _ in
            let key = try arguments.string(0, "name", function: "config.require")
            guard let value = node.inFileConfig[key] ?? node.config[key] else {
                throw JinjaFailure("config '\(key)' is required but not set")
            }
            return JinjaValue(value)
        })
        object.attributes["set"] = .function(JinjaFunction("config.set") { _, _ in .string("") })
        return .object(object)
    }

    private func ref(_ arguments: JinjaArguments, from node: Node, mode: DbtJinjaContext.Mode, renderer: JinjaRenderer) throws -> JinjaValue {
        let strings = try arguments.positional.map { try $0.rendered() }
        guard let name = strings.last else { throw JinjaFailure("ref() needs a model name") }
        let package = strings.count > 1 ? strings[0] : nil
        let version = arguments.named("v").map { try? $0.rendered() } ?? arguments.named("version").map { try? $0.rendered() } ?? nil
        let ref = DbtRef(name: name, package: package, version: version)
        if !node.refs.contains(ref) { node.refs.append(ref) }
        guard mode == .compile else {
            return DbtJinjaContext.relationObject(DbtRelation(database: target.database, schema: target.schema, identifier: name))
        }
        guard let referenced = nodesByName[name], package == nil || package == projectFile.name else {
            throw LineageError.unknownRef(renderer.location, node: node.uniqueId, ref: ref.description)
        }
        if referenced.materialization == "ephemeral" {
            if referenced.compiling || referenced === node {
                throw LineageError.dependencyCycle(nodes: [node.name, referenced.name])
            }
            do { try compile(referenced) }
            if !node.ephemeralDependencies.contains(referenced.uniqueId) {
                for inherited in referenced.ephemeralCTEs where !node.ephemeralCTEs.contains(where: { $0.name == inherited.name }) {
                    node.ephemeralCTEs.append(inherited)
                }
                let body = referenced.compiled ?? ""
                node.ephemeralCTEs.append((referenced.name, Self.stripCTEs(body, of: referenced)))
                node.ephemeralDependencies.append(referenced.uniqueId)
            }
            let stub = DbtRelation(database: nil, schema: "", identifier: "__dbt__cte__\(name)")
            return DbtJinjaContext.relationObject(stub, rendered: "__dbt__cte__\(name)")
        }
        guard let relation = referenced.relation else { return .none }
        return DbtJinjaContext.relationObject(relation)
    }

    /// An ephemeral model's SQL without the CTEs Keel injected into it (they are hoisted to the top instead).
    private static func stripCTEs(_ sql: String, of node: Node) -> String {
        guard !node.ephemeralCTEs.isEmpty, let raw = node.compiled else { return sql }
        let definitions = node.ephemeralCTEs.map { "__dbt__cte__\($0.name) as (\n\($0.sql)\n)" }.joined(separator: ", ")
        if let range = raw.range(of: definitions + ",\n") { return raw.replacingCharacters(in: range, with: "") }
        if let range = raw.range(of: "with " + definitions + "\n") { return raw.replacingCharacters(in: range, with: "") }
        return raw
    }

    private func source(_ arguments: JinjaArguments, from node: Node, mode: DbtJinjaContext.Mode, renderer: JinjaRenderer) throws -> JinjaValue {
        let sourceName = try arguments.string(0, "source_name", function: "source")
        let tableName = try arguments.string(1, "table_name", function: "source")
        let reference = DbtSourceRef(source: sourceName, table: tableName)
        if !node.sources.contains(reference) { node.sources.append(reference) }
        guard mode == .compile else {
            return DbtJinjaContext.relationObject(DbtRelation(database: target.database, schema: sourceName, identifier: tableName))
        }
        guard let source = sources["source.\(projectFile.name).\(sourceName).\(tableName)"] else {
            throw LineageError.unknownSource(renderer.location, node: node.uniqueId, source: sourceName, table: tableName)
        }
        return DbtJinjaContext.relationObject(source.relation)
    }

    // MARK: Assembly

    private func assemble() throws(LineageError) -> DbtProject {
        var result: [DbtNode] = []
        for node in nodes {
            var dependsOn: Set<String> = []
            for ref in node.refs { if let target = nodesByName[ref.name] { dependsOn.insert(target.uniqueId) } }
            for source in node.sources { dependsOn.insert("source.\(projectFile.name).\(source.source).\(source.table)") }
            var statements: [RenderedStatement] = []
            if let sql = node.compiled, options.checkSQL {
                let checked = StatementCheck.statements(in: sql, file: node.file, consumer: node.uniqueId)
                statements = checked.statements
                diagnostics += checked.diagnostics
            }
            result.append(DbtNode(
                uniqueId: node.uniqueId, name: node.name, resourceType: node.resourceType, packageName: projectFile.name,
                path: node.path, materialization: node.materialization, relation: node.relation, refs: node.refs,
                sources: node.sources, dependsOn: Array(dependsOn), rawCode: node.rawCode, compiledSQL: node.compiled,
                sqlOrigin: node.compiled == nil ? .none : .keelRendered, statements: statements,
                columns: node.properties?.columns ?? [], description: node.properties?.description,
                tags: Array(Set(DbtProjectFile.tagList(node.config["tags"]))), uniqueKey: Self.uniqueKey(node.config["unique_key"]),
                language: node.language))
        }
        var tests: [DbtTest] = []
        for node in nodes {
            for test in node.properties?.tests ?? [] {
                tests.append(try resolveTest(test, attachedTo: node.uniqueId))
            }
        }
        for table in schemaFiles.sources {
            for test in table.tests {
                tests.append(try resolveTest(test, attachedTo: "source.\(projectFile.name).\(table.source).\(table.name)"))
            }
        }
        var exposures: [DbtExposure] = []
        for exposure in schemaFiles.exposures {
            var dependsOn: [String] = []
            for (expression, location) in exposure.dependsOn {
                dependsOn += try resolveDependencies(expression, at: location, what: "exposure.\(projectFile.name).\(exposure.name)")
            }
            exposures.append(DbtExposure(
                uniqueId: "exposure.\(projectFile.name).\(exposure.name)", name: exposure.name, label: exposure.label,
                type: exposure.type, maturity: exposure.maturity, url: exposure.url, description: exposure.description,
                ownerName: exposure.ownerName, ownerEmail: exposure.ownerEmail, dependsOn: dependsOn, path: exposure.path))
        }
        return DbtProject(name: projectFile.name, origin: .project, path: directory, target: target, nodes: result,
                          sources: Array(sources.values), tests: tests, exposures: exposures, diagnostics: diagnostics)
    }

    static func uniqueKey(_ value: PlainValue?) -> [String] {
        switch value {
        case .string(let key)?: [key]
        case .list(let keys)?: keys.compactMap(\.stringValue)
        default: []
        }
    }

    private func resolveTest(_ test: DbtSchemaFiles.ParsedTest, attachedTo id: String) throws(LineageError) -> DbtTest {
        var dependsOn = [id]
        if let target = test.target {
            dependsOn += try resolveDependencies(target, at: test.location, what: id)
        }
        return DbtTest(name: test.name, attachedNode: id, column: test.column, dependsOn: Array(Set(dependsOn)))
    }

    /// The unique ids named by an expression such as `ref('x')` or `source('a', 'b')`.
    private func resolveDependencies(_ expression: String, at location: FileLocation, what: String) throws(LineageError) -> [String] {
        var found: [String] = []
        let template = try JinjaParser.parse("{{ " + expression + " }}", file: location.file)
        let project = projectFile.name
        let renderer = JinjaRenderer(globals: [
            "ref": .function(JinjaFunction("ref") { [unowned self] arguments, _ in
                let name = try arguments.positional.last?.rendered() ?? ""
                guard let node = self.nodesByName[name] else {
                    throw LineageError.unknownRef(location, node: what, ref: name)
                }
                found.append(node.uniqueId)
                return .string("")
            }),
            "source": .function(JinjaFunction("source") { [unowned self] arguments, _ in
                let source = try arguments.string(0, "source_name", function: "source")
                let table = try arguments.string(1, "table_name", function: "source")
                let id = "source.\(project).\(source).\(table)"
                guard self.sources[id] != nil else {
                    throw LineageError.unknownSource(location, node: what, source: source, table: table)
                }
                found.append(id)
                return .string("")
            }),
        ], file: location.file)
        _ = try renderer.render(template)
        return found
    }
}

extension PlainValue {
    /// Converts a Jinja value (a `config()` argument) to plain data.
    init(jinja value: JinjaValue) throws {
        switch value {
        case .none, .undefined: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let n): self = .int(n)
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .list(let list): self = .list(try list.items.map { try PlainValue(jinja: $0) })
        case .dict(let dict):
            var entries: [String: PlainValue] = [:]
            for (key, item) in dict.pairs { entries[key] = try PlainValue(jinja: item) }
            self = .mapping(entries)
        case .object, .function: self = .string(try value.rendered())
        }
    }
}

/// Reads `dbt.ref("x")` and `dbt.source("a", "b")` out of a Python model without running it.
enum PythonModelScan {
    static func refs(_ code: String) -> [DbtRef] {
        calls("dbt.ref(", in: code).compactMap { $0.last.map { DbtRef(name: $0) } }
    }

    static func sources(_ code: String) -> [DbtSourceRef] {
        calls("dbt.source(", in: code).compactMap { $0.count == 2 ? DbtSourceRef(source: $0[0], table: $0[1]) : nil }
    }

    /// The string-literal arguments of each `prefix…)` call.
    private static func calls(_ prefix: String, in code: String) -> [[String]] {
        var result: [[String]] = []
        var rest = Substring(code)
        while let start = rest.range(of: prefix) {
            rest = rest[start.upperBound...]
            guard let close = rest.firstIndex(of: ")") else { break }
            let inside = rest[..<close]
            var strings: [String] = []
            var current: String?
            var quote: Character?
            for c in inside {
                if let q = quote {
                    if c == q { strings.append(current ?? ""); current = nil; quote = nil } else { current?.append(c) }
                } else if c == "'" || c == "\"" {
                    quote = c
                    current = ""
                }
            }
            result.append(strings)
            rest = rest[close...]
        }
        return result
    }
}
