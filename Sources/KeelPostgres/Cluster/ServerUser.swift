import Foundation

/// Chooses the OS user a managed server runs as.
///
/// `initdb` and `postgres` refuse to run as root. When keel itself is root, the server runs as
/// `postgres` (present wherever Debian's server package is), else a `keel-postgres` system user
/// that keel creates, else `nobody`. Otherwise it runs as the current user.
enum ServerUser {
    static func choose() async throws -> OSUser {
        guard OSUser.isRoot else {
            guard let me = OSUser.current() else { throw PostgresLayerError.noServerUser(reason: "the current user has no passwd entry") }
            return me
        }
        if let postgres = OSUser.lookup(name: "postgres") { return postgres }
        if let created = OSUser.lookup(name: "keel-postgres") { return created }
        if let useradd = ProgramRunner.which("useradd") {
            let result = try await ProgramRunner.run(
                useradd, ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", "keel-postgres"])
            if result.succeeded, let created = OSUser.lookup(name: "keel-postgres") { return created }
        }
        if let nobody = OSUser.lookup(name: "nobody") { return nobody }
        throw PostgresLayerError.noServerUser(reason: "no postgres or nobody user exists and useradd failed")
    }
}
