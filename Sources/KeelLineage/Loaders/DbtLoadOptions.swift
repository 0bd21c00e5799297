/// How ``DbtProjectLoader`` renders a project: the target, var overrides, the environment and the run mode.
public struct DbtLoadOptions: Sendable {
    /// The target to render for. When `nil`, it is read from ``profilesDirectory``; failing that, the
    /// target is `dev` with schema `public` and no database.
    public var target: DbtTarget?
    /// A folder with `profiles.yml` (as `DBT_PROFILES_DIR`).
    public var profilesDirectory: String?
    /// The profile output to use (`--target`); defaults to the profile's `target:`.
    public var targetName: String?
    /// Var overrides, as `dbt --vars` gives them; they win over dbt_project.yml.
    public var vars: [String: PlainValue]
    /// Environment variables for `env_var()`. Pass the process environment explicitly; the loader reads no global state.
    public var environment: [String: String]
    /// Whether `is_incremental()` is true for incremental models (an incremental run on an existing table).
    /// The default, `false`, renders what a first run or `--full-refresh` builds.
    public var incremental: Bool
    /// Whether to split and parse each rendered model (and report statements that do not parse).
    public var checkSQL: Bool

    /// Creates options.
    public init(target: DbtTarget? = nil, profilesDirectory: String? = nil, targetName: String? = nil,
                vars: [String: PlainValue] = [:], environment: [String: String] = [:], incremental: Bool = false,
                checkSQL: Bool = true) {
        self.target = target
        self.profilesDirectory = profilesDirectory
        self.targetName = targetName
        self.vars = vars
        self.environment = environment
        self.incremental = incremental
        self.checkSQL = checkSQL
    }
}

/// Reads a dbt target from `profiles.yml`.
public enum DbtProfiles {
    /// The target `targetName` (default: the profile's `target:`) of profile `profile` in
    /// `<directory>/profiles.yml`. Values may use `{{ env_var('X') }}`.
    /// - Throws: ``LineageError`` when the file, profile or output is missing or malformed.
    public static func target(
        directory: String, profile: String, targetName: String? = nil, environment: [String: String] = [:]
    ) throws(LineageError) -> DbtTarget {
        let file = FilePaths.join(directory, "profiles.yml")
        let text = try FilePaths.read(file, what: "dbt profiles file")
        guard let root = try YAMLNode.parse(text, file: file) else {
            throw .invalidValue(FileLocation(file: file, line: 1), key: profile, reason: "profiles.yml is empty")
        }
        guard let profileNode = root[profile] else {
            throw .invalidValue(root.location, key: profile, reason: "no profile named '\(profile)' (dbt_project.yml's profile:)")
        }
        let context = DbtJinjaContext.yamlContext(vars: [:], environment: environment, target: nil)
        let chosen: String
        if let targetName {
            chosen = targetName
        } else if let named = profileNode["target"] {
            chosen = try context.render(try named.string("target"), at: named.location)
        } else {
            chosen = "default"
        }
        guard let outputs = profileNode["outputs"], let output = outputs[chosen] else {
            throw .invalidValue(profileNode.location, key: "\(profile).outputs.\(chosen)", reason: "no output named '\(chosen)'")
        }
        func field(_ key: String) throws(LineageError) -> String? {
            guard let node = output[key], !node.isNull else { return nil }
            return try context.render(try node.string(key), at: node.location)
        }
        let schemaField = try field("schema")
        let datasetField = try field("dataset")
        guard let schema = schemaField ?? datasetField else {
            throw .invalidValue(output.location, key: "schema", reason: "the output has no schema")
        }
        let dbname = try field("dbname")
        let database = try field("database")
        let type = try field("type")
        let threads = try field("threads")
        return DbtTarget(
            name: chosen, schema: schema, database: dbname ?? database, type: type ?? "postgres", user: try field("user"),
            threads: Int(threads ?? "1") ?? 1, profileName: profile)
    }
}
