import Foundation

/// Reads Airflow DAG files statically: the DAGs, their tasks' SQL (inline, lists, or `.sql` templates
/// found through `template_searchpath`), the dbt commands of BashOperators, and task dependencies.
///
/// ```swift
/// let folder = try AirflowDagLoader.load(folder: "dags")
/// let dag = folder.dag("nightly_billing")!
/// dag.task("mark_overdue")?.statements.first?.text   // UPDATE invoices SET status = 'overdue' …
/// dag.downstream(of: "mark_overdue")                 // ["snapshot_revenue"]
/// ```
///
/// Keel never runs Python. Templates render with fixed values (``AirflowLoadOptions/logicalDate``).
public enum AirflowDagLoader {
    /// Operators whose `sql=` runs against a database.
    static let sqlOperators: Set<String> = [
        "SQLExecuteQueryOperator", "PostgresOperator", "MySqlOperator", "MsSqlOperator", "OracleOperator",
        "SqliteOperator", "TrinoOperator", "PrestoOperator", "VerticaOperator", "JdbcOperator", "ExasolOperator",
        "SnowflakeOperator", "SnowflakeSqlApiOperator", "RedshiftSQLOperator", "RedshiftDataOperator",
        "BigQueryExecuteQueryOperator", "DatabricksSqlOperator", "BranchSQLOperator", "SqlSensor", "@task.sql",
    ]

    /// Check operators whose `sql=` is a query whose result is checked.
    static let sqlCheckOperators: Set<String> = [
        "SQLCheckOperator", "SQLValueCheckOperator", "SQLThresholdCheckOperator", "BigQueryCheckOperator",
        "BigQueryValueCheckOperator", "SnowflakeCheckOperator", "SnowflakeValueCheckOperator", "DruidCheckOperator",
    ]

    /// Check operators that take a `table=` and the checks to run on it.
    static let tableCheckOperators: Set<String> = [
        "SQLColumnCheckOperator", "SQLTableCheckOperator", "SQLIntervalCheckOperator", "BigQueryColumnCheckOperator",
        "BigQueryTableCheckOperator", "BigQueryIntervalCheckOperator", "SnowflakeIntervalCheckOperator",
    ]

    /// Keyword arguments that name a connection.
    static let connectionArguments = [
        "conn_id", "postgres_conn_id", "snowflake_conn_id", "redshift_conn_id", "mysql_conn_id", "mssql_conn_id",
        "gcp_conn_id", "databricks_conn_id", "trino_conn_id", "oracle_conn_id", "sqlite_conn_id", "jdbc_conn_id",
    ]

    /// Reads every DAG file in `folder` (recursively). Like Airflow's safe mode, only `.py` files that
    /// mention both "airflow" and "dag" are read.
    /// - Throws: ``LineageError/pythonSyntax(_:reason:)`` for a file that is not valid Python,
    ///   ``LineageError/fileNotFound(path:what:)`` for a missing folder.
    public static func load(folder: String, options: AirflowLoadOptions = AirflowLoadOptions()) throws(LineageError) -> AirflowDagFolder {
        guard FilePaths.isDirectory(folder) else { throw .fileNotFound(path: folder, what: "Airflow DAG folder") }
        var dags: [AirflowDag] = []
        var diagnostics: [LineageDiagnostic] = []
        for relative in FilePaths.files(under: folder, extensions: [".py"]) where !relative.contains("__pycache__") {
            let file = FilePaths.join(folder, relative)
            let source = try FilePaths.read(file, what: "DAG file")
            let lowered = source.lowercased()
            guard lowered.contains("airflow"), lowered.contains("dag") else { continue }
            let result = try parse(source, file: file, options: options)
            dags += result.dags
            diagnostics += result.diagnostics
        }
        return AirflowDagFolder(dags: dags, diagnostics: diagnostics)
    }

