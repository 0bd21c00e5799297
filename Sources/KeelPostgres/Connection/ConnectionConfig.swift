import Foundation

/// Everything needed to open a session, resolved the way libpq and psql do it.
///
/// `description` is safe to print: it never contains the password.
public struct ConnectionConfig: Sendable, Equatable, CustomStringConvertible {
    public enum Endpoint: Sendable, Equatable {
        /// A TCP host name or address and port.
        case tcp(host: String, port: Int)
        /// A directory holding the server's socket file `.s.PGSQL.<port>`.
        case unixSocket(directory: String, port: Int)
    }

    /// libpq's `sslmode`.
    public enum SSLMode: String, Sendable, Equatable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var endpoint: Endpoint
    public var user: String
    public var password: Password?
    public var database: String
    public var sslMode: SSLMode
    /// A PEM file of trusted root certificates (`sslrootcert`).
    public var sslRootCertificate: String?
    public var connectTimeoutSeconds: Int
    public var applicationName: String
    /// Server options for the session, as in libpq's `options` (`-c name=value …`).
    public var options: String?

    public init(endpoint: Endpoint, user: String, password: Password? = nil, database: String,
                sslMode: SSLMode = .prefer, sslRootCertificate: String? = nil, connectTimeoutSeconds: Int = 10,
                applicationName: String = "keel", options: String? = nil) {
        self.endpoint = endpoint
        self.user = user
        self.password = password
        self.database = database
        self.sslMode = sslMode
        self.sslRootCertificate = sslRootCertificate
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.applicationName = applicationName
        self.options = options
    }

    /// Where the server is, for messages: `db.example.com:5432` or `/var/run/postgresql/.s.PGSQL.5432`.
    public var target: String {
        switch endpoint {
        case .tcp(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .unixSocket: socketPath ?? ""
        }
    }

    /// For a unix socket endpoint, the socket file's path.
    public var socketPath: String? {
        guard case .unixSocket(let directory, let port) = endpoint else { return nil }
        return (directory.hasSuffix("/") ? directory : directory + "/") + ".s.PGSQL.\(port)"
    }

    /// A libpq URL for this configuration with the password left out (so never printed).
    public var redactedURL: String {
        var query: [String] = []
        let authority: String
        let userPart = Self.percentEncode(user) + (password == nil ? "" : ":***") + "@"
        switch endpoint {
        case .tcp(let host, let port):
            authority = userPart + (host.contains(":") ? "[\(host)]" : Self.percentEncode(host)) + ":\(port)"
            if sslMode != .prefer { query.append("sslmode=\(sslMode.rawValue)") }
        case .unixSocket(let directory, let port):
            authority = userPart
            query.append("host=\(directory)")
            if port != 5432 { query.append("port=\(port)") }
        }
        let suffix = query.isEmpty ? "" : "?" + query.joined(separator: "&")
        return "postgres://\(authority)/\(Self.percentEncode(database))\(suffix)"
    }

    public var description: String { redactedURL }

    /// A copy connecting to another database on the same server.
    public func with(database: String) -> ConnectionConfig {
        var copy = self
        copy.database = database
        return copy
    }

    static func percentEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// A password that refuses to be printed.
public struct Password: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The secret itself; read it only to hand it to the driver.
    public let value: String

    public init(_ value: String) { self.value = value }

    public var description: String { "***" }
    public var debugDescription: String { "***" }
}

extension ConnectionConfig {
    /// libpq environment variables for server programs (psql, pg_dump), so connection details,
    /// and above all the password, travel in the environment rather than on the command line.
    public var libpqEnvironment: [String: String] {
        var environment: [String: String] = ["PGUSER": user, "PGDATABASE": database, "PGSSLMODE": sslMode.rawValue,
                                             "PGCONNECT_TIMEOUT": "\(connectTimeoutSeconds)", "PGAPPNAME": applicationName]
        switch endpoint {
        case .tcp(let host, let port):
            environment["PGHOST"] = host
            environment["PGPORT"] = "\(port)"
        case .unixSocket(let directory, let port):
            environment["PGHOST"] = directory
            environment["PGPORT"] = "\(port)"
        }
        if let password { environment["PGPASSWORD"] = password.value }
        if let sslRootCertificate { environment["PGSSLROOTCERT"] = sslRootCertificate }
        if let options { environment["PGOPTIONS"] = options }
        return environment
    }
}
