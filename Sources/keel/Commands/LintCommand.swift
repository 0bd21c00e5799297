import ArgumentParser

/// `keel lint`: the catalog-aware migration linter (being built).
struct LintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Lint SQL migrations for locks, rewrites and breaking changes.",
        discussion: """
            Examples:
              keel lint migrations/0042_add_discount.sql --catalog catalog.json
            """)

    func run() async throws {}
}
