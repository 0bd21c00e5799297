/// What the project's schema files (`models/**/*.yml`) declare: sources, node properties, tests, exposures.
struct DbtSchemaFiles {
    struct SourceTable {
        var source: String
        var name: String
        var relation: DbtRelation
        var columns: [DbtColumn]
        var description: String?
        var path: String
        var tests: [ParsedTest]
    }

    struct NodeProperties {
        var name: String
        var description: String?
        var config: [String: PlainValue]
        var columns: [DbtColumn]
        var tests: [ParsedTest]
        var location: FileLocation
    }

    struct ParsedTest {
        var name: String
        var column: String?
        /// The `to:` of a relationships test (`ref('x')`), unrendered.
        var target: String?
        var location: FileLocation
    }

    struct Exposure {
        var name: String
        var label: String?
        var type: String
        var maturity: String?
        var url: String?
        var description: String?
        var ownerName: String?
        var ownerEmail: String?
        var dependsOn: [(String, FileLocation)]
        var path: String
        var location: FileLocation
    }

    var sources: [SourceTable] = []
    var models: [String: NodeProperties] = [:]
    var seeds: [String: NodeProperties] = [:]
    var snapshots: [String: NodeProperties] = [:]
    var exposures: [Exposure] = []

    /// Reads every `.yml`/`.yaml` file under `folders` (relative to `directory`).
    static func load(directory: String, folders: [String], context: DbtJinjaContext, target: DbtTarget)
        throws(LineageError) -> DbtSchemaFiles
    {
        var result = DbtSchemaFiles()
        for folder in folders {
            for relative in FilePaths.files(under: FilePaths.join(directory, folder), extensions: [".yml", ".yaml"]) {
                let projectPath = FilePaths.join(folder, relative)
                let file = FilePaths.join(directory, projectPath)
                let text = try FilePaths.read(file, what: "dbt schema file")
                guard let root = try YAMLNode.parse(text, file: file), let entries = root.entries else { continue }
                for entry in entries {
                    switch entry.key {
                    case "sources":
                        result.sources += try sources(entry.value, path: projectPath, context: context, target: target)
                    case "models", "seeds", "snapshots":
                        for properties in try nodeProperties(entry.value, what: entry.key) {
                            switch entry.key {
                            case "models": result.models[properties.name] = properties
                            case "seeds": result.seeds[properties.name] = properties
                            default: result.snapshots[properties.name] = properties
                            }
                        }
                    case "exposures":
                        result.exposures += try exposures(entry.value, path: projectPath)
                    default:
                        continue   // version, macros, metrics, semantic_models, unit_tests, …
                    }
                }
            }
        }
        return result
    }

    private static func list(_ node: YAMLNode, _ what: String) throws(LineageError) -> [YAMLNode] {
        if node.isNull { return [] }
        guard let items = node.items else { throw .invalidValue(node.location, key: what, reason: "expected a list") }
        return items
    }

    private static func sources(_ node: YAMLNode, path: String, context: DbtJinjaContext, target: DbtTarget)
        throws(LineageError) -> [SourceTable]
    {
        var result: [SourceTable] = []
        for source in try list(node, "sources") {
            guard let name = try source["name"]?.string("sources[].name") else {
                throw .invalidValue(source.location, key: "sources[].name", reason: "every source needs a name")
            }
            func rendered(_ node: YAMLNode?, _ key: String) throws(LineageError) -> String? {
                guard let node, let text = try node.optionalString(key) else { return nil }
                return try context.render(text, at: node.location)
            }
            let database = try rendered(source["database"], "database") ?? target.database
            let schema = try rendered(source["schema"], "schema") ?? name
            for table in try list(source["tables"] ?? YAMLNode(value: .null, location: source.location), "tables") {
                guard let tableName = try table["name"]?.string("tables[].name") else {
                    throw .invalidValue(table.location, key: "tables[].name", reason: "every source table needs a name")
                }
                let identifier = try rendered(table["identifier"], "identifier") ?? tableName
                let (columns, columnTests) = try self.columns(table["columns"])
                result.append(SourceTable(
                    source: name, name: tableName,
                    relation: DbtRelation(database: try rendered(table["database"], "database") ?? database,
                                          schema: try rendered(table["schema"], "schema") ?? schema, identifier: identifier),
                    columns: columns, description: try table["description"]?.optionalString("description"), path: path,
                    tests: columnTests + (try tests(table["tests"], column: nil)) + (try tests(table["data_tests"], column: nil))))
            }
        }
        return result
    }

