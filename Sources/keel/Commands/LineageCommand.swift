import ArgumentParser

/// `keel lineage`: stage 2, column-level lineage.
struct LineageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lineage",
        abstract: "Column-level lineage of SQL, dbt models, Airflow tasks, views and dashboards.",
        discussion: """
            Examples:
              keel lineage sql model.sql --catalog catalog.json --json
            """,
        subcommands: [Sql.self, Build.self, Classify.self, Export.self]
    )
}
