import Foundation

/// Parses libpq connection strings: `postgres[ql]://` URLs and `key=value` lists.
///
/// The result is a set of libpq keywords (`host`, `port`, `user`, `password`, `dbname`, …) that
/// ``ConnectionResolver`` layers over the environment and defaults.
enum ConnectionString {
    /// Keywords keel understands; anything else is rejected rather than silently ignored.
    static let knownKeywords: Set<String> = [
        "host", "hostaddr", "port", "user", "password", "dbname", "sslmode", "sslrootcert", "connect_timeout",
        "application_name", "options", "passfile",
    ]

    static func parse(_ text: String) throws(PostgresLayerError) -> [String: String] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") {
            return try parseURL(trimmed)
        }
        if trimmed.contains("=") { return try parseKeywordValue(trimmed) }
        if trimmed.contains("://") {
            throw .invalidConnectionString(reason: "unknown URL scheme in \"\(redactScheme(trimmed))\"; use postgres:// or postgresql://")
        }
        // psql treats a lone word as the database name.
        return trimmed.isEmpty ? [:] : ["dbname": trimmed]
    }

    // MARK: URL

    /// `postgres://[user[:password]@][host][:port][/dbname][?param=value&…]`
    static func parseURL(_ url: String) throws(PostgresLayerError) -> [String: String] {
        var rest = Substring(url)
        rest = rest.drop(while: { $0 != ":" }).dropFirst(3)  // past "scheme://"
        var result: [String: String] = [:]

        var query: Substring = ""
        if let q = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: q)...]
            rest = rest[..<q]
        }
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        // The password may contain "@" only percent-encoded, so the last "@" splits userinfo.
        if let at = rest.lastIndex(of: "@") {
            let userinfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = userinfo.firstIndex(of: ":") {
                result["user"] = try decode(userinfo[..<colon], what: "user name")
                result["password"] = try decode(userinfo[userinfo.index(after: colon)...], what: "password")
            } else if !userinfo.isEmpty {
                result["user"] = try decode(userinfo, what: "user name")
            }
        }
        if rest.contains(",") {
            throw .invalidConnectionString(reason: "several hosts in one URL are not supported; give one host")
        }
        if !rest.isEmpty {
            var hostPart = rest
            var portPart: Substring?
            if hostPart.hasPrefix("[") {
                guard let close = hostPart.firstIndex(of: "]") else {
                    throw .invalidConnectionString(reason: "unterminated IPv6 address in URL")
                }
                let after = hostPart[hostPart.index(after: close)...]
                if after.hasPrefix(":") { portPart = after.dropFirst() } else if !after.isEmpty {
                    throw .invalidConnectionString(reason: "unexpected text after the IPv6 address")
                }
                hostPart = hostPart[hostPart.index(after: hostPart.startIndex)..<close]
            } else if let colon = hostPart.lastIndex(of: ":") {
                portPart = hostPart[hostPart.index(after: colon)...]
                hostPart = hostPart[..<colon]
            }
            if !hostPart.isEmpty { result["host"] = try decode(hostPart, what: "host") }
            if let portPart, !portPart.isEmpty { result["port"] = try decode(portPart, what: "port") }
        }
        if !path.isEmpty { result["dbname"] = try decode(path, what: "database name") }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            guard let eq = pair.firstIndex(of: "=") else {
                throw .invalidConnectionString(reason: "URL parameter \"\(pair)\" has no value")
            }
            let key = try decode(pair[..<eq], what: "parameter name")
            let value = try decode(pair[pair.index(after: eq)...], what: "value of \(key)")
            guard knownKeywords.contains(key) else { throw .unsupportedConnectionOption(name: key) }
            result[key] = value
        }
        return result
    }

    private static func decode(_ text: Substring, what: String) throws(PostgresLayerError) -> String {
        guard let decoded = String(text).removingPercentEncoding else {
            throw .invalidConnectionString(reason: "bad percent-encoding in the \(what)")
        }
        return decoded
    }

    /// Shows only the scheme, so a password in an unparseable URL is never echoed.
    private static func redactScheme(_ text: String) -> String {
        guard let range = text.range(of: "://") else { return "…" }
        return String(text[..<range.upperBound]) + "…"
    }

    // MARK: key=value

    /// `host=/tmp port=5433 dbname='my db' password='it\'s'`
    static func parseKeywordValue(_ text: String) throws(PostgresLayerError) -> [String: String] {
        var result: [String: String] = [:]
        var chars = Array(text)[...]
        func skipSpaces() { while let c = chars.first, c.isWhitespace { chars = chars.dropFirst() } }
        while true {
            skipSpaces()
            guard !chars.isEmpty else { break }
            var key = ""
            while let c = chars.first, c != "=", !c.isWhitespace { key.append(c); chars = chars.dropFirst() }
            skipSpaces()
            guard chars.first == "=" else {
                throw .invalidConnectionString(reason: "missing \"=\" after \"\(key)\"")
            }
            chars = chars.dropFirst()
            skipSpaces()
            var value = ""
            if chars.first == "'" {
                chars = chars.dropFirst()
                var closed = false
                while let c = chars.first {
                    chars = chars.dropFirst()
                    if c == "\\", let next = chars.first { value.append(next); chars = chars.dropFirst(); continue }
                    if c == "'" { closed = true; break }
                    value.append(c)
                }
                if !closed { throw .invalidConnectionString(reason: "unterminated quoted value for \"\(key)\"") }
            } else {
                while let c = chars.first, !c.isWhitespace {
                    chars = chars.dropFirst()
                    if c == "\\", let next = chars.first { value.append(next); chars = chars.dropFirst(); continue }
                    value.append(c)
                }
            }
            guard knownKeywords.contains(key) else { throw .unsupportedConnectionOption(name: key) }
            result[key] = value
        }
        return result
    }
}
