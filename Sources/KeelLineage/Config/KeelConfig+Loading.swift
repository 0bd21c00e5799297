import Foundation

extension KeelConfig {
    /// Reads and validates a `keel.yaml`.
    /// - Parameter path: the file; relative paths inside it resolve against its folder.
    /// - Returns: the configuration.
    /// - Throws: ``LineageError`` with the file and line of the first problem.
    public static func load(_ path: String) throws(LineageError) -> KeelConfig {
        let text = try FilePaths.read(path, what: "Keel configuration")
        return try parse(text, file: path, directory: FilePaths.directory(of: path))
    }

    /// Parses `keel.yaml` text.
    /// - Parameters:
    ///   - text: the YAML.
    ///   - file: the file name to report in errors.
    ///   - directory: the folder relative paths resolve against.
    /// - Throws: ``LineageError/yamlSyntax(_:reason:)``, ``LineageError/unknownKey(_:key:allowed:)`` or
    ///   ``LineageError/invalidValue(_:key:reason:)``, each with the line.
    public static func parse(_ text: String, file: String = KeelConfig.fileName, directory: String = ".") throws(LineageError) -> KeelConfig {
        var config = KeelConfig(file: file, directory: directory)
        guard let root = try YAMLNode.parse(text, file: file) else {
            throw .invalidValue(FileLocation(file: file, line: 1), key: "version", reason: "the file is empty; run `keel init` for a starter")
        }
        let entries = try root.mapping("keel.yaml", allowed: ["version", "environments", "dbt", "airflow", "dashboards", "search_path", "monitor"])
        var sawVersion = false
        for entry in entries {
            let node = entry.value
            switch entry.key {
            case "version":
                config.version = try node.int("version")
                sawVersion = true
                guard config.version == currentVersion else {
                    throw .invalidValue(node.location, key: "version", reason: "this Keel reads version \(currentVersion), found \(config.version)")
                }
            case "environments":
                config.environments = try environments(node)
            case "dbt":
                config.dbt = try dbt(node)
            case "airflow":
                config.airflow = try airflow(node)
            case "dashboards":
                config.dashboards = try dashboards(node)
            case "search_path":
                config.searchPath = try node.stringList("search_path")
            case "monitor":
                config.monitor = try monitor(node)
            default:
                break
            }
        }
        if !sawVersion {
            throw .invalidValue(root.location, key: "version", reason: "missing; start the file with `version: \(currentVersion)`")
        }
        return config
    }

    private static func environments(_ node: YAMLNode) throws(LineageError) -> [Environment] {
        var result: [Environment] = []
        for entry in try node.mapping("environments") {
            let fields = try entry.value.mapping("environments.\(entry.key)", allowed: ["url", "url_env", "production", "description"])
            var url: String?
            var variable: String?
            var production = false
            for field in fields {
                switch field.key {
                case "url": url = try field.value.string("url")
                case "url_env": variable = try field.value.string("url_env")
                case "production": production = try field.value.bool("production")
                default: break
                }
            }
            let connection: Environment.Connection
            switch (url, variable) {
            case (let url?, nil):
                if URLPassword.contains(url) {
                    throw .invalidValue(entry.value["url"]?.location ?? entry.keyLocation, key: "environments.\(entry.key).url",
                                        reason: "the URL holds a password; use url_env, PGPASSWORD or ~/.pgpass instead")
                }
                connection = .url(url)
            case (nil, let variable?):
                connection = .environmentVariable(variable)
            case (.some, .some):
                throw .invalidValue(entry.keyLocation, key: "environments.\(entry.key)", reason: "give url or url_env, not both")
            case (nil, nil):
                throw .invalidValue(entry.keyLocation, key: "environments.\(entry.key)", reason: "missing url or url_env")
            }
            result.append(Environment(name: entry.key, connection: connection, production: production, location: entry.keyLocation))
        }
        return result
    }

