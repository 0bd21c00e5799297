import ArgumentParser
import Foundation
import KeelCore
import KeelLineage

/// `keel impact`: what a change to a column, table or consumer affects downstream (or what feeds it).
struct ImpactCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "impact",
        abstract: "What a change to a column or table affects: dbt models, DAG tasks, views, dashboards, APIs.",
        discussion: """
            Walks the lineage graph from the target and lists every consumer reached, grouped by kind \
            (dbt models, DAG tasks, views, exposures, dashboards, APIs), each with its depth (edges from \
            the target), its shortest path, the reached columns it writes, and whether the target's \
            value flows into it (DIRECT) or only filters, joins, groups or orders it (INDIRECT).

            The target is schema.table.column, schema.table, table[.column] (searched along keel.yaml's \
            search_path, then in any schema when unique), or a consumer id such as \
            dbt:model.billing_dbt.stg_invoices or dashboard:Top customers. The graph comes from \
            --lineage, or is built from --config (with --catalog); without either, ./lineage.json, \
            else ./keel.yaml.

            --batch FILE answers one target per line (- reads standard input) with one graph load; \
            with --timings it reports on standard error the load time and the percentiles of each \
            query's analysis (its answer: consumers with depth, dependency, path and columns; columns \
            with depth and dependency) and of the whole query (with column paths, edges and rendering).

            Join keys: with a catalog (--keys, else --catalog, else ./catalog.json), a column target \
            also lists the columns tied to it by a foreign key, declared or inferred (keel discover \
            --infer), with the confidence of inferred ones and what a type change breaks (joins that \
            compare different types, the foreign key's creation or revalidation). Without lineage.json \
            or keel.yaml, the graph is built from that catalog alone (its tables and views).

            Exit status: 0 answered (whatever was found), 2 usage error, unknown target, unreadable or \
            malformed lineage.json or keel.yaml.

            Examples:
              keel impact public.invoices.amount
              keel impact public.invoices.amount --format json --lineage lineage.json
              keel impact public.customers.id --keys catalog.json
              keel impact analytics.mart_monthly_revenue.revenue --upstream --depth 2
              keel impact public.invoices --format mermaid > impact.mmd
              keel impact --batch targets.txt --format json --timings
            """)

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, mermaid, dot

        /// What the format shows beyond consumers and columns: JSON everything, drawings the edges.
        var detail: ImpactDetail {
            switch self {
            case .text: []
            case .json: .all
            case .mermaid, .dot: .edges
            }
        }
    }

    @Argument(help: ArgumentHelp("schema.table[.column], or a consumer id.", valueName: "target"))
    var target: String?

    @Flag(name: .long, help: "List what feeds the target instead of what it affects.")
    var upstream = false

    @Option(name: .long, help: ArgumentHelp("Stop after this many edges.", valueName: "n"))
    var depth: Int?

    @Option(name: .long, help: ArgumentHelp("text, json, mermaid or dot.", valueName: "format"))
    var format: Format = .text

    @OptionGroup var source: LineageSourceOptions

    @Option(name: .long, help: ArgumentHelp("Answer one target per line of this file (- for standard input).", valueName: "file"))
    var batch: String?

    @Flag(name: .long, help: "With --batch: print load and per-query times on standard error.")
    var timings = false

    @Option(name: .long, help: ArgumentHelp("The catalog whose declared and inferred foreign keys to list (default: --catalog, else ./catalog.json).",
                                            valueName: "catalog.json"))
    var keys: String?

    func validate() throws {
        if let depth, depth < 1 { throw ValidationError("--depth must be at least 1") }
        if target != nil && batch != nil { throw ValidationError("give either a target or --batch, not both") }
        if timings && batch == nil { throw ValidationError("--timings applies only with --batch") }
    }

    func run() async throws {
        let direction: ImpactDirection = upstream ? .upstream : .downstream
        guard let batch else {
            guard let target else { throw LineageCLIError.missingTarget }
            let (graph, keys) = try loadGraphAndKeys()
            let analyzer = ImpactAnalyzer(index: LineageIndex(graph), searchPath: source.searchPath, keys: keys)
            let report = try analyzer.closure(of: target, direction: direction, maxDepth: depth).report(detail: format.detail)
            Terminal.stdout(try render(report, compact: false))
            return
        }
        let targets = try Self.readTargets(batch)
        let clock = ContinuousClock()
        let loadStart = clock.now
        let (graph, keys) = try loadGraphAndKeys()
        let loaded = clock.now
        let analyzer = ImpactAnalyzer(index: LineageIndex(graph), searchPath: source.searchPath, keys: keys)
        let indexed = clock.now
        var analyses: [Duration] = []
        var durations: [Duration] = []
        var output = ""
        for target in targets {
            let start = clock.now
            let text: String
            do {
                // The answer first (every consumer with its depth, dependency, path and columns; every column
                // with its depth and dependency), timed apart from the detail and rendering its format adds.
                let closure = try analyzer.closure(of: target, direction: direction, maxDepth: depth)
                var report = closure.report(detail: [])
                analyses.append(clock.now - start)
                closure.complete(&report, detail: format.detail)
                text = try render(report, compact: true)
            } catch let error as ImpactError {
                if analyses.count < durations.count + 1 { analyses.append(clock.now - start) }
                text = format == .json ? #"{"error":{"code":"\#(error.code)","target":\#(Self.jsonString(target))}}"# : "\(target)\terror: \(error.code)"
            }
            durations.append(clock.now - start)
            output += text
            output += "\n"
        }
        Terminal.stdout(data: Data(output.utf8))
        if timings {
            Terminal.stderr(Self.timingReport(load: loaded - loadStart, index: indexed - loaded, analyses: analyses, queries: durations,
                                              graph: graph))
        }
    }

    /// The graph (see LineageSourceOptions; from the catalog alone when there is no lineage input
    /// at all) and the catalog's foreign keys, when a catalog is at hand.
    func loadGraphAndKeys() throws -> (LineageGraph, JoinKeys?) {
        let keysPath = keys ?? source.catalog ?? (FileManager.default.fileExists(atPath: "catalog.json") ? "catalog.json" : nil)
        let catalog = try keysPath.map { try Catalog.read(from: URL(fileURLWithPath: $0)) }
        let fileManager = FileManager.default
        if source.lineage == nil, source.config == nil, let catalog, !fileManager.fileExists(atPath: "lineage.json"),
           !fileManager.fileExists(atPath: KeelConfig.fileName) {
            return (try LineageBuilder().build(config: KeelConfig(), catalog: catalog), JoinKeys(catalog))
        }
        return (try source.load(), catalog.map(JoinKeys.init))
    }

    func render(_ report: ImpactReport, compact: Bool) throws -> String {
        switch format {
        case .json:
            let data = compact ? try CanonicalJSON.encodeCompact(report) : try CanonicalJSON.encode(report)
            return String(decoding: data, as: UTF8.self)
        case .mermaid: return MermaidRenderer.render(report)
        case .dot: return DotRenderer.render(report)
        case .text: return compact ? "\(report.target)\t\(report.consumers.count) consumers\t\(report.columns.count) columns" : ImpactText.render(report)
        }
    }

    static func readTargets(_ path: String) throws -> [String] {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
                throw LineageCLIError.unreadableFile(path: path, reason: (error as NSError).localizedDescription)
            }
        }
        return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    static func jsonString(_ text: String) -> String {
        String(decoding: (try? CanonicalJSON.encodeCompact(text)) ?? Data("\"\"".utf8), as: UTF8.self)
    }

    /// `analysis_*`: each query's answer (``ImpactClosure/report(detail:)`` without detail); `query_*`: the whole
    /// query, with the detail its format needs (column paths and edges for JSON) and its rendering.
    static func timingReport(load: Duration, index: Duration, analyses: [Duration], queries: [Duration], graph: LineageGraph) -> String {
        func ms(_ duration: Duration) -> String {
            let value = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
            return String(format: "%.3f", value)
        }
        func percentile(_ sorted: [Duration], _ p: Double) -> Duration {
            guard !sorted.isEmpty else { return .zero }
            let rank = Int((p * Double(sorted.count)).rounded(.up)) - 1
            return sorted[min(max(rank, 0), sorted.count - 1)]
        }
        let sorted = queries.sorted()
        let answers = analyses.sorted()
        let total = queries.reduce(Duration.zero, +)
        return """
            graph: \(graph.relations.count) relations, \(graph.columnCount) columns, \(graph.consumers.count) consumers, \(graph.edgeCount) edges
            load_ms: \(ms(load))
            index_ms: \(ms(index))
            queries: \(queries.count)
            analysis_p50_ms: \(ms(percentile(answers, 0.50)))
            analysis_p95_ms: \(ms(percentile(answers, 0.95)))
            analysis_p99_ms: \(ms(percentile(answers, 0.99)))
            analysis_max_ms: \(ms(answers.last ?? .zero))
            query_total_ms: \(ms(total))
            query_p50_ms: \(ms(percentile(sorted, 0.50)))
            query_p95_ms: \(ms(percentile(sorted, 0.95)))
            query_p99_ms: \(ms(percentile(sorted, 0.99)))
            query_max_ms: \(ms(sorted.last ?? .zero))
            """
    }
}