    /// Reads the DAGs of one file's source.
    /// - Parameters:
    ///   - source: the Python text.
    ///   - file: its path: errors name it, and relative `.sql` templates resolve against its folder.
    /// - Throws: ``LineageError/pythonSyntax(_:reason:)`` with the line of the syntax error.
    public static func parse(_ source: String, file: String, options: AirflowLoadOptions = AirflowLoadOptions())
        throws(LineageError) -> AirflowDagFolder
    {
        let module = try PythonParser.parse(source, file: file)
        let reader = AirflowDagReader(file: file, variables: options.variables)
        reader.run(module)
        var diagnostics = reader.warnings.map {
            LineageDiagnostic(code: LineageDiagnostic.dynamicSQL, severity: .warning, message: $0.message,
                              location: FileLocation(file: file, line: $0.line))
        }
        var dags: [AirflowDag] = []
        if reader.dags.count > 1 {
            for task in reader.tasks where task.dag == nil {
                diagnostics.append(LineageDiagnostic(
                    code: LineageDiagnostic.unknownTask, severity: .warning,
                    message: "task \(task.taskId ?? task.operatorName) belongs to no DAG (no `with DAG` block and no dag= argument)",
                    location: FileLocation(file: file, line: task.line)))
            }
        }
        for (dagIndex, record) in reader.dags.enumerated() {
            guard let dagId = record.dagId else {
                diagnostics.append(LineageDiagnostic(code: LineageDiagnostic.dynamicSQL, severity: .warning,
                                                     message: "a DAG whose dag_id is only known at run time was skipped",
                                                     location: FileLocation(file: file, line: record.line)))
                continue
            }
            var dag = AirflowDag(dagId: dagId, location: FileLocation(file: file, line: record.line),
                                 description: record.description, schedule: record.schedule, tags: record.tags,
                                 templateSearchPath: record.templateSearchPath)
            let onlyDag = reader.dags.count == 1
            var idByIndex: [Int: String] = [:]
            for (taskIndex, task) in reader.tasks.enumerated() where task.dag == dagIndex || (task.dag == nil && onlyDag) {
                guard let taskId = task.taskId else { continue }
                idByIndex[taskIndex] = taskId
                let consumer = "airflow:\(dagId).\(taskId)"
                var built = AirflowTask(taskId: taskId, operatorName: task.operatorName, kind: .other,
                                        location: FileLocation(file: file, line: task.line))
                built.connectionId = connectionArguments.lazy.compactMap { task.arguments[$0]?.stringValue }.first
                    ?? connectionArguments.lazy.compactMap { record.defaultArguments.entry($0)?.stringValue }.first
                var params: [String: JinjaValue] = [:]
                for (key, value) in record.params { params[key] = value.jinja }
                if case .dict(let pairs)? = task.arguments["params"] {
                    for (key, value) in pairs { if let name = key.stringValue { params[name] = value.jinja } }
                }
                let context = TaskContext(file: file, dag: dag, taskId: taskId, params: params, options: options, consumer: consumer)
                diagnostics += extract(task, into: &built, context: context)
                dag.tasks.append(built)
            }
            var dependencies = Set<AirflowDependency>()
            for (upstream, downstream) in reader.edges {
                guard let a = idByIndex[upstream], let b = idByIndex[downstream] else { continue }
                dependencies.insert(AirflowDependency(upstream: a, downstream: b))
            }
            dag.dependencies = dependencies.sorted()
            dags.append(dag)
        }
        return AirflowDagFolder(dags: dags, diagnostics: diagnostics)
    }

    // MARK: SQL

    struct TaskContext {
        var file: String
        var dag: AirflowDag
        var taskId: String
        var params: [String: JinjaValue]
        var options: AirflowLoadOptions
        var consumer: String

        var location: FileLocation { FileLocation(file: file) }
    }

