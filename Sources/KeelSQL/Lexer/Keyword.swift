/// Key words the lexer recognizes in unquoted words (case-insensitively).
///
/// Recognizing a word as a key word does not make it reserved: the parser decides from context
/// whether a key word may also be a name (PostgreSQL's unreserved and column-name key words).
public enum Keyword: String, Hashable, Sendable, CaseIterable {
    case abort
    case absolute
    case access
    case action
    case add
    case admin
    case after
    case aggregate
    case all
    case also
    case alter
    case always
    case analyse
    case analyze
    case and
    case `any`
    case array
    case `as`
    case asc
    case assertion
    case assignment
    case asymmetric
    case at
    case atomic
    case attach
    case attribute
    case authorization
    case before
    case begin
    case between
    case bigint
    case binary
    case bit
    case boolean
    case both
    case breadth
    case by
    case cache
    case call
    case called
    case cascade
    case cascaded
    case `case`
    case cast
    case catalog
    case chain
    case char
    case character
    case characteristics
    case check
    case checkpoint
    case `class`
    case close
    case cluster
    case coalesce
    case collate
    case collation
    case column
    case columns
    case comment
    case comments
    case commit
    case committed
    case compression
    case concurrently
    case configuration
    case conflict
    case connection
    case constraint
    case constraints
    case content
    case `continue`
    case conversion
    case copy
    case cost
    case create
    case cross
    case csv
    case cube
    case current
    case currentCatalog = "current_catalog"
    case currentDate = "current_date"
    case currentRole = "current_role"
    case currentSchema = "current_schema"
    case currentTime = "current_time"
    case currentTimestamp = "current_timestamp"
    case currentUser = "current_user"
    case cursor
    case cycle
    case data
    case database
    case day
    case deallocate
    case dec
    case decimal
    case declare
    case `default`
    case defaults
    case deferrable
    case deferred
    case definer
    case delete
    case delimiter
    case delimiters
    case depends
    case depth
    case desc
    case detach
    case dictionary
    case disable
    case discard
    case distinct
    case `do`
    case document
    case domain
    case double
    case drop
    case each
    case `else`
    case enable
    case encoding
    case encrypted
    case end
    case `enum`
    case escape
    case event
    case except
    case exclude
    case excluding
    case exclusive
    case execute
    case exists
    case explain
    case expression
    case `extension`
    case external
    case extract
    case `false`
    case family
    case fetch
    case filter
    case finalize
    case first
    case float
    case following
    case `for`
    case force
    case foreign
    case format
    case forward
    case freeze
    case from
    case full
    case function
    case functions
    case generated
    case global
    case grant
    case granted
    case greatest
    case group
    case grouping
    case groups
    case handler
    case having
    case header
    case hold
    case hour
    case identity
    case `if`
    case ilike
    case immediate
    case immutable
    case implicit
    case `import`
    case `in`
    case include
    case including
    case increment
    case index
    case indexes
    case inherit
    case inherits
    case initially
    case inline
    case inner
    case `inout`
    case input
    case insensitive
    case insert
    case instead
    case int
    case integer
    case intersect
    case interval
    case into
    case invoker
    case `is`
    case isnull
    case isolation
    case join
    case key
    case label
    case language
    case large
    case last
    case lateral
    case leading
    case leakproof
    case least
    case left
    case level
    case like
    case limit
    case listen
    case load
    case local
    case localtime
    case localtimestamp
    case location
    case lock
    case locked
    case logged
    case mapping
    case match
    case matched
    case materialized
    case maxvalue
    case merge
    case method
    case minute
    case minvalue
    case mode
    case month
    case move
    case name
    case names
    case national
    case natural
    case nchar
    case new
    case next
    case nfc
    case nfd
    case nfkc
    case nfkd
    case no
    case noneWord = "none"
    case normalize
    case normalized
    case not
    case nothing
    case notify
    case notnull
    case nowait
    case null
    case nullif
    case nulls
    case numeric
    case object
    case of
    case off
    case offset
    case oids
    case old
    case on
    case only
    case `operator`
    case option
    case options
    case or
    case order
    case ordinality
    case others
    case out
    case outer
    case over
    case overlaps
    case overlay
    case overriding
    case owned
    case owner
    case parallel
    case parameter
    case parser
    case partial
    case partition
    case passing
    case password
    case placing
    case plans
    case policy
    case position
    case preceding
    case precision
    case prepare
    case prepared
    case preserve
    case primary
    case prior
    case privileges
    case procedural
    case procedure
    case procedures
    case program
    case publication
    case qualify
    case quote
    case range
    case read
    case real
    case reassign
    case recheck
    case recursive
    case ref
    case references
    case referencing
    case refresh
    case reindex
    case relative
    case release
    case rename
    case repeatable
    case replace
    case replica
    case reset
    case respect
    case restart
    case restrict
    case `return`
    case returning
    case returns
    case revoke
    case right
    case role
    case rollback
    case rollup
    case routine
    case routines
    case row
    case rows
    case rule
    case savepoint
    case schema
    case schemas
    case scroll
    case search
    case second
    case security
    case select
    case sequence
    case sequences
    case serializable
    case server
    case session
    case sessionUser = "session_user"
    case set
    case setof
    case sets
    case share
    case show
    case similar
    case simple
    case skip
    case smallint
    case snapshot
    case someQuantifier = "some"
    case sql
    case stable
    case standalone
    case start
    case statement
    case statistics
    case stdin
    case stdout
    case storage
    case stored
    case strict
    case strip
    case subscription
    case substring
    case support
    case symmetric
    case sysid
    case system
    case systemUser = "system_user"
    case table
    case tables
    case tablesample
    case tablespace
    case temp
    case template
    case temporary
    case text
    case then
    case ties
    case time
    case timestamp
    case to
    case trailing
    case transaction
    case transform
    case treat
    case trigger
    case trim
    case `true`
    case truncate
    case trusted
    case type
    case types
    case uescape
    case unbounded
    case uncommitted
    case unencrypted
    case union
    case unique
    case unknown
    case unlisten
    case unlogged
    case until
    case update
    case user
    case using
    case vacuum
    case valid
    case validate
    case validator
    case value
    case values
    case varchar
    case variadic
    case varying
    case verbose
    case version
    case view
    case views
    case volatile
    case when
    case `where`
    case whitespace
    case window
    case with
    case within
    case without
    case work
    case wrapper
    case write
    case xml
    case year
    case yes
    case zone
    case ignore
    case iff
    case `struct`
    case unnest
    case flatten
    case tryCast = "try_cast"
    case safeCast = "safe_cast"
    case source
    case target
    case modulus
    case remainder
    case list
    case hash
    case plain
    case extended
    case main
    case rowtype
    case overwrite
    case scalar
    case json
}

