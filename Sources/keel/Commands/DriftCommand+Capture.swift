import ArgumentParser
import Foundation
import KeelCore
import KeelMonitor
import KeelPostgres
import KeelRollout

extension DriftCommand {
    /// `keel drift install-capture`: log every DDL command, so drift can say who made it.
    struct InstallCapture: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install-capture",
            abstract: "Install (or with --uninstall remove) the event triggers that log DDL to keel.ddl_log.",
            discussion: """
                Two event triggers (ddl_command_end and sql_drop) append every DDL command to keel.ddl_log: \
                when, session_user and the role in effect, application_name, the command tag, the object's \
                type and identity, and the client's statement. keel drift then attributes each difference to \
                the commands that made it. A failure to log never blocks the DDL (it only raises a warning). \
                Needs a superuser. --uninstall removes the triggers and keeps the log.

                Examples:
                  keel drift install-capture --env production
                  keel drift install-capture --db postgres://postgres@db.internal/billing
                  keel drift install-capture --env production --uninstall
                """)

        @OptionGroup var target: DriftTargetOptions

        @Flag(name: .long, help: "Remove the event triggers (keel.ddl_log and its rows stay).")
        var uninstall = false

        func run() async throws {
            let resolved = try target.resolve()
            let installed = try await Session.with(resolved.connection) { session in
                if uninstall { return try await DDLCapture.uninstall(on: session) }
                try await DDLCapture.install(on: session)
                return true
            }
            if target.json {
                Terminal.stdout(data: try CanonicalJSON.encode(["environment": resolved.name, "capture": uninstall ? "removed" : "installed"]))
                return
            }
            if uninstall {
                Terminal.stdout(installed ? "DDL capture removed from \(resolved.name); keel.ddl_log keeps its rows"
                                          : "DDL capture was not installed on \(resolved.name); nothing to remove")
            } else {
                Terminal.stdout("DDL capture installed on \(resolved.name): event triggers keel_capture_ddl and keel_capture_drop log to keel.ddl_log")
            }
        }
    }
}
