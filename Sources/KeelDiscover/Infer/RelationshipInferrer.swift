import Foundation
public import KeelCore

/// Finds the foreign keys a schema does not declare, from naming, type compatibility and the
/// uniqueness of the target; ``check(_:in:sample:)`` adds value containment on a sample when a
/// database is at hand.
///
/// A column is a candidate when its name ends in a key word (`customer_id`, `CustomerID`,
/// `order_uuid`, `ticket_no`) and the words before it name a table, singular or plural
/// (`customers`, `customer`), possibly after a role (`home_team_api_id` → `team`). The target
/// column is the one with the same name, or whose name ends the candidate's
/// (`team_api_id`), else the target's primary key, else its `id`.
public struct RelationshipInferrer: Sendable {
    /// Relationships under this confidence are not reported.
    public var minimumConfidence: Double

    public init(minimumConfidence: Double = 0.5) {
        self.minimumConfidence = minimumConfidence
    }

    static let keyWords: Set<String> = ["id", "uuid", "guid", "key", "code", "ref", "no", "nr", "num", "sk", "fk"]

    /// The inferred relationships of `catalog`, sorted by referencing then referenced column.
    /// Columns already in a declared foreign key are left alone.
    public func infer(_ catalog: Catalog) -> [InferredRelationship] {
        var tokenizer = FindTokenizer()
        let tables = catalog.tables.filter { $0.partitionOf == nil }
        var byName: [String: [Int]] = [:]
        for (index, table) in tables.enumerated() {
            byName[tokenizer.identifierTerms(table.name.name).joined(separator: "_"), default: []].append(index)
        }
        // Each column's words, once: the candidate search looks at target columns many times.
        var wordsOfName: [String: [String]] = [:]
        let columnWords = tables.map { table in
            table.columns.map { column in
                if let known = wordsOfName[column.name.name] { return known }
                let words = Self.keyedWords(column.name.name)
                wordsOfName[column.name.name] = words
                return words
            }
        }
        var found: [InferredRelationship] = []
        for (index, table) in tables.enumerated() {
            let ownName = tokenizer.identifierTerms(table.name.name).joined(separator: "_")
            let declared = Set(table.constraints.filter { $0.kind == .foreignKey }.flatMap { $0.columns.map(\.name) })
            for (c, column) in table.columns.enumerated() where !declared.contains(column.name.name) {
                let words = columnWords[index][c]
                guard words.count >= 2, let last = words.last, Self.keyWords.contains(last) else { continue }
                let prefix = Array(words.dropLast())
                // customers.customer_id, Tickets.TicketNo: the table's own key, not a reference.
                if prefix.flatMap({ tokenizer.terms(of: $0) }).joined(separator: "_") == ownName { continue }
                var best: (relationship: InferredRelationship, target: Int, wholePrefix: Bool)?
                for length in stride(from: prefix.count, through: 1, by: -1) {
                    for start in 0...(prefix.count - length) {
                        let run = prefix[start..<(start + length)]
                        let key = run.flatMap { tokenizer.terms(of: $0) }.joined(separator: "_")
                        // The same name in many schemas (one per tenant): the table's own schema first.
                        let named = byName[key] ?? []
                        let local = named.filter { tables[$0].schema == table.schema }
                        for target in (local.isEmpty ? named : local).prefix(Self.maximumTargets) {
                            guard let candidate = candidate(from: table, column: column, words: words, to: tables[target],
                                                            targetWords: columnWords[target],
                                                            wholePrefix: length == prefix.count, sameTable: target == index) else { continue }
                            if best.map({ candidate.confidence > $0.relationship.confidence }) ?? true {
                                best = (candidate, target, length == prefix.count)
                            }
                        }
                    }
                    if best != nil { break }
                }
                if let best, best.relationship.confidence >= minimumConfidence,
                   let explained = candidate(from: table, column: column, words: words, to: tables[best.target], targetWords: columnWords[best.target],
                                             wholePrefix: best.wholePrefix, sameTable: best.target == index, explain: true) {
                    found.append(explained)
                }
            }
        }
        return found.sorted { ($0.from, $0.to) < ($1.from, $1.to) }
    }

    /// Words of a column name; `customerid` (one word ending in id) splits into customer, id.
    static func keyedWords(_ name: String) -> [String] {
        let words = FindTokenizer.words(name)
        if words.count == 1, let word = words.first, word.count > 4, word.hasSuffix("id") {
            return [String(word.dropLast(2)), "id"]
        }
        return words
    }

