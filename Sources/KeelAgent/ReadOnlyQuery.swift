import Foundation
import KeelCore
import KeelPostgres
import KeelSQL
import PostgresNIO

/// `run_readonly_query`, defended in depth: Keel's parser must see exactly one SELECT or EXPLAIN
/// (without ANALYZE); no token may name a writing or locking clause; no function call, in any
/// position, may be on the denylist of file, network, admin and side-effect functions; and what
/// passes runs in a READ ONLY transaction with a statement_timeout and a row limit (optionally
/// as a dedicated read-only role), which is rolled back.
enum ReadOnlyQuery {
    static let deniedFunctions: Set<String> = [
        "pg_read_file", "pg_read_binary_file", "pg_ls_dir", "pg_stat_file", "lo_import", "lo_export", "lo_unlink", "lo_create",
        "pg_terminate_backend", "pg_cancel_backend", "set_config", "nextval", "setval", "txid_current", "pg_current_xact_id",
        "pg_notify", "pg_sleep", "pg_sleep_for", "pg_sleep_until", "query_to_xml", "query_to_xmlschema", "query_to_xml_and_xmlschema",
        "cursor_to_xml", "pg_reload_conf", "pg_rotate_logfile", "pg_promote", "pg_import_system_collations", "pg_switch_wal",
        "pg_logical_emit_message", "dblink", "pg_file_write", "lo_get", "lo_put", "lo_from_bytea", "pg_advisory_lock",
    ]
    static let deniedPrefixes = [
        "dblink", "lo_", "pg_advisory", "pg_try_advisory", "pg_read_", "pg_ls_", "pg_file", "pg_terminate", "pg_cancel", "pg_create_",
        "pg_drop_", "pg_replication_", "pg_logical_", "pg_stat_reset", "pg_wal_replay", "pg_backup", "pg_start_backup", "pg_stop_backup",
    ]
    static let deniedKeywords: Set<Keyword> = [
        .insert, .update, .delete, .merge, .into, .copy, .lock, .truncate, .call, .do, .grant, .revoke, .share, .nowait,
    ]

    /// The statement as accepted, or why not.
    static func check(_ sql: String) throws(AgentError) {
        let parsed = Parser.parse(sql)
        if let error = parsed.errors.first { throw .refusedQuery(reason: "it does not parse: \(error.message)") }
        guard parsed.statements.count == 1, let statement = parsed.statements.first else {
            throw .refusedQuery(reason: "it holds \(parsed.statements.count) statements; send exactly one")
        }
        switch statement.kind {
        case .query:
            break
        case .explain(let inner, let options):
            if (options ?? "").lowercased().contains("analyze") || sql.lowercased().range(of: #"explain\s+(\(.*)?analy[sz]e"#, options: .regularExpression) != nil {
                throw .refusedQuery(reason: "EXPLAIN ANALYZE executes the statement")
            }
            guard case .query = inner.kind else { throw .refusedQuery(reason: "only EXPLAIN of a SELECT is allowed") }
        default:
            throw .refusedQuery(reason: "\(statement.kindName) is not a SELECT or EXPLAIN")
        }
        let lexed = Lexer.tokenize(sql)
        let tokens = lexed.tokens
        for (index, token) in tokens.enumerated() {
            if let keyword = token.keyword, token.kind == .word, deniedKeywords.contains(keyword) {
                throw .refusedQuery(reason: "\(lexed.text(of: token).uppercased()) writes, locks or creates")
            }
            guard token.kind == .word || token.kind == .quotedIdentifier, index + 1 < tokens.count, tokens[index + 1].kind == .leftParen else { continue }
            var name = lexed.text(of: token)
            name = token.kind == .quotedIdentifier ? String(name.dropFirst().dropLast()) : name.lowercased()
            if deniedFunctions.contains(name) || deniedPrefixes.contains(where: { name.hasPrefix($0) }) {
                throw .refusedQuery(reason: "it calls \(name)(), which reads files, reaches the network, administers the server or has side effects")
            }
        }
    }

    /// Runs a checked statement; returns rows as JSON objects (at most `limit`) and whether more existed.
    static func run(_ sql: String, config: ConnectionConfig, limit: Int, timeoutMilliseconds: Int, role: String?) async throws -> (rows: [String], truncated: Bool) {
        try check(sql)
        let parsed = Parser.parse(sql)
        let isExplain: Bool = if case .explain = parsed.statements.first?.kind { true } else { false }
        return try await Session.with(config) { session in
            try await session.execute("BEGIN READ ONLY")
            do {
                try await session.execute("SET LOCAL statement_timeout = \(literal: "\(timeoutMilliseconds)ms")")
                try await session.execute("SET LOCAL lock_timeout = '1s'")
                if let role { try await session.execute("SET LOCAL ROLE \(try Identifier(role))") }
                let text = sql.trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(in: CharacterSet(charactersIn: ";"))
                let rows: [String]
                if isExplain {
                    rows = try await session.collect(TrustedSQL.checkedQuery(text)) { try $0.decode(String.self) }
                } else {
                    rows = try await session.collect("SELECT to_jsonb(keel_query)::text FROM (\(TrustedSQL.checkedQuery(text))) AS keel_query LIMIT \(literal: limit + 1)") {
                        try $0.decode(String.self)
                    }
                }
                try await session.execute("ROLLBACK")
                return (Array(rows.prefix(limit)), rows.count > limit)
            } catch {
                try? await session.execute("ROLLBACK")
                throw error
            }
        }
    }
}
