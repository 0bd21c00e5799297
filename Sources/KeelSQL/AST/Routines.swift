/// `CREATE [OR REPLACE] FUNCTION|PROCEDURE name (params) [RETURNS …] options AS 'body'`.
///
/// The body is kept as text: Keel does not analyze procedural code.
public struct CreateFunction: Hashable, Sendable {
    /// Whether `OR REPLACE` was given.
    public var orReplace: Bool
    /// Whether this is a procedure.
    public var isProcedure: Bool
    /// The name.
    public var name: ObjectName
    /// The parameters, in order.
    public var parameters: [FunctionParameter]
    /// `RETURNS type`, or `nil` for procedures and `RETURNS TABLE`.
    public var returnType: TypeName?
    /// `RETURNS TABLE (…)` columns.
    public var returnsTable: [ColumnDefinition]
    /// `LANGUAGE name`, lower-case.
    public var language: String?
    /// The body: the content of the `AS` string (unquoted, unescaped), or the SQL-standard
    /// `BEGIN ATOMIC … END` / `RETURN …` text.
    public var body: String?
    /// Where the body was written.
    public var bodyRange: SourceRange?
    /// Other options as written (`IMMUTABLE`, `SECURITY DEFINER`, `SET search_path = …`, `COST 100`), upper-cased key words.
    public var options: [String]

    /// Creates a CREATE FUNCTION.
    public init(
        orReplace: Bool = false, isProcedure: Bool = false, name: ObjectName, parameters: [FunctionParameter] = [],
        returnType: TypeName? = nil, returnsTable: [ColumnDefinition] = [], language: String? = nil,
        body: String? = nil, bodyRange: SourceRange? = nil, options: [String] = []
    ) {
        self.orReplace = orReplace
        self.isProcedure = isProcedure
        self.name = name
        self.parameters = parameters
        self.returnType = returnType
        self.returnsTable = returnsTable
        self.language = language
        self.body = body
        self.bodyRange = bodyRange
        self.options = options
    }
}

/// `[IN|OUT|INOUT|VARIADIC] [name] type [DEFAULT expr]`.
public struct FunctionParameter: Hashable, Sendable {
    /// `IN`, `OUT`, `INOUT` or `VARIADIC`, upper-case, if given.
    public var mode: String?
    /// The name.
    public var name: Name?
    /// The data type.
    public var type: TypeName
    /// The default value, if any.
    public var defaultValue: SQLExpression?

    /// Creates a parameter.
    public init(mode: String? = nil, name: Name? = nil, type: TypeName, defaultValue: SQLExpression? = nil) {
        self.mode = mode
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
    }
}

/// `CREATE [OR REPLACE] [CONSTRAINT] TRIGGER name BEFORE|AFTER|INSTEAD OF events ON table … EXECUTE FUNCTION f(args)`.
public struct CreateTrigger: Hashable, Sendable {
    /// Whether `OR REPLACE` was given.
    public var orReplace: Bool
    /// Whether this is a constraint trigger.
    public var isConstraint: Bool
    /// The name.
    public var name: Name
    /// `BEFORE`, `AFTER` or `INSTEAD OF`.
    public var timing: String
    /// The events that fire the trigger.
    public var events: [TriggerEvent]
    /// The table.
    public var table: ObjectName
    /// `FROM referenced_table`, `DEFERRABLE …` and `REFERENCING …`, kept as text.
    public var otherClauses: [String]
    /// `FOR EACH ROW` (otherwise per statement).
    public var forEachRow: Bool
    /// The `WHEN` condition, if any.
    public var when: SQLExpression?
    /// The function called.
    public var function: ObjectName
    /// The function's arguments, as written (literal text).
    public var arguments: [String]

    /// Creates a CREATE TRIGGER.
    public init(
        orReplace: Bool = false, isConstraint: Bool = false, name: Name, timing: String, events: [TriggerEvent],
        table: ObjectName, otherClauses: [String] = [], forEachRow: Bool = false, when: SQLExpression? = nil,
        function: ObjectName, arguments: [String] = []
    ) {
        self.orReplace = orReplace
        self.isConstraint = isConstraint
        self.name = name
        self.timing = timing
        self.events = events
        self.table = table
        self.otherClauses = otherClauses
        self.forEachRow = forEachRow
        self.when = when
        self.function = function
        self.arguments = arguments
    }
}

/// A trigger event: `INSERT`, `UPDATE [OF columns]`, `DELETE` or `TRUNCATE`.
public struct TriggerEvent: Hashable, Sendable {
    /// Upper-case event name.
    public var event: String
    /// `UPDATE OF` columns.
    public var columns: [Name]

    /// Creates an event.
    public init(event: String, columns: [Name] = []) {
        self.event = event
        self.columns = columns
    }
}
