extension LineageWalker {
    /// Aggregate functions PostgreSQL (and the warehouses found in dbt projects) ship.
    static let aggregates: Set<String> = [
        "count", "sum", "avg", "min", "max", "array_agg", "string_agg", "json_agg", "jsonb_agg", "json_object_agg",
        "jsonb_object_agg", "json_objectagg", "json_arrayagg", "xmlagg", "bool_and", "bool_or", "every", "bit_and",
        "bit_or", "bit_xor", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp", "corr",
        "covar_pop", "covar_samp", "regr_avgx", "regr_avgy", "regr_count", "regr_intercept", "regr_r2", "regr_slope",
        "regr_sxx", "regr_sxy", "regr_syy", "percentile_cont", "percentile_disc", "mode", "rank", "dense_rank",
        "percent_rank", "cume_dist", "range_agg", "range_intersect_agg", "any_value", "listagg", "median",
        "approx_count_distinct", "approx_distinct", "count_if", "countif", "array_union_agg", "arbitrary",
        "approx_percentile", "logical_and", "logical_or", "hll_count", "group_concat", "collect_list", "collect_set",
        "object_agg", "array_concat_agg", "kurtosis", "skewness", "max_by", "min_by", "arg_max", "arg_min",
    ]

    /// Adds the sources of `expression`, used as `use`, to `set`.
    mutating func expression(_ expression: SQLExpression, _ use: Use, _ frame: LineageFrame, _ ctes: [String: QueryLineage],
                             into set: inout LineageSet) {
        guard enter(expression.range) else { return }
        defer { leave() }
        let operand = use.raised(.transformation)
        switch expression.kind {
        case .column(let reference):
            if let lineage = column(reference, frame) { set.add(lineage, as: use) }
        case .star(let star):
            // `t.*` inside an expression (`row_to_json(t.*)`): the whole row.
            if let qualifier = star.qualifier.last, let entry = resolveAlias(qualifier.value, frame) {
                set.add(entry.relation.wholeRow, as: operand)
            }
        case .literal, .parameter, .valueFunction, .default, .template, .invalid, .typedLiteral:
            break
        case .nested(let inner):
            self.expression(inner, use, frame, ctes, into: &set)
        case .unary(_, let inner):
            self.expression(inner, operand, frame, ctes, into: &set)
        case .binary:
            // Walk the left spine iteratively: long operator chains must not overflow the stack.
            var leftmost = expression
            var rights: [SQLExpression] = []
            while case .binary(_, let left, let right) = leftmost.kind {
                rights.append(right)
                leftmost = left
            }
            self.expression(leftmost, operand, frame, ctes, into: &set)
            for right in rights.reversed() { self.expression(right, operand, frame, ctes, into: &set) }
        case .isTest(let inner, _):
            self.expression(inner, operand, frame, ctes, into: &set)
        case .like(let like):
            self.expression(like.value, operand, frame, ctes, into: &set)
            self.expression(like.pattern, operand, frame, ctes, into: &set)
            if let escape = like.escape { self.expression(escape, operand, frame, ctes, into: &set) }
        case .between(let between):
            for part in [between.value, between.low, between.high] { self.expression(part, operand, frame, ctes, into: &set) }
        case .inList(let value, let list, _):
            self.expression(value, operand, frame, ctes, into: &set)
            for item in list { self.expression(item, operand, frame, ctes, into: &set) }
        case .inSubquery(let value, let inner, _):
            self.expression(value, operand, frame, ctes, into: &set)
            subquery(inner, operand, frame, ctes, into: &set, columns: .all)
        case .quantified(let quantified):
            self.expression(quantified.left, operand, frame, ctes, into: &set)
            switch quantified.source {
            case .subquery(let inner): subquery(inner, operand, frame, ctes, into: &set, columns: .all)
            case .array(let array): self.expression(array, operand, frame, ctes, into: &set)
            }
        case .exists(let inner):
            // EXISTS reads its subquery's rows, never their values.
            subquery(inner, use.deciding(.filter), frame, ctes, into: &set, columns: .none)
        case .subquery(let inner):
            subquery(inner, use, frame, ctes, into: &set, columns: .first)
        case .cast(let cast):
            self.expression(cast.value, operand, frame, ctes, into: &set)
        case .function(let call):
            function(call, use, frame, ctes, into: &set)
        case .extract(_, let source):
            self.expression(source, operand, frame, ctes, into: &set)
        case .caseWhen(let caseWhen):
            let condition = use.deciding(.conditional)
            if let value = caseWhen.operand { self.expression(value, condition, frame, ctes, into: &set) }
            for branch in caseWhen.branches {
                self.expression(branch.condition, condition, frame, ctes, into: &set)
                self.expression(branch.result, operand, frame, ctes, into: &set)
            }
            if let value = caseWhen.elseResult { self.expression(value, operand, frame, ctes, into: &set) }
        case .array(let array):
            switch array {
            case .elements(let elements, _):
                for element in elements { self.expression(element, operand, frame, ctes, into: &set) }
            case .subquery(let inner):
                // ARRAY(SELECT …) collects many rows into one value.
                subquery(inner, use.raised(.aggregation), frame, ctes, into: &set, columns: .first)
            }
        case .row(let items, _):
            for item in items { self.expression(item, operand, frame, ctes, into: &set) }
        case .structConstructor(let structure):
            for field in structure.fields { self.expression(field.expression, operand, frame, ctes, into: &set) }
        case .access(let base, let path):
            self.expression(base, operand, frame, ctes, into: &set)
            for accessor in path {
                switch accessor {
                case .index(let index): self.expression(index, operand, frame, ctes, into: &set)
                case .slice(let lower, let upper):
                    if let lower { self.expression(lower, operand, frame, ctes, into: &set) }
                    if let upper { self.expression(upper, operand, frame, ctes, into: &set) }
                default: break
                }
            }
        case .collate(let inner, _):
            self.expression(inner, operand, frame, ctes, into: &set)
        case .atTimeZone(let inner, let zone):
            self.expression(inner, operand, frame, ctes, into: &set)
            if let zone { self.expression(zone, operand, frame, ctes, into: &set) }
        }
    }

