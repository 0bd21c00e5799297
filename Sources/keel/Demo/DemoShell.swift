import ArgumentParser
import Foundation
import KeelCore
import KeelDemo
import KeelPostgres

/// Runs `keel` commands inside this process, printing each as a user would type it.
struct DemoShell {
    /// Long values (socket URLs) shown by a short name in the printed command.
    let displayNames: [String: String]

    /// Runs `arguments` as `keel …`; a status outside `expected` ends the demo.
    @discardableResult
    func run(_ arguments: [String], expected: Set<Int32> = [ExitStatus.success.rawValue]) async throws -> Int32 {
        let shown = arguments.map { displayNames[$0] ?? Self.shellQuoted($0) }.joined(separator: " ")
        Terminal.stdout("\n$ keel \(shown)")
        let status: Int32
        do {
            var command = try Keel.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            status = ExitStatus.success.rawValue
        } catch let exit as ExitCode {
            status = exit.rawValue
        } catch let error as any KeelError {
            Terminal.error(error)
            status = error.exitStatus.rawValue
        } catch {
            throw DemoError.stepFailed(step: "keel \(shown)", reason: Keel.fullMessage(for: error))
        }
        guard expected.contains(status) else {
            throw DemoError.stepFailed(step: "keel \(shown)", reason: "exit status \(status)")
        }
        return status
    }

    static func shellQuoted(_ word: String) -> String {
        let plain = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:@%+,".contains($0) }
        return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// Section headers and timing marks.
struct DemoLog {
    private(set) var marks: [(String, ContinuousClock.Instant)] = []
    private var number = 0

    mutating func section(_ title: String) {
        number += 1
        Terminal.stdout("\n━━ \(number). \(title) " + String(repeating: "━", count: max(3, 70 - title.count)))
    }

    func say(_ text: String) {
        Terminal.stdout(text.trimmingCharacters(in: .newlines))
    }

    mutating func mark(_ name: String) {
        marks.append((name, ContinuousClock.now))
    }
}

/// Applies the plan's consumer patches to the demo's copy of the project, as a deploy would.
enum DemoPatches {
    static func apply(_ patches: [MigrationPlan.ConsumerPatch], in directory: URL, log: inout DemoLog) async throws {
        guard let git = ProgramRunner.which("git") else {
            throw DemoError.stepFailed(step: "apply the consumer patches", reason: "git is not installed (it applies the unified diffs)")
        }
        for patch in patches {
            let file = directory.appendingPathComponent("patches").appendingPathComponent(patch.consumer.replacingOccurrences(of: "/", with: "_") + ".diff")
            do {
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(patch.diff.utf8).write(to: file)
            } catch {
                throw DemoError.unwritable(path: file.path, reason: error.localizedDescription)
            }
            let result = try await ProgramRunner.run(git, ["apply", file.path], workingDirectory: directory.path)
            guard result.succeeded else {
                throw DemoError.stepFailed(step: "git apply \(file.lastPathComponent)", reason: result.standardError)
            }
            log.say("patched \(patch.file) for \(patch.consumer) (\(file.lastPathComponent))")
        }
    }
}