    /// Fills in the task's kind, SQL and dbt commands; returns the problems found.
    private static func extract(_ record: AirflowDagReader.TaskRecord, into task: inout AirflowTask, context: TaskContext) -> [LineageDiagnostic] {
        var diagnostics: [LineageDiagnostic] = []
        let name = record.operatorName
        let line = record.line
        func dynamic(_ what: String) {
            diagnostics.append(LineageDiagnostic(code: LineageDiagnostic.dynamicSQL, severity: .warning,
                                                 message: "task \(task.taskId): \(what) is only known at run time",
                                                 location: FileLocation(file: context.file, line: line), consumer: context.consumer))
        }
        var pieces: [(text: String, source: AirflowTask.SQLSource, file: String, line: Int)] = []
        if sqlOperators.contains(name) || sqlCheckOperators.contains(name) {
            task.kind = sqlCheckOperators.contains(name) ? .sqlCheck : .sql
            var sqlValue = record.arguments["sql"] ?? record.positional.first ?? record.returned
            if name == "@task.sql" { sqlValue = record.returned }
            guard let value = sqlValue else { dynamic("the sql argument"); return diagnostics }
            let parameters = record.arguments["parameters"]
            for item in sqlItems(value) {
                guard let text = item else { dynamic("the sql"); continue }
                if text.trimmingWhitespace().lowercased().hasSuffix(".sql") {
                    guard let path = findTemplate(text.trimmingWhitespace(), context: context) else {
                        diagnostics.append(LineageDiagnostic(
                            code: LineageDiagnostic.templateNotFound, severity: .error,
                            message: "task \(task.taskId): SQL template '\(text)' is not in the DAG folder or its template_searchpath",
                            location: FileLocation(file: context.file, line: line), consumer: context.consumer))
                        continue
                    }
                    do {
                        let content = try FilePaths.read(path, what: "SQL template")
                        pieces.append((content, .file(path), path, 1))
                    } catch {
                        diagnostics.append(LineageDiagnostic(code: error.code, severity: .error, message: error.message,
                                                             location: FileLocation(file: path), consumer: context.consumer))
                    }
                } else {
                    pieces.append((text, .inline, context.file, record.argumentLines["sql"] ?? line))
                }
            }
            if let parameters { pieces = pieces.map { (bindParameters($0.text, parameters), $0.source, $0.file, $0.line) } }
        } else if tableCheckOperators.contains(name) {
            task.kind = .sqlCheck
            guard let table = record.arguments["table"]?.stringValue else { dynamic("the checked table"); return diagnostics }
            guard let sql = synthesizeCheck(name, table: table, arguments: record.arguments) else {
                dynamic("the checks"); return diagnostics
            }
            pieces.append((sql, .synthesized, context.file, line))
        } else if name == "BigQueryInsertJobOperator" {
            task.kind = .sql
            guard let query = record.arguments["configuration"]?.entry("query")?.entry("query")?.stringValue else {
                dynamic("the query configuration"); return diagnostics
            }
            pieces.append((query, .inline, context.file, line))
        } else if name == "BashOperator" || name == "@task.bash" {
            let commandValue = name == "@task.bash" ? record.returned : record.arguments["bash_command"]
            guard let raw = commandValue?.stringValue else {
                if commandValue != nil { dynamic("the bash command") }
                return diagnostics
            }
            if raw.trimmingWhitespace().hasSuffix(".sh") { task.bashCommand = raw; return diagnostics }
            let rendered: String
            do {
                rendered = try render(raw, file: context.file, line: line, context: context)
            } catch {
                diagnostics.append(LineageDiagnostic(code: error.code, severity: .error, message: error.message,
                                                     location: FileLocation(file: context.file, line: line), consumer: context.consumer))
                return diagnostics
            }
            task.bashCommand = rendered
            task.dbtCommands = DbtCommandLine.parse(rendered)
            if !task.dbtCommands.isEmpty {
                task.kind = .dbt
                for index in task.dbtCommands.indices {
                    task.dbtCommands[index].linkedProject = link(task.dbtCommands[index], projects: context.options.dbtProjects)
                    if task.dbtCommands[index].linkedProject == nil {
                        diagnostics.append(LineageDiagnostic(
                            code: LineageDiagnostic.unlinkedDbt, severity: .warning,
                            message: "task \(task.taskId) runs `dbt \(task.dbtCommands[index].command)` on a project Keel does not know",
                            location: FileLocation(file: context.file, line: line), consumer: context.consumer))
                    }
                }
            }
            return diagnostics
        } else {
            return diagnostics
        }
        for piece in pieces {
            task.sqlSources.append(piece.source)
            let rendered: String
            do {
                rendered = try render(piece.text, file: piece.file, line: piece.line, context: context)
            } catch {
                diagnostics.append(LineageDiagnostic(code: error.code, severity: .error, message: error.message,
                                                     location: FileLocation(file: piece.file, line: piece.line), consumer: context.consumer))
                continue
            }
            if context.options.checkSQL {
                let firstLine = piece.source == .inline ? piece.line : 1
                let checked = StatementCheck.statements(in: rendered, file: piece.file, firstLine: firstLine, consumer: context.consumer)
                task.statements += checked.statements
                diagnostics += checked.diagnostics
            } else {
                task.statements.append(RenderedStatement(text: rendered, location: FileLocation(file: piece.file, line: piece.line), parses: true))
            }
        }
        return diagnostics
    }

