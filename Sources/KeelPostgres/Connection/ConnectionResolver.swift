import Foundation

/// Resolves a connection the way psql does: explicit connection-string keywords first, then the
/// `PG*` environment variables, then libpq's defaults, and the password last from `~/.pgpass`.
public struct ConnectionResolver: Sendable {
    /// The environment to read `PGHOST`, `PGPORT`, … from.
    public var environment: [String: String]
    /// The OS user name, libpq's default for `user` (and through it, `dbname`).
    public var osUser: String
    /// The home directory holding `.pgpass`.
    public var homeDirectory: String?

    /// libpq's compiled-in default socket directory on Debian and Ubuntu.
    public static let defaultSocketDirectory = "/var/run/postgresql"

    public init(environment: [String: String], osUser: String, homeDirectory: String?) {
        self.environment = environment
        self.osUser = osUser
        self.homeDirectory = homeDirectory
    }

    /// A resolver reading this process's environment, OS user and home directory.
    public static var process: ConnectionResolver {
        let environment = ProcessInfo.processInfo.environment
        return ConnectionResolver(environment: environment, osUser: OSUser.currentName(),
                                  homeDirectory: environment["HOME"] ?? OSUser.current()?.home)
    }

    /// Resolves `connectionString` (a URL, `key=value` pairs, a bare database name, or nil).
    public func resolve(_ connectionString: String?) throws(PostgresLayerError) -> ConnectionConfig {
        let explicit = try connectionString.map { s throws(PostgresLayerError) in try ConnectionString.parse(s) } ?? [:]
        let envNames: [String: String] = [
            "host": "PGHOST", "hostaddr": "PGHOSTADDR", "port": "PGPORT", "user": "PGUSER",
            "password": "PGPASSWORD", "dbname": "PGDATABASE", "sslmode": "PGSSLMODE",
            "sslrootcert": "PGSSLROOTCERT", "connect_timeout": "PGCONNECT_TIMEOUT",
            "application_name": "PGAPPNAME", "options": "PGOPTIONS", "passfile": "PGPASSFILE",
        ]
        func value(_ key: String) -> String? {
            if let v = explicit[key], !v.isEmpty { return v }
            if let name = envNames[key], let v = environment[name], !v.isEmpty { return v }
            return nil
        }

        let portText = value("port") ?? "5432"
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw .invalidConnectionString(reason: "invalid port \"\(portText)\"")
        }
        let host = value("hostaddr") ?? value("host") ?? Self.defaultSocketDirectory
        if host.contains(",") {
            throw .invalidConnectionString(reason: "several hosts are not supported; give one host")
        }
        let endpoint: ConnectionConfig.Endpoint = host.hasPrefix("/")
            ? .unixSocket(directory: host, port: port)
            : .tcp(host: host, port: port)

        let user = value("user") ?? osUser
        let database = value("dbname") ?? user

        let modeText = value("sslmode") ?? "prefer"
        guard let sslMode = ConnectionConfig.SSLMode(rawValue: modeText) else {
            let valid = ConnectionConfig.SSLMode.allCases.map(\.rawValue).joined(separator: ", ")
            throw .invalidConnectionString(reason: "invalid sslmode \"\(modeText)\"; use one of \(valid)")
        }
        var timeout = 10
        if let text = value("connect_timeout") {
            guard let seconds = Int(text), seconds >= 0 else {
                throw .invalidConnectionString(reason: "invalid connect_timeout \"\(text)\"")
            }
            // libpq: 0 means wait forever; keel caps it at a day rather than hang a pipeline.
            timeout = seconds == 0 ? 86_400 : max(seconds, 2)
        }

        var config = ConnectionConfig(
            endpoint: endpoint, user: user, password: nil, database: database, sslMode: sslMode,
            sslRootCertificate: value("sslrootcert"), connectTimeoutSeconds: timeout,
            applicationName: value("application_name") ?? "keel", options: value("options"))

        if let password = value("password") {
            config.password = Password(password)
        } else if let passfile = value("passfile") ?? homeDirectory.map({ $0 + "/.pgpass" }),
                  let found = PgPass.lookup(file: passfile, config: config) {
            config.password = Password(found)
        }
        return config
    }
}
