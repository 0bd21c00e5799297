import KeelCore
import PostgresNIO

/// The server version and the settings that matter to migrations.
enum ServerQuery {
    /// Settings recorded in `catalog.json`'s source.
    static let settingNames = [
        "lock_timeout", "statement_timeout", "idle_in_transaction_session_timeout", "TimeZone",
        "default_transaction_isolation", "max_locks_per_transaction", "maintenance_work_mem",
        "max_parallel_maintenance_workers", "shared_preload_libraries", "wal_level", "server_encoding",
        "lc_collate", "search_path", "max_connections",
    ]

    static let version: SQL = """
        SELECT current_database()::text, current_setting('server_version'), current_setting('server_version_num')::int4
        """

    static let settings: SQL = """
        SELECT name::text, current_setting(name) FROM pg_catalog.pg_settings WHERE name = ANY ($1::text[])
        """
}
