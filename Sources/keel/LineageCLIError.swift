import KeelCore

/// Failures of the lineage, impact and init commands that belong to the command line itself.
enum LineageCLIError: KeelError {
    /// Neither --lineage nor --config was given, and the current folder has neither file.
    case noLineageInput
    /// keel.yaml exists and --force was not given.
    case configExists(path: String)
    /// A file the command reads is missing or unreadable.
    case unreadableFile(path: String, reason: String)
    /// A file the command writes cannot be written.
    case unwritableFile(path: String, reason: String)
    /// --batch was given with a target, or a target is missing.
    case missingTarget

    var code: String {
        switch self {
        case .noLineageInput: "cli.no-lineage-input"
        case .configExists: "cli.config-exists"
        case .unreadableFile: "cli.unreadable-file"
        case .unwritableFile: "cli.unwritable-file"
        case .missingTarget: "cli.missing-target"
        }
    }

    var message: String {
        switch self {
        case .noLineageInput: "no lineage to read: no --lineage or --config given, and no lineage.json or keel.yaml here"
        case .configExists(let path): "\(path) already exists"
        case .unreadableFile(let path, let reason): "cannot read \(path): \(reason)"
        case .unwritableFile(let path, let reason): "cannot write \(path): \(reason)"
        case .missingTarget: "give one target (schema.table[.column] or a consumer id), or --batch FILE"
        }
    }

    var hint: String? {
        switch self {
        case .noLineageInput: "run `keel init` to write keel.yaml, then `keel lineage build`; or pass --lineage lineage.json"
        case .configExists: "pass --force to overwrite it"
        case .unreadableFile: "check the path"
        case .unwritableFile: "check that the folder exists and is writable"
        case .missingTarget: "for example: keel impact public.invoices.amount"
        }
    }
}
