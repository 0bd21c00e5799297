public import KeelCore
public import Logging
public import PostgresNIO
import Foundation
import NIOCore
import NIOSSL
import Synchronization

/// One open connection to PostgreSQL, with Keel's error mapping.
///
/// Every failure surfaces as a ``PostgresLayerError`` that names the server and never the password.
public final class Session: Sendable {
    public let config: ConnectionConfig
    let connection: PostgresConnection
    let logger: Logger
    private let statements = Mutex(0)

    /// How many statements this session has sent (discovery promises a fixed number).
    public var statementCount: Int { statements.withLock { $0 } }

    private init(config: ConnectionConfig, connection: PostgresConnection, logger: Logger) {
        self.config = config
        self.connection = connection
        self.logger = logger
    }

    /// Opens a session.
    /// - Throws: ``PostgresLayerError`` such as `.wrongPassword`, `.unreachable`, `.databaseMissing` or `.tlsFailed`.
    public static func connect(_ config: ConnectionConfig, logger: Logger = Logger(label: "keel.postgres")) async throws -> Session {
        let driverConfig = try driverConfiguration(for: config)
        do {
            let connection = try await PostgresConnection.connect(
                configuration: driverConfig, id: nextConnectionID(), logger: logger)
            logger.debug("connected", metadata: ["target": "\(config.redactedURL)"])
            return Session(config: config, connection: connection, logger: logger)
        } catch {
            throw ErrorMapping.map(error, config: config, statement: nil)
        }
    }

    /// Runs `body` with a new session and closes it afterwards, also on error.
    public static func with<T: Sendable>(
        _ config: ConnectionConfig, logger: Logger = Logger(label: "keel.postgres"),
        _ body: (Session) async throws -> T
    ) async throws -> T {
        let session = try await connect(config, logger: logger)
        do {
            let result = try await body(session)
            await session.close()
            return result
        } catch {
            await session.close()
            throw error
        }
    }

    /// Runs a statement that returns no rows we care about (DDL, SET, …).
    public func execute(_ sql: SQL, binds: PostgresBindings = PostgresBindings()) async throws {
        statements.withLock { $0 += 1 }
        do {
            let rows = try await connection.query(PostgresQuery(sql, binds: binds), logger: logger)
            for try await _ in rows {}
        } catch {
            throw ErrorMapping.map(error, config: config, statement: sql.text)
        }
    }

    /// Runs a query and decodes every row with `decode`, mapping driver errors to ``PostgresLayerError``.
    public func collect<T>(
        _ sql: SQL, binds: PostgresBindings = PostgresBindings(), _ decode: (PostgresRow) throws -> T
    ) async throws -> [T] {
        var result: [T] = []
        statements.withLock { $0 += 1 }
        let started = ContinuousClock.now
        defer {
            logger.debug("query", metadata: [
                "statement": "\(Self.firstWords(sql.text))", "rows": "\(result.count)",
                "elapsed": "\(ContinuousClock.now - started)",
            ])
        }
        do {
            let rows = try await connection.query(PostgresQuery(sql, binds: binds), logger: logger)
            for try await row in rows {
                do { result.append(try decode(row)) } catch let error as PostgresLayerError { throw error } catch {
                    throw PostgresLayerError.decoding(what: "a row of \(Self.firstWords(sql.text))", reason: Self.describe(decoding: error))
                }
            }
        } catch let error as PostgresLayerError {
            throw error
        } catch {
            throw ErrorMapping.map(error, config: config, statement: sql.text)
        }
        return result
    }

    /// Runs a query expected to return exactly one row.
    public func one<T>(_ sql: SQL, binds: PostgresBindings = PostgresBindings(), _ decode: (PostgresRow) throws -> T) async throws -> T {
        let rows = try await collect(sql, binds: binds, decode)
        guard let first = rows.first, rows.count == 1 else {
            throw PostgresLayerError.decoding(what: Self.firstWords(sql.text), reason: "expected one row, got \(rows.count)")
        }
        return first
    }

    /// Closes the connection; errors while closing are logged, not thrown.
    public func close() async {
        do { try await connection.close() } catch {
            logger.debug("error while closing a connection", metadata: ["target": "\(config.redactedURL)"])
        }
    }

    /// Names the column and types of a decoding failure, without the cell's data.
    static func describe(decoding error: any Error) -> String {
        if let error = error as? PostgresDecodingError {
            return "column \(error.columnIndex) (\(error.columnName)) of type \(error.postgresType) cannot be read as \(error.targetType): \(error.code)"
        }
        return "\(type(of: error))"
    }

    private static func firstWords(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).prefix(4).joined(separator: " ") + (text.range(of: " FROM ").map { " … FROM " + text[$0.upperBound...].split(whereSeparator: { $0.isWhitespace }).prefix(1).joined() } ?? "")
    }

    private static let connectionCounter = Counter()

    private static func nextConnectionID() -> Int { connectionCounter.next() }

    static func driverConfiguration(for config: ConnectionConfig) throws -> PostgresConnection.Configuration {
        var driver: PostgresConnection.Configuration
        switch config.endpoint {
        case .unixSocket:
            driver = PostgresConnection.Configuration(
                unixSocketPath: config.socketPath ?? "", username: config.user,
                password: config.password?.value, database: config.database)
        case .tcp(let host, let port):
            driver = PostgresConnection.Configuration(
                host: host, port: port, username: config.user, password: config.password?.value,
                database: config.database, tls: try tls(for: config, host: host))
        }
        driver.options.connectTimeout = .seconds(Int64(config.connectTimeoutSeconds))
        var startup: [(String, String)] = [("application_name", config.applicationName)]
        if let options = config.options { startup.append(("options", options)) }
        driver.options.additionalStartupParameters = startup
        return driver
    }

    private static func tls(for config: ConnectionConfig, host: String) throws -> PostgresConnection.Configuration.TLS {
        var tlsConfig = TLSConfiguration.makeClientConfiguration()
        switch config.sslMode {
        case .disable: return .disable
        case .allow, .prefer, .require: tlsConfig.certificateVerification = .none
        case .verifyCA: tlsConfig.certificateVerification = .noHostnameVerification
        case .verifyFull: tlsConfig.certificateVerification = .fullVerification
        }
        if let rootCert = config.sslRootCertificate, config.sslMode == .verifyCA || config.sslMode == .verifyFull {
            tlsConfig.trustRoots = .file(rootCert)
        }
        let context: NIOSSLContext
        do { context = try NIOSSLContext(configuration: tlsConfig) } catch {
            throw PostgresLayerError.tlsFailed(target: config.target, reason: "cannot set up TLS: \(error)")
        }
        switch config.sslMode {
        case .allow, .prefer: return .prefer(context)
        default: return .require(context)
        }
    }
}

/// A thread-safe counter for connection ids.
private final class Counter: Sendable {
    private let value = Mutex(0)
    func next() -> Int { value.withLock { $0 += 1; return $0 } }
}
