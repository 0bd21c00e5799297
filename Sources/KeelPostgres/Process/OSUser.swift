import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// OS accounts: who keel runs as, and who a managed server runs as.
public struct OSUser: Sendable, Equatable {
    public let name: String
    public let uid: UInt32
    public let gid: UInt32
    public let home: String

    /// The effective user's name, libpq's default role name.
    public static func currentName() -> String {
        current()?.name ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
    }

    /// Who runs keel, for audit records: the effective user's account even when `$USER` is unset
    /// (cron, containers), else `$USER` or `$LOGNAME`, else the numeric uid.
    public static func operatorName() -> String {
        let environment = ProcessInfo.processInfo.environment
        return current()?.name ?? environment["USER"] ?? environment["LOGNAME"] ?? "uid \(geteuid())"
    }

    public static func current() -> OSUser? {
        lookup(uid: geteuid())
    }

    init(_ entry: passwd) {
        self.name = String(cString: entry.pw_name)
        self.uid = entry.pw_uid
        self.gid = entry.pw_gid
        self.home = String(cString: entry.pw_dir)
    }

    public static var isRoot: Bool { geteuid() == 0 }

    public static func lookup(name: String) -> OSUser? {
        guard let entry = getpwnam(name) else { return nil }
        return OSUser(entry.pointee)
    }

    static func lookup(uid: uid_t) -> OSUser? {
        guard let entry = getpwuid(uid) else { return nil }
        return OSUser(entry.pointee)
    }
}
