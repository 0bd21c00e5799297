import ArgumentParser
import Foundation
import KeelCore
import KeelDiscover

/// `keel find`: which tables and columns a request in plain words is about.
struct FindCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "find",
        abstract: "Rank the tables and columns a request in plain words is about.",
        discussion: """
            Matches the request's words against table, view and column names (split at _ and \
            camelCase, abbreviations such as amt, qty, cust expanded, singular and plural alike, \
            plus a built-in list of business synonyms), comments (a comment that says what a \
            table is not counts against it), column types, foreign-key proximity (declared or \
            inferred) and size. Every hit lists its reasons and its matching columns.

            The catalog comes from --catalog (keel discover --out), --db (discovered now), or \
            ./catalog.json. A catalog file's index is kept in .keel/find/ (--index-directory) and \
            reused while the catalog is unchanged (same file identity, else same SHA-256), so a \
            request on a 10,000-table catalog does not decode catalog.json again; it is rebuilt when \
            the catalog or keel changes, or when the file is damaged. --no-index bypasses it. \
            --batch FILE answers one request per line with one index; with --timings it reports \
            the index, load and per-request times on standard error.

            Exit status: 0 answered (even with no hit), 2 empty request, missing or malformed \
            catalog, or connection failure.

            Examples:
              keel find "add discounts to invoices" --catalog catalog.json
              keel find "which table holds staff logins?" --db postgres://app@db.internal/billing --top 3
              keel find "monthly revenue" --json
              keel find --batch requests.txt --catalog catalog.json --json --timings
            """)

    @Argument(help: ArgumentHelp("What you look for, in plain words.", valueName: "request"))
    var request: String?

    @Option(name: .long, help: ArgumentHelp("The catalog from keel discover.", valueName: "catalog.json"))
    var catalog: String?

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .long, help: ArgumentHelp("Show this many hits.", valueName: "n"))
    var top = 10

    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: ArgumentHelp("Answer one request per line of this file (- for standard input).", valueName: "file"))
    var batch: String?

    @Flag(name: .long, help: "With --batch: print load, index and per-request times on standard error.")
    var timings = false

    @Flag(name: .long, help: "Decode and index the catalog now, without reading or writing the stored index.")
    var noIndex = false

    @Option(name: .long, help: ArgumentHelp("Keep catalog indexes in this directory.", valueName: "dir"))
    var indexDirectory = ".keel/find"

    func validate() throws {
        if catalog != nil && connection.database != nil { throw ValidationError("use either --catalog or --db, not both") }
        if top < 1 || top > 1000 { throw ValidationError("--top must be between 1 and 1000") }
        if request != nil && batch != nil { throw ValidationError("give either a request or --batch, not both") }
        if request == nil && batch == nil { throw ValidationError("give a request, e.g. keel find \"invoice amounts\"") }
        if timings && batch == nil { throw ValidationError("--timings applies only with --batch") }
        if noIndex && connection.database != nil { throw ValidationError("--no-index applies to a catalog file, not --db") }
    }

    func run() async throws {
        let clock = ContinuousClock()
        guard let batch else {
            let request = self.request ?? ""
            try TableFinder.checkRequest(request)
            let finder = try await loadFinder().finder
            let started = clock.now
            let result = try finder.find(request, top: top)
            let elapsed = clock.now - started
            if output.json {
                Terminal.stdout(data: try CanonicalJSON.encode(result))
            } else {
                Terminal.stdout(Self.render(result, relations: finder.relationCount, elapsed: elapsed))
            }
            return
        }
        let requests = try Self.readRequests(batch)
        let loaded = try await loadFinder()
        let finder = loaded.finder
        var durations: [Duration] = []
        var text = ""
        for request in requests {
            let start = clock.now
            let answer: Result<FindResult, FindError>
            do { answer = .success(try finder.find(request, top: top)) } catch { answer = .failure(error) }
            durations.append(clock.now - start)
            switch answer {
            case .success(let result):
                text += output.json ? String(decoding: try CanonicalJSON.encodeCompact(result), as: UTF8.self) + "\n"
                                    : Self.render(result, relations: finder.relationCount, elapsed: nil) + "\n"
            case .failure(let error):
                text += output.json ? #"{"error":{"code":"\#(error.code)","request":\#(Self.jsonString(request))}}"# + "\n"
                                    : "\(request)\terror: \(error.code)\n"
            }
        }
        Terminal.stdout(data: Data(text.utf8))
        if timings {
            Terminal.stderr(Self.timingReport(loaded, queries: durations))
        }
    }

    /// How the finder was obtained, with the time of each step.
    struct LoadedFinder {
        var finder: TableFinder
        /// `reused`, `built`, `rebuilt: <reason>`, or `none` (no stored index: --db or --no-index).
        var index: String
        var indexLoad: Duration = .zero
        var catalogLoad: Duration = .zero
        var build: Duration = .zero
    }

    /// The finder: from the stored index of the catalog file when it is current (see
    /// FindIndexStore), else from the catalog, decoded and indexed now.
    func loadFinder() async throws -> LoadedFinder {
        let clock = ContinuousClock()
        let path: String
        if let catalog {
            path = catalog
        } else if connection.database != nil {
            let started = clock.now
            let catalog = try await Progress.during("discovering the catalog") { try await Discoverer().discover(try connection.resolve()) }
            let discovered = clock.now
            let finder = TableFinder(catalog)
            return LoadedFinder(finder: finder, index: "none", catalogLoad: discovered - started, build: clock.now - discovered)
        } else {
            guard FileManager.default.fileExists(atPath: "catalog.json") else { throw FindError.noCatalog }
            path = "catalog.json"
        }
        let url = URL(fileURLWithPath: path)
        if noIndex {
            let started = clock.now
            let catalog = try Catalog.read(from: url)
            let read = clock.now
            let finder = TableFinder(catalog)
            return LoadedFinder(finder: finder, index: "none", catalogLoad: read - started, build: clock.now - read)
        }
        let loaded = try FindIndexStore(directory: URL(fileURLWithPath: indexDirectory)).finder(forCatalogAt: url)
        let outcome = switch loaded.outcome {
        case .reused: "reused"
        case .built(let stored): stored ? "built" : "built (not stored)"
        case .rebuilt(let reason, let stored): "rebuilt" + (stored ? "" : " (not stored)") + ": " + reason
        }
        return LoadedFinder(finder: loaded.finder, index: outcome, indexLoad: loaded.indexLoad, catalogLoad: loaded.catalogLoad, build: loaded.build)
    }

    static func render(_ result: FindResult, relations: Int, elapsed: Duration?) -> String {
        var lines: [String] = []
        if result.hits.isEmpty { lines.append("no table or view matches \"\(result.request)\"") }
        for hit in result.hits {
            var facts = [hit.kind.phrase]
            if let rows = hit.rows { facts.append("~\(rows) rows") }
            lines.append("\(hit.rank). \(hit.relation)  \(String(format: "%.2f", hit.score))  (\(facts.joined(separator: ", ")))")
            for reason in hit.reasons {
                lines.append("     \(String(format: "%+6.2f", reason.score))  \(reason.signal.rawValue): \(reason.detail)")
            }
            if !hit.columns.isEmpty {
                let columns = hit.columns.prefix(5).map { "\($0.name) \($0.type) [\($0.matches.joined(separator: "; "))]" }
                lines.append("     columns: " + columns.joined(separator: ", "))
            }
        }
        var footer = "searched \(relations) relation(s)"
        if let elapsed { footer += " in \(String(format: "%.1f", Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)) ms" }
        if !result.unmatched.isEmpty { footer += "; no match for: " + result.unmatched.joined(separator: ", ") }
        lines.append(footer)
        return lines.joined(separator: "\n")
    }

    static func readRequests(_ path: String) throws -> [String] {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
                throw FindError.unreadableRequests(path: path, reason: (error as NSError).localizedDescription)
            }
        }
        return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    static func jsonString(_ text: String) -> String {
        String(decoding: (try? CanonicalJSON.encodeCompact(text)) ?? Data("\"\"".utf8), as: UTF8.self)
    }

    static func timingReport(_ loaded: LoadedFinder, queries: [Duration]) -> String {
        func ms(_ duration: Duration) -> String {
            String(format: "%.3f", Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15)
        }
        let sorted = queries.sorted()
        func percentile(_ p: Double) -> Duration {
            guard !sorted.isEmpty else { return .zero }
            return sorted[min(max(Int((p * Double(sorted.count)).rounded(.up)) - 1, 0), sorted.count - 1)]
        }
        return """
            relations: \(loaded.finder.relationCount)
            stored_index: \(loaded.index)
            index_load_ms: \(ms(loaded.indexLoad))
            load_ms: \(ms(loaded.catalogLoad))
            index_ms: \(ms(loaded.build))
            queries: \(queries.count)
            query_p50_ms: \(ms(percentile(0.50)))
            query_p95_ms: \(ms(percentile(0.95)))
            query_p99_ms: \(ms(percentile(0.99)))
            query_max_ms: \(ms(sorted.last ?? .zero))
            """
    }
}

extension FindHit.Kind {
    var phrase: String {
        switch self {
        case .table: "table"
        case .partitionedTable: "partitioned table"
        case .foreignTable: "foreign table"
        case .view: "view"
        case .materializedView: "materialized view"
        }
    }
}