    /// At most this many tables of one name are tried for a column.
    static let maximumTargets = 8

    func candidate(from table: Catalog.Table, column: Catalog.Column, words: [String], to target: Catalog.Table,
                   targetWords: [[String]], wholePrefix: Bool, sameTable: Bool, explain: Bool = false) -> InferredRelationship? {
        var evidence: [String] = []
        // Evidence is spelled out only for the winner (explain); the comparison needs numbers only.
        func note(_ text: @autoclosure () -> String) { if explain { evidence.append(text()) } }
        var confidence = wholePrefix ? 0.5 : 0.35
        note(wholePrefix ? "name \(column.name.display) names \(target.name.display)"
                         : "name \(column.name.display) names \(target.name.display) after a role")
        let lowered = column.name.name.lowercased()
        let keyColumns = target.primaryKey?.columns ?? []
        var targetColumn: Catalog.Column?
        if let same = target.columns.first(where: { $0.name.name.lowercased() == lowered }) {
            targetColumn = same
            confidence += 0.05
            note("same column name")
        } else if let suffix = zip(target.columns, targetWords).first(where: { _, otherWords in
            otherWords.count >= 2 && otherWords.count < words.count && Array(words.suffix(otherWords.count)) == otherWords
        })?.0 {
            targetColumn = suffix
            confidence += 0.05
            note("ends with \(target.name.display).\(suffix.name.display)")
        } else if keyColumns.count == 1, let key = keyColumns.first, let pk = target.columns.first(where: { $0.name == key }) {
            targetColumn = pk
        } else if let id = target.columns.first(where: { $0.name.name.lowercased() == "id" }) {
            targetColumn = id
        }
        guard let targetColumn else { return nil }
        if sameTable && targetColumn.name == column.name { return nil }

        guard let typeScore = Self.typeCompatibility(column.type, targetColumn.type) else { return nil }
        confidence += typeScore
        note(typeScore >= 0.2 ? "same type \(column.type)" : "compatible types \(column.type) and \(targetColumn.type)")

        if Self.isUnique(targetColumn.name, in: target) {
            confidence += 0.25
            note("\(target.name.display).\(targetColumn.name.display) is unique")
        } else if target.columns.first?.name == targetColumn.name {
            confidence += 0.1
            note("\(target.name.display).\(targetColumn.name.display) is its first column")
        }
        if table.schema == target.schema { confidence += 0.02 }
        return InferredRelationship(
            from: Catalog.ColumnReference(schema: table.schema, table: table.name, column: column.name),
            to: Catalog.ColumnReference(schema: target.schema, table: target.name, column: targetColumn.name),
            confidence: min(0.95, (confidence * 100).rounded() / 100), evidence: evidence)
    }

    /// Whether a primary key, unique constraint or valid unique index covers exactly this column.
    static func isUnique(_ column: Identifier, in table: Catalog.Table) -> Bool {
        if table.constraints.contains(where: { ($0.kind == .primaryKey || $0.kind == .unique) && $0.columns == [column] }) { return true }
        return table.indexes.contains { $0.unique && $0.valid && $0.predicate == nil && $0.keys.count == 1 && $0.keys.first?.column == column }
    }

    /// 0.2 for the same type, 0.15 within a family (integers, text, uuid, …), 0.05 for integer
    /// against numeric, nil when a join could not compare them without a cast.
    static func typeCompatibility(_ a: String, _ b: String) -> Double? {
        if a.lowercased() == b.lowercased() { return 0.2 }
        let (fa, fb) = (family(a), family(b))
        if fa == fb { return 0.15 }
        if Set([fa, fb]) == ["integer", "numeric"] { return 0.05 }
        return nil
    }

    static func family(_ type: String) -> String {
        let t = type.lowercased().trimmingCharacters(in: .whitespaces)
        let base = t.split(separator: "(").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? t
        switch base {
        case "smallint", "integer", "bigint", "int", "int2", "int4", "int8", "tinyint", "mediumint", "serial", "bigserial",
             "smallserial", "unsigned big int": return "integer"
        case "numeric", "decimal", "number": return "numeric"
        case "text", "character varying", "varchar", "character", "char", "bpchar", "name", "citext", "nvarchar", "nchar",
             "varying character", "native character", "clob", "string": return "text"
        case "uuid": return "uuid"
        default: return base
        }
    }
}
