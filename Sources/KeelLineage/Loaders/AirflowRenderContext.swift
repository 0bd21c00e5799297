import Foundation

/// The fixed values Airflow macros render with when Keel reads a DAG: `{{ ds }}` is the logical date,
/// `{{ params.x }}` the DAG's and task's params, `{{ var.value.x }}` the configured variables.
public enum AirflowRenderContext {
    /// The logical date used when none is configured.
    public static let defaultLogicalDate = "2024-01-01"

    /// Whether `text` is a `YYYY-MM-DD` date.
    public static func isISODate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let month = Int(parts[1]), let day = Int(parts[2]), Int(parts[0]) != nil else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
    }

    /// `date` moved by `days`, as `YYYY-MM-DD`.
    static func addDays(_ date: String, _ days: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3,
              let start = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
              let moved = calendar.date(byAdding: .day, value: days, to: start) else { return date }
        let components = calendar.dateComponents([.year, .month, .day], from: moved)
        return String(format: "%04d-%02d-%02d", components.year ?? 0, components.month ?? 0, components.day ?? 0)
    }

    /// The Jinja globals of a task's templated fields.
    static func globals(logicalDate: String, dagId: String, taskId: String, params: [String: JinjaValue],
                        variables: [String: String]) -> [String: JinjaValue] {
        let ds = logicalDate
        let nodash = ds.replacingOccurrences(of: "-", with: "")
        let next = addDays(ds, 1)
        let previous = addDays(ds, -1)
        let timestamp = "\(ds)T00:00:00+00:00"
        let paramsDict = JinjaDict()
        for key in params.keys.sorted() { paramsDict[key] = params[key] }
        let variableValues = JinjaObject(typeName: "VariableAccessor")
        for (key, value) in variables { variableValues.attributes[key] = .string(value) }
        let variableGet = JinjaFunction("var.value.get") { arguments, _ in
            let key = try arguments.string(0, "key", function: "var.value.get")
            if let value = variables[key] { return .string(value) }
            return arguments.value(1, "default_var") ?? .string("var_\(key)")
        }
        variableValues.attributes["get"] = .function(variableGet)
        let runId = "scheduled__\(timestamp)"
        return [
            "ds": .string(ds), "ds_nodash": .string(nodash),
            "ts": .string(timestamp), "ts_nodash": .string("\(nodash)T000000"),
            "ts_nodash_with_tz": .string("\(nodash)T000000+0000"),
            "logical_date": .string(timestamp), "execution_date": .string(timestamp),
            "data_interval_start": .string(timestamp), "data_interval_end": .string("\(next)T00:00:00+00:00"),
            "prev_ds": .string(previous), "next_ds": .string(next), "yesterday_ds": .string(previous), "tomorrow_ds": .string(next),
            "prev_ds_nodash": .string(previous.replacingOccurrences(of: "-", with: "")),
            "next_ds_nodash": .string(next.replacingOccurrences(of: "-", with: "")),
            "prev_data_interval_start_success": .string("\(previous)T00:00:00+00:00"),
            "run_id": .string(runId),
            "params": .dict(paramsDict),
            "dag": .object(JinjaObject(typeName: "DAG", attributes: ["dag_id": .string(dagId)], rendered: "<DAG: \(dagId)>")),
            "task": .object(JinjaObject(typeName: "Task", attributes: ["task_id": .string(taskId)])),
            "dag_run": .object(JinjaObject(typeName: "DagRun", attributes: [
                "run_id": .string(runId), "conf": .dict([]), "logical_date": .string(timestamp),
            ])),
            "ti": taskInstance(taskId), "task_instance": taskInstance(taskId),
            "var": .object(JinjaObject(typeName: "Variables", attributes: [
                "value": .object(variableValues), "json": .object(variableValues),
            ])),
            "conn": .object(JinjaObject(typeName: "Connections")),
            "macros": .object(JinjaObject(typeName: "Macros", attributes: [
                "ds_add": .function(JinjaFunction("ds_add") { arguments, _ in
                    let date = try arguments.string(0, "ds", function: "ds_add")
                    return .string(addDays(date, arguments.value(1, "days")?.intValue ?? 0))
                }),
                "ds_format": .function(JinjaFunction("ds_format") { arguments, _ in
                    .string(try arguments.string(0, "ds", function: "ds_format"))
                }),
            ])),
        ]
    }

    private static func taskInstance(_ taskId: String) -> JinjaValue {
        .object(JinjaObject(typeName: "TaskInstance", attributes: [
            "task_id": .string(taskId),
            "xcom_pull": .function(JinjaFunction("xcom_pull") { _, _ in .string("") }),
        ]))
    }
}