extension Keyword {
    /// Lower-case spelling to key word.
    static let byName: [String: Keyword] = {
        var table: [String: Keyword] = [:]
        table.reserveCapacity(allCases.count)
        for keyword in allCases { table[keyword.rawValue] = keyword }
        return table
    }()

    /// The key word spelled by `bytes[start..<end]`, case-insensitively, without allocating.
    static func lookup(bytes: [UInt8], start: Int, end: Int) -> Keyword? {
        var ascii = true
        let text = String(unsafeUninitializedCapacity: end - start) { buffer in
            var count = 0
            for i in start..<end {
                let c = bytes[i]
                if c >= 0x80 { ascii = false }
                buffer[count] = c >= 0x41 && c <= 0x5A ? c | 0x20 : c
                count += 1
            }
            return count
        }
        return ascii ? byName[text] : nil
    }

    /// The key word spelled by `text` (already lower-cased ASCII), if any.
    static func lookup(_ text: String) -> Keyword? { byName[text] }

    /// Key words PostgreSQL reserves: they cannot be column or table names unless quoted, and never
    /// serve as an implicit alias. (PostgreSQL 15, "reserved" plus "reserved (can be function or type)".)
    static let reserved: Set<Keyword> = [
        .all, .analyse, .analyze, .and, .any, .array, .as, .asc, .asymmetric, .authorization, .binary, .both,
        .case, .cast, .check, .collate, .collation, .column, .concurrently, .constraint, .create, .cross,
        .currentCatalog, .currentDate, .currentRole, .currentSchema, .currentTime, .currentTimestamp, .currentUser,
        .default, .deferrable, .desc, .distinct, .do, .else, .end, .except, .false, .fetch, .for, .foreign,
        .freeze, .from, .full, .grant, .group, .having, .ilike, .in, .initially, .inner, .intersect, .into,
        .is, .isnull, .join, .lateral, .leading, .left, .like, .limit, .localtime, .localtimestamp, .natural,
        .not, .notnull, .null, .offset, .on, .only, .or, .order, .outer, .overlaps, .placing, .primary,
        .references, .returning, .right, .select, .sessionUser, .similar, .someQuantifier, .symmetric, .systemUser,
        .table, .tablesample, .then, .to, .trailing, .true, .union, .unique, .user, .using, .variadic,
        .verbose, .when, .where, .window, .with,
    ]
}
