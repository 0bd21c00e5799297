import KeelSQL

/// A query taken apart for comparison: each clause printed canonically, its CTEs (recursively), and its
/// output columns with their expressions and lineage.
struct QueryShape {
    /// An output column of the top-level query.
    struct Output {
        var name: String
        /// The item's printed expression, or "" when it comes from `*`.
        var text: String
        /// Its lineage sources, as `table.column SUBTYPE`.
        var sources: Set<String>
        /// Whether it comes from a `*`.
        var fromStar: Bool
    }

    /// Printed clauses by label; a missing label means the clause is absent.
    var clauses: [String: String] = [:]
    /// A CTE and its shape (a class, so the shape can nest).
    final class CTE {
        let name: String
        let shape: QueryShape
        init(name: String, shape: QueryShape) {
            self.name = name
            self.shape = shape
        }
    }

    /// CTEs in order.
    var ctes: [CTE] = []
    /// Select items by output name, printed.
    var itemTexts: [String: String] = [:]
    /// Output columns (top-level query only).
    var outputs: [Output] = []

    init() {}

    init(_ query: Query, lineage: [ColumnLineage]?) {
        if let with = query.with {
            for cte in with.ctes {
                if let inner = cte.query {
                    ctes.append(CTE(name: cte.name.value, shape: QueryShape(inner, lineage: nil)))
                } else {
                    // A data-modifying CTE: Keel does not compare it, so any such query counts as changed.
                    var other = QueryShape()
                    other.clauses = ["data-modifying statement": "\(cte.statement.range)"]
                    ctes.append(CTE(name: cte.name.value, shape: other))
                }
                if !cte.columns.isEmpty { clauses["CTE \(cte.name.value) column list"] = cte.columns.map(\.value).joined(separator: ",") }
            }
            if with.recursive { clauses["WITH RECURSIVE"] = "recursive" }
        }
        var items: [SelectItem] = []
        switch query.body {
        case .select(let select):
            items = select.items
            func add(_ label: String, _ text: String) { if !text.isEmpty { clauses[label] = text } }
            add("sources or joins (FROM)", Self.print(Select(items: [], from: select.from)))
            add("filter (WHERE)", select.where.map(SQLPrinter.print) ?? "")
            add("grouping (GROUP BY/HAVING)", select.groupBy == nil && select.having == nil ? ""
                : Self.print(Select(items: [], groupBy: select.groupBy, having: select.having)))
            add("DISTINCT", select.distinct == nil ? "" : Self.print(Select(distinct: select.distinct, items: [])))
            add("QUALIFY/WINDOW", select.qualify == nil && select.windows.isEmpty ? ""
                : Self.print(Select(items: [], windows: select.windows, qualify: select.qualify)))
            if query.limit != nil {
                add("LIMIT", SQLPrinter.print(Query(body: .select(Select(items: [])), orderBy: query.orderBy, limit: query.limit)))
            }
        default:
            // A set operation, VALUES or TABLE: compared whole.
            clauses["query"] = SQLPrinter.print(Query(body: query.body, orderBy: query.orderBy, limit: query.limit))
        }
        var named: [String: String] = [:]
        var hasStar = false
        for (position, item) in items.enumerated() {
            let text = SQLPrinter.print(item.expression)
            let name: String
            if let alias = item.alias {
                name = alias.value
            } else if case .column(let column) = item.expression.kind {
                name = column.column.value
            } else if case .star = item.expression.kind {
                hasStar = true
                name = text
            } else {
                name = "#\(position)"
            }
            named[name] = text
        }
        itemTexts = named
        guard let lineage else { return }
        let positional = !hasStar && lineage.count == items.count
        for (position, column) in lineage.enumerated() {
            let text = positional ? SQLPrinter.print(items[position].expression) : named[column.name] ?? ""
            let sources = Set(column.sources.map { "\($0.table).\($0.column) \($0.subtype.rawValue)" })
            outputs.append(Output(name: column.name, text: text, sources: sources, fromStar: !positional && named[column.name] == nil))
        }
    }

    static func print(_ select: Select) -> String {
        SQLPrinter.print(Query(body: .select(select)))
    }

    /// Whether `text` mentions one of `names` as an identifier.
    static func mentions(_ text: String, _ names: Set<String>) -> Bool {
        guard !names.isEmpty else { return false }
        var word = ""
        for character in text + " " {
            if character.isLetter || character.isNumber || character == "_" || character == "$" {
                word.append(character)
            } else {
                if !word.isEmpty, names.contains(word) || names.contains(word.lowercased()) { return true }
                word = ""
            }
        }
        return false
    }
}
