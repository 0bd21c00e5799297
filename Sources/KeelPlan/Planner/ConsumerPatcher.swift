import Foundation
import KeelCore
import KeelSQL

/// A consumer's source file, as the face read it from the project.
public struct ConsumerSource: Sendable, Equatable {
    /// The consumer's lineage id.
    public var consumer: String
    /// The path as lineage records it (relative to the project root).
    public var file: String
    public var text: String

    public init(consumer: String, file: String, text: String) {
        self.consumer = consumer
        self.file = file
        self.text = text
    }
}

/// Writes the unified diffs that move consumers from replaced columns to their replacements.
///
/// Every edit is at the range of a column-name token of the parsed SQL, and only where the
/// binder resolves that token to the replaced column: each candidate token is swapped for a
/// probe name, the statement is bound again with the probe as a column of the table, and the
/// token is edited only if the lineage then reads `table.probe`. CTE columns, aliases and
/// other tables' columns of the same name are left alone. A bare select item keeps its output
/// name (`amount` → `amount_decimal AS amount`), so downstream columns do not change.
struct ConsumerPatcher {
    let lineage: LineageGraph?
    let sources: [ConsumerSource]
    let options: PlannerOptions

    static let probe = "keel_probe_column"

    func patches(for replaced: [PlanContext.ReplacedColumn], notes: inout [MigrationPlan.Note]) -> [MigrationPlan.ConsumerPatch] {
        guard let lineage, !replaced.isEmpty else { return [] }
        // file → (consumers, edits)
        var byFile: [String: (consumers: Set<String>, columns: Set<String>, edits: [TextEdit])] = [:]
        var texts: [String: String] = [:]
        for replacement in replaced {
            let column = "\(replacement.table.display).\(replacement.old.display)"
            for consumer in lineage.directReaders(of: replacement.table, column: replacement.old.name) {
                guard let source = sources.first(where: { $0.consumer == consumer.id }) else {
                    notes.append(MigrationPlan.Note(severity: .warning, operation: nil,
                        message: "\(consumer.id) reads \(column) but its source is not available to patch\(consumer.location.map { " (\($0))" } ?? ""); change it by hand"))
                    continue
                }
                texts[source.file] = source.text
                let edits = self.edits(in: source, consumer: consumer, replacement: replacement, lineage: lineage)
                if edits.isEmpty {
                    notes.append(MigrationPlan.Note(severity: .warning, operation: nil,
                        message: "\(consumer.id) reads \(column), but Keel found no reference to patch in \(source.file) (SELECT * or generated SQL?); change it by hand"))
                    continue
                }
                var entry = byFile[source.file] ?? ([], [], [])
                entry.consumers.insert(consumer.id)
                entry.columns.insert(column)
                for edit in edits where !entry.edits.contains(edit) { entry.edits.append(edit) }
                byFile[source.file] = entry
            }
        }
        return byFile.keys.sorted().compactMap { file in
            guard let entry = byFile[file], let text = texts[file] else { return nil }
            let patched = TextEdit.apply(entry.edits, to: text)
            return MigrationPlan.ConsumerPatch(consumer: entry.consumers.sorted().joined(separator: ", "), file: file,
                                               diff: UnifiedDiff.make(file: file, old: text, new: patched),
                                               columns: entry.columns.sorted())
        }
    }

    private func edits(in source: ConsumerSource, consumer: LineageGraph.Consumer, replacement: PlanContext.ReplacedColumn,
                       lineage: LineageGraph) -> [TextEdit] {
        var result: [TextEdit] = []
        for segment in SQLSegments.extract(from: source.text, file: source.file) {
            let masked = JinjaMask(segment.text, inputs: consumer.inputs.map { lineage.relations[$0].name })
            let lexed = Lexer.tokenize(masked.text)
            let tokens = lexed.tokens
            for (index, token) in tokens.enumerated() where lexed.name(of: token) == replacement.old.name {
                guard refersToReplacedColumn(tokenIndex: index, lexed: lexed, masked: masked, replacement: replacement, lineage: lineage) else { continue }
                let newName = SQLPrinter.identifier(replacement.new.name, forceQuotes: token.kind == .quotedIdentifier)
                let oldName = SQLPrinter.identifier(replacement.old.name, forceQuotes: token.kind == .quotedIdentifier)
                let text = Self.isBareSelectItem(index, tokens) ? "\(newName) \(Self.asKeyword(before: index, lexed)) \(oldName)" : newName
                guard let start = segment.fileOffset(token.start), let end = segment.fileOffset(token.end - 1).map({ $0 + 1 }) else { continue }
                result.append(TextEdit(start: start, end: end, replacement: text))
            }
        }
        return result
    }

