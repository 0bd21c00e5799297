/// A data type as written: `integer`, `varchar(255)`, `numeric(10,2)[]`, `timestamp with time zone`,
/// `public.mood`, `interval day to second`, BigQuery `ARRAY<STRUCT<a INT64>>`.
public struct TypeName: Hashable, Sendable {
    /// The type's name. Multi-word SQL types are one unquoted part spelled canonically
    /// (`double precision`, `character varying`, `timestamp with time zone`).
    public var name: ObjectName
    /// Type modifiers in parentheses, such as `255` or `10, 2`.
    public var modifiers: [SQLExpression]
    /// Array dimensions: one entry per `[]` (or `ARRAY`), holding the declared bound if any.
    public var arrayBounds: [Int?]
    /// Type arguments in angle brackets (BigQuery `ARRAY<INT64>`, `STRUCT<a INT64>`).
    public var typeArguments: [TypeArgument]
    /// For `interval`: the field restriction such as `year to month`.
    public var intervalFields: String?
    /// `SETOF` (function return types only).
    public var isSetOf: Bool
    /// `%TYPE` or `%ROWTYPE` (function parameters), lower-cased.
    public var percentType: String?
    /// Where the type was written.
    public var range: SourceRange

    /// Creates a type name.
    public init(
        name: ObjectName, modifiers: [SQLExpression] = [], arrayBounds: [Int?] = [], typeArguments: [TypeArgument] = [],
        intervalFields: String? = nil, isSetOf: Bool = false, percentType: String? = nil, range: SourceRange = .none
    ) {
        self.name = name
        self.modifiers = modifiers
        self.arrayBounds = arrayBounds
        self.typeArguments = typeArguments
        self.intervalFields = intervalFields
        self.isSetOf = isSetOf
        self.percentType = percentType
        self.range = range
    }
}

/// One argument of a BigQuery-style parameterized type: `INT64` or `name INT64`.
public struct TypeArgument: Hashable, Sendable {
    /// The field name, for `STRUCT<name type>`.
    public var name: Name?
    /// The type.
    public var type: TypeName

    /// Creates a type argument.
    public init(name: Name?, type: TypeName) {
        self.name = name
        self.type = type
    }
}
