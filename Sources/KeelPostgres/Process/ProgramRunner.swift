import Foundation
import Subprocess
import SystemPackage

/// The outcome of running a program to completion.
public struct ProgramResult: Sendable {
    /// The exit code, or nil when a signal ended the program.
    public var exitCode: Int32?
    public var signal: Int32?
    public var standardOutput: String
    public var standardError: String

    public var succeeded: Bool { exitCode == 0 }

    /// "exit code 1" or "signal 9", for messages.
    public var statusText: String {
        if let exitCode { return "exit code \(exitCode)" }
        return "signal \(signal ?? 0)"
    }
}

/// Runs external programs (initdb, psql, pg_dump …), optionally as another OS user.
///
/// Switching user goes through `setpriv`, which execs: the child's pid is the program's own pid.
public enum ProgramRunner {
    static let outputLimit = 64 << 20

    /// Runs `executable` with `arguments` and collects its output.
    public static func run(
        _ executable: String, _ arguments: [String], workingDirectory: String? = nil,
        environment: [String: String?] = [:], as user: OSUser? = nil
    ) async throws -> ProgramResult {
        let (path, args) = try command(executable, arguments, as: user)
        let env = Environment.inherit.updating(Self.environmentKeys(environment))
        do {
            let result = try await Subprocess.run(
                .path(FilePath(path)), arguments: Arguments(args), environment: env,
                workingDirectory: workingDirectory.map { FilePath($0) },
                output: .string(limit: outputLimit), error: .string(limit: outputLimit))
            return ProgramResult(
                exitCode: exitCode(result.terminationStatus), signal: signal(result.terminationStatus),
                standardOutput: result.standardOutput, standardError: result.standardError)
        } catch {
            throw PostgresLayerError.programFailed(program: executable, status: "could not start", output: "\(error)")
        }
    }

    /// Runs a program and throws ``PostgresLayerError/programFailed(program:status:output:)`` unless it exits 0.
    @discardableResult
    public static func check(
        _ executable: String, _ arguments: [String], workingDirectory: String? = nil,
        environment: [String: String?] = [:], as user: OSUser? = nil
    ) async throws -> ProgramResult {
        let result = try await run(executable, arguments, workingDirectory: workingDirectory,
                                   environment: environment, as: user)
        guard result.succeeded else {
            let output = (result.standardError + result.standardOutput).trimmingCharacters(in: .whitespacesAndNewlines)
            throw PostgresLayerError.programFailed(
                program: (executable as NSString).lastPathComponent, status: result.statusText,
                output: String(output.suffix(2000)))
        }
        return result
    }

    /// The argv that runs `executable` as `user` (through setpriv) or as ourselves.
    static func command(_ executable: String, _ arguments: [String], as user: OSUser?) throws -> (String, [String]) {
        guard let user, user.uid != geteuid() else { return (executable, arguments) }
        guard let setpriv = which("setpriv") else {
            throw PostgresLayerError.noServerUser(reason: "setpriv (util-linux) is not installed")
        }
        return (setpriv, ["--reuid=\(user.uid)", "--regid=\(user.gid)", "--init-groups", "--", executable] + arguments)
    }

    /// The first executable named `name` on PATH.
    public static func which(_ name: String, path: String? = nil) -> String? {
        let dirs = (path ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") + ["/usr/sbin", "/sbin", "/usr/bin"]
        for dir in dirs {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    private static func environmentKeys(_ env: [String: String?]) -> [Environment.Key: String?] {
        var result: [Environment.Key: String?] = [:]
        for (key, value) in env {
            if let key = Environment.Key(rawValue: key) { result[key] = value }
        }
        return result
    }

    static func exitCode(_ status: TerminationStatus) -> Int32? {
        if case .exited(let code) = status { return Int32(code) }
        return nil
    }

    static func signal(_ status: TerminationStatus) -> Int32? {
        if case .signaled(let code) = status { return Int32(code) }
        return nil
    }
}
