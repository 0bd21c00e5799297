/// `dbt_project.yml`: the parts Keel needs.
struct DbtProjectFile {
    var file: String
    var name: String
    var profile: String?
    var modelPaths: [String]
    var macroPaths: [String]
    var seedPaths: [String]
    var snapshotPaths: [String]
    /// Vars for every package.
    var globalVars: [String: PlainValue]
    /// Vars scoped to this project (`vars: {project_name: {…}}`).
    var projectVars: [String: PlainValue]
    var modelConfig: YAMLNode?
    var seedConfig: YAMLNode?
    var snapshotConfig: YAMLNode?

    static func load(directory: String) throws(LineageError) -> DbtProjectFile {
        let file = FilePaths.join(directory, "dbt_project.yml")
        let text = try FilePaths.read(file, what: "dbt project file (dbt_project.yml)")
        guard let root = try YAMLNode.parse(text, file: file), root.entries != nil else {
            throw .invalidValue(FileLocation(file: file, line: 1), key: "name", reason: "dbt_project.yml must be a mapping with a name")
        }
        guard let nameNode = root["name"] else {
            throw .invalidValue(root.location, key: "name", reason: "missing: every dbt project has a name")
        }
        let name = try nameNode.string("name")
        func paths(_ key: String, _ fallback: [String]) throws(LineageError) -> [String] {
            guard let node = root[key] else { return fallback }
            return try node.stringList(key)
        }
        var globalVars: [String: PlainValue] = [:]
        var projectVars: [String: PlainValue] = [:]
        if let varsNode = root["vars"] {
            for entry in try varsNode.mapping("vars") {
                if entry.key == name, case .mapping(let scoped) = entry.value.plainValue {
                    projectVars = scoped
                } else {
                    globalVars[entry.key] = entry.value.plainValue
                }
            }
        }
        return DbtProjectFile(
            file: file, name: name, profile: try root["profile"]?.optionalString("profile"),
            modelPaths: try paths("model-paths", try paths("source-paths", ["models"])),
            macroPaths: try paths("macro-paths", ["macros"]),
            seedPaths: try paths("seed-paths", try paths("data-paths", ["seeds"])),
            snapshotPaths: try paths("snapshot-paths", ["snapshots"]),
            globalVars: globalVars, projectVars: projectVars,
            modelConfig: root["models"], seedConfig: root["seeds"], snapshotConfig: root["snapshots"])
    }

    /// Config keys dbt accepts without a `+` in dbt_project.yml.
    static let configKeys: Set<String> = [
        "materialized", "schema", "alias", "database", "enabled", "tags", "unique_key", "incremental_strategy",
        "on_schema_change", "on_configuration_change", "persist_docs", "post-hook", "pre-hook", "docs", "meta",
        "grants", "contract", "full_refresh", "quoting", "column_types", "access", "group", "sql_header",
        "target_schema", "target_database", "strategy", "updated_at", "check_cols", "quote_columns", "delimiter",
        "indexes", "unlogged", "invalidate_hard_deletes", "hard_deletes", "snapshot_meta_column_names",
        "dbt_valid_to_current", "event_time", "batch_size", "lookback", "begin", "concurrent_batches",
        "store_failures", "store_failures_as", "where", "limit", "severity", "warn_if", "error_if", "fail_calc",
    ]

    /// The configs `tree` gives a node with this fqn (`[project, dir…, name]`), from least to most specific.
    /// Tags accumulate; other keys are overridden by more specific levels.
    static func configs(tree: YAMLNode?, fqn: [String], render: (String, FileLocation) throws(LineageError) -> String)
        throws(LineageError) -> [String: PlainValue]
    {
        var result: [String: PlainValue] = [:]
        guard var level = tree else { return result }
        try apply(level, into: &result, render: render)
        for component in fqn {
            guard let next = level[component], next.entries != nil else { break }
            level = next
            try apply(level, into: &result, render: render)
        }
        return result
    }

    private static func apply(_ node: YAMLNode, into result: inout [String: PlainValue],
                              render: (String, FileLocation) throws(LineageError) -> String) throws(LineageError) {
        guard let entries = node.entries else { return }
        for entry in entries {
            let key = entry.key.hasPrefix("+") ? String(entry.key.dropFirst()) : entry.key
            guard entry.key.hasPrefix("+") || (configKeys.contains(key) && (entry.value.entries == nil || ["meta", "docs", "persist_docs", "grants", "contract", "quoting", "column_types", "snapshot_meta_column_names"].contains(key))) else {
                continue
            }
            var value = entry.value.plainValue
            if case .string(let text) = value { value = .string(try render(text, entry.value.location)) }
            if key == "tags" {
                let existing = tagList(result["tags"])
                result["tags"] = .list((existing + tagList(value)).map { .string($0) })
            } else {
                result[key] = value
            }
        }
    }

    static func tagList(_ value: PlainValue?) -> [String] {
        switch value {
        case .string(let tag)?: [tag]
        case .list(let items)?: items.compactMap(\.stringValue)
        default: []
        }
    }
}
