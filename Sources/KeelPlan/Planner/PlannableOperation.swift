import KeelCore

/// A spec operation the planner can turn into steps (pgroll's operation interface, kept pure:
/// it reads the catalog through the context and appends steps to its phases).
protocol PlannableOperation {
    /// Checks the operation against the catalog and adds its steps to `context`.
    func plan(_ context: inout PlanContext) throws(PlanError)
}

extension ChangeSpec.Operation {
    var plannable: any PlannableOperation {
        switch self {
        case .createTable(let op): op
        case .dropTable(let op): op
        case .renameTable(let op): op
        case .addColumn(let op): op
        case .dropColumn(let op): op
        case .renameColumn(let op): op
        case .alterColumn(let op): op
        case .addConstraint(let op): op
        case .dropConstraint(let op): op
        case .createIndex(let op): op
        case .dropIndex(let op): op
        case .createEnum(let op): op
        case .addEnumValue(let op): op
        case .sql(let op): op
        }
    }
}
