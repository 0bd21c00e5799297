import Foundation
public import Logging
import Subprocess
import Synchronization
import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL server that keel starts by itself, for sandboxes, tests and the demo.
///
/// - It listens only on a unix socket in a private directory (no TCP unless asked for).
/// - It is tuned for throwaway use: fsync, full-page writes and synchronous commit are off.
/// - When keel runs as root, the server runs as an unprivileged OS user.
/// - With ``Lifetime/process`` the server lives as long as this process: a small supervisor
///   shell watches a pipe that only this process holds open, so when the process exits for any
///   reason (SIGINT, SIGTERM, even SIGKILL) the server is stopped and its directory removed.
/// - With ``Lifetime/detached`` (`keel pg start`) the server outlives keel until `keel pg stop`.
///   Until it is ready it is supervised the same way, so an interrupted start leaves nothing behind.
public final class ManagedCluster: Sendable {
    public enum Lifetime: Sendable {
        case process, detached
    }

    public struct Options: Sendable {
        /// The cluster directory; it must not exist or be empty. Default: a new `/tmp/keel-pg-XXXXXX`.
        public var directory: String?
        public var lifetime: Lifetime
        /// Only servers of this major version qualify (sandboxes match their source).
        public var majorVersion: Int?
        /// Extra `postgresql.conf` settings.
        public var settings: [String: String]
        /// Also listen on this loopback TCP port (used to test TLS handling); nil for socket only.
        public var tcpPort: Int?

        public init(directory: String? = nil, lifetime: Lifetime = .process, majorVersion: Int? = nil,
                    settings: [String: String] = [:], tcpPort: Int? = nil) {
            self.directory = directory
            self.lifetime = lifetime
            self.majorVersion = majorVersion
            self.settings = settings
            self.tcpPort = tcpPort
        }
    }

    /// The superuser role every managed cluster has; it connects over the socket without a password.
    public static let superuser = "postgres"

    let metadata: ClusterMetadata
    private let supervisor: Mutex<Supervisor?>
    private let logger: Logger

    /// The cluster directory (holding `data/`, `socket/`, `server.log` and `keel-cluster.json`).
    public var directory: String { metadata.directory }
    public var socketDirectory: String { metadata.socketDirectory }
    public var port: Int { metadata.port }
    /// The server's version, e.g. "15.18".
    public var version: String { metadata.version }
    public var majorVersion: Int { metadata.majorVersion }
    public var binaries: ServerBinaries {
        ServerBinaries(binDirectory: metadata.binDirectory, majorVersion: metadata.majorVersion, version: metadata.version)
    }
    /// The OS user the server runs as.
    public var serverUser: String { metadata.serverUser }

    private init(metadata: ClusterMetadata, supervisor: Supervisor?, logger: Logger) {
        self.metadata = metadata
        self.supervisor = Mutex(supervisor)
        self.logger = logger
    }

    /// How to connect to `database` as the superuser (or another role).
    public func connectionConfig(database: String = "postgres", user: String = ManagedCluster.superuser,
                                 password: String? = nil) -> ConnectionConfig {
        ConnectionConfig(endpoint: .unixSocket(directory: socketDirectory, port: port), user: user,
                         password: password.map(Password.init), database: database, sslMode: .disable)
    }

    /// A libpq URL for psql, dbt and other clients.
    public func url(database: String = "postgres") -> String {
        connectionConfig(database: database).redactedURL
    }

    // MARK: Start

    /// Creates, starts and waits for a new cluster. Typically under a second.
    public static func start(_ options: Options = Options(), logger: Logger = Logger(label: "keel.cluster")) async throws -> ManagedCluster {
        let binaries = try await ServerBinaries.locate(majorVersion: options.majorVersion)
        let user = try await ServerUser.choose()
        let directory = try ClusterDirectory.create(options.directory, for: user)
        do {
            let metadata = ClusterMetadata(
                directory: directory, socketDirectory: directory + "/socket", port: 5432, superuser: superuser,
                serverUser: user.name, version: binaries.version, majorVersion: binaries.majorVersion,
                binDirectory: binaries.binDirectory, detached: options.lifetime == .detached,
                tcpAddress: options.tcpPort.map { "127.0.0.1:\($0)" })
            try ClusterDirectory.checkSocketPath(metadata.socketDirectory, port: metadata.port)
            try await initialize(metadata, binaries: binaries, user: user, options: options)
            try metadata.write()
            let supervisor = try Supervisor.launch(metadata: metadata, serverCommand: try ProgramRunner.command(
                binaries.postgres, ["-D", metadata.dataDirectory], as: user))
            let cluster = ManagedCluster(metadata: metadata, supervisor: supervisor, logger: logger)
            do {
                try await cluster.waitUntilReady()
            } catch {
                await cluster.stopSupervised()
                throw error
            }
            if options.lifetime == .detached { cluster.detach() }
            logger.debug("managed cluster ready", metadata: ["directory": "\(directory)", "version": "\(binaries.version)"])
            return cluster
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
    }

    private static func initialize(_ metadata: ClusterMetadata, binaries: ServerBinaries, user: OSUser, options: Options) async throws {
        let env: [String: String?] = ["PGDATA": nil, "LC_ALL": "C", "LANG": "C"]
        try await ProgramRunner.check(
            binaries.initdb,
            ["-D", metadata.dataDirectory, "-U", superuser, "--auth=trust", "--encoding=UTF8", "--locale=C",
             "--no-sync", "--no-instructions"],
            workingDirectory: metadata.directory, environment: env, as: user)

        var settings: [String: String] = [
            "listen_addresses": options.tcpPort == nil ? "''" : "'127.0.0.1'",
            "port": "\(metadata.port)",
            "unix_socket_directories": "'\(metadata.socketDirectory)'",
            "unix_socket_permissions": "0700",
            "fsync": "off", "full_page_writes": "off", "synchronous_commit": "off",
            "max_connections": "200", "logging_collector": "off", "log_min_messages": "warning",
            "password_encryption": "'scram-sha-256'",
        ]
        if binaries.hasModule("pg_stat_statements") {
            settings["shared_preload_libraries"] = "'pg_stat_statements'"
            settings["pg_stat_statements.track"] = "all"
        }
        if let tcpPort = options.tcpPort { settings["port"] = "\(tcpPort)" }
        for (key, value) in options.settings { settings[key] = value }
        let conf = settings.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: "\n")
        try appendFile(metadata.dataDirectory + "/postgresql.conf", "\n# keel managed cluster\n" + conf + "\n")

        // The superuser connects over the private socket without a password; every other role
        // needs one, so wrong-password handling is real.
        let hba = """
            # keel managed cluster: socket directory is private to the server user (mode 0700)
            local all \(superuser) trust
            local all all scram-sha-256
            host all all 127.0.0.1/32 scram-sha-256
            """
        try (hba + "\n").write(toFile: metadata.dataDirectory + "/pg_hba.conf", atomically: false, encoding: .utf8)
    }

