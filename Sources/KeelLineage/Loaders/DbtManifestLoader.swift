public import Foundation

/// Loads dbt's `target/manifest.json`: every model, seed and snapshot with dbt's own compiled SQL,
/// its relation and its dependencies, plus sources, tests and exposures.
///
/// ```swift
/// let project = try DbtManifestLoader.load("dbt/billing_dbt/target/manifest.json")
/// project.node(named: "fct_invoice_revenue")?.sqlOrigin    // .dbtCompiled
/// ```
///
/// dbt's `compiled_code` is preferred. A node dbt did not compile (a manifest from `dbt parse`) keeps
/// its raw code, gets no SQL, and is reported as a ``LineageDiagnostic/notRendered`` diagnostic.
public enum DbtManifestLoader {
    /// Manifest schema versions Keel reads (dbt-core 1.5 to 1.10).
    public static let supportedVersions = 9...12

    /// Loads a manifest file.
    /// - Throws: ``LineageError/manifestInvalid(path:reason:)`` or ``LineageError/manifestUnsupportedVersion(path:found:supported:)``.
    public static func load(_ path: String, checkSQL: Bool = true) throws(LineageError) -> DbtProject {
        try decode(try FilePaths.data(path, what: "dbt manifest"), path: path, checkSQL: checkSQL)
    }

    /// Decodes manifest bytes.
    /// - Parameter path: the file name to report.
    public static func decode(_ data: Data, path: String, checkSQL: Bool = true) throws(LineageError) -> DbtProject {
        let manifest: Manifest
        do {
            manifest = try JSONDecoder().decode(Manifest.self, from: data)
        } catch let error as DecodingError {
            throw .manifestInvalid(path: path, reason: describe(error))
        } catch {
            throw .manifestInvalid(path: path, reason: "\(error)")
        }
        let schema = manifest.metadata.dbtSchemaVersion
        let version = Int(schema.split(separator: "/").last?.dropFirst().split(separator: ".").first ?? "") ?? 0
        guard supportedVersions.contains(version) else {
            throw .manifestUnsupportedVersion(path: path, found: "v\(version) (\(schema))",
                                              supported: "v\(supportedVersions.lowerBound) to v\(supportedVersions.upperBound)")
        }
        let projectName = manifest.metadata.projectName ?? ""
        let renderer = ManifestRenderer(manifest: manifest, projectName: projectName)
        var diagnostics: [LineageDiagnostic] = []
        var nodes: [DbtNode] = []
        var tests: [DbtTest] = []
        for (id, node) in manifest.nodes.sorted(by: { $0.key < $1.key }) {
            switch node.resourceType {
            case "model", "seed", "snapshot":
                guard let type = DbtNode.ResourceType(rawValue: node.resourceType) else { continue }
                let materialization = node.config?.materialized ?? (type == .model ? "view" : type.rawValue)
                let relation: DbtRelation? = materialization == "ephemeral" ? nil
                    : DbtRelation(database: node.database, schema: node.schema ?? "", identifier: node.alias ?? node.name)
                var compiled = node.compiledCode
                var origin: DbtNode.SQLOrigin = compiled == nil ? .none : .dbtCompiled
                if type == .seed { compiled = nil; origin = .none }
                if compiled == nil, type != .seed, (node.language ?? "sql") == "sql", let raw = node.rawCode {
                    do {
                        compiled = try renderer.render(raw, node: node, relation: relation, file: node.originalFilePath ?? path)
                        origin = .keelRendered
                    } catch {
                        diagnostics.append(LineageDiagnostic(
                            code: LineageDiagnostic.notRendered, severity: .warning,
                            message: "\(id) has no compiled SQL in the manifest and Keel could not render it (\(error.message)); run `dbt compile`",
                            location: FileLocation(file: path), consumer: id))
                    }
                }
                var statements: [RenderedStatement] = []
                if let sql = compiled, checkSQL, (node.language ?? "sql") == "sql" {
                    let checked = StatementCheck.statements(in: sql, file: node.originalFilePath ?? path, consumer: id)
                    statements = checked.statements
                    diagnostics += checked.diagnostics
                }
                nodes.append(DbtNode(
                    uniqueId: id, name: node.name, resourceType: type, packageName: node.packageName ?? projectName,
                    path: node.originalFilePath ?? "", materialization: materialization, relation: relation,
                    refs: node.refs?.values ?? [], sources: (node.sources ?? []).compactMap { $0.count == 2 ? DbtSourceRef(source: $0[0], table: $0[1]) : nil },
                    dependsOn: node.dependsOn?.nodes ?? [], rawCode: node.rawCode, compiledSQL: compiled, sqlOrigin: origin,
                    statements: statements, columns: columns(node.columns), description: node.description.flatMap { $0.isEmpty ? nil : $0 },
                    tags: node.tags ?? [], uniqueKey: node.config?.uniqueKey?.values ?? [], language: node.language ?? "sql"))
            case "test":
                let name = node.testMetadata?.name ?? node.name
                let attached = node.attachedNode ?? (node.dependsOn?.nodes.count == 1 ? node.dependsOn?.nodes.first : nil)
                tests.append(DbtTest(name: name, attachedNode: attached, column: node.columnName, dependsOn: node.dependsOn?.nodes ?? []))
            default:
                continue
            }
        }
        let sources = manifest.sources.sorted { $0.key < $1.key }.map { id, source in
            DbtSource(uniqueId: id, sourceName: source.sourceName, name: source.name,
                      relation: DbtRelation(database: source.database, schema: source.schema ?? source.sourceName,
                                            identifier: source.identifier ?? source.name),
                      columns: columns(source.columns), description: source.description.flatMap { $0.isEmpty ? nil : $0 },
                      path: source.originalFilePath ?? "")
        }
        let exposures = (manifest.exposures ?? [:]).sorted { $0.key < $1.key }.map { id, exposure in
            DbtExposure(uniqueId: id, name: exposure.name, label: exposure.label, type: exposure.type ?? "dashboard",
                        maturity: exposure.maturity, url: exposure.url, description: exposure.description.flatMap { $0.isEmpty ? nil : $0 },
                        ownerName: exposure.owner?.name, ownerEmail: exposure.owner?.email,
                        dependsOn: exposure.dependsOn?.nodes ?? [], path: exposure.originalFilePath ?? "")
        }
        return DbtProject(name: projectName, origin: .manifest, path: path, target: nil, nodes: nodes, sources: sources,
                          tests: tests, exposures: exposures, diagnostics: diagnostics)
    }

