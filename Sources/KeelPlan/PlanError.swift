public import KeelCore

/// Why a spec cannot be planned. Thrown before anything is written: a bad spec changes nothing.
public enum PlanError: KeelError, Equatable {
    /// The spec file is not valid YAML or JSON, or does not have the spec's shape.
    case malformedSpec(file: String, line: Int?, column: Int?, path: String, reason: String)
    /// An operation is well-formed but makes no sense (e.g. `alter_column` with nothing to change).
    case invalidOperation(index: Int, operation: String, field: String, reason: String, line: Int?)
    /// An expression, type or name in the spec does not parse.
    case invalidSQL(index: Int, operation: String, field: String, reason: String, line: Int?)
    case unknownTable(index: Int, operation: String, table: String, line: Int?)
    case unknownColumn(index: Int, operation: String, table: String, column: String, line: Int?)
    case unknownConstraint(index: Int, operation: String, table: String, constraint: String, line: Int?)
    case unknownIndex(index: Int, operation: String, name: String, line: Int?)
    case unknownType(index: Int, operation: String, name: String, line: Int?)
    /// The object the operation would create already exists.
    case alreadyExists(index: Int, operation: String, object: String, line: Int?)
    /// Keel has no safe plan for this shape (e.g. a backfill on a table without a primary key).
    case unsupported(index: Int, operation: String, reason: String, line: Int?)
    /// A schema named like a version schema (`public_v2`) exists but was not created by Keel.
    case versionSchemaTaken(index: Int, operation: String, schema: String, line: Int?)

    public var code: String {
        switch self {
        case .malformedSpec: "plan.malformed-spec"
        case .invalidOperation: "plan.invalid-operation"
        case .invalidSQL: "plan.invalid-sql"
        case .unknownTable: "plan.unknown-table"
        case .unknownColumn: "plan.unknown-column"
        case .unknownConstraint: "plan.unknown-constraint"
        case .unknownIndex: "plan.unknown-index"
        case .unknownType: "plan.unknown-type"
        case .alreadyExists: "plan.already-exists"
        case .unsupported: "plan.unsupported"
        case .versionSchemaTaken: "plan.version-schema-taken"
        }
    }

    public var message: String {
        switch self {
        case .malformedSpec(let file, let line, let column, let path, let reason):
            let position = line.map { ":\($0)" + (column.map { ":\($0)" } ?? "") } ?? ""
            return "\(file)\(position): \(path.isEmpty ? "" : path + ": ")\(reason)"
        case .invalidOperation(let index, let operation, let field, let reason, let line):
            return Self.at(index, operation, line) + "\(field): \(reason)"
        case .invalidSQL(let index, let operation, let field, let reason, let line):
            return Self.at(index, operation, line) + "\(field) is not valid SQL: \(reason)"
        case .unknownTable(let index, let operation, let table, let line):
            return Self.at(index, operation, line) + "table \(table) does not exist"
        case .unknownColumn(let index, let operation, let table, let column, let line):
            return Self.at(index, operation, line) + "column \(column) does not exist in \(table)"
        case .unknownConstraint(let index, let operation, let table, let constraint, let line):
            return Self.at(index, operation, line) + "constraint \(constraint) does not exist on \(table)"
        case .unknownIndex(let index, let operation, let name, let line):
            return Self.at(index, operation, line) + "index \(name) does not exist"
        case .unknownType(let index, let operation, let name, let line):
            return Self.at(index, operation, line) + "type \(name) does not exist"
        case .alreadyExists(let index, let operation, let object, let line):
            return Self.at(index, operation, line) + "\(object) already exists"
        case .unsupported(let index, let operation, let reason, let line):
            return Self.at(index, operation, line) + reason
        case .versionSchemaTaken(let index, let operation, let schema, let line):
            return Self.at(index, operation, line)
                + "schema \(schema) exists but is not a Keel version schema (its comment does not start with '\(VersionedViews.marker)'), so the versioned views of this change have no free number"
        }
    }

    public var hint: String? {
        switch self {
        case .malformedSpec: "see docs/change-spec.md for the format; `keel spec validate FILE` checks a spec without a database"
        case .invalidOperation, .invalidSQL: "see docs/change-spec.md for the operation's fields"
        case .unknownTable, .unknownColumn, .unknownConstraint, .unknownIndex, .unknownType:
            "check the name against the catalog (keel discover), or re-discover if the database changed"
        case .alreadyExists: "pick another name, or drop the old object in an earlier operation"
        case .unsupported: "write this step as a raw `sql` operation, which Keel carries as unverifiable"
        case .versionSchemaTaken: "rename or drop that schema: Keel publishes each version of a schema's tables in <schema>_v<N> (docs/rollout.md)"
        }
    }

    private static func at(_ index: Int, _ operation: String, _ line: Int?) -> String {
        "operations[\(index)] (\(operation)\(line.map { ", line \($0)" } ?? "")): "
    }
}
