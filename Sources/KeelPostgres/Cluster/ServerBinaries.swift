import Foundation

/// The PostgreSQL server programs of one installed version.
public struct ServerBinaries: Sendable, Equatable {
    /// The directory holding initdb, postgres, psql and pg_dump.
    public let binDirectory: String
    /// The major version, e.g. 15.
    public let majorVersion: Int
    /// The full version string `postgres --version` prints, e.g. "15.18".
    public let version: String

    public var initdb: String { binDirectory + "/initdb" }
    public var postgres: String { binDirectory + "/postgres" }
    public var psql: String { binDirectory + "/psql" }
    public var pgDump: String { binDirectory + "/pg_dump" }

    /// The directory of loadable modules (pg_stat_statements.so, …) on Debian's layout and source builds.
    public var libraryDirectory: String {
        let parent = (binDirectory as NSString).deletingLastPathComponent
        let debian = parent + "/lib"
        if FileManager.default.fileExists(atPath: debian + "/plpgsql.so") { return debian }
        return parent + "/lib/postgresql"
    }

    /// Whether a loadable module such as `pg_stat_statements` is installed.
    public func hasModule(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: "\(libraryDirectory)/\(name).so")
    }

    /// Finds the server programs: `$KEEL_PG_BIN`, then PATH, then `/usr/lib/postgresql/*/bin`
    /// (newest first). With `majorVersion`, only that version qualifies.
    /// - Throws: ``PostgresLayerError/binariesMissing(searched:)`` naming the package to install.
    public static func locate(
        majorVersion: Int? = nil, environment: [String: String]? = nil
    ) async throws -> ServerBinaries {
        let environment = environment ?? ProcessInfo.processInfo.environment
        var candidates: [String] = []
        if let dir = environment["KEEL_PG_BIN"], !dir.isEmpty { candidates.append(dir) }
        for dir in (environment["PATH"] ?? "").split(separator: ":") where !dir.isEmpty {
            let initdb = "\(dir)/initdb"
            if FileManager.default.isExecutableFile(atPath: initdb) {
                // Follow symlinks so psql and pg_dump come from the same version.
                let resolved = (initdb as NSString).resolvingSymlinksInPath
                candidates.append((resolved as NSString).deletingLastPathComponent)
            }
        }
        for root in ["/usr/lib/postgresql", "/usr/local/pgsql"] {
            if root.hasSuffix("pgsql") { candidates.append(root + "/bin"); continue }
            let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
            for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
                candidates.append("\(root)/\(version)/bin")
            }
        }
        var seen = Set<String>()
        for dir in candidates where seen.insert(dir).inserted {
            let fm = FileManager.default
            guard fm.isExecutableFile(atPath: dir + "/initdb"), fm.isExecutableFile(atPath: dir + "/postgres") else { continue }
            guard let version = try? await Self.version(of: dir + "/postgres") else { continue }
            if let majorVersion, version.major != majorVersion { continue }
            return ServerBinaries(binDirectory: dir, majorVersion: version.major, version: version.text)
        }
        var searched = ["$KEEL_PG_BIN", "PATH", "/usr/lib/postgresql/*/bin"]
        if let majorVersion { searched.append("(for version \(majorVersion))") }
        throw PostgresLayerError.binariesMissing(searched: searched)
    }

    /// Parses `postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)`.
    static func version(of postgres: String) async throws -> (major: Int, text: String) {
        let result = try await ProgramRunner.check(postgres, ["--version"])
        return try parseVersion(result.standardOutput)
    }

    static func parseVersion(_ output: String) throws -> (major: Int, text: String) {
        guard let range = output.range(of: "(PostgreSQL) ") else {
            throw PostgresLayerError.programFailed(program: "postgres --version", status: "unexpected output", output: output)
        }
        let text = String(output[range.upperBound...].prefix(while: { !$0.isWhitespace }))
        guard let major = Int(text.prefix(while: { $0.isNumber })) else {
            throw PostgresLayerError.programFailed(program: "postgres --version", status: "unexpected output", output: output)
        }
        return (major, text)
    }
}