    private static func columns(_ columns: [String: Manifest.Column]?) -> [DbtColumn] {
        (columns ?? [:]).values.map { DbtColumn(name: $0.name, description: $0.description.flatMap { $0.isEmpty ? nil : $0 }, dataType: $0.dataType) }
            .sorted { $0.name < $1.name }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .dataCorrupted(let context): return "not valid JSON (\(context.debugDescription)) at \(path(context))"
        case .keyNotFound(let key, let context): return "missing '\(key.stringValue)' at \(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "unexpected value at \(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    // MARK: The manifest's shape (dbt's snake_case keys)

    struct Manifest: Decodable {
        var metadata: Metadata
        var nodes: [String: Node]
        var sources: [String: Source]
        var exposures: [String: Exposure]?
        var macros: [String: Macro]?

        struct Macro: Decodable {
            var name: String
            var packageName: String?
            var macroSQL: String?
            enum CodingKeys: String, CodingKey {
                case name
                case packageName = "package_name"
                case macroSQL = "macro_sql"
            }
        }

        struct Metadata: Decodable {
            var dbtSchemaVersion: String
            var projectName: String?
            enum CodingKeys: String, CodingKey {
                case dbtSchemaVersion = "dbt_schema_version"
                case projectName = "project_name"
            }
        }

        struct DependsOn: Decodable {
            var nodes: [String]
        }

        struct Column: Decodable {
            var name: String
            var description: String?
            var dataType: String?
            enum CodingKeys: String, CodingKey {
                case name, description
                case dataType = "data_type"
            }
        }

        /// `refs` is a list of `{name, package, version}` (v10+) or of `[package?, name]` lists (older).
        struct Refs: Decodable {
            var values: [DbtRef]
            init(from decoder: any Decoder) throws {
                var container = try decoder.unkeyedContainer()
                var values: [DbtRef] = []
                while !container.isAtEnd {
                    if let object = try? container.decode(RefObject.self) {
                        values.append(DbtRef(name: object.name, package: object.package, version: object.version?.text))
                    } else {
                        let parts = try container.decode([String].self)
                        if let name = parts.last { values.append(DbtRef(name: name, package: parts.count > 1 ? parts[0] : nil)) }
                    }
                }
                self.values = values
            }
        }

        struct RefObject: Decodable {
            var name: String
            var package: String?
            var version: VersionValue?
        }

        /// A version: a string or a number.
        struct VersionValue: Decodable {
            var text: String
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let string = try? container.decode(String.self) { text = string }
                else if let int = try? container.decode(Int.self) { text = String(int) }
                else { text = String(try container.decode(Double.self)) }
            }
        }

        /// `unique_key`: a string or a list.
        struct UniqueKey: Decodable {
            var values: [String]
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let single = try? container.decode(String.self) { values = [single] }
                else { values = (try? container.decode([String].self)) ?? [] }
            }
        }

        struct Config: Decodable {
            var materialized: String?
            var uniqueKey: UniqueKey?
            enum CodingKeys: String, CodingKey {
                case materialized
                case uniqueKey = "unique_key"
            }
        }

        struct TestMetadata: Decodable {
            var name: String
        }

        struct Node: Decodable {
            var name: String
            var resourceType: String
            var packageName: String?
            var originalFilePath: String?
            var database: String?
            var schema: String?
            var alias: String?
            var config: Config?
            var refs: Refs?
            var sources: [[String]]?
            var dependsOn: DependsOn?
            var rawCode: String?
            var compiledCode: String?
            var columns: [String: Column]?
            var description: String?
            var tags: [String]?
            var language: String?
            var attachedNode: String?
            var columnName: String?
            var testMetadata: TestMetadata?

            enum CodingKeys: String, CodingKey {
                case name, database, schema, alias, config, refs, sources, columns, description, tags, language
                case resourceType = "resource_type"
                case packageName = "package_name"
                case originalFilePath = "original_file_path"
                case dependsOn = "depends_on"
                case rawCode = "raw_code"
                case rawSQL = "raw_sql"
                case compiledCode = "compiled_code"
                case compiledSQL = "compiled_sql"
                case attachedNode = "attached_node"
                case columnName = "column_name"
                case testMetadata = "test_metadata"
            }

            init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                name = try c.decode(String.self, forKey: .name)
                resourceType = try c.decode(String.self, forKey: .resourceType)
                packageName = try c.decodeIfPresent(String.self, forKey: .packageName)
                originalFilePath = try c.decodeIfPresent(String.self, forKey: .originalFilePath)
                database = try c.decodeIfPresent(String.self, forKey: .database)
                schema = try c.decodeIfPresent(String.self, forKey: .schema)
                alias = try c.decodeIfPresent(String.self, forKey: .alias)
                config = try? c.decodeIfPresent(Config.self, forKey: .config)
                refs = try c.decodeIfPresent(Refs.self, forKey: .refs)
                sources = try c.decodeIfPresent([[String]].self, forKey: .sources)
                dependsOn = try? c.decodeIfPresent(DependsOn.self, forKey: .dependsOn)
                rawCode = try c.decodeIfPresent(String.self, forKey: .rawCode) ?? c.decodeIfPresent(String.self, forKey: .rawSQL)
                compiledCode = try c.decodeIfPresent(String.self, forKey: .compiledCode) ?? c.decodeIfPresent(String.self, forKey: .compiledSQL)
                columns = try? c.decodeIfPresent([String: Column].self, forKey: .columns)
                description = try c.decodeIfPresent(String.self, forKey: .description)
                tags = try? c.decodeIfPresent([String].self, forKey: .tags)
                language = try c.decodeIfPresent(String.self, forKey: .language)
                attachedNode = try c.decodeIfPresent(String.self, forKey: .attachedNode)
                columnName = try c.decodeIfPresent(String.self, forKey: .columnName)
                testMetadata = try? c.decodeIfPresent(TestMetadata.self, forKey: .testMetadata)
            }
        }

