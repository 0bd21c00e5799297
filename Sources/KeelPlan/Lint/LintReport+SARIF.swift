public import Foundation
import KeelCore

extension LintReport {
    /// The report as SARIF 2.1.0, for GitHub code scanning (`github/codeql-action/upload-sarif`).
    ///
    /// Every rule Keel has is listed in `tool.driver.rules` with its summary, advice and default
    /// level; each finding is a `result` with `ruleId`, `ruleIndex`, `level` and one physical
    /// location (relative URI as given, 1-based lines and Unicode-code-point columns).
    /// - Parameter toolVersion: keel's version.
    /// - Returns: the SARIF log as canonical JSON.
    public func sarif(toolVersion: String) throws -> Data {
        let rules = Linter.rules
        var ruleIndex: [String: Int] = [:]
        for (offset, rule) in rules.enumerated() { ruleIndex[rule.id] = offset }
        let descriptors = rules.map { rule in
            SARIF.ReportingDescriptor(
                id: rule.id, name: SARIF.pascalCase(rule.id),
                shortDescription: .init(text: rule.summary), fullDescription: .init(text: rule.summary),
                help: .init(text: rule.advice, markdown: "**Fix:** \(rule.advice)"),
                defaultConfiguration: .init(level: rule.severity.sarifLevel, enabled: rule.enabledByDefault),
                properties: .init(tags: [rule.category.rawValue] + rule.peers, precision: "high"))
        }
        let results = findings.map { finding in
            SARIF.Result(
                ruleId: finding.rule, ruleIndex: ruleIndex[finding.rule] ?? 0, level: finding.severity.sarifLevel,
                message: .init(text: "\(finding.message). Fix: \(finding.advice)"),
                locations: [.init(physicalLocation: .init(
                    artifactLocation: .init(uri: SARIF.uri(finding.file)),
                    region: .init(startLine: finding.line, startColumn: finding.column,
                                  endLine: finding.endLine, endColumn: finding.endColumn)))])
        }
        let log = SARIF.Log(runs: [SARIF.Run(
            tool: .init(driver: .init(name: "keel", version: toolVersion, semanticVersion: toolVersion, rules: descriptors)),
            results: results,
            artifacts: files.map { .init(location: .init(uri: SARIF.uri($0.path))) })])
        return try CanonicalJSON.encode(log)
    }
}

/// The subset of SARIF 2.1.0 that Keel writes.
enum SARIF {
    struct Log: Encodable {
        let schema = "https://json.schemastore.org/sarif-2.1.0.json"
        let version = "2.1.0"
        var runs: [Run]
        enum CodingKeys: String, CodingKey { case schema = "$schema", version, runs }
    }

    struct Run: Encodable {
        var tool: Tool
        var results: [Result]
        var artifacts: [Artifact]
        let columnKind = "unicodeCodePoints"
        enum CodingKeys: String, CodingKey { case tool, results, artifacts, columnKind }
    }

    struct Tool: Encodable { var driver: Driver }

    struct Driver: Encodable {
        var name: String
        var version: String
        var semanticVersion: String
        var rules: [ReportingDescriptor]
    }

    struct Text: Encodable {
        var text: String
        var markdown: String?
    }

    struct ReportingDescriptor: Encodable {
        var id: String
        var name: String
        var shortDescription: Text
        var fullDescription: Text
        var help: Text
        var defaultConfiguration: Configuration
        var properties: Properties
    }

    struct Configuration: Encodable {
        var level: String
        var enabled: Bool
    }

    struct Properties: Encodable {
        var tags: [String]
        var precision: String
    }

    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Text
        var locations: [Location]
    }

    struct Location: Encodable { var physicalLocation: PhysicalLocation }

    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region
    }

    struct ArtifactLocation: Encodable { var uri: String }

    struct Region: Encodable {
        var startLine: Int
        var startColumn: Int
        var endLine: Int
        var endColumn: Int
    }

    struct Artifact: Encodable { var location: ArtifactLocation }

    /// `adding-required-field` → `AddingRequiredField`.
    static func pascalCase(_ id: String) -> String {
        id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// A relative path stays relative (percent-encoded); an absolute one becomes a `file://` URI.
    static func uri(_ path: String) -> String {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).absoluteString }
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ":")
        var relative = path
        while relative.hasPrefix("./") { relative.removeFirst(2) }
        return relative.addingPercentEncoding(withAllowedCharacters: allowed) ?? relative
    }
}
