import ArgumentParser
import KeelPostgres

/// `--db`: how to reach a database, the way psql does.
struct ConnectionOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp(
        "Connection URL or key=value string (postgres://user@host:5432/db?sslmode=require). Defaults to PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD and ~/.pgpass.",
        valueName: "url"))
    var database: String?

    func resolve() throws -> ConnectionConfig {
        try ConnectionResolver.process.resolve(database)
    }
}