        struct Source: Decodable {
            var sourceName: String
            var name: String
            var database: String?
            var schema: String?
            var identifier: String?
            var columns: [String: Column]?
            var description: String?
            var originalFilePath: String?
            enum CodingKeys: String, CodingKey {
                case name, database, schema, identifier, columns, description
                case sourceName = "source_name"
                case originalFilePath = "original_file_path"
            }
        }

        /// An exposure's owner; `email` is a string or, in newer dbt, a list.
        struct Owner: Decodable {
            var name: String?
            var email: String?
            enum CodingKeys: String, CodingKey { case name, email }
            init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                name = try? c.decodeIfPresent(String.self, forKey: .name)
                if let single = try? c.decodeIfPresent(String.self, forKey: .email) { email = single }
                else { email = (try? c.decodeIfPresent([String].self, forKey: .email))?.joined(separator: ", ") }
            }
        }

        struct Exposure: Decodable {
            var name: String
            var label: String?
            var type: String?
            var maturity: String?
            var url: String?
            var description: String?
            var owner: Owner?
            var dependsOn: DependsOn?
            var originalFilePath: String?
            enum CodingKeys: String, CodingKey {
                case name, label, type, maturity, url, description, owner
                case dependsOn = "depends_on"
                case originalFilePath = "original_file_path"
            }
        }
    }
}

