import Foundation
import KeelCore
import KeelMonitor
import KeelTestSupport
import Testing

/// The catalog diff on hand-built catalogs: every kind of difference, its DDL both ways, and the
/// `keel` schema left out. No database.
@Suite struct CatalogDiffTests {
    static func name(_ text: String) throws -> Identifier { try Identifier(text) }

    static func column(_ name: String, _ position: Int, _ type: String, nullable: Bool = true, default value: String? = nil) throws -> Catalog.Column {
        Catalog.Column(name: try Identifier(name), position: position, type: type, nullable: nullable,
                       default: value.map { Catalog.DefaultValue(expression: $0, volatility: .immutable) })
    }

    /// public.orders (id bigint primary key, amount numeric(12,2) not null default 0, status text)
    /// with an index on status.
    static func orders(schema: String = "public", table: String = "orders") throws -> Catalog.Table {
        let qualified = try QualifiedName(schema: schema, name: table)
        return Catalog.Table(
            schema: try Identifier(schema), name: try Identifier(table), kind: .ordinary, persistence: .permanent,
            columns: [
                try column("id", 1, "bigint", nullable: false),
                try column("amount", 2, "numeric(12,2)", nullable: false, default: "0"),
                try column("status", 3, "text", default: "'new'::text"),
            ],
            constraints: [Catalog.Constraint(name: try Identifier("\(table)_pkey"), kind: .primaryKey, columns: [try Identifier("id")],
                                             definition: "PRIMARY KEY (id)", index: try Identifier("\(table)_pkey"))],
            indexes: [
                Catalog.Index(name: try Identifier("\(table)_pkey"), definition: "CREATE UNIQUE INDEX \(table)_pkey ON \(qualified.display) USING btree (id)",
                              method: "btree", keys: [.init(column: try Identifier("id"))], unique: true, primary: true,
                              constraint: try Identifier("\(table)_pkey")),
                Catalog.Index(name: try Identifier("\(table)_status_idx"),
                              definition: "CREATE INDEX \(table)_status_idx ON \(qualified.display) USING btree (status)",
                              method: "btree", keys: [.init(column: try Identifier("status"))]),
            ])
    }

    static func catalog(_ tables: [Catalog.Table], schemas: [String] = ["public"], views: [Catalog.View] = [],
                        sequences: [Catalog.Sequence] = []) throws -> Catalog {
        try Catalog(source: nil, schemas: try schemas.map { Catalog.Schema(name: try Identifier($0)) }, tables: tables, views: views,
                    sequences: sequences, enums: [], domains: [], functions: [], extensions: [])
    }

    static func diff(_ change: (inout Catalog.Table) throws -> Void) throws -> [DriftReport.Difference] {
        var changed = try orders()
        try change(&changed)
        return CatalogDiff.differences(from: try catalog([try orders()]), to: try catalog([changed]))
    }

    @Test func theSameCatalogHasNoDifference() throws {
        #expect(CatalogDiff.differences(from: try Self.catalog([try Self.orders()]), to: try Self.catalog([try Self.orders()])).isEmpty)
    }

    @Test func aColumnAddedByHand() throws {
        let found = try Self.diff { $0.columns.append(try Self.column("note", 4, "text")) }
        let difference = try #require(found.first)
        #expect(found.count == 1)
        #expect(difference.kind == .columnAdded)
        #expect(difference.object == "public.orders.note")
        #expect(difference.ddl.map(\.text) == [#"ALTER TABLE "public"."orders" ADD COLUMN "note" text"#])
        #expect(difference.revert.map(\.text) == [#"ALTER TABLE "public"."orders" DROP COLUMN "note""#])
    }

    @Test func aColumnDropped() throws {
        let found = try Self.diff { $0.columns.removeLast() }
        #expect(found.map(\.kind) == [.columnDropped])
        #expect(found.first?.ddl.map(\.text) == [#"ALTER TABLE "public"."orders" DROP COLUMN "status""#])
        #expect(found.first?.revert.map(\.text) == [#"ALTER TABLE "public"."orders" ADD COLUMN "status" text DEFAULT 'new'::text"#])
    }

