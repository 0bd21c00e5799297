public import KeelCore

/// Failures of discovery itself (connection failures arrive as `PostgresLayerError`).
public enum DiscoverError: KeelError, Equatable {
    case dumpNotFound(path: String)
    case dumpLoadFailed(path: String, line: Int?, message: String, errorCount: Int)
    case dumpLoadedNothing(path: String)
    case unsupportedServer(version: String)
    case unexpectedCatalogValue(what: String, value: String)

    public var code: String {
        switch self {
        case .dumpNotFound: "discover.dump-not-found"
        case .dumpLoadFailed: "discover.dump-load-failed"
        case .dumpLoadedNothing: "discover.dump-empty"
        case .unsupportedServer: "discover.unsupported-server"
        case .unexpectedCatalogValue: "discover.unexpected-catalog-value"
        }
    }

    public var message: String {
        switch self {
        case .dumpNotFound(let path): "dump file \(path) does not exist"
        case .dumpLoadFailed(let path, let line, let message, let count):
            "loading \(path) failed" + (line.map { " at line \($0)" } ?? "") + ": \(message)"
                + (count > 1 ? " (\(count) errors)" : "")
        case .dumpLoadedNothing(let path): "\(path) created no tables, views or types"
        case .unsupportedServer(let version): "PostgreSQL \(version) is not supported"
        case .unexpectedCatalogValue(let what, let value): "unexpected \(what) in the catalog: \(value)"
        }
    }

    public var hint: String? {
        switch self {
        case .dumpNotFound: "pass a plain-SQL dump, e.g. from pg_dump --schema-only"
        case .dumpLoadFailed: "fix the statement, or pass --allow-errors to load past failing statements"
        case .dumpLoadedNothing: "check that the file is a plain-SQL dump (pg_dump -Fp), not a custom-format archive"
        case .unsupportedServer: "keel supports PostgreSQL 12 and newer"
        case .unexpectedCatalogValue: nil
        }
    }
}
