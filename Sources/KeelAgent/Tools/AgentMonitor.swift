import KeelCore
import KeelLineage
import KeelMonitor
import KeelRollout

/// The `monitor` tool: `keel monitor` for a workspace plan in an environment of keel.yaml. Read
/// only, so it needs no `--allow-rollout`.
extension ToolCatalog {
    static let monitor: [AgentTool] = [
        AgentTool(name: "monitor", title: "Monitor a rolled-out plan",
                  description: """
                      After a plan's rollout started in an environment: its touched tables' query performance (pg_stat_statements), \
                      index health (scans turned sequential, indexes gone or INVALID) and data health (null rates and row counts of the \
                      changed columns), against the snapshot taken when the rollout started, judged with keel.yaml's monitor thresholds. \
                      regressed says whether any finding is a regression. Reads only; writes nothing.
                      """,
                  properties: ["plan_id": AgentTool.string("From propose_migration"),
                               "environment": AgentTool.string("An environment of keel.yaml")],
                  required: ["plan_id", "environment"], readOnly: true) { arguments, context in
            let plan = try await context.workspace.plan(try arguments.string("plan_id"))
            let config = try AgentRollout.project(context.workspace)
            let target = try RolloutRun.environments(config).target(try arguments.string("environment"))
            return try await ChangeMonitor.check(plan: plan, environment: target.name, thresholds: config.monitor, config: target.connection)
        },
    ]
}