    /// The SQL strings of a `sql=` value: one string, or a list of strings (`nil` for an unknown element).
    private static func sqlItems(_ value: PyValue) -> [String?] {
        switch value {
        case .string(let text): [text]
        case .list(let items): items.map(\.stringValue)
        default: [nil]
        }
    }

    /// `path` in the DAG file's folder, the DAG's template_searchpath, or the configured extra folders.
    private static func findTemplate(_ path: String, context: TaskContext) -> String? {
        let base = FilePaths.directory(of: context.file)
        if path.hasPrefix("/") { return FilePaths.exists(path) ? path : nil }
        var folders = [base]
        for folder in context.dag.templateSearchPath + context.options.templateSearchPath {
            folders.append(FilePaths.join(base, folder))
        }
        for folder in folders {
            let candidate = FilePaths.join(folder, path)
            if FilePaths.exists(candidate) { return candidate }
        }
        return nil
    }

    /// Renders Airflow macros with the fixed context.
    private static func render(_ text: String, file: String, line: Int, context: TaskContext) throws(LineageError) -> String {
        guard text.contains("{{") || text.contains("{%") || text.contains("{#") else { return text }
        let template = try JinjaParser.parse(text, file: file)
        let renderer = JinjaRenderer(
            globals: AirflowRenderContext.globals(logicalDate: context.options.logicalDate, dagId: context.dag.dagId,
                                                  taskId: context.taskId, params: context.params, variables: context.options.variables),
            file: file)
        return try renderer.render(template)
    }

    /// Replaces DB-API placeholders (`%(name)s`, `%s`) with `$1`, `$2`, … so the statement parses.
    private static func bindParameters(_ sql: String, _ parameters: PyValue) -> String {
        var names: [String] = []
        var out = ""
        var index = sql.startIndex
        var positional = 0
        while index < sql.endIndex {
            let c = sql[index]
            if c == "%", let next = sql.index(index, offsetBy: 1, limitedBy: sql.endIndex), next < sql.endIndex {
                if sql[next] == "s" {
                    positional += 1
                    out += "$\(positional)"
                    index = sql.index(after: next)
                    continue
                }
                if sql[next] == "(", let close = sql[next...].firstIndex(of: ")"),
                   let after = sql.index(close, offsetBy: 1, limitedBy: sql.endIndex), after < sql.endIndex, sql[after] == "s" {
                    let name = String(sql[sql.index(after: next)..<close])
                    if !names.contains(name) { names.append(name) }
                    out += "$\((names.firstIndex(of: name) ?? 0) + 1)"
                    index = sql.index(after: after)
                    continue
                }
            }
            out.append(c)
            index = sql.index(after: index)
        }
        return out
    }

    /// The query a table check operator runs, so its reads are visible.
    private static func synthesizeCheck(_ name: String, table: String, arguments: [String: PyValue]) -> String? {
        var expressions: [String] = []
        if name.hasSuffix("ColumnCheckOperator") {
            guard case .dict(let mapping)? = arguments["column_mapping"] else { return nil }
            expressions = mapping.compactMap { $0.0.stringValue }
        } else if name.hasSuffix("TableCheckOperator") {
            guard case .dict(let checks)? = arguments["checks"] else { return nil }
            for (_, check) in checks {
                guard let statement = check.entry("check_statement")?.stringValue else { return nil }
                expressions.append(statement)
            }
        } else {
            guard case .dict(let metrics)? = arguments["metrics_thresholds"] else { return nil }
            expressions = metrics.compactMap { $0.0.stringValue }
        }
        guard !expressions.isEmpty else { return nil }
        var sql = "SELECT \(expressions.joined(separator: ", ")) FROM \(table)"
        if let partition = arguments["partition_clause"]?.stringValue { sql += " WHERE \(partition)" }
        return sql
    }