    private static func dbt(_ node: YAMLNode) throws(LineageError) -> Dbt {
        let fields = try node.mapping("dbt", allowed: ["project", "manifest", "profiles_dir", "target", "vars"])
        var project: String?
        var dbt = Dbt(project: "")
        for field in fields {
            switch field.key {
            case "project": project = try field.value.string("dbt.project")
            case "manifest": dbt.manifest = try field.value.optionalString("dbt.manifest")
            case "profiles_dir": dbt.profilesDirectory = try field.value.optionalString("dbt.profiles_dir")
            case "target": dbt.target = try target(field.value)
            case "vars":
                _ = try field.value.mapping("dbt.vars")
                if case .mapping(let vars) = field.value.plainValue { dbt.vars = vars }
            default: break
            }
        }
        guard let project else { throw .invalidValue(node.location, key: "dbt.project", reason: "missing: the dbt project folder") }
        dbt.project = project
        return dbt
    }

    private static func target(_ node: YAMLNode) throws(LineageError) -> DbtTarget {
        let fields = try node.mapping("dbt.target", allowed: ["name", "schema", "database", "type", "user", "threads"])
        var target = DbtTarget(schema: "")
        var schema: String?
        for field in fields {
            switch field.key {
            case "name": target.name = try field.value.string("dbt.target.name")
            case "schema": schema = try field.value.string("dbt.target.schema")
            case "database": target.database = try field.value.optionalString("dbt.target.database")
            case "type": target.type = try field.value.string("dbt.target.type")
            case "user": target.user = try field.value.optionalString("dbt.target.user")
            case "threads": target.threads = try field.value.int("dbt.target.threads")
            default: break
            }
        }
        guard let schema else { throw .invalidValue(node.location, key: "dbt.target.schema", reason: "missing: the schema models are built in") }
        target.schema = schema
        return target
    }

    private static func airflow(_ node: YAMLNode) throws(LineageError) -> Airflow {
        let fields = try node.mapping("airflow", allowed: ["dags", "template_searchpath", "logical_date", "variables"])
        var airflow = Airflow(dags: "")
        var dags: String?
        for field in fields {
            switch field.key {
            case "dags": dags = try field.value.string("airflow.dags")
            case "template_searchpath": airflow.templateSearchPath = try field.value.stringList("airflow.template_searchpath")
            case "logical_date":
                let date = try field.value.string("airflow.logical_date")
                guard AirflowRenderContext.isISODate(date) else {
                    throw .invalidValue(field.value.location, key: "airflow.logical_date", reason: "expected a date like 2024-01-01")
                }
                airflow.logicalDate = date
            case "variables":
                for variable in try field.value.mapping("airflow.variables") {
                    airflow.variables[variable.key] = try variable.value.string("airflow.variables.\(variable.key)")
                }
            default: break
            }
        }
        guard let dags else { throw .invalidValue(node.location, key: "airflow.dags", reason: "missing: the DAG folder") }
        airflow.dags = dags
        return airflow
    }