    @Test func aRenamedColumnKeepsItsPosition() throws {
        let found = try Self.diff { $0.columns[2].name = try Identifier("state") }
        #expect(found.map(\.kind) == [.columnChanged])
        #expect(found.first?.property == "name" && found.first?.object == "public.orders.state")
        #expect(found.first?.ddl.map(\.text) == [#"ALTER TABLE "public"."orders" RENAME COLUMN "status" TO "state""#])
        #expect(found.first?.revert.map(\.text) == [#"ALTER TABLE "public"."orders" RENAME COLUMN "state" TO "status""#])
        // Dropped and added again under another name is no rename: the new column has a new attnum.
        let readded = try Self.diff { $0.columns.removeLast(); $0.columns.append(try Self.column("state", 4, "text")) }
        #expect(readded.map(\.kind).sorted() == [.columnAdded, .columnDropped])
    }

    @Test func aPartitionReportsOnlyWhatDiffersFromItsParent() throws {
        let parentName = try QualifiedName(schema: "public", name: "events")
        func tables(note: Bool, partitionDefault: String?) throws -> [Catalog.Table] {
            var parent = Catalog.Table(schema: parentName.schema, name: parentName.name, kind: .partitioned, persistence: .permanent,
                                       columns: [try Self.column("at", 1, "date", nullable: false)], partitionKey: "RANGE (at)")
            var partition = Catalog.Table(schema: parentName.schema, name: try Identifier("events_2024"), kind: .ordinary, persistence: .permanent,
                                          columns: [try Self.column("at", 1, "date", nullable: false)],
                                          partitionOf: Catalog.PartitionParent(parent: parentName, bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"))
            if note {
                parent.columns.append(try Self.column("note", 2, "text"))
                partition.columns.append(try Self.column("note", 2, "text", default: partitionDefault))
            }
            return [parent, partition]
        }
        let found = CatalogDiff.differences(from: try Self.catalog(try tables(note: false, partitionDefault: nil)),
                                            to: try Self.catalog(try tables(note: true, partitionDefault: "'x'::text")))
        #expect(found.map(\.object) == ["public.events.note", "public.events_2024.note"])
        #expect(found.map(\.kind) == [.columnAdded, .columnDefaultChanged])
        #expect(found.last?.ddl.map(\.text) == [#"ALTER TABLE "public"."events_2024" ALTER COLUMN "note" SET DEFAULT 'x'::text"#])
    }

    @Test func aTypeChange() throws {
        let found = try Self.diff { $0.columns[1].type = "numeric(14,2)" }
        #expect(found.map(\.kind) == [.columnTypeChanged])
        #expect(found.first?.before == "numeric(12,2)" && found.first?.after == "numeric(14,2)")
        #expect(found.first?.ddl.map(\.text) == [#"ALTER TABLE "public"."orders" ALTER COLUMN "amount" TYPE numeric(14,2)"#])
        #expect(found.first?.revert.map(\.text) == [#"ALTER TABLE "public"."orders" ALTER COLUMN "amount" TYPE numeric(12,2)"#])
    }

    @Test func nullabilityBothWays() throws {
        let found = try Self.diff { $0.columns[2].nullable = false; $0.columns[1].nullable = true }
        #expect(found.map(\.kind) == [.columnNullabilityChanged, .columnNullabilityChanged])
        #expect(found.flatMap(\.ddl).map(\.text).sorted() == [
            #"ALTER TABLE "public"."orders" ALTER COLUMN "amount" DROP NOT NULL"#,
            #"ALTER TABLE "public"."orders" ALTER COLUMN "status" SET NOT NULL"#,
        ])
    }

