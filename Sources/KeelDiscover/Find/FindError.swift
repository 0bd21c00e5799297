import Foundation
public import KeelCore

/// Why `keel find` could not search.
public enum FindError: KeelError, Equatable {
    /// The request has no word left once stop words ("the", "which", "table") are set aside.
    case emptyRequest(request: String)
    /// Neither a catalog file nor a database was given, and there is no ./catalog.json.
    case noCatalog
    /// The file of requests (`--batch`) cannot be read.
    case unreadableRequests(path: String, reason: String)

    public var code: String {
        switch self {
        case .emptyRequest: "find.empty-request"
        case .noCatalog: "find.no-catalog"
        case .unreadableRequests: "find.unreadable-requests"
        }
    }

    public var message: String {
        switch self {
        case .emptyRequest(let request):
            request.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                ? "the request is empty" : "the request \"\(request)\" has no word to search for"
        case .noCatalog: "no catalog to search: there is no ./catalog.json"
        case .unreadableRequests(let path, let reason): "cannot read the requests in \(path): \(reason)"
        }
    }

    public var hint: String? {
        switch self {
        case .emptyRequest: "describe what you look for in plain words, e.g. keel find \"invoice amounts\""
        case .noCatalog: "pass --catalog catalog.json (from keel discover --out) or --db URL"
        case .unreadableRequests: "pass a text file with one request per line, or - for standard input"
        }
    }
}
