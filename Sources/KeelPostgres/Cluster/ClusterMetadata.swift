import Foundation
import KeelCore

/// `keel-cluster.json`, written into a managed cluster's directory so that later commands
/// (`keel pg status`, `keel pg stop`) can find and connect to it.
struct ClusterMetadata: Codable, Sendable, Equatable {
    static let fileName = "keel-cluster.json"

    var formatVersion = 1
    var directory: String
    var socketDirectory: String
    var port: Int
    var superuser: String
    var serverUser: String
    var version: String
    var majorVersion: Int
    var binDirectory: String
    var detached: Bool
    var tcpAddress: String?

    var dataDirectory: String { directory + "/data" }

    static func read(directory: String) -> ClusterMetadata? {
        guard let data = FileManager.default.contents(atPath: directory + "/" + fileName) else { return nil }
        return try? CanonicalJSON.decode(ClusterMetadata.self, from: data)
    }

    func write() throws {
        let data = try CanonicalJSON.encode(self)
        try data.write(to: URL(fileURLWithPath: directory + "/" + Self.fileName), options: .atomic)
    }
}

/// The first lines of `postmaster.pid`: the server's pid and whether it accepts connections.
struct PostmasterPID {
    var pid: Int32
    var status: String

    /// Reads `DATA/postmaster.pid`; line 1 is the pid, line 8 the status (`starting`, `ready`, `stopping`).
    static func read(dataDirectory: String) -> PostmasterPID? {
        guard let text = try? String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, let pid = Int32(first.trimmingCharacters(in: .whitespaces)) else { return nil }
        let status = lines.count > 7 ? lines[7].trimmingCharacters(in: .whitespaces) : ""
        return PostmasterPID(pid: pid, status: status)
    }

    var isAlive: Bool { kill(pid, 0) == 0 || errno == EPERM }
}