    /// The probe: bind the statement again with this one token renamed, and see whether the
    /// lineage reads the table's probe column.
    private func refersToReplacedColumn(tokenIndex: Int, lexed: LexedText, masked: JinjaMask, replacement: PlanContext.ReplacedColumn,
                                        lineage: LineageGraph) -> Bool {
        let token = lexed.tokens[tokenIndex]
        var bytes = lexed.source.bytes
        bytes.replaceSubrange(token.start..<token.end, with: Array(Self.probe.utf8))
        let variant = String(decoding: bytes, as: UTF8.self)
        var tables: [String: [String]] = [:]
        for relation in lineage.relations {
            guard let parts = SpecName.parts(relation.name), parts.count == 2 else { continue }
            tables[parts.joined(separator: ".")] = relation.columns.filter { $0 != "*" }
        }
        let target = "\(replacement.table.schema.name).\(replacement.table.name.name)"
        tables[target, default: []].append(Self.probe)
        for (placeholder, relation) in masked.placeholders {
            guard let parts = SpecName.parts(relation), parts.count == 2 else { continue }
            var columns = tables[parts.joined(separator: ".")] ?? []
            if parts.joined(separator: ".") == target, !columns.contains(Self.probe) { columns.append(Self.probe) }
            tables[placeholder] = columns
        }
        let report = LineageAnalyzer(schema: SchemaMap(tables), searchPath: [options.defaultSchema]).analyze(variant)
        let probeTables = Set([replacement.table.display] + masked.placeholders.filter { $0.value == replacement.table.display }.map(\.key))
        return report.statements.contains { statement in
            statement.columns.contains { column in column.sources.contains { $0.column == Self.probe && probeTables.contains(Self.bareTable($0.table)) } }
                || statement.indirect.contains { $0.column == Self.probe && probeTables.contains(Self.bareTable($0.table)) }
        }
    }

    /// Placeholders have no schema in the map, so lineage may report them qualified or not.
    private static func bareTable(_ table: String) -> String {
        if let dot = table.lastIndex(of: "."), table[table.index(after: dot)...].hasPrefix(JinjaMask.prefix) {
            return String(table[table.index(after: dot)...])
        }
        return table
    }


    /// `AS` in the case the file writes its keywords in.
    static func asKeyword(before index: Int, _ lexed: LexedText) -> String {
        for token in lexed.tokens[..<index].reversed() where token.keyword != nil && token.kind == .word {
            let text = lexed.text(of: token)
            return text == text.lowercased() ? "as" : "AS"
        }
        return "AS"
    }

    /// `SELECT a, t.amount, b`: a column alone in the select list, whose output name must survive.
    static func isBareSelectItem(_ index: Int, _ tokens: [Token]) -> Bool {
        var first = index
        while first >= 2, tokens[first - 1].kind == .dot, [.word, .quotedIdentifier].contains(tokens[first - 2].kind) { first -= 2 }
        guard first >= 1, index + 1 < tokens.count else { return false }
        let before = tokens[first - 1]
        let after = tokens[index + 1]
        let opens = before.kind == .comma || before.keyword == .select || before.keyword == .distinct || before.keyword == .all
        let closes = after.kind == .comma || after.kind == .end || after.kind == .semicolon || after.kind == .rightParen || after.keyword == .from
            || after.keyword == .into
        guard opens, closes else { return false }
        // The nearest clause keyword at the same depth must be SELECT.
        var depth = 0
        var cursor = first - 1
        while cursor >= 0 {
            let token = tokens[cursor]
            if token.kind == .rightParen { depth += 1 } else if token.kind == .leftParen {
                if depth == 0 { return false }
                depth -= 1
            } else if depth == 0, let keyword = token.keyword {
                if keyword == .select { return true }
                if Self.clauseKeywords.contains(keyword) { return false }
            }
            cursor -= 1
        }
        return false
    }

    static let clauseKeywords: Set<Keyword> = [.from, .where, .group, .having, .order, .limit, .on, .set, .values, .returning, .window, .by, .using, .when, .then, .else]
}