    /// The configured project a dbt command runs: by its project folder's name, else the only project.
    private static func link(_ command: AirflowDbtCommand, projects: [DbtProjectLink]) -> String? {
        if let directory = command.projectDirectory {
            let last = FilePaths.lastComponent(directory)
            if let match = projects.first(where: { FilePaths.lastComponent($0.path) == last || $0.name == last }) {
                return match.name
            }
            return projects.count == 1 && last.isEmpty ? projects[0].name : nil
        }
        return projects.count == 1 ? projects[0].name : nil
    }
}

/// Finds dbt invocations in a shell command.
enum DbtCommandLine {
    static let subcommands: Set<String> = [
        "build", "run", "test", "seed", "snapshot", "compile", "run-operation", "source", "docs", "ls", "list", "parse",
        "clone", "show", "retry", "deps", "debug", "clean",
    ]

    static func parse(_ command: String) -> [AirflowDbtCommand] {
        var result: [AirflowDbtCommand] = []
        var directory: String?
        for segment in segments(command) {
            var words = shellWords(segment)
            while let first = words.first, first.contains("="), !first.hasPrefix("-") { words.removeFirst() }   // VAR=value prefixes
            guard let program = words.first else { continue }
            if program == "cd", words.count > 1 { directory = words[1]; continue }
            guard program == "dbt" || program.hasSuffix("/dbt"), words.count > 1, subcommands.contains(words[1]) else { continue }
            var parsed = AirflowDbtCommand(command: words[1], projectDirectory: directory,
                                           commandLine: segment.trimmingWhitespace())
            var index = 2
            var current: String?
            while index < words.count {
                let word = words[index]
                index += 1
                if word.hasPrefix("-") {
                    current = nil
                    var flag = word
                    var inline: String?
                    if let equals = word.firstIndex(of: "="), word.hasPrefix("--") {
                        flag = String(word[..<equals])
                        inline = String(word[word.index(after: equals)...])
                    }
                    func value() -> String? {
                        if let inline { return inline }
                        guard index < words.count else { return nil }
                        index += 1
                        return words[index - 1]
                    }
                    switch flag {
                    case "--select", "-s", "--models", "-m":
                        current = "select"
                        if let inline { parsed.select.append(inline) }
                    case "--exclude":
                        current = "exclude"
                        if let inline { parsed.exclude.append(inline) }
                    case "--project-dir": parsed.projectDirectory = value()
                    case "--profiles-dir": parsed.profilesDirectory = value()
                    case "--target", "-t": parsed.target = value()
                    case "--vars": parsed.vars = value()
                    case "--full-refresh": parsed.fullRefresh = true
                    default: break
                    }
                } else if current == "select" {
                    parsed.select.append(word)
                } else if current == "exclude" {
                    parsed.exclude.append(word)
                }
            }
            result.append(parsed)
        }
        return result
    }

    /// Splits on `&&`, `||`, `;`, `|` and newlines outside quotes.
    private static func segments(_ command: String) -> [String] {
        var result: [String] = []
        var current = ""
        var quote: Character?
        var chars = Array(command)
        var index = 0
        while index < chars.count {
            let c = chars[index]
            if let q = quote {
                if c == q { quote = nil }
                current.append(c)
            } else if c == "'" || c == "\"" {
                quote = c
                current.append(c)
            } else if c == ";" || c == "\n" || c == "|" || (c == "&" && index + 1 < chars.count && chars[index + 1] == "&") {
                result.append(current)
                current = ""
                if index + 1 < chars.count, chars[index + 1] == c { index += 1 }
            } else {
                current.append(c)
            }
            index += 1
        }
        result.append(current)
        chars.removeAll()
        return result.filter { !$0.trimmingWhitespace().isEmpty }
    }

    /// Splits a command into words, honouring quotes and backslashes.
    private static func shellWords(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escape = false
        for c in text {
            if escape { current.append(c); escape = false; inWord = true; continue }
            if c == "\\", quote != "'" { escape = true; continue }
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
                continue
            }
            if c == "'" || c == "\"" { quote = c; inWord = true; continue }
            if c.isWhitespace {
                if inWord { words.append(current); current = ""; inWord = false }
                continue
            }
            current.append(c)
            inWord = true
        }
        if inWord { words.append(current) }
        return words
    }
}