    @Test func aChangedDefault() throws {
        let found = try Self.diff { $0.columns[2].default = Catalog.DefaultValue(expression: "'pending'::text", volatility: .immutable) }
        #expect(found.map(\.kind) == [.columnDefaultChanged])
        #expect(found.first?.ddl.map(\.text) == [#"ALTER TABLE "public"."orders" ALTER COLUMN "status" SET DEFAULT 'pending'::text"#])
        #expect(found.first?.revert.map(\.text) == [#"ALTER TABLE "public"."orders" ALTER COLUMN "status" SET DEFAULT 'new'::text"#])
        let removed = try Self.diff { $0.columns[2].default = nil }
        #expect(removed.first?.ddl.map(\.text) == [#"ALTER TABLE "public"."orders" ALTER COLUMN "status" DROP DEFAULT"#])
    }

    @Test func aDroppedIndex() throws {
        let found = try Self.diff { $0.indexes.removeLast() }
        #expect(found.map(\.kind) == [.indexDropped])
        #expect(found.first?.object == "public.orders_status_idx")
        #expect(found.first?.ddl.map(\.text) == [#"DROP INDEX "public"."orders_status_idx""#])
        #expect(found.first?.revert.map(\.text) == ["CREATE INDEX orders_status_idx ON public.orders USING btree (status)"])
    }

    @Test func anIndexThatTurnedInvalid() throws {
        let found = try Self.diff { $0.indexes[1].valid = false }
        #expect(found.map(\.kind) == [.indexInvalid])
        #expect(found.first?.revert.map(\.text) == [#"REINDEX INDEX CONCURRENTLY "public"."orders_status_idx""#])
        // A new index left invalid by a failed concurrent build is reported as invalid.
        let added = try Self.diff {
            $0.indexes.append(Catalog.Index(name: try Identifier("orders_amount_idx"), definition: "CREATE INDEX orders_amount_idx ON public.orders USING btree (amount)",
                                            method: "btree", keys: [], valid: false))
        }
        #expect(added.map(\.kind) == [.indexInvalid])
        #expect(added.first?.revert.map(\.text) == [#"DROP INDEX "public"."orders_amount_idx""#])
    }

    @Test func aConstraintsIndexIsReportedThroughTheConstraint() throws {
        let found = try Self.diff { $0.constraints.removeAll(); $0.indexes.removeFirst() }
        #expect(found.map(\.kind) == [.constraintDropped])
        #expect(found.first?.object == "orders_pkey on public.orders")
        #expect(found.first?.ddl.map(\.text) == [#"ALTER TABLE "public"."orders" DROP CONSTRAINT "orders_pkey""#])
        #expect(found.first?.revert.map(\.text) == [#"ALTER TABLE "public"."orders" ADD CONSTRAINT "orders_pkey" PRIMARY KEY (id)"#])
    }

    @Test func aCheckAddedNotValidThenValidated() throws {
        let check = Catalog.Constraint(name: try Identifier("amount_positive"), kind: .check, columns: [try Identifier("amount")],
                                       definition: "CHECK ((amount > (0)::numeric)) NOT VALID", validated: false)
        let added = try Self.diff { $0.constraints.append(check) }
        #expect(added.map(\.kind) == [.constraintAdded])
        #expect(added.first?.ddl.map(\.text) == [#"ALTER TABLE "public"."orders" ADD CONSTRAINT "amount_positive" CHECK ((amount > (0)::numeric)) NOT VALID"#])

        var baseline = try Self.orders()
        baseline.constraints.append(check)
        var live = baseline
        live.constraints[1].validated = true
        live.constraints[1].definition = "CHECK ((amount > (0)::numeric))"
        let validated = CatalogDiff.differences(from: try Self.catalog([baseline]), to: try Self.catalog([live]))
        #expect(validated.map(\.property) == ["validated"])
        #expect(validated.first?.ddl.map(\.text) == [#"ALTER TABLE "public"."orders" VALIDATE CONSTRAINT "amount_positive""#])
    }

