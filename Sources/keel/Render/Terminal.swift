import Foundation
import KeelCore

/// Writing to the terminal: results to stdout, everything else (progress, errors) to stderr.
enum Terminal {
    static func stdout(_ text: String) {
        FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static func stdout(data: Data) {
        FileHandle.standardOutput.write(data)
    }

    static func stderr(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Prints a failure as `error: …` plus an optional `hint: …` line.
    static func error(_ error: any KeelError) {
        var text = "error: \(error.message)"
        if let hint = error.hint { text += "\nhint: \(hint)" }
        stderr(text)
    }

    /// Whether stderr is a terminal (progress output is only drawn there).
    static var stderrIsTerminal: Bool { isatty(2) == 1 }
}
