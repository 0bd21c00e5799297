public import Foundation

/// What `keel drift` found: every difference between a database's live catalog and the baseline
/// Keel recorded in its `keel` schema after the last change it made (or by `keel drift record`).
///
/// Each difference reads as one line, carries the DDL that reproduces it on the baseline and the
/// DDL that reverts it on the live database, and, when DDL capture is installed, the captured
/// statements that made it. Differences are sorted by relation, then object, kind and property.
/// The report holds timestamps, so it is never hashed into anything. Format: `docs/drift.md`.
public struct DriftReport: Artifact {
    public static let kind = "drift"
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    public var kind: String
    /// The environment checked, when the face knows its name.
    public var environment: String?
    /// The baseline the live catalog was compared with.
    public var baseline: Baseline
    /// The fingerprint of the live catalog (without the `keel` schema).
    public var liveFingerprint: ContentHash
    /// When the live catalog was read.
    public var checkedAt: Date
    /// Whether `keel drift install-capture` is installed, so differences can be attributed.
    public var captureInstalled: Bool
    /// `true` when at least one difference was found.
    public var drifted: Bool
    public var differences: [Difference]

    public init(environment: String?, baseline: Baseline, liveFingerprint: ContentHash, checkedAt: Date,
                captureInstalled: Bool, differences: [Difference]) {
        self.formatVersion = Self.currentFormatVersion
        self.kind = Self.kind
        self.environment = environment
        self.baseline = baseline
        self.liveFingerprint = liveFingerprint
        self.checkedAt = checkedAt
        self.captureInstalled = captureInstalled
        self.differences = differences.sorted()
        self.drifted = !differences.isEmpty
    }
}

extension DriftReport {
    /// One row of `keel.catalog_snapshots`, without its catalog.
    public struct Baseline: Codable, Sendable, Equatable {
        /// The snapshot's id in `keel.catalog_snapshots`.
        public var id: Int64
        /// The rollout (`keel.migrations.id`) whose step it was recorded after; nil when recorded by hand.
        public var migrationID: Int64?
        /// The last step that rollout ran, e.g. `expand.3`; nil when recorded by hand.
        public var step: String?
        public var recordedAt: Date
        /// Who recorded it (the rollout's operator, or `keel drift record --operator`).
        public var recordedBy: String
        /// The recorded catalog's fingerprint (without the `keel` schema).
        public var fingerprint: ContentHash

        public init(id: Int64, migrationID: Int64?, step: String?, recordedAt: Date, recordedBy: String, fingerprint: ContentHash) {
            self.id = id
            self.migrationID = migrationID
            self.step = step
            self.recordedAt = recordedAt
            self.recordedBy = recordedBy
            self.fingerprint = fingerprint
        }
    }

    /// What kind of difference: the object type and what happened to it.
    public enum Kind: String, Codable, Sendable, CaseIterable, Comparable {
        case schemaAdded, schemaDropped
        case tableAdded, tableDropped, tableChanged
        case columnAdded, columnDropped, columnTypeChanged, columnNullabilityChanged, columnDefaultChanged, columnChanged
        case indexAdded, indexDropped, indexChanged, indexInvalid
        case constraintAdded, constraintDropped, constraintChanged
        case triggerAdded, triggerDropped, triggerChanged
        case viewAdded, viewDropped, viewChanged
        case sequenceAdded, sequenceDropped, sequenceChanged
        case typeAdded, typeDropped, typeChanged
        case functionAdded, functionDropped, functionChanged
        case extensionAdded, extensionDropped, extensionChanged
        /// A comment (`COMMENT ON`) was set, changed or removed.
        case commentChanged

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// One out-of-band change.
    public struct Difference: Codable, Sendable, Equatable, Comparable {
        public var kind: Kind
        /// The object as PostgreSQL's `object_identity` names it: `public.orders`, `public.orders.note`
        /// (a column), `orders_pkey on public.orders` (a constraint or trigger), `public.orders_idx` (an index).
        public var object: String
        /// The table or view the object belongs to (or is).
        public var relation: QualifiedName?
        /// For a `…Changed` kind: which property changed (`type`, `default`, `definition`, `persistence`, …).
        public var property: String?
        /// The value in the baseline, as PostgreSQL prints it (nil for an addition or an unset value).
        public var before: String?
        /// The value in the live database (nil for a drop or an unset value).
        public var after: String?
        /// One readable line: `column public.orders.note added: text, nullable`.
        public var summary: String
        /// Statements that make the same change on a database in the baseline's state.
        public var ddl: [SQL]
        /// Statements that bring the live database back to the baseline for this difference.
        public var revert: [SQL]
        /// Why the DDL is partial or missing, when it is (a function body is not in the catalog, …).
        public var note: String?
        /// Captured DDL (`keel drift install-capture`) that touched the object after the baseline.
        public var capturedBy: [CapturedDDL]

        public init(kind: Kind, object: String, relation: QualifiedName? = nil, property: String? = nil,
                    before: String? = nil, after: String? = nil, summary: String, ddl: [SQL], revert: [SQL],
                    note: String? = nil, capturedBy: [CapturedDDL] = []) {
            self.kind = kind
            self.object = object
            self.relation = relation
            self.property = property
            self.before = before
            self.after = after
            self.summary = summary
            self.ddl = ddl
            self.revert = revert
            self.note = note
            self.capturedBy = capturedBy
        }

        /// Grouped by relation, then by object, kind and property.
        public static func < (lhs: Self, rhs: Self) -> Bool {
            (lhs.relation?.display ?? lhs.object, lhs.object, lhs.kind.rawValue, lhs.property ?? "")
                < (rhs.relation?.display ?? rhs.object, rhs.object, rhs.kind.rawValue, rhs.property ?? "")
        }
    }

    /// One row of `keel.ddl_log`: a DDL command the event trigger saw.
    public struct CapturedDDL: Codable, Sendable, Equatable {
        public var id: Int64
        public var at: Date
        /// The login role (`session_user`).
        public var sessionUser: String
        /// The role in effect (`SET ROLE`), the login role when none was set.
        public var currentUser: String
        /// The client's `application_name` (`psql`, `keel`, …), when it set one.
        public var application: String?
        /// `ALTER TABLE`, `CREATE INDEX`, `DROP INDEX`, …
        public var commandTag: String
        /// `table`, `table column`, `index`, … as PostgreSQL names it.
        public var objectType: String?
        /// The object's identity as PostgreSQL prints it: `public.orders`, `public.orders.note`.
        public var objectIdentity: String?
        /// The client's whole top-level statement (`current_query()`).
        public var statement: String?

        public init(id: Int64, at: Date, sessionUser: String, currentUser: String, application: String?, commandTag: String,
                    objectType: String?, objectIdentity: String?, statement: String?) {
            self.id = id
            self.at = at
            self.sessionUser = sessionUser
            self.currentUser = currentUser
            self.application = application
            self.commandTag = commandTag
            self.objectType = objectType
            self.objectIdentity = objectIdentity
            self.statement = statement
        }
    }
}
