@testable import KeelPostgres
import Testing

@Suite struct ConnectionResolverTests {
    func resolver(_ env: [String: String] = [:], home: String? = nil) -> ConnectionResolver {
        ConnectionResolver(environment: env, osUser: "alice", homeDirectory: home)
    }

    @Test func parsesAFullURL() throws {
        let config = try resolver().resolve("postgres://bob:s%40cret@db.example.com:6543/billing?sslmode=require&application_name=x")
        #expect(config.endpoint == .tcp(host: "db.example.com", port: 6543))
        #expect(config.user == "bob")
        #expect(config.password?.value == "s@cret")
        #expect(config.database == "billing")
        #expect(config.sslMode == .require)
        #expect(config.applicationName == "x")
    }

    @Test func postgresqlSchemeAndIPv6() throws {
        let config = try resolver().resolve("postgresql://[::1]:5433/app")
        #expect(config.endpoint == .tcp(host: "::1", port: 5433))
        #expect(config.target == "[::1]:5433")
    }

    @Test func unixSocketThroughHostParameterOrPercentEncodedHost() throws {
        let viaQuery = try resolver().resolve("postgres:///billing?host=/var/run/postgresql&port=5433")
        #expect(viaQuery.endpoint == .unixSocket(directory: "/var/run/postgresql", port: 5433))
        #expect(viaQuery.socketPath == "/var/run/postgresql/.s.PGSQL.5433")
        let viaHost = try resolver().resolve("postgres://%2Ftmp%2Fpg/billing")
        #expect(viaHost.endpoint == .unixSocket(directory: "/tmp/pg", port: 5432))
    }

    @Test func keywordValueStrings() throws {
        let config = try resolver().resolve(#"host=/tmp port=5440 dbname='my db' user=carol password='it\'s'"#)
        #expect(config.endpoint == .unixSocket(directory: "/tmp", port: 5440))
        #expect(config.database == "my db")
        #expect(config.user == "carol")
        #expect(config.password?.value == "it's")
    }

    @Test func aBareWordIsADatabaseName() throws {
        #expect(try resolver().resolve("billing").database == "billing")
    }

    @Test func environmentFillsWhatTheURLLeavesOut() throws {
        let env = ["PGHOST": "envhost", "PGPORT": "7000", "PGUSER": "envuser", "PGDATABASE": "envdb",
                   "PGPASSWORD": "envpw", "PGSSLMODE": "verify-full"]
        let fromEnv = try resolver(env).resolve(nil)
        #expect(fromEnv.endpoint == .tcp(host: "envhost", port: 7000))
        #expect(fromEnv.user == "envuser" && fromEnv.database == "envdb" && fromEnv.password?.value == "envpw")
        #expect(fromEnv.sslMode == .verifyFull)
        let urlWins = try resolver(env).resolve("postgres://urluser@urlhost/urldb")
        #expect(urlWins.endpoint == .tcp(host: "urlhost", port: 7000))
        #expect(urlWins.user == "urluser" && urlWins.database == "urldb")
    }

    @Test func libpqDefaults() throws {
        let config = try resolver().resolve(nil)
        #expect(config.endpoint == .unixSocket(directory: "/var/run/postgresql", port: 5432))
        #expect(config.user == "alice" && config.database == "alice")
        #expect(config.sslMode == .prefer)
    }

    @Test(arguments: [
        "postgres://h:notaport/db", "postgres://h/db?sslmode=sometimes", "postgres://h/db?nonsense=1",
        "mysql://h/db", "host=a port", "host='unterminated", "postgres://a,b/db", "postgres://h/db?connect_timeout=-1",
    ])
    func rejectsMalformedInput(_ text: String) {
        #expect(throws: PostgresLayerError.self) { try resolver().resolve(text) }
    }

    @Test func neverPrintsThePassword() throws {
        let config = try resolver().resolve("postgres://bob:hunter2@db/app")
        #expect(!config.description.contains("hunter2"))
        #expect(!config.redactedURL.contains("hunter2"))
        #expect(!"\(config)".contains("hunter2"))
        #expect(!String(reflecting: config).contains("hunter2"))
        // Even an unparseable URL is not echoed back.
        do {
            _ = try resolver().resolve("mysql://bob:hunter2@db/app")
        } catch {
            #expect(!error.message.contains("hunter2"))
        }
    }
}
