import Foundation

/// Reads passwords from a libpq password file (`~/.pgpass` or `PGPASSFILE`).
///
/// Each line is `hostname:port:database:username:password`; `*` matches anything, and `\:` and
/// `\\` escape. As in libpq, a file readable by group or others is ignored, and `localhost`
/// matches a unix-socket connection.
enum PgPass {
    static func lookup(file path: String, config: ConnectionConfig) -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let permissions = attributes[.posixPermissions] as? NSNumber,
              (attributes[.type] as? FileAttributeType) == .typeRegular
        else { return nil }
        if permissions.intValue & 0o077 != 0 { return nil }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return lookup(text: text, config: config)
    }

    static func lookup(text: String, config: ConnectionConfig) -> String? {
        let hosts: [String]
        let port: Int
        switch config.endpoint {
        case .tcp(let host, let p): hosts = [host]; port = p
        case .unixSocket(let directory, let p): hosts = ["localhost", directory]; port = p
        }
        for line in text.split(whereSeparator: \.isNewline) {
            if line.hasPrefix("#") { continue }
            let fields = split(line)
            guard fields.count == 5 else { continue }
            func matches(_ field: String, _ candidates: [String]) -> Bool {
                field == "*" || candidates.contains(field)
            }
            if matches(fields[0], hosts), matches(fields[1], [String(port)]),
               matches(fields[2], [config.database]), matches(fields[3], [config.user]) {
                return fields[4]
            }
        }
        return nil
    }

    /// Splits on unescaped colons, resolving `\:` and `\\`.
    static func split(_ line: Substring) -> [String] {
        var fields: [String] = []
        var current = ""
        var escaped = false
        for c in line {
            if escaped { current.append(c); escaped = false; continue }
            if c == "\\" { escaped = true; continue }
            if c == ":" && fields.count < 4 { fields.append(current); current = ""; continue }
            current.append(c)
        }
        fields.append(current)
        return fields
    }
}