    private static func appendFile(_ path: String, _ text: String) throws {
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw PostgresLayerError.clusterStartFailed(directory: path, reason: "cannot open \(path)", logTail: "")
        }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    private func waitUntilReady(timeout: Duration = .seconds(60)) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if let pid = PostmasterPID.read(dataDirectory: metadata.dataDirectory), pid.status == "ready" { return }
            if FileManager.default.fileExists(atPath: directory + "/server.exit") {
                throw PostgresLayerError.clusterStartFailed(directory: directory, reason: "the server exited", logTail: logTail())
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw PostgresLayerError.clusterStartFailed(
            directory: directory, reason: "not ready after \(timeout.components.seconds) s", logTail: logTail())
    }

    /// The last lines of `server.log`, for error messages.
    public func logTail(lines: Int = 15) -> String {
        guard let text = try? String(contentsOfFile: directory + "/server.log", encoding: .utf8) else { return "" }
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    // MARK: Stop

    /// Stops the server (fast shutdown) and removes the cluster directory.
    public func stop() async throws {
        if supervisor.withLock({ $0 != nil }) {
            await stopSupervised()
        } else {
            try await Self.stop(directory: directory)
        }
    }

    /// Closes the supervisor's pipe and waits for it to stop the server and remove the directory.
    private func stopSupervised() async {
        guard let running = supervisor.withLock({ value -> Supervisor? in defer { value = nil }; return value }) else { return }
        running.closePipe()
        await running.waitForExit()
    }

    /// Hands the running server over to its own session so it outlives this process.
    private func detach() {
        guard let running = supervisor.withLock({ value -> Supervisor? in defer { value = nil }; return value }) else { return }
        running.detach()
    }

    /// Stops the cluster in `directory`, whoever started it, and removes the directory.
    public static func stop(directory: String, timeout: Duration = .seconds(30)) async throws {
        guard let metadata = ClusterMetadata.read(directory: directory) else {
            throw PostgresLayerError.clusterNotRunning(directory: directory)
        }
        if let pid = PostmasterPID.read(dataDirectory: metadata.dataDirectory), pid.isAlive {
            kill(pid.pid, SIGINT)  // fast shutdown: abort transactions, then exit cleanly
            let clock = ContinuousClock()
            let deadline = clock.now + timeout
            while pid.isAlive, FileManager.default.fileExists(atPath: metadata.dataDirectory + "/postmaster.pid") {
                if clock.now > deadline { kill(pid.pid, SIGQUIT); break }
                try await Task.sleep(for: .milliseconds(10))
            }
            // Let the runner shell record the exit before the directory goes.
            for _ in 0..<100 where !FileManager.default.fileExists(atPath: directory + "/server.exit") {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        try FileManager.default.removeItem(atPath: directory)
    }

    // MARK: Status

    public enum Status: Sendable, Equatable {
        /// The server accepts connections.
        case running(pid: Int32, version: String, socketDirectory: String)
        /// The directory holds a cluster whose server is not running.
        case stopped
        /// There is no managed cluster in the directory.
        case absent
    }

    /// Whether a managed cluster in `directory` is running.
    public static func status(directory: String) -> Status {
        guard let metadata = ClusterMetadata.read(directory: directory) else { return .absent }
        guard let pid = PostmasterPID.read(dataDirectory: metadata.dataDirectory), pid.isAlive, pid.status == "ready" else {
            return .stopped
        }
        return .running(pid: pid.pid, version: metadata.version, socketDirectory: metadata.socketDirectory)
    }

    /// Attaches to a running cluster started earlier (e.g. by `keel pg start`).
    public static func attach(directory: String, logger: Logger = Logger(label: "keel.cluster")) throws -> ManagedCluster {
        guard let metadata = ClusterMetadata.read(directory: directory),
              case .running = status(directory: directory)
        else { throw PostgresLayerError.clusterNotRunning(directory: directory) }
        return ManagedCluster(metadata: metadata, supervisor: nil, logger: logger)
    }

    /// The default directory of `keel pg start`: `/tmp/keel-pg-<uid>`.
    public static var defaultDirectory: String { "/tmp/keel-pg-\(geteuid())" }
}
