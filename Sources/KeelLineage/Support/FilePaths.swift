import Foundation

/// File access for the loaders: read a text file, join paths, list a folder.
///
/// Loaders read files and nothing else: no network, no database, no subprocess.
enum FilePaths {
    /// Reads a UTF-8 file.
    /// - Throws: ``LineageError/fileNotFound(path:what:)`` or ``LineageError/unreadable(path:reason:)``.
    static func read(_ path: String, what: String) throws(LineageError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw .fileNotFound(path: path, what: what)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "permission denied")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(path: path, reason: "not UTF-8 text")
        }
        return text
    }

    /// Reads a file's bytes.
    static func data(_ path: String, what: String) throws(LineageError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw .fileNotFound(path: path, what: what)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "permission denied")
        }
        return data
    }

    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// `relative` under `base`, unless it is absolute. `.` components are removed.
    static func join(_ base: String, _ relative: String) -> String {
        if relative.hasPrefix("/") { return relative }
        if base.isEmpty || base == "." { return relative.isEmpty ? "." : normalize(relative) }
        if relative.isEmpty || relative == "." { return base }
        return normalize(base + "/" + relative)
    }

    /// The folder of `path` (`.` for a bare file name).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// The last component of `path`.
    static func lastComponent(_ path: String) -> String {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        guard let slash = trimmed.lastIndex(of: "/") else { return trimmed }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// Removes `.` components and `x/..` pairs, lexically.
    static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// Files under `root` (recursively) whose names end with one of `extensions`, as paths relative to
    /// `root`, sorted. Hidden files and folders are skipped. A missing folder gives an empty list.
    static func files(under root: String, extensions: [String]) -> [String] {
        guard isDirectory(root), let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var result: [String] = []
        while let next = enumerator.nextObject() as? String {
            let name = lastComponent(next)
            if name.hasPrefix(".") {
                if isDirectory(join(root, next)) { enumerator.skipDescendants() }
                continue
            }
            if extensions.contains(where: { name.hasSuffix($0) }), !isDirectory(join(root, next)) {
                result.append(next)
            }
        }
        return result.sorted()
    }
}
