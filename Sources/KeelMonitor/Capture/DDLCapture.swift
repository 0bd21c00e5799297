public import Foundation
public import KeelCore
public import KeelPostgres
import PostgresNIO

/// Optional DDL capture: two event triggers (`ddl_command_end` and `sql_drop`) that append every
/// DDL command to `keel.ddl_log` with who ran it, from which client, and the client's statement,
/// as pgroll does for its inferred migrations. `keel drift` then says who made each difference.
///
/// The trigger function is SECURITY DEFINER, so any role's DDL is logged without that role
/// having rights on the `keel` schema, and a failure to log only raises a warning: capture
/// never blocks a DDL statement. The `keel` schema and its objects, temporary objects, extension
/// members and commands without an object identity (GRANT, REVOKE) are not logged. Installing
/// and removing it needs a superuser.
public enum DDLCapture {
    static let eventTriggers = ["keel_capture_ddl", "keel_capture_drop"]

    static let installStatements: [SQL] = [
        "CREATE SCHEMA IF NOT EXISTS keel",
        """
        CREATE TABLE IF NOT EXISTS keel.ddl_log (
          id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          at timestamptz NOT NULL DEFAULT clock_timestamp(),
          event text NOT NULL,
          session_user_name text NOT NULL,
          current_user_name text NOT NULL,
          application_name text,
          command_tag text NOT NULL,
          object_type text,
          schema_name text,
          object_identity text,
          statement text)
        """,
        "CREATE INDEX IF NOT EXISTS ddl_log_at ON keel.ddl_log (at)",
        // current_user inside a SECURITY DEFINER function is its owner; the `role` setting still
        // holds what SET ROLE chose in the session ('none' when nothing was set).
        """
        CREATE OR REPLACE FUNCTION keel.capture_ddl() RETURNS event_trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $keel$
        DECLARE
          entry record;
          acting text := CASE WHEN current_setting('role') = 'none' THEN session_user::text ELSE current_setting('role') END;
          client text := nullif(current_setting('application_name'), '');
        BEGIN
          IF TG_EVENT = 'ddl_command_end' THEN
            FOR entry IN SELECT * FROM pg_event_trigger_ddl_commands() LOOP
              CONTINUE WHEN entry.in_extension OR entry.object_identity IS NULL
                OR entry.schema_name IN ('keel', 'pg_temp') OR entry.schema_name LIKE 'pg\\_temp\\_%'
                OR (entry.object_type = 'schema' AND entry.object_identity = 'keel');
              BEGIN
                INSERT INTO keel.ddl_log (event, session_user_name, current_user_name, application_name, command_tag,
                                          object_type, schema_name, object_identity, statement)
                VALUES (TG_EVENT, session_user, acting, client, entry.command_tag,
                        entry.object_type, entry.schema_name, entry.object_identity, current_query());
              EXCEPTION WHEN OTHERS THEN
                RAISE WARNING 'keel DDL capture could not log %: %', entry.command_tag, SQLERRM;
              END;
            END LOOP;
          ELSIF TG_EVENT = 'sql_drop' THEN
            FOR entry IN SELECT * FROM pg_event_trigger_dropped_objects() LOOP
              CONTINUE WHEN entry.is_temporary OR NOT (entry.original OR entry.normal) OR entry.schema_name = 'keel'
                OR (entry.object_type = 'schema' AND entry.object_identity = 'keel');
              BEGIN
                INSERT INTO keel.ddl_log (event, session_user_name, current_user_name, application_name, command_tag,
                                          object_type, schema_name, object_identity, statement)
                VALUES (TG_EVENT, session_user, acting, client, TG_TAG,
                        entry.object_type, entry.schema_name, entry.object_identity, current_query());
              EXCEPTION WHEN OTHERS THEN
                RAISE WARNING 'keel DDL capture could not log %: %', TG_TAG, SQLERRM;
              END;
            END LOOP;
          END IF;
        END
        $keel$
        """,
        "REVOKE ALL ON FUNCTION keel.capture_ddl() FROM PUBLIC",
        "DROP EVENT TRIGGER IF EXISTS keel_capture_ddl",
        "DROP EVENT TRIGGER IF EXISTS keel_capture_drop",
        "CREATE EVENT TRIGGER keel_capture_ddl ON ddl_command_end EXECUTE FUNCTION keel.capture_ddl()",
        "CREATE EVENT TRIGGER keel_capture_drop ON sql_drop EXECUTE FUNCTION keel.capture_ddl()",
    ]

