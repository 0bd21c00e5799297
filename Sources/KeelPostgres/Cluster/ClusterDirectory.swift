import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Creates a cluster directory the server user can use, and checks the limits that would
/// otherwise fail later with a confusing server message.
enum ClusterDirectory {
    /// Where throwaway clusters go: `$KEEL_CLUSTER_ROOT`, else `/tmp` (short, so socket paths fit,
    /// and traversable by the server user, unlike a 0700 TMPDIR under /root).
    static var root: String {
        let configured = ProcessInfo.processInfo.environment["KEEL_CLUSTER_ROOT"] ?? ""
        return configured.isEmpty ? "/tmp" : configured
    }

    /// Creates `requested` (or a fresh `<root>/keel-pg-XXXXXX`) with `data/` and `socket/` owned by `user`.
    static func create(_ requested: String?, for user: OSUser) throws -> String {
        let fm = FileManager.default
        let directory: String
        if let requested {
            directory = URL(fileURLWithPath: requested).standardizedFileURL.path
            if fm.fileExists(atPath: directory) {
                let contents = (try? fm.contentsOfDirectory(atPath: directory)) ?? []
                guard contents.isEmpty else {
                    throw PostgresLayerError.clusterDirectoryUnusable(directory: directory, reason: "it exists and is not empty")
                }
            } else {
                do { try fm.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
                    throw PostgresLayerError.clusterDirectoryUnusable(directory: directory, reason: "cannot create it: \((error as NSError).localizedDescription)")
                }
            }
        } else {
            var template = Array("\(root)/keel-pg-XXXXXX".utf8CString)
            guard let made = mkdtemp(&template) else {
                throw PostgresLayerError.clusterDirectoryUnusable(directory: root, reason: String(cString: strerror(errno)))
            }
            directory = String(cString: made)
        }
        // mkdtemp makes 0700; the server user must be able to traverse it.
        chmod(directory, 0o755)
        try checkTraversable(directory, by: user)
        for sub in ["data", "socket"] {
            let path = directory + "/" + sub
            guard mkdir(path, 0o700) == 0 else {
                throw PostgresLayerError.clusterDirectoryUnusable(directory: directory, reason: "cannot create \(sub)/: \(String(cString: strerror(errno)))")
            }
            if OSUser.isRoot, chown(path, user.uid, user.gid) != 0 {
                throw PostgresLayerError.clusterDirectoryUnusable(directory: directory, reason: "cannot hand \(sub)/ to \(user.name): \(String(cString: strerror(errno)))")
            }
        }
        return directory
    }

    /// Every ancestor must be searchable by the server user, or initdb fails with "permission denied".
    static func checkTraversable(_ directory: String, by user: OSUser) throws {
        guard OSUser.isRoot, user.uid != 0 else { return }
        var path = (directory as NSString).deletingLastPathComponent
        while !path.isEmpty {
            var info = stat()
            if stat(path, &info) == 0 {
                let mode = info.st_mode
                let ok = (mode & S_IXOTH) != 0
                    || (info.st_uid == user.uid && (mode & S_IXUSR) != 0)
                    || (info.st_gid == user.gid && (mode & S_IXGRP) != 0)
                if !ok {
                    throw PostgresLayerError.clusterDirectoryUnusable(
                        directory: directory, reason: "the server user \(user.name) cannot enter \(path)")
                }
            }
            if path == "/" { break }
            path = (path as NSString).deletingLastPathComponent
        }
    }

    /// Unix socket paths are limited to 107 bytes.
    static func checkSocketPath(_ socketDirectory: String, port: Int) throws {
        let path = "\(socketDirectory)/.s.PGSQL.\(port)"
        if path.utf8.count > 107 {
            throw PostgresLayerError.clusterDirectoryUnusable(
                directory: socketDirectory, reason: "the socket path \(path) is longer than the 107 bytes unix sockets allow")
        }
    }
}
