public import KeelCore

/// Turns a change spec into an expand/contract ``MigrationPlan``, reading the catalog for what
/// is safe (sizes, defaults' volatility, validated CHECKs, no-rewrite type changes) and the
/// lineage for the consumers to patch and the contract to gate.
///
/// ```swift
/// let loaded = try ChangeSpecLoader.load(path: "change.yaml")
/// let plan = try Planner(catalog: catalog, lineage: lineage).plan(loaded, consumers: sources)
/// ```
public struct Planner: Sendable {
    public let catalog: Catalog
    public let lineage: LineageGraph?
    public let options: PlannerOptions

    public init(catalog: Catalog, lineage: LineageGraph? = nil, options: PlannerOptions = PlannerOptions()) {
        self.catalog = catalog
        self.lineage = lineage
        self.options = options
    }

    /// Plans a loaded spec. `consumers` are the source files of lineage consumers, for patches;
    /// consumers whose file is missing get a note instead of a patch.
    public func plan(_ loaded: ChangeSpecLoader.Loaded, consumers: [ConsumerSource] = [], probed: ProbedDefaults = ProbedDefaults()) throws(PlanError) -> MigrationPlan {
        try plan(loaded.spec, operationLines: loaded.operationLines, consumers: consumers, probed: probed)
    }

    /// Asks the server, through `probe`, whether each `add_column` default would be stored once
    /// (`atthasmissing`) rather than rewrite the table; the plan then follows the server, not the
    /// volatility table. Operations the probe cannot try (new tables, bad input) keep the static
    /// decision, and planning reports their errors.
    public func probeDefaults(_ spec: ChangeSpec, using probe: any FastDefaultProbe) async -> ProbedDefaults {
        var result = ProbedDefaults()
        for (index, operation) in spec.operations.enumerated() {
            guard case .addColumn(let add) = operation, let text = add.column.default,
                  let parts = SpecName.parts(add.table), (1...2).contains(parts.count), let name = parts.last,
                  let table = try? QualifiedName(schema: parts.count == 2 ? parts[0] : options.defaultSchema, name: name),
                  catalog.table(table) != nil, let type = SpecType(add.column.type), let value = try? RowExpression(text) else { continue }
            if let fast = try? await probe.addsWithoutRewrite(table: table, type: type.sql, defaultValue: value.sql()) {
                result.withoutRewrite[index] = fast
            }
        }
        return result
    }

    /// Plans a spec.
    public func plan(_ spec: ChangeSpec, operationLines: [Int] = [], consumers: [ConsumerSource] = [],
                     probed: ProbedDefaults = ProbedDefaults()) throws(PlanError) -> MigrationPlan {
        var context = PlanContext(catalog: catalog, options: options, lineage: lineage, operationLines: operationLines, changeName: spec.change)
        context.probed = probed
        for (index, operation) in spec.operations.enumerated() {
            context.operationIndex = index
            context.operationName = operation.name
            try operation.plannable.plan(&context)
        }
        try VersionedViews.publish(&context)
        if lineage == nil, !context.replacedColumns.isEmpty {
            context.notes.append(MigrationPlan.Note(severity: .warning, operation: nil,
                message: "no lineage given: consumers of the replaced columns are unknown and unpatched; build it with keel lineage build and plan with --lineage"))
        }
        let patches = ConsumerPatcher(lineage: lineage, sources: consumers, options: options).patches(for: context.replacedColumns, notes: &context.notes)
        context.operationIndex = 0
        for patch in patches {
            context.add(.migrateConsumers, StepDraft(
                summary: "deploy the patch to \(patch.file) (\(patch.consumer)): it reads \(patch.columns.joined(separator: ", ")) no more",
                table: nil, statements: [], transactional: false, lock: .none, rollback: [], timeouts: false))
        }
        VersionedViews.cutover(&context)
        do {
            return try MigrationPlan(
                change: spec.change, spec: spec,
                inputs: MigrationPlan.Inputs(spec: try ContentHash(canonical: spec), catalog: catalog.fingerprint,
                                             lineage: try lineage?.contentHash()),
                phases: MigrationPlan.PhaseKind.allCases.map { MigrationPlan.Phase(kind: $0, steps: context.steps[$0] ?? []) },
                consumerPatches: patches, notes: context.notes,
                replacements: context.replacedColumns.map { .init(table: $0.table, old: $0.old, new: $0.new, synced: $0.synced) })
        } catch {
            throw .unsupported(index: 0, operation: spec.operations.first?.name ?? "", reason: "the plan could not be encoded: \(error)", line: nil)
        }
    }
}

/// What the server said about `add_column` defaults, by operation index.
public struct ProbedDefaults: Sendable, Equatable {
    /// `true`: the default is stored once, no rewrite; `false`: PostgreSQL would rewrite the table.
    public var withoutRewrite: [Int: Bool] = [:]
    public init() {}
}