    private static func nodeProperties(_ node: YAMLNode, what: String) throws(LineageError) -> [NodeProperties] {
        var result: [NodeProperties] = []
        for item in try list(node, what) {
            guard let name = try item["name"]?.string("\(what)[].name") else {
                throw .invalidValue(item.location, key: "\(what)[].name", reason: "every entry needs a name")
            }
            var config: [String: PlainValue] = [:]
            if let configNode = item["config"] {
                _ = try configNode.mapping("config")
                if case .mapping(let values) = configNode.plainValue { config = values }
            }
            let (columns, columnTests) = try columns(item["columns"])
            result.append(NodeProperties(
                name: name, description: try item["description"]?.optionalString("description"), config: config,
                columns: columns,
                tests: columnTests + (try tests(item["tests"], column: nil)) + (try tests(item["data_tests"], column: nil)),
                location: item.location))
        }
        return result
    }

    private static func columns(_ node: YAMLNode?) throws(LineageError) -> ([DbtColumn], [ParsedTest]) {
        guard let node else { return ([], []) }
        var columns: [DbtColumn] = []
        var tests: [ParsedTest] = []
        for item in try list(node, "columns") {
            guard let name = try item["name"]?.string("columns[].name") else {
                throw .invalidValue(item.location, key: "columns[].name", reason: "every column needs a name")
            }
            columns.append(DbtColumn(name: name, description: try item["description"]?.optionalString("description"),
                                     dataType: try item["data_type"]?.optionalString("data_type")))
            tests += try self.tests(item["tests"], column: name) + (try self.tests(item["data_tests"], column: name))
        }
        return (columns, tests)
    }

    private static func tests(_ node: YAMLNode?, column: String?) throws(LineageError) -> [ParsedTest] {
        guard let node else { return [] }
        var result: [ParsedTest] = []
        for item in try list(node, "tests") {
            switch item.value {
            case .scalar(let name, _):
                result.append(ParsedTest(name: name, column: column, location: item.location))
            case .mapping(let entries):
                if let testName = item["test_name"] {
                    result.append(ParsedTest(name: try testName.string("test_name"), column: column, location: item.location))
                } else if let first = entries.first {
                    var target: String?
                    if first.key == "relationships" {
                        let arguments = first.value["arguments"] ?? first.value
                        target = try arguments["to"]?.optionalString("to")
                    }
                    result.append(ParsedTest(name: first.key, column: column, target: target, location: item.location))
                }
            default:
                throw .invalidValue(item.location, key: "tests", reason: "a test is a name or a mapping")
            }
        }
        return result
    }

    private static func exposures(_ node: YAMLNode, path: String) throws(LineageError) -> [Exposure] {
        var result: [Exposure] = []
        for item in try list(node, "exposures") {
            guard let name = try item["name"]?.string("exposures[].name") else {
                throw .invalidValue(item.location, key: "exposures[].name", reason: "every exposure needs a name")
            }
            guard let type = try item["type"]?.string("exposures[].type") else {
                throw .invalidValue(item.location, key: "exposures[].type", reason: "every exposure needs a type")
            }
            var dependsOn: [(String, FileLocation)] = []
            for dependency in try list(item["depends_on"] ?? YAMLNode(value: .null, location: item.location), "depends_on") {
                dependsOn.append((try dependency.string("depends_on"), dependency.location))
            }
            let owner = item["owner"]
            result.append(Exposure(
                name: name, label: try item["label"]?.optionalString("label"), type: type,
                maturity: try item["maturity"]?.optionalString("maturity"), url: try item["url"]?.optionalString("url"),
                description: try item["description"]?.optionalString("description"),
                ownerName: try owner?["name"]?.optionalString("owner.name"),
                ownerEmail: try owner?["email"]?.optionalString("owner.email"),
                dependsOn: dependsOn, path: path, location: item.location))
        }
        return result
    }
}