/// Renders a manifest node's raw code when dbt did not compile it (a manifest from `dbt parse`):
/// refs and sources resolve to the manifest's relations, and the project's own macros are available.
/// Vars resolve only through their defaults, since the manifest does not record them.
struct ManifestRenderer {
    private let relations: [String: (relation: DbtRelation?, ephemeral: Bool)]
    private let sources: [String: DbtRelation]
    private let context: DbtJinjaContext

    init(manifest: DbtManifestLoader.Manifest, projectName: String) {
        var relations: [String: (DbtRelation?, Bool)] = [:]
        for node in manifest.nodes.values where ["model", "seed", "snapshot"].contains(node.resourceType) {
            let ephemeral = node.config?.materialized == "ephemeral"
            relations[node.name] = (ephemeral ? nil : DbtRelation(database: node.database, schema: node.schema ?? "", identifier: node.alias ?? node.name), ephemeral)
        }
        self.relations = relations
        var sources: [String: DbtRelation] = [:]
        for source in manifest.sources.values {
            sources["\(source.sourceName).\(source.name)"] = DbtRelation(database: source.database, schema: source.schema ?? source.sourceName,
                                                                         identifier: source.identifier ?? source.name)
        }
        self.sources = sources
        var context = DbtJinjaContext(projectName: projectName, vars: [:], environment: [:], target: nil)
        for macro in (manifest.macros ?? [:]).values where macro.packageName == projectName {
            guard let sql = macro.macroSQL, let template = try? JinjaParser.parse(sql, file: macro.name) else { continue }
            for case .macro(let definition) in template.body { context.macros.append(definition) }
        }
        self.context = context
    }

    func render(_ raw: String, node: DbtManifestLoader.Manifest.Node, relation: DbtRelation?, file: String) throws(LineageError) -> String {
        var globals = context.baseGlobals(mode: .compile)
        let relations = self.relations
        let sources = self.sources
        globals["ref"] = .function(JinjaFunction("ref") { arguments, renderer in
            let name = try arguments.positional.last?.rendered() ?? ""
            guard let found = relations[name] else { throw LineageError.unknownRef(renderer.location, node: node.name, ref: name) }
            if found.ephemeral || found.relation == nil {
                return DbtJinjaContext.relationObject(DbtRelation(database: nil, schema: "", identifier: "__dbt__cte__\(name)"),
                                                      rendered: "__dbt__cte__\(name)")
            }
            return found.relation.map { DbtJinjaContext.relationObject($0) } ?? .none
        })
        globals["source"] = .function(JinjaFunction("source") { arguments, renderer in
            let source = try arguments.string(0, "source_name", function: "source")
            let table = try arguments.string(1, "table_name", function: "source")
            guard let found = sources["\(source).\(table)"] else {
                throw LineageError.unknownSource(renderer.location, node: node.name, source: source, table: table)
            }
            return DbtJinjaContext.relationObject(found)
        })
        globals["this"] = relation.map { DbtJinjaContext.relationObject($0) } ?? JinjaValue.none
        globals["is_incremental"] = .function(JinjaFunction("is_incremental") { _, _ in .bool(false) })
        let config = JinjaObject(typeName: "Config", call: JinjaFunction("config") { _, _ in .string("") })
        let materialized = node.config?.materialized
        config.attributes["get"] = .function(JinjaFunction("config.get") { arguments, _ in
            let key = try arguments.string(0, "name", function: "config.get")
            if key == "materialized", let materialized { return .string(materialized) }
            return arguments.value(1, "default") ?? JinjaValue.none
        })
        globals["config"] = .object(config)
        let template = try JinjaParser.parse(raw, file: file)
        let renderer = JinjaRenderer(globals: globals, file: file)
        context.installMacros(in: renderer)
        return try renderer.render(template)
    }
}