    /// A function call: aggregates AGGREGATION, window parts WINDOW, everything else TRANSFORMATION.
    mutating func function(_ call: FunctionCall, _ use: Use, _ frame: LineageFrame, _ ctes: [String: QueryLineage],
                           into set: inout LineageSet) {
        let name = call.name.name.value
        let isAggregate = Self.aggregates.contains(name) || call.filter != nil || !call.withinGroup.isEmpty
            || (call.distinct && call.over == nil) || (!call.orderBy.isEmpty && call.over == nil)
        let argumentUse = use.raised(isAggregate ? .aggregation : .transformation)
        if (name == "iff" || name == "if"), call.arguments.count == 3 {
            // Snowflake IFF / BigQuery IF: the first argument only decides.
            self.expression(call.arguments[0].value, use.deciding(.conditional), frame, ctes, into: &set)
            for argument in call.arguments.dropFirst() { self.expression(argument.value, argumentUse, frame, ctes, into: &set) }
        } else {
            for argument in call.arguments { self.expression(argument.value, argumentUse, frame, ctes, into: &set) }
        }
        for item in call.withinGroup { self.expression(item.expression, argumentUse, frame, ctes, into: &set) }
        for item in call.orderBy { self.expression(item.expression, use.deciding(.sort), frame, ctes, into: &set) }
        if let filter = call.filter { self.expression(filter, use.deciding(.filter), frame, ctes, into: &set) }
        if let over = call.over { window(over, use.deciding(.window), frame, ctes, into: &set) }
    }

    /// A window's PARTITION BY and ORDER BY, following named windows.
    mutating func window(_ spec: WindowSpec, _ use: Use, _ frame: LineageFrame, _ ctes: [String: QueryLineage],
                         into set: inout LineageSet, hops: Int = 0) {
        for expression in spec.partitionBy { self.expression(expression, use, frame, ctes, into: &set) }
        for item in spec.orderBy { self.expression(item.expression, use, frame, ctes, into: &set) }
        if let base = spec.baseName, hops < 16 {
            var current: LineageFrame? = frame
            while let scope = current {
                if let named = scope.windows[base.value] {
                    window(named, use, frame, ctes, into: &set, hops: hops + 1)
                    break
                }
                current = scope.parent
            }
        }
    }

    /// Which output columns of a subquery flow into the expression around it.
    enum SubqueryColumns {
        /// A scalar subquery or `ARRAY(SELECT …)`.
        case first
        /// `IN (SELECT …)`, `op ANY (SELECT …)`: compared against the value (a row for `(a, b) IN …`).
        case all
        /// `EXISTS`: no value is read.
        case none
    }

    /// A subquery inside an expression: its (first) output column's sources as `use`, plus the uses
    /// inside it (its WHERE, JOIN, …) as column-level INDIRECT edges.
    mutating func subquery(_ inner: Query, _ use: Use, _ frame: LineageFrame, _ ctes: [String: QueryLineage],
                           into set: inout LineageSet, columns: SubqueryColumns) {
        let lineage = query(inner, parent: frame, ctes: ctes)
        switch columns {
        case .first: if let first = lineage.columns.first { set.add(first.lineage, as: use) }
        case .all: for column in lineage.columns { set.add(column.lineage, as: use) }
        case .none: break
        }
        switch use {
        case .direct:
            set.addIndirect(lineage.indirect)
        case .indirect(let mask):
            for key in lineage.indirect.keys { set.addIndirect(key, mask) }
        }
    }
}
