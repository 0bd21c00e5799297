import ArgumentParser
import Foundation
import KeelCore
import KeelDemo
import KeelPostgres
import KeelReport

/// The demo's script: real `keel` commands, run in this process one after another and printed as
/// a user would type them, against a staging and a production cluster holding the billing scenario.
struct DemoRun {
    let directory: URL
    let scale: Double
    let writers: Int
    let keep: Bool

    /// Marks a directory as the demo's own, so a rerun may replace it and nothing else is deleted.
    static let marker = ".keel-demo"

    func run() async throws {
        let started = ContinuousClock.now
        var log = DemoLog()
        try prepareDirectory()
        let lifetime: ManagedCluster.Lifetime = keep ? .detached : .process

        log.section("Build the billing scenario (scale \(scale))")
        async let stagingStart = ManagedCluster.start(ManagedCluster.Options(lifetime: lifetime))
        async let productionStart = ManagedCluster.start(ManagedCluster.Options(lifetime: lifetime))
        let staging = try await stagingStart
        let production = try await productionStart
        do {
            try await walk(staging: staging, production: production, log: &log, started: started)
        } catch {
            if !keep { await stop([staging, production]) }
            Terminal.stderr("the demo directory keeps what was written so far: \(directory.path)")
            throw error
        }
        if keep {
            log.say("""
                The clusters keep running:
                  staging     \(staging.url(database: Self.database))   (keel pg stop --dir \(staging.directory))
                  production  \(production.url(database: Self.database))   (keel pg stop --dir \(production.directory))
                """)
        } else {
            await stop([staging, production])
        }
    }

    static let database = "billing"