    private static func dashboards(_ node: YAMLNode) throws(LineageError) -> [Dashboard] {
        guard let items = node.isNull ? [] : node.items else {
            throw .invalidValue(node.location, key: "dashboards", reason: "expected a list of dashboards")
        }
        var result: [Dashboard] = []
        var seen: [String: FileLocation] = [:]
        for item in items {
            let fields = try item.mapping("dashboards[]", allowed: ["name", "kind", "owner", "url", "description", "sql", "parameters", "queries"])
            var name: String?
            var kind = Dashboard.Kind.dashboard
            var dashboard = Dashboard(name: "", kind: .dashboard, queries: [], location: item.location)
            var single: YAMLNode?
            var singleParameters: [Parameter] = []
            for field in fields {
                switch field.key {
                case "name": name = try field.value.string("name")
                case "kind":
                    let text = try field.value.string("kind")
                    guard let parsed = Dashboard.Kind(rawValue: text) else {
                        throw .invalidValue(field.value.location, key: "kind",
                                            reason: "'\(text)' is not one of \(Dashboard.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    kind = parsed
                case "owner": dashboard.owner = try field.value.optionalString("owner")
                case "url": dashboard.url = try field.value.optionalString("url")
                case "description": dashboard.description = try field.value.optionalString("description")
                case "sql": single = field.value
                case "parameters": singleParameters = try parameters(field.value)
                case "queries":
                    guard let queries = field.value.items else {
                        throw .invalidValue(field.value.location, key: "queries", reason: "expected a list of queries")
                    }
                    for query in queries { dashboard.queries.append(try self.query(query)) }
                default: break
                }
            }
            guard let name, !name.isEmpty else { throw .invalidValue(item.location, key: "name", reason: "every dashboard needs a name") }
            if let earlier = seen[name] {
                throw .invalidValue(item.location, key: "name", reason: "'\(name)' is already declared at line \(earlier.line)")
            }
            seen[name] = item.location
            if let single {
                let sql = try single.string("sql")
                dashboard.queries.insert(Query(sql: sql, parameters: singleParameters, location: single.location), at: 0)
            }
            guard !dashboard.queries.isEmpty else {
                throw .invalidValue(item.location, key: "queries", reason: "dashboard '\(name)' has no sql or queries")
            }
            dashboard.name = name
            dashboard.kind = kind
            result.append(dashboard)
        }
        return result
    }

    private static func query(_ node: YAMLNode) throws(LineageError) -> Query {
        if case .scalar(let sql, _) = node.value { return Query(sql: sql, location: node.location) }
        let fields = try node.mapping("queries[]", allowed: ["name", "sql", "parameters"])
        var query = Query(sql: "", location: node.location)
        var sawSQL = false
        for field in fields {
            switch field.key {
            case "name": query.name = try field.value.optionalString("name")
            case "sql":
                query.sql = try field.value.string("sql")
                query.location = field.value.location
                sawSQL = true
            case "parameters": query.parameters = try parameters(field.value)
            default: break
            }
        }
        guard sawSQL, !query.sql.allSatisfy(\.isWhitespace) else {
            throw .invalidValue(node.location, key: "sql", reason: "every query needs its SQL")
        }
        return query
    }

    private static func parameters(_ node: YAMLNode) throws(LineageError) -> [Parameter] {
        guard let items = node.isNull ? [] : node.items else {
            throw .invalidValue(node.location, key: "parameters", reason: "expected a list of parameters")
        }
        var result: [Parameter] = []
        for item in items {
            if case .scalar(let name, _) = item.value {
                result.append(Parameter(name: name))
                continue
            }
            var parameter = Parameter(name: "")
            for field in try item.mapping("parameters[]", allowed: ["name", "type", "example"]) {
                switch field.key {
                case "name": parameter.name = try field.value.string("name")
                case "type": parameter.type = try field.value.optionalString("type")
                case "example": parameter.example = field.value.plainValue
                default: break
                }
            }
            guard !parameter.name.isEmpty else { throw .invalidValue(item.location, key: "name", reason: "every parameter needs a name") }
            result.append(parameter)
        }
        return result
    }
}

/// Detects a password in a connection URL (`postgres://user:secret@host`) or key=value string.
enum URLPassword {
    static func contains(_ url: String) -> Bool {
        if let scheme = url.range(of: "://") {
            let rest = url[scheme.upperBound...]
            let authority = rest.prefix { $0 != "/" && $0 != "?" }
            if let at = authority.lastIndex(of: "@") {
                let userInfo = authority[authority.startIndex..<at]
                if userInfo.contains(":") { return true }
            }
            return url.range(of: "password=", options: .caseInsensitive) != nil
        }
        return url.range(of: "password=", options: .caseInsensitive) != nil
    }
}

extension KeelConfig.Dbt {
    /// Parses a `--vars` argument the way dbt does: a YAML (or JSON) mapping such as
    /// `'{lookback_days: 30, void_status: cancelled}'`.
    /// - Parameter text: the argument.
    /// - Returns: the vars; an empty argument gives none.
    /// - Throws: ``LineageError/yamlSyntax(_:reason:)`` or ``LineageError/invalidValue(_:key:reason:)`` (not a mapping),
    ///   located in `--vars`.
    public static func parseVars(_ text: String) throws(LineageError) -> [String: PlainValue] {
        guard let node = try YAMLNode.parse(text, file: "--vars") else { return [:] }
        _ = try node.mapping("--vars")
        guard case .mapping(let vars) = node.plainValue else { return [:] }
        return vars
    }
}
