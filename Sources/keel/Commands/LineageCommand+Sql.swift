import ArgumentParser

extension LineageCommand {
    /// `keel lineage sql`: per-statement column lineage (being built).
    struct Sql: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sql",
            abstract: "Column lineage of each statement in a SQL file.",
            discussion: """
                Examples:
                  keel lineage sql model.sql --catalog catalog.json --json
                """)

        func run() async throws {}
    }
}