    private func walk(staging: ManagedCluster, production: ManagedCluster, log: inout DemoLog, started: ContinuousClock.Instant) async throws {
        log.mark("start")
        let urls = ["staging": staging.url(database: Self.database), "production": production.url(database: Self.database)]
        try BillingScenario.install(into: directory, environments: urls)
        guard FileManager.default.changeCurrentDirectoryPath(directory.path) else {
            throw DemoError.unwritable(path: directory.path, reason: "cannot change into it")
        }
        async let stagingLoad: Void = BillingScenario.load(directory, into: staging, database: Self.database, scale: scale)
        async let productionLoad: Void = BillingScenario.load(directory, into: production, database: Self.database, scale: scale)
        try await stagingLoad
        try await productionLoad
        let keel = DemoShell(displayNames: [urls["production"] ?? "": "$PRODUCTION_URL", urls["staging"] ?? "": "$STAGING_URL"])
        log.say("""
            Two managed clusters hold the same billing database; keel.yaml names them as environments:
              STAGING_URL=\(urls["staging"] ?? "")
              PRODUCTION_URL=\(urls["production"] ?? "")
            Files in \(directory.path): schema.sql, data.sql, dbt/billing_dbt, dags/nightly_billing.py, keel.yaml, change.yaml
            """)
        log.mark("build the scenario in both clusters")

        log.section("Discover production")
        try await keel.run(["discover", "--db", urls["production"] ?? "", "--out", "catalog.json"])
        log.mark("discover production")

        log.section("Lineage, and what invoices.amount feeds")
        try await keel.run(["lineage", "build", "--config", "keel.yaml", "--catalog", "catalog.json", "--out", "lineage.json"])
        try await keel.run(["impact", "public.invoices.amount", "--lineage", "lineage.json"])
        log.mark("lineage and impact")

        log.section("Plan the change (change.yaml)")
        log.say(try String(contentsOf: directory.appendingPathComponent("change.yaml"), encoding: .utf8))
        try await keel.run(["plan", "change.yaml", "--catalog", "catalog.json", "--lineage", "lineage.json", "--project", ".",
                            "--out", "plan.json", "--markdown", "plan.md"])
        let plan = try MigrationPlan.read(from: directory.appendingPathComponent("plan.json"))
        log.say(DemoSummary.plan(plan))
        log.mark("plan")

        log.section("Validate in a sandbox that mirrors production")
        try await keel.run(["validate", "plan.json", "--source", urls["production"] ?? "", "--config", "keel.yaml",
                            "--out", "validation.json", "--markdown", "validation.md"])
        let validation = try ValidationReport.read(from: directory.appendingPathComponent("validation.json"))
        log.say(DemoSummary.validation(validation))
        log.say("review page for the pull request: \(directory.appendingPathComponent(ReviewReport.fileName).path)")
        log.mark("validate in a sandbox")

        guard let replacement = plan.replacements?.first else {
            throw DemoError.stepFailed(step: "plan", reason: "the plan replaces no column, so there is nothing for writers to move to")
        }
        let stagingWriter = BackgroundWriter(config: staging.connectionConfig(database: Self.database), table: replacement.table,
                                             oldColumn: replacement.old, newColumn: replacement.new, sessions: writers)
        let productionWriter = BackgroundWriter(config: production.connectionConfig(database: Self.database), table: replacement.table,
                                                oldColumn: replacement.old, newColumn: replacement.new, sessions: writers)
        log.section("Roll out to staging while \(writers) writer session(s) keep inserting and updating invoices")
        try await stagingWriter.start()
        do {
            try await keel.run(["rollout", "start", "plan.json", "--env", "staging", "--config", "keel.yaml"])
            try await keel.run(["rollout", "next", "plan.json", "--env", "staging", "--config", "keel.yaml"])
            try await keel.run(["rollout", "next", "plan.json", "--env", "staging", "--config", "keel.yaml"])
            try await keel.run(["rollout", "next", "plan.json", "--env", "staging", "--config", "keel.yaml"])
            stagingWriter.switchToNewShape()
            log.say("staging's application now writes \(replacement.new.display) (the patched code is deployed there)")
            log.mark("staging through migrate consumers")

            log.section("Roll out to production, gated on the validation and on staging")
            try await productionWriter.start()
            do {
                try await keel.run(["rollout", "start", "plan.json", "--env", "production", "--config", "keel.yaml", "--validation", "validation.json"])
                try await keel.run(["rollout", "next", "plan.json", "--env", "production", "--config", "keel.yaml"])
                try await keel.run(["rollout", "next", "plan.json", "--env", "production", "--config", "keel.yaml"])
                log.section("Deploy the consumer patches, then migrate production's consumers")
                try await DemoPatches.apply(plan.consumerPatches, in: directory, log: &log)
                try await keel.run(["rollout", "next", "plan.json", "--env", "production", "--config", "keel.yaml"])
                productionWriter.switchToNewShape()
                log.say("production's application now writes \(replacement.new.display)")
                log.mark("production through migrate consumers")

                log.section("Contract, once lineage shows no consumer of the old column")
                try await keel.run(["discover", "--db", urls["production"] ?? "", "--out", "catalog.after.json"])
                try await keel.run(["lineage", "build", "--config", "keel.yaml", "--catalog", "catalog.after.json", "--out", "lineage.after.json"])
                try await keel.run(["rollout", "next", "plan.json", "--env", "staging", "--config", "keel.yaml", "--lineage", "lineage.after.json"])
                try await keel.run(["rollout", "next", "plan.json", "--env", "production", "--config", "keel.yaml", "--lineage", "lineage.after.json"])
                log.mark("contract on both")
            } catch {
                _ = await productionWriter.stop()
                throw error
            }
        } catch {
            _ = await stagingWriter.stop()
            throw error
        }
        let stagingWrites = await stagingWriter.stop()
        let productionWrites = await productionWriter.stop()
        log.say(DemoSummary.writes("staging", stagingWrites))
        log.say(DemoSummary.writes("production", productionWrites))

        log.section("Status, drift and monitoring")
        try await keel.run(["rollout", "status", "plan.json", "--config", "keel.yaml"])
        // Each rollout command recorded the catalog it left; production matches it.
        try await keel.run(["drift", "--env", "production", "--config", "keel.yaml"])
        // Production's queries, indexes and changed columns against the snapshot its rollout start
        // took. Timing findings depend on the machine the demo shares, so a regression is shown,
        // not fatal.
        try await keel.run(["monitor", "plan.json", "--env", "production", "--config", "keel.yaml"],
                           expected: [ExitStatus.success.rawValue, ExitStatus.findings.rawValue])
        try await keel.run(["drift", "install-capture", "--env", "staging", "--config", "keel.yaml"])
        log.say("Someone changes staging by hand, outside Keel:")
        let manual: SQL = "ALTER TABLE public.invoices ADD COLUMN internal_note text"
        log.say("  \(manual.text)")
        try await Session.with(staging.connectionConfig(database: Self.database)) { try await $0.execute(manual) }
        try await keel.run(["drift", "--env", "staging", "--config", "keel.yaml"], expected: [ExitStatus.findings.rawValue])
        log.mark("status, drift and monitoring")

        let elapsed = ContinuousClock.now - started
        let report = DemoSummary.report(plan: plan, directory: directory, marks: log.marks, elapsed: elapsed,
                                        writes: ["staging": stagingWrites, "production": productionWrites])
        do { try Data(report.utf8).write(to: directory.appendingPathComponent("report.md")) } catch {
            throw DemoError.unwritable(path: directory.appendingPathComponent("report.md").path, reason: error.localizedDescription)
        }
        log.section("Done in \(DemoSummary.seconds(elapsed))")
        log.say("Artifacts and report: \(directory.path)/report.md")
        let failed = stagingWrites.failed + productionWrites.failed
        if failed > 0 {
            throw DemoError.writesFailed(count: failed, first: stagingWrites.firstError ?? productionWrites.firstError ?? "")
        }
    }

    /// Creates the directory, or empties one a previous demo made; refuses any other non-empty one.
    private func prepareDirectory() throws {
        let fm = FileManager.default
        let contents = (try? fm.contentsOfDirectory(atPath: directory.path)) ?? []
        if !contents.isEmpty {
            guard contents.contains(Self.marker) else {
                throw DemoError.unwritable(path: directory.path, reason: "it is not empty and was not made by keel demo")
            }
            for name in contents { try? fm.removeItem(at: directory.appendingPathComponent(name)) }
        }
        do {
            try fm.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data("made by keel demo; a rerun replaces this directory\n".utf8).write(to: directory.appendingPathComponent(Self.marker))
        } catch {
            throw DemoError.unwritable(path: directory.path, reason: error.localizedDescription)
        }
    }

    private func stop(_ clusters: [ManagedCluster]) async {
        for cluster in clusters { try? await cluster.stop() }
    }
}
