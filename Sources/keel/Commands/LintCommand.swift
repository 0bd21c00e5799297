import ArgumentParser
import Foundation
import KeelCore
import KeelDiscover
import KeelPlan

/// `keel lint`: the catalog-aware migration linter.
struct LintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Lint SQL migrations for locks, rewrites and breaking changes.",
        discussion: """
            Checks each statement for what it does to a live database: locks that block reads or \
            writes, table rewrites and scans, changes that break clients, and SQL that cannot run. \
            Every rule has a stable id, a severity and fix advice (docs/lint.md lists them all).

            With a catalog (--catalog from keel discover, or --db to discover one now) the rules \
            know the data: safe varchar widening and other binary-coercible type changes pass, \
            default volatility comes from pg_proc, SET NOT NULL passes when a validated \
            CHECK (col IS NOT NULL) exists, and empty tables are exempt. Tables created earlier \
            in the same file are always exempt.

            Silence a rule with a comment: -- keel-ignore rule-id (the next statement) or \
            -- keel-ignore-file rule-id. In keel.yaml (current directory, or --config):
              lint: {ignore: [rule-id], severity: {rule-id: error|warning|info|off}, search_path: [public]}

            Exit status: 0 no error-level finding, 1 an error-level finding remains, 2 usage \
            error, unreadable file, malformed catalog or configuration, or connection failure.

            Examples:
              keel lint migrations/0042_add_discount.sql --catalog catalog.json
              keel lint migrations/*.sql --db postgres://app@db.internal/billing --format sarif > lint.sarif
              keel lint 0042.sql --assume-in-transaction --format json
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, sarif
    }

    @Argument(help: ArgumentHelp("The SQL files to lint; - reads standard input.", valueName: "file.sql"))
    var files: [String] = []

    @Option(name: .long, help: ArgumentHelp("The catalog from keel discover.", valueName: "catalog.json"))
    var catalog: String?

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .long, help: ArgumentHelp("Output format.", valueName: "text|json|sarif"))
    var format: Format = .text

    @Flag(name: .long, help: "Each file runs inside a transaction opened by the migration tool.")
    var assumeInTransaction = false

    @Option(name: .long, help: ArgumentHelp("keel.yaml to read the lint: section from (default: ./keel.yaml if present).", valueName: "keel.yaml"))
    var config: String?

    func validate() throws {
        if files.isEmpty {
            throw ValidationError("give at least one SQL file (or - for standard input)")
        }
        if catalog != nil && connection.database != nil {
            throw ValidationError("use either --catalog or --db, not both")
        }
        if files.filter({ $0 == "-" }).count > 1 {
            throw ValidationError("standard input (-) can be read only once")
        }
    }

    func run() async throws {
        let configuration = try loadConfiguration()
        let sources = try files.map(read)
        let catalog = try await loadCatalog()
        let linter = Linter(catalog: catalog, options: Linter.Options(assumeInTransaction: assumeInTransaction,
                                                                       configuration: configuration))
        let report = linter.lint(sources)
        switch format {
        case .text:
            Terminal.stdout(report.renderText())
        case .json:
            Terminal.stdout(data: try CanonicalJSON.encode(report))
        case .sarif:
            Terminal.stdout(data: try report.sarif(toolVersion: Keel.version))
        }
        if report.hasErrors { throw ExitCode(ExitStatus.findings.rawValue) }
    }

    func loadConfiguration() throws -> LintConfiguration {
        if let config { return try LintConfiguration.load(path: config) }
        let local = FileManager.default.currentDirectoryPath + "/keel.yaml"
        guard FileManager.default.fileExists(atPath: local) else { return .default }
        return try LintConfiguration.load(path: "keel.yaml")
    }

    func read(_ path: String) throws -> LintSource {
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return LintSource(path: "<stdin>", text: String(decoding: data, as: UTF8.self))
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw LintError.unreadableFile(path: path, reason: "it is a directory; pass the .sql files (e.g. \(path)/*.sql)")
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw LintError.unreadableFile(path: path, reason: (error as NSError).localizedDescription)
        }
        return LintSource(path: path, text: String(decoding: data, as: UTF8.self))
    }

    func loadCatalog() async throws -> Catalog? {
        if let catalog { return try Catalog.read(from: URL(fileURLWithPath: catalog)) }
        guard connection.database != nil else { return nil }
        return try await Progress.during("discovering the catalog") {
            try await Discoverer().discover(try connection.resolve())
        }
    }
}
