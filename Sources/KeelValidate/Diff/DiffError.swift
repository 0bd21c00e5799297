public import KeelCore

/// Why a data diff could not run. Differences themselves are never errors: they go into
/// ``DiffReport``. Every case exits 2 from the CLI.
public enum DiffError: KeelError, Equatable {
    /// The table name given on the command line is not a valid `[schema.]table`.
    case invalidTableName(text: String, reason: String)
    /// The table (or view) does not exist in the database.
    case unknownTable(name: String, database: String)
    /// A `--key` column is missing from one of the tables.
    case unknownKeyColumn(column: String, table: String)
    /// A `--columns` column is missing from one of the tables.
    case unknownColumn(column: String, table: String)
    /// `--key` was empty.
    case noKey
    /// A column was named twice in `--key` or `--columns`, or is both a key and a compared column.
    case duplicateColumn(column: String)
    /// The key columns cannot be compared between the two tables (e.g. integer against text).
    case keyTypeMismatch(column: String, typeA: String, typeB: String)
    /// `--limit` or another numeric option is out of range.
    case invalidOption(name: String, reason: String)

    public var code: String {
        switch self {
        case .invalidTableName: "diff.invalid-table-name"
        case .unknownTable: "diff.unknown-table"
        case .unknownKeyColumn: "diff.unknown-key-column"
        case .unknownColumn: "diff.unknown-column"
        case .noKey: "diff.no-key"
        case .duplicateColumn: "diff.duplicate-column"
        case .keyTypeMismatch: "diff.key-type-mismatch"
        case .invalidOption: "diff.invalid-option"
        }
    }

    public var message: String {
        switch self {
        case .invalidTableName(let text, let reason): "invalid table name \"\(text)\": \(reason)"
        case .unknownTable(let name, let database): "table \(name) does not exist in database \"\(database)\""
        case .unknownKeyColumn(let column, let table): "key column \"\(column)\" does not exist in table \(table)"
        case .unknownColumn(let column, let table): "column \"\(column)\" does not exist in table \(table)"
        case .noKey: "no key columns given"
        case .duplicateColumn(let column): "column \"\(column)\" is named more than once in --key and --columns"
        case .keyTypeMismatch(let column, let typeA, let typeB):
            "key column \"\(column)\" has type \(typeA) in A and \(typeB) in B, which do not compare"
        case .invalidOption(let name, let reason): "invalid \(name): \(reason)"
        }
    }

    public var hint: String? {
        switch self {
        case .invalidTableName: "write the table as table or schema.table; double-quote names with dots or capitals: '\"Sales\".\"Q1\"'"
        case .unknownTable: "check the name and schema (unqualified names follow the search_path), and that --db points at the right database"
        case .unknownKeyColumn: "--key takes the columns that identify a row in both tables, e.g. --key id or --key tenant_id,id"
        case .unknownColumn: "--columns takes columns present in both tables; leave it out to compare every common column"
        case .noKey: "pass --key with the columns that identify a row, e.g. --key id"
        case .duplicateColumn: "name each column once; key columns are always compared and need not be in --columns"
        case .keyTypeMismatch: "cast one side in a view so both keys have comparable types, then diff the view"
        case .invalidOption: nil
        }
    }
}
