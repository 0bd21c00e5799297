import Foundation
public import KeelCore

/// Failures talking to PostgreSQL or running its programs. Messages never contain a password.
public enum PostgresLayerError: KeelError, Equatable {
    // Configuration
    case invalidConnectionString(reason: String)
    case unsupportedConnectionOption(name: String)
    // Connecting
    case wrongPassword(user: String, target: String)
    case passwordRequired(user: String, target: String)
    case authenticationRejected(user: String, target: String, serverMessage: String)
    case databaseMissing(database: String, target: String)
    case unreachable(target: String, reason: String)
    case tlsUnsupported(target: String)
    case tlsFailed(target: String, reason: String)
    case connectionLost(target: String)
    // Statements
    case server(sqlState: String, message: String, detail: String?, hint: String?, statement: String?)
    case decoding(what: String, reason: String)
    // The managed cluster and server programs
    case binariesMissing(searched: [String])
    case programFailed(program: String, status: String, output: String)
    case clusterStartFailed(directory: String, reason: String, logTail: String)
    case clusterNotRunning(directory: String)
    case clusterDirectoryUnusable(directory: String, reason: String)
    case noServerUser(reason: String)

    public var code: String {
        switch self {
        case .invalidConnectionString: "postgres.invalid-connection-string"
        case .unsupportedConnectionOption: "postgres.unsupported-option"
        case .wrongPassword: "postgres.wrong-password"
        case .passwordRequired: "postgres.password-required"
        case .authenticationRejected: "postgres.authentication-rejected"
        case .databaseMissing: "postgres.database-missing"
        case .unreachable: "postgres.unreachable"
        case .tlsUnsupported: "postgres.tls-unsupported"
        case .tlsFailed: "postgres.tls-failed"
        case .connectionLost: "postgres.connection-lost"
        case .server: "postgres.server-error"
        case .decoding: "postgres.decoding"
        case .binariesMissing: "postgres.binaries-missing"
        case .programFailed: "postgres.program-failed"
        case .clusterStartFailed: "postgres.cluster-start-failed"
        case .clusterNotRunning: "postgres.cluster-not-running"
        case .clusterDirectoryUnusable: "postgres.cluster-directory-unusable"
        case .noServerUser: "postgres.no-server-user"
        }
    }

    public var message: String {
        switch self {
        case .invalidConnectionString(let reason): "invalid connection string: \(reason)"
        case .unsupportedConnectionOption(let name): "unsupported connection option \"\(name)\""
        case .wrongPassword(let user, let target): "password authentication failed for user \"\(user)\" at \(target)"
        case .passwordRequired(let user, let target): "the server at \(target) requires a password for user \"\(user)\" and none was given"
        case .authenticationRejected(let user, let target, let serverMessage):
            "the server at \(target) rejected user \"\(user)\": \(serverMessage)"
        case .databaseMissing(let database, let target): "database \"\(database)\" does not exist at \(target)"
        case .unreachable(let target, let reason): "cannot reach PostgreSQL at \(target): \(reason)"
        case .tlsUnsupported(let target): "the server at \(target) does not accept TLS, and sslmode requires it"
        case .tlsFailed(let target, let reason): "TLS with \(target) failed: \(reason)"
        case .connectionLost(let target): "the server at \(target) closed the connection"
        case .server(let sqlState, let message, let detail, _, let statement):
            "server error \(sqlState): \(message)" + (detail.map { " (\($0))" } ?? "")
                + (statement.map { " in: \(Self.abbreviate($0))" } ?? "")
        case .decoding(let what, let reason): "cannot decode \(what): \(reason)"
        case .binariesMissing(let searched):
            "PostgreSQL server programs (initdb, postgres) not found; searched \(searched.joined(separator: ", "))"
        case .programFailed(let program, let status, let output):
            "\(program) failed (\(status))" + (output.isEmpty ? "" : ": \(output)")
        case .clusterStartFailed(let directory, let reason, let logTail):
            "the managed PostgreSQL in \(directory) did not start: \(reason)" + (logTail.isEmpty ? "" : "\n\(logTail)")
        case .clusterNotRunning(let directory): "no managed PostgreSQL is running in \(directory)"
        case .clusterDirectoryUnusable(let directory, let reason): "cannot use \(directory) for a managed PostgreSQL: \(reason)"
        case .noServerUser(let reason): "cannot find an unprivileged OS user to run PostgreSQL as: \(reason)"
        }
    }

    public var hint: String? {
        switch self {
        case .invalidConnectionString:
            "use postgres://user@host:port/db?sslmode=… or key=value pairs such as \"host=/var/run/postgresql dbname=app\""
        case .unsupportedConnectionOption: "remove the option; keel understands host, port, user, password, dbname, sslmode, sslrootcert, connect_timeout, application_name and options"
        case .wrongPassword, .passwordRequired:
            "check the password in the URL, PGPASSWORD or ~/.pgpass (hostname:port:database:username:password, mode 0600)"
        case .authenticationRejected: "check the user name and the server's pg_hba.conf"
        case .databaseMissing: "create it, or name an existing database in the URL or PGDATABASE"
        case .unreachable: "check the host and port (or PGHOST/PGPORT), and that the server is running and accepts connections"
        case .tlsUnsupported: "use sslmode=prefer or sslmode=disable, or enable ssl on the server"
        case .tlsFailed: "check sslmode and sslrootcert; verify-full needs the server certificate to match the host name"
        case .server(_, _, _, let hint, _): hint
        case .binariesMissing:
            "install the server: apt-get install -y postgresql postgresql-contrib (Debian/Ubuntu), or set KEEL_PG_BIN to its bin directory"
        case .clusterNotRunning: "start one with: keel pg start --dir DIR"
        case .clusterDirectoryUnusable: "choose a directory every user can traverse, such as one under /tmp"
        case .noServerUser: "create an unprivileged user (useradd --system postgres) or run keel as a non-root user"
        default: nil
        }
    }

    /// The SQLSTATE of a server error, if this is one.
    public var sqlState: String? {
        if case .server(let sqlState, _, _, _, _) = self { return sqlState }
        return nil
    }

    private static func abbreviate(_ statement: String) -> String {
        let flat = statement.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
        return flat.count > 120 ? String(flat.prefix(117)) + "…" : flat
    }
}
