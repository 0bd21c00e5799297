/// What `keel find` answers: the relations a request touches, best first, each with its reasons.
public struct FindResult: Codable, Sendable, Equatable {
    /// The request as given.
    public var request: String
    /// The request's words that took part in the search (stop words left out), as typed.
    public var terms: [String]
    /// Words that matched nothing in the catalog, not even through a synonym.
    public var unmatched: [String]
    /// At most the requested number of hits, best first.
    public var hits: [FindHit]
}

/// One relation a request probably touches.
public struct FindHit: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case table, partitionedTable, foreignTable, view, materializedView
    }

    /// 1 for the best hit.
    public var rank: Int
    /// `schema.name`, quoted where SQL needs it.
    public var relation: String
    public var schema: String
    public var name: String
    public var kind: Kind
    /// The relevance score; only the order matters, and scores compare within one result.
    public var score: Double
    /// Why the relation ranks here, strongest first.
    public var reasons: [FindReason]
    /// The relation's columns that match the request, best first.
    public var columns: [FindColumn]
    /// The row estimate from the catalog's statistics, when known.
    public var rows: Int64?
}

/// One reason for a hit, with the share of the score it brought (negative for a penalty).
public struct FindReason: Codable, Sendable, Equatable {
    public enum Signal: String, Codable, Sendable {
        /// The relation's name matches a word of the request.
        case name
        /// The schema's name does.
        case schema
        /// Column names do.
        case column
        /// The relation's comment does.
        case comment
        /// Column comments do.
        case columnComment
        /// Words next to each other in the request are next to each other in the name or comment.
        case phrase
        /// The relation has columns of the type the request asks for (amounts, dates, …).
        case type
        /// The comment says the relation is *not* about a word of the request.
        case negated
        /// Foreign keys (declared or inferred) link it to relations that match.
        case neighbor
        /// It lies on the shortest foreign-key path between strong matches.
        case path
        /// It is large or busy.
        case size
    }

    public var signal: Signal
    public var detail: String
    public var score: Double
}

/// A column of a hit that matches the request.
public struct FindColumn: Codable, Sendable, Equatable {
    public var name: String
    public var type: String
    public var score: Double
    /// Short reasons: `name ~ amount`, `comment ~ paid`, `money type`.
    public var matches: [String]
}
