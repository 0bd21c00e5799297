/// The process exit status contract shared by every Keel face.
///
/// - `success` (0): the command did what was asked and found nothing wrong.
/// - `findings` (1): a check, lint or validation ran and found problems.
/// - `failure` (2): usage, configuration, connection or input errors; nothing was applied.
public enum ExitStatus: Int32, Sendable, Codable {
    case success = 0
    case findings = 1
    case failure = 2
}