    static let uninstallStatements: [SQL] = [
        "DROP EVENT TRIGGER IF EXISTS keel_capture_ddl",
        "DROP EVENT TRIGGER IF EXISTS keel_capture_drop",
        "DROP FUNCTION IF EXISTS keel.capture_ddl()",
    ]

    /// Installs (or reinstalls) the capture in the session's database, in one transaction.
    /// - Throws: ``MonitorError/notSuperuser(user:action:)`` when the session's role is not a superuser.
    public static func install(on session: Session) async throws {
        try await requireSuperuser(session, action: "installing DDL capture")
        try await inTransaction(session, installStatements)
    }

    /// Removes the event triggers and their function; `keel.ddl_log` and its rows stay.
    /// - Returns: Whether capture was installed.
    /// - Throws: ``MonitorError/notSuperuser(user:action:)`` when the session's role is not a superuser.
    @discardableResult
    public static func uninstall(on session: Session) async throws -> Bool {
        try await requireSuperuser(session, action: "removing DDL capture")
        let installed = try await isInstalled(on: session)
        try await inTransaction(session, uninstallStatements)
        return installed
    }

    /// Whether both event triggers exist and are enabled.
    public static func isInstalled(on session: Session) async throws -> Bool {
        var binds = PostgresBindings()
        binds.append(eventTriggers)
        let count = try await session.one(
            "SELECT count(*)::int8 FROM pg_catalog.pg_event_trigger WHERE evtname = ANY ($1::text[]) AND evtenabled <> 'D'",
            binds: binds) { try $0.decode(Int64.self) }
        return count == Int64(eventTriggers.count)
    }

    /// The captured commands logged after `date`, oldest first (at most `limit`); empty when
    /// capture was never installed.
    public static func entries(after date: Date, on session: Session, limit: Int = 10_000) async throws -> [DriftReport.CapturedDDL] {
        let exists = try await session.one("SELECT to_regclass('keel.ddl_log') IS NOT NULL") { try $0.decode(Bool.self) }
        guard exists else { return [] }
        var binds = PostgresBindings()
        binds.append(date)
        binds.append(limit)
        return try await session.collect(
            """
            SELECT id, at, session_user_name, current_user_name, application_name, command_tag, object_type, object_identity, statement
            FROM keel.ddl_log WHERE at > $1 ORDER BY id LIMIT $2
            """, binds: binds) { row in
            let (id, at, sessionUser, currentUser, application, tag, type, identity, statement) =
                try row.decode((Int64, Date, String, String, String?, String, String?, String?, String?).self)
            return DriftReport.CapturedDDL(id: id, at: at, sessionUser: sessionUser, currentUser: currentUser, application: application,
                                           commandTag: tag, objectType: type, objectIdentity: identity, statement: statement)
        }
    }

    private static func requireSuperuser(_ session: Session, action: String) async throws {
        let (user, superuser) = try await session.one(
            "SELECT current_user::text, rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user") { try $0.decode((String, Bool).self) }
        guard superuser else { throw MonitorError.notSuperuser(user: user, action: action) }
    }

    private static func inTransaction(_ session: Session, _ statements: [SQL]) async throws {
        try await session.execute("BEGIN")
        do {
            for statement in statements { try await session.execute(statement) }
            try await session.execute("COMMIT")
        } catch {
            try? await session.execute("ROLLBACK")
            throw error
        }
    }
}