    @Test func aDisabledTrigger() throws {
        let trigger = Catalog.Trigger(name: try Identifier("audit"), function: try QualifiedName(schema: "public", name: "audit"), timing: .after,
                                      events: [.update], forEachRow: true, enabled: .origin,
                                      definition: "CREATE TRIGGER audit AFTER UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.audit()")
        var baseline = try Self.orders()
        baseline.triggers = [trigger]
        var live = baseline
        live.triggers[0].enabled = .disabled
        let found = CatalogDiff.differences(from: try Self.catalog([baseline]), to: try Self.catalog([live]))
        #expect(found.map(\.kind) == [.triggerChanged])
        #expect(found.first?.ddl.map(\.text) == [#"ALTER TABLE "public"."orders" DISABLE TRIGGER "audit""#])
        #expect(found.first?.revert.map(\.text) == [#"ALTER TABLE "public"."orders" ENABLE TRIGGER "audit""#])
        let dropped = CatalogDiff.differences(from: try Self.catalog([baseline]), to: try Self.catalog([try Self.orders()]))
        #expect(dropped.map(\.kind) == [.triggerDropped])
        #expect(dropped.first?.revert.map(\.text) == [trigger.definition])
    }

    @Test func aDroppedTableRevertsWithItsSerialSequence() throws {
        var payments = try Self.orders(table: "payments")
        payments.columns[0].default = Catalog.DefaultValue(expression: "nextval('public.payments_id_seq'::regclass)", volatility: .volatile)
        let sequence = Catalog.Sequence(schema: try Identifier("public"), name: try Identifier("payments_id_seq"), type: "bigint", start: 1,
                                        increment: 1, minimum: 1, maximum: Int64.max, cycles: false,
                                        ownedBy: Catalog.ColumnReference(schema: try Identifier("public"), table: try Identifier("payments"), column: try Identifier("id")))
        let baseline = try Self.catalog([try Self.orders(), payments], sequences: [sequence])
        let found = CatalogDiff.differences(from: baseline, to: try Self.catalog([try Self.orders()]))
        // The owned sequence goes with the table: one difference.
        #expect(found.map(\.kind) == [.tableDropped])
        #expect(found.first?.ddl.map(\.text) == [#"DROP TABLE "public"."payments""#])
        #expect(found.first?.revert.map(\.text) == [
            #"CREATE SEQUENCE "public"."payments_id_seq" AS bigint INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 NO CYCLE"#,
            #"CREATE TABLE "public"."payments" ("id" bigint DEFAULT nextval('public.payments_id_seq'::regclass) NOT NULL, "amount" numeric(12,2) DEFAULT 0 NOT NULL, "status" text DEFAULT 'new'::text, CONSTRAINT "payments_pkey" PRIMARY KEY (id))"#,
            "CREATE INDEX payments_status_idx ON public.payments USING btree (status)",
            #"ALTER SEQUENCE "public"."payments_id_seq" OWNED BY "public"."payments"."id""#,
        ])
        let added = CatalogDiff.differences(from: try Self.catalog([try Self.orders()]), to: baseline)
        #expect(added.map(\.kind) == [.tableAdded])
        #expect(added.first?.ddl == found.first?.revert)
    }

    @Test func aChangedView() throws {
        let view = { (definition: String) in
            Catalog.View(schema: try Self.name("public"), name: try Self.name("open_orders"), materialized: false, definition: definition)
        }
        let before = try view(" SELECT orders.id\n   FROM public.orders\n  WHERE orders.status = 'new'::text;")
        let after = try view(" SELECT orders.id\n   FROM public.orders\n  WHERE orders.status = 'open'::text;")
        let found = CatalogDiff.differences(from: try Self.catalog([try Self.orders()], views: [before]),
                                            to: try Self.catalog([try Self.orders()], views: [after]))
        #expect(found.map(\.kind) == [.viewChanged])
        #expect(found.first?.ddl.map(\.text) == [#"CREATE OR REPLACE VIEW "public"."open_orders" AS SELECT orders.id"# + "\n   FROM public.orders\n  WHERE orders.status = 'open'::text"])
    }

    @Test func commentsAreDifferencesToo() throws {
        let found = try Self.diff { $0.columns[0].comment = "it's the key" }
        #expect(found.map(\.kind) == [.commentChanged])
        #expect(found.first?.ddl.map(\.text) == [#"COMMENT ON COLUMN "public"."orders"."id" IS 'it''s the key'"#])
        #expect(found.first?.revert.map(\.text) == [#"COMMENT ON COLUMN "public"."orders"."id" IS NULL"#])
    }

    @Test func differencesAreSortedByRelation() throws {
        let found = try Self.diff {
            $0.columns.append(try Self.column("note", 4, "text"))
            $0.indexes.removeLast()
            $0.columns[2].default = nil
        }
        #expect(found.map(\.object) == ["public.orders.note", "public.orders.status", "public.orders_status_idx"])
    }

    @Test("hostile names are quoted in every statement", arguments: EvilNames.all)
    func hostileNames(_ evil: String) throws {
        let baseline = try Self.catalog([try Self.orders(schema: "public", table: String(evil.prefix(40)))])
        var table = try Self.orders(schema: "public", table: String(evil.prefix(40)))
        table.columns.append(try Self.column(evil, 4, "text"))
        let found = CatalogDiff.differences(from: baseline, to: try Self.catalog([table]))
        let quotedTable = try Identifier(String(evil.prefix(40))).quoted
        let quotedColumn = try Identifier(evil).quoted
        #expect(found.first?.ddl.map(\.text) == [#"ALTER TABLE "public"."# + quotedTable + " ADD COLUMN " + quotedColumn + " text"])
    }

    @Test func theKeelSchemaIsNeverDrift() throws {
        let keelTable = Catalog.Table(schema: try Self.name("keel"), name: try Self.name("migrations"), kind: .ordinary, persistence: .permanent,
                                      columns: [try Self.column("id", 1, "bigint")])
        let baselineCatalog = try Self.catalog([try Self.orders()])
        var grown = keelTable
        grown.columns.append(try Self.column("step", 2, "text"))
        let live = try Self.catalog([try Self.orders(), grown], schemas: ["keel", "public"])
        let snapshot = CatalogBaseline.Snapshot(
            baseline: DriftReport.Baseline(id: 1, migrationID: nil, step: nil, recordedAt: Date(), recordedBy: "test", fingerprint: baselineCatalog.fingerprint),
            catalog: try Self.catalog([try Self.orders(), keelTable], schemas: ["keel", "public"]))
        let report = try DriftDetector.report(baseline: snapshot, live: live)
        #expect(!report.drifted)
        #expect(report.liveFingerprint == baselineCatalog.fingerprint)
    }

    @Test func theReportRoundTripsThroughCanonicalJSON() throws {
        let snapshot = CatalogBaseline.Snapshot(
            baseline: DriftReport.Baseline(id: 3, migrationID: 2, step: "expand.1", recordedAt: Date(timeIntervalSince1970: 1_700_000_000),
                                           recordedBy: "alice", fingerprint: try Self.catalog([try Self.orders()]).fingerprint),
            catalog: try Self.catalog([try Self.orders()]))
        var live = try Self.orders()
        live.columns.append(try Self.column("note", 4, "text"))
        var report = try DriftDetector.report(baseline: snapshot, live: try Self.catalog([live]), environment: "staging")
        report.checkedAt = Date(timeIntervalSince1970: 1_700_000_100)
        #expect(report.drifted)
        let data = try CanonicalJSON.encode(report)
        let decoded = try DriftReport.decode(data, path: "drift.json")
        #expect(decoded == report)
        #expect(String(decoding: data, as: UTF8.self).hasPrefix("{\n  \"baseline\""))
    }
}
