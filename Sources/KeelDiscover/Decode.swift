import KeelCore

/// Maps pg_catalog codes to the catalog's enums.
enum Decode {
    static func volatility(_ code: String) -> Catalog.Volatility {
        switch code {
        case "i": .immutable
        case "s": .stable
        default: .volatile
        }
    }

    static func referentialAction(_ code: String) -> Catalog.ReferentialAction {
        switch code {
        case "r": .restrict
        case "c": .cascade
        case "n": .setNull
        case "d": .setDefault
        default: .noAction
        }
    }

    static func match(_ code: String) -> String {
        switch code {
        case "f": "full"
        case "p": "partial"
        default: "simple"
        }
    }

    static func constraintKind(_ code: String) -> Catalog.ConstraintKind? {
        switch code {
        case "p": .primaryKey
        case "f": .foreignKey
        case "u": .unique
        case "c": .check
        case "x": .exclusion
        case "t": .trigger
        default: nil
        }
    }

    static func typeKind(_ code: String) -> Catalog.TypeKind {
        switch code {
        case "c": .composite
        case "d": .domain
        case "e": .enum
        case "p": .pseudo
        case "r": .range
        case "m": .multirange
        default: .base
        }
    }

    static func persistence(_ code: String) -> Catalog.Persistence {
        switch code {
        case "u": .unlogged
        case "t": .temporary
        default: .permanent
        }
    }

    static func replicaIdentity(_ code: String) -> Catalog.ReplicaIdentity {
        switch code {
        case "n": .nothing
        case "f": .full
        case "i": .index
        default: .default
        }
    }

    static func triggerEnabled(_ code: String) -> Catalog.TriggerEnabled {
        switch code {
        case "D": .disabled
        case "R": .replica
        case "A": .always
        default: .origin
        }
    }

    /// Decodes `pg_trigger.tgtype`'s bits (see `TRIGGER_TYPE_*` in PostgreSQL's pg_trigger.h).
    static func triggerType(_ bits: Int32) -> (timing: Catalog.TriggerTiming, events: [Catalog.TriggerEvent], row: Bool) {
        let timing: Catalog.TriggerTiming = bits & 64 != 0 ? .insteadOf : (bits & 2 != 0 ? .before : .after)
        var events: [Catalog.TriggerEvent] = []
        if bits & 4 != 0 { events.append(.insert) }
        if bits & 16 != 0 { events.append(.update) }
        if bits & 8 != 0 { events.append(.delete) }
        if bits & 32 != 0 { events.append(.truncate) }
        return (timing, events, bits & 1 != 0)
    }
}
