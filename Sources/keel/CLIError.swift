import KeelCore

/// Failures that belong to the command line itself.
enum CLIError: KeelError {
    case clusterAlreadyRunning(directory: String)

    var code: String {
        switch self {
        case .clusterAlreadyRunning: "cli.cluster-already-running"
        }
    }

    var message: String {
        switch self {
        case .clusterAlreadyRunning(let directory): "a managed PostgreSQL is already running in \(directory)"
        }
    }

    var hint: String? {
        switch self {
        case .clusterAlreadyRunning(let directory): "stop it with: keel pg stop --dir \(directory), or pass another --dir"
        }
    }
}
