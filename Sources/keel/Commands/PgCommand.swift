import ArgumentParser
import Foundation
import KeelCore
import KeelPostgres

/// `keel pg`: a throwaway PostgreSQL that keel manages itself.
struct PgCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pg",
        abstract: "Start, stop and inspect a throwaway PostgreSQL managed by keel.",
        discussion: """
            The server listens only on a unix socket in its directory, runs as an unprivileged user \
            when keel is root, has fsync off, and is removed entirely on stop.

            Examples:
              keel pg start --dir /tmp/sandbox
              psql "$(keel pg status --dir /tmp/sandbox --url)"
              keel pg stop --dir /tmp/sandbox
            """,
        subcommands: [Start.self, Stop.self, Status.self]
    )
}

struct ClusterDirectoryOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The cluster directory.", valueName: "dir"))
    var dir: String?

    var path: String {
        dir.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? ManagedCluster.defaultDirectory
    }
}

/// What `pg start` and `pg status` print with `--json`.
struct ClusterInfo: Codable {
    var status: String
    var directory: String
    var pid: Int32?
    var version: String?
    var socketDirectory: String?
    var url: String?
}

extension PgCommand {
    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start a managed PostgreSQL that keeps running until `keel pg stop`.",
            discussion: """
                Examples:
                  keel pg start                       # in /tmp/keel-pg-<uid>
                  keel pg start --dir /tmp/sandbox --json
                  keel pg start --foreground          # until Ctrl-C, then removed
                """)

        @OptionGroup var directory: ClusterDirectoryOption
        @Option(name: .long, help: ArgumentHelp("Use this installed major version (default: the newest).", valueName: "n"))
        var version: Int?
        @Flag(name: .long, help: "Stay in the foreground; stop and remove the cluster on Ctrl-C or SIGTERM, or when the process that started keel exits.")
        var foreground = false
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let dir = directory.path
            if case .running = ManagedCluster.status(directory: dir) {
                throw CLIError.clusterAlreadyRunning(directory: dir)
            }
            if case .stopped = ManagedCluster.status(directory: dir) {
                // A leftover of a crashed cluster: clear it so the directory can be reused.
                try? FileManager.default.removeItem(atPath: dir)
            }
            // Before the cluster exists, so a signal sent the moment it is ready is not lost.
            let signals = foreground ? SignalWaiter([SIGINT, SIGTERM]) : nil
            let cluster = try await ManagedCluster.start(ManagedCluster.Options(
                directory: dir, lifetime: foreground ? .process : .detached, majorVersion: version))
            let info = ClusterInfo(status: "running", directory: cluster.directory, pid: nil, version: cluster.version,
                                   socketDirectory: cluster.socketDirectory, url: cluster.url())
            if output.json {
                Terminal.stdout(data: try CanonicalJSON.encode(info))
            } else {
                Terminal.stdout("""
                    PostgreSQL \(cluster.version) is running in \(cluster.directory)
                    connect: psql "\(cluster.url())"
                    """ + (foreground ? "\npress Ctrl-C to stop it and remove the directory" : "\nstop:    keel pg stop" + (directory.dir == nil ? "" : " --dir \(cluster.directory)")))
            }
            if let signals {
                signals.watchParent()
                let signal = await signals.next()
                try await cluster.stop()
                let cause = signal == SIGHUP ? "the process that started keel exited" : "received signal \(signal)"
                Terminal.stderr("\(cause): stopped and removed \(cluster.directory)")
            }
        }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop a managed PostgreSQL and remove its directory.",
            discussion: """
                Examples:
                  keel pg stop
                  keel pg stop --dir /tmp/sandbox
                """)

        @OptionGroup var directory: ClusterDirectoryOption

        func run() async throws {
            try await ManagedCluster.stop(directory: directory.path)
            Terminal.stderr("stopped and removed \(directory.path)")
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show whether a managed PostgreSQL is running; exit 1 when it is not.",
            discussion: """
                Examples:
                  keel pg status --dir /tmp/sandbox
                  psql "$(keel pg status --url)"
                """)

        @OptionGroup var directory: ClusterDirectoryOption
        @Flag(name: .long, help: "Print only the connection URL.")
        var url = false
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let dir = directory.path
            var info = ClusterInfo(status: "absent", directory: dir)
            switch ManagedCluster.status(directory: dir) {
            case .running(let pid, let version, let socketDirectory):
                let cluster = try ManagedCluster.attach(directory: dir)
                info = ClusterInfo(status: "running", directory: dir, pid: pid, version: version,
                                   socketDirectory: socketDirectory, url: cluster.url())
            case .stopped: info.status = "stopped"
            case .absent: break
            }
            if output.json {
                Terminal.stdout(data: try CanonicalJSON.encode(info))
            } else if url, let value = info.url {
                Terminal.stdout(value)
            } else if info.status == "running" {
                Terminal.stdout("running: PostgreSQL \(info.version ?? "") (pid \(info.pid ?? 0)) in \(dir)\nconnect: psql \"\(info.url ?? "")\"")
            } else {
                Terminal.stdout("\(info.status): no managed PostgreSQL is running in \(dir)")
            }
            if info.status != "running" { throw ExitCode(ExitStatus.findings.rawValue) }
        }
    }
}
