import Foundation
import KeelPostgres
import KeelTestSupport
import Testing

/// The command-line surface: help, version and the exit-status contract (0 / 1 / 2).
@Suite struct CLISurfaceTests {
    @Test func helpListsEveryCommandAndExitsZero() async throws {
        let result = try await KeelBinary.run(["--help"])
        #expect(result.exitCode == 0)
        for command in ["discover", "pg"] { #expect(result.standardOutput.contains(command)) }
    }

    @Test func versionPrintsTheVersion() async throws {
        let result = try await KeelBinary.run(["--version"])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }

    @Test(arguments: [["discover"], ["pg"], ["pg", "start"], ["pg", "stop"], ["pg", "status"]])
    func everyCommandHasHelpWithAnExample(_ command: [String]) async throws {
        let result = try await KeelBinary.run(command + ["--help"])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.contains("Examples:"), "\(command.joined(separator: " ")) --help has no example")
    }

    @Test func usageErrorsExitTwo() async throws {
        #expect(try await KeelBinary.run(["discover", "--no-such-flag"]).exitCode == 2)
        #expect(try await KeelBinary.run(["no-such-command"]).exitCode == 2)
        #expect(try await KeelBinary.run(["discover", "--db", "x", "--dump", "y"]).exitCode == 2)
    }

    @Test func connectionErrorsAreOneClearLineAndExitTwo() async throws {
        let result = try await KeelBinary.run(["discover", "--db", "postgres://bob:hunter2@127.0.0.1:1/app?sslmode=disable"])
        #expect(result.exitCode == 2)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.first?.hasPrefix("error: cannot reach PostgreSQL at 127.0.0.1:1") == true)
        #expect(lines.count <= 2)  // the error and its hint
        #expect(!(result.standardError + result.standardOutput).contains("hunter2"))
    }

    @Test func badConnectionStringsExitTwo() async throws {
        let result = try await KeelBinary.run(["discover", "--db", "postgres://h/db?sslmode=sometimes"])
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("invalid sslmode"))
    }

    @Test func pgStatusOfNothingExitsOne() async throws {
        let result = try await KeelBinary.run(["pg", "status", "--dir", "/nonexistent/keel-cluster"])
        #expect(result.exitCode == 1)
        #expect(result.standardOutput.contains("absent"))
    }

    @Test func pgStopOfNothingExitsTwo() async throws {
        let result = try await KeelBinary.run(["pg", "stop", "--dir", "/nonexistent/keel-cluster"])
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("no managed PostgreSQL is running"))
    }
}
