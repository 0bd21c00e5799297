import Foundation
import KeelDiscover

/// The part of `keel discover`'s summary about how tables hang together: domains and, with
/// --infer, the foreign keys the schema does not declare.
enum StructureSummary {
    static func render(domains: [Domain], relationships: [InferredRelationship]?) -> String {
        var lines: [String] = []
        if !domains.isEmpty {
            lines.append("")
            lines.append("Domains")
            let width = domains.prefix(15).map(\.name.count).max() ?? 0
            for domain in domains.prefix(15) {
                let shown = domain.tables.prefix(6).joined(separator: ", ") + (domain.tables.count > 6 ? ", …" : "")
                let name = domain.name.padding(toLength: width, withPad: " ", startingAt: 0)
                lines.append("  \(name)  \(domain.tables.count) tables: \(shown)")
            }
            if domains.count > 15 { lines.append("  … and \(domains.count - 15) more domains") }
        }
        if let relationships {
            lines.append("")
            if relationships.isEmpty {
                lines.append("Inferred relationships: none (every candidate key is declared, or none was found)")
            } else {
                lines.append("Inferred relationships (not declared; confidence, evidence)")
                for relationship in relationships {
                    lines.append("  \(String(format: "%.2f", relationship.confidence))  \(relationship.display)  (\(relationship.evidence.joined(separator: "; ")))")
                }
            }
        }
        // Appended to the catalog summary, which does not end with a newline.
        return lines.isEmpty ? "" : "\n" + lines.joined(separator: "\n")
    }
}
