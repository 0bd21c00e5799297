import Foundation

/// A streaming pass over a dump file that finds the contrib extensions it declares and the
/// ones it uses without declaring (a `pg_dump --schema` dump leaves `CREATE EXTENSION` out).
/// Memory stays bounded by the longest line, not the file size.
struct DumpScan {
    var declaredExtensions: Set<String> = []
    var neededExtensions: Set<String> = []
    /// Databases the script switches to with `\connect` or `\c`, in order.
    var connectedDatabases: [String] = []

    /// Names that only a contrib extension provides, and the extension providing them.
    static let markers: [(String, String)] = [
        ("gin_trgm_ops", "pg_trgm"), ("gist_trgm_ops", "pg_trgm"), ("citext", "citext"), ("hstore", "hstore"),
        ("uuid_generate_v", "uuid-ossp"), ("ltree", "ltree"), ("gen_random_bytes", "pgcrypto"),
        ("pgp_sym_encrypt", "pgcrypto"), ("levenshtein", "fuzzystrmatch"), ("dmetaphone", "fuzzystrmatch"),
        ("earth_distance", "earthdistance"), ("gist__int_ops", "intarray"), ("gin__int_ops", "intarray"),
        ("unaccent", "unaccent"), ("crosstab", "tablefunc"), ("pgstattuple", "pgstattuple"),
    ]

    static func scan(_ url: URL) throws -> DumpScan {
        var scan = DumpScan()
        guard let handle = try? FileHandle(forReadingFrom: url) else { throw DiscoverError.dumpNotFound(path: url.path) }
        defer { try? handle.close() }
        var carry = Data()
        while true {
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            carry.append(chunk)
            guard let lastNewline = carry.lastIndex(of: 0x0A) else { continue }
            scan.consume(carry[carry.startIndex...lastNewline])
            carry = Data(carry[carry.index(after: lastNewline)...])
        }
        scan.consume(carry[...])
        return scan
    }

    private mutating func consume(_ bytes: Data) {
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(separator: "\n") {
            let lower = line.lowercased()
            if lower.hasPrefix("\\c ") || lower.hasPrefix("\\connect ") {
                let words = line.split(separator: " ", omittingEmptySubsequences: true)
                if words.count > 1 {
                    let name = words[1].trimmingCharacters(in: CharacterSet(charactersIn: "\";"))
                    if name != "-" { connectedDatabases.append(name) }
                }
                continue
            }
            if lower.hasPrefix("create extension") {
                let words = lower.split(whereSeparator: { $0 == " " || $0 == ";" })
                var index = 2
                if words.count > 4, words[2] == "if", words[3] == "not", words[4] == "exists" { index = 5 }
                if index < words.count { declaredExtensions.insert(words[index].trimmingCharacters(in: CharacterSet(charactersIn: "\""))) }
                continue
            }
            for (marker, extensionName) in Self.markers where lower.contains(marker) {
                neededExtensions.insert(extensionName)
            }
        }
    }
}
