/// The error protocol every Keel module's error type conforms to.
///
/// Faces (the CLI and the MCP server) understand it: they print `message` and `hint`,
/// and map `exitStatus` to the process exit code. Tests assert on `code`, never on text.
public protocol KeelError: Error, CustomStringConvertible, Sendable {
    /// A stable, machine-readable identifier such as `"postgres.wrong-password"`.
    var code: String { get }
    /// What failed and where, in one line. Never contains a password.
    var message: String { get }
    /// What the user can do next, when there is something useful to say.
    var hint: String? { get }
    /// The exit status a face should use. Defaults to ``ExitStatus/failure``.
    var exitStatus: ExitStatus { get }
}

extension KeelError {
    public var exitStatus: ExitStatus { .failure }
    public var hint: String? { nil }
    public var description: String {
        if let hint { return "\(message)\nhint: \(hint)" }
        return message
    }
}
