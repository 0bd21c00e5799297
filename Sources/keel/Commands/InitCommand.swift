import ArgumentParser
import Foundation
import KeelCore
import KeelLineage

/// `keel init`: write a commented starter keel.yaml.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented starter keel.yaml.",
        discussion: """
            Writes keel.yaml (or --path) with every section commented: environments and how Keel finds \
            their connection strings, the dbt project, the Airflow DAG folder, and the dashboards and \
            APIs that query the database. The format is documented in docs/keel-yaml.md. An existing \
            file is kept unless --force is given.

            Exit status: 0 written, 2 the file exists (without --force) or cannot be written.

            Examples:
              keel init
              keel init --path config/keel.yaml
              keel init --force
            """)

    @Option(name: .long, help: ArgumentHelp("Where to write the file.", valueName: "file"))
    var path = KeelConfig.fileName

    @Flag(name: .long, help: "Overwrite an existing file.")
    var force = false

    func run() async throws {
        if !force, FileManager.default.fileExists(atPath: path) { throw LineageCLIError.configExists(path: path) }
        do {
            try Data(KeelConfig.starterText.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw LineageCLIError.unwritableFile(path: path, reason: (error as NSError).localizedDescription)
        }
        Terminal.stdout("wrote \(path); fill in the dbt, airflow and dashboards sections, then run: keel lineage build")
    }
}
