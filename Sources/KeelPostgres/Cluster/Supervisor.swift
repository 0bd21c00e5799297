import Foundation
import Subprocess
import Synchronization
import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// The shell that owns a managed server's life.
///
/// It reads a pipe whose write end only keel holds. End of file (keel stopped the cluster, or
/// exited for any reason, SIGKILL included) makes it stop the server and remove the directory;
/// the line `detach` makes it leave the server running. It runs in its own session, so a Ctrl-C
/// meant for keel does not kill it before it can clean up.
final class Supervisor: Sendable {
    private let writeEnd: Mutex<Int32?>
    private let task: Task<Void, Never>

    private init(writeEnd: Int32, task: Task<Void, Never>) {
        self.writeEnd = Mutex(writeEnd)
        self.task = task
    }

    static let script = #"""
        dir=$1; shift
        ( "$@" </dev/null >>"$dir/server.log" 2>&1; echo "$?" >"$dir/server.exit" ) &
        runner=$!
        if IFS= read -r command && [ "$command" = detach ]; then exit 0; fi
        while kill -0 "$runner" 2>/dev/null; do
          pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null)
          if [ -n "$pid" ] && kill -INT "$pid" 2>/dev/null; then break; fi
          sleep 0.02
        done
        wait "$runner"
        rm -rf "$dir"
        """#

    static func launch(metadata: ClusterMetadata, serverCommand: (String, [String])) throws -> Supervisor {
        var fds: [Int32] = [0, 0]
        // Close-on-exec so no other child inherits the write end (which would keep the pipe open).
        guard pipe(&fds) == 0, fcntl(fds[1], F_SETFD, FD_CLOEXEC) == 0, fcntl(fds[0], F_SETFD, FD_CLOEXEC) == 0 else {
            throw PostgresLayerError.clusterStartFailed(directory: metadata.directory, reason: "pipe: \(String(cString: strerror(errno)))", logTail: "")
        }
        let readEnd = fds[0], writeEnd = fds[1]
        var options = PlatformOptions()
        options.createSession = true
        let arguments = ["-c", script, "keel-supervisor", metadata.directory, serverCommand.0] + serverCommand.1
        let task = Task.detached {
            _ = try? await Subprocess.run(
                .path("/bin/sh"), arguments: Arguments(arguments), workingDirectory: FilePath(metadata.directory),
                platformOptions: options,
                input: .fileDescriptor(FileDescriptor(rawValue: readEnd), closeAfterSpawningProcess: true),
                output: .discarded, error: .discarded)
        }
        return Supervisor(writeEnd: writeEnd, task: task)
    }

    /// Ends the supervision: the server stops and its directory is removed.
    func closePipe() {
        writeEnd.withLock { fd in
            if let value = fd { close(value) }
            fd = nil
        }
    }

    /// Leaves the server running after keel exits.
    func detach() {
        writeEnd.withLock { fd in
            guard let value = fd else { return }
            let line = Array("detach\n".utf8)
            _ = line.withUnsafeBytes { write(value, $0.baseAddress, $0.count) }
            close(value)
            fd = nil
        }
    }

    func waitForExit() async {
        await task.value
    }
}
