public import Foundation
public import KeelCore

/// Turns a ``LineageGraph`` into OpenLineage RunEvents (spec 2-0-2): one COMPLETE event per consumer
/// (job), with its input datasets and its output datasets carrying the `columnLineage` facet (1-2-0:
/// each output column's input fields with their DIRECT/INDIRECT transformations, and the statement-level
/// INDIRECT fields under `dataset`) and the `schema` facet; jobs carry `jobType` and, when declared,
/// `ownership`.
///
/// Dataset names follow OpenLineage's PostgreSQL naming: namespace `postgres://host:port`, name
/// `database.schema.table` (or `schema.table` when no database is given). Run ids are derived from the
/// job and the event time, so the same export is reproducible.
public enum OpenLineageExporter {
    /// What the events say about where they come from.
    public struct Options: Sendable {
        /// The producer URI.
        public var producer: String
        /// The job namespace.
        public var jobNamespace: String
        /// The dataset namespace, `postgres://host:port`.
        public var datasetNamespace: String
        /// The database name that prefixes dataset names, if any.
        public var database: String?
        /// The events' time.
        public var eventTime: Date

        /// Creates options.
        public init(producer: String = "urn:keel:lineage", jobNamespace: String = "keel", datasetNamespace: String = "postgres://localhost:5432",
                    database: String? = nil, eventTime: Date = Date()) {
            self.producer = producer
            self.jobNamespace = jobNamespace
            self.datasetNamespace = datasetNamespace
            self.database = database
            self.eventTime = eventTime
        }
    }

    static let eventSchema = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"
    static let columnLineageSchema = "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet"
    static let schemaSchema = "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet"
    static let jobTypeSchema = "https://openlineage.io/spec/facets/2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet"
    static let ownershipSchema = "https://openlineage.io/spec/facets/1-0-1/OwnershipJobFacet.json#/$defs/OwnershipJobFacet"

    /// One event per consumer that reads or writes something, in consumer order.
    public static func events(_ graph: LineageGraph, options: Options = Options()) -> [RunEvent] {
        let offsets = graph.columnOffsets
        var columnRelation: [Int] = []
        columnRelation.reserveCapacity(offsets.last ?? 0)
        for (index, relation) in graph.relations.enumerated() {
            columnRelation += Array(repeating: index, count: relation.columns.count)
        }
        func datasetName(_ relation: Int) -> String {
            let name = graph.relations[relation].name
            let parts = RelationKey.parse(name).map { [$0.schema, $0.name] } ?? [name]
            return ([options.database].compactMap { $0 } + parts).joined(separator: ".")
        }
        func field(_ column: Int) -> (relation: Int, name: String) {
            let relation = columnRelation[column]
            return (relation, graph.relations[relation].columns[column - offsets[relation]])
        }
        func transformation(_ value: LineageGraph.Transformation) -> RunEvent.Transformation {
            RunEvent.Transformation(type: value.type, subtype: value.subtype)
        }
        func inputFields(_ edges: [(source: Int, transformation: LineageGraph.Transformation)]) -> [RunEvent.InputField] {
            var grouped: [Int: [LineageGraph.Transformation]] = [:]
            for edge in edges { grouped[edge.source, default: []].append(edge.transformation) }
            return grouped.keys.sorted().map { source in
                let (relation, name) = field(source)
                let transformations = Array(Set(grouped[source] ?? [])).sorted().map(transformation)
                return RunEvent.InputField(namespace: options.datasetNamespace, name: datasetName(relation), field: name,
                                           transformations: transformations)
            }
        }
        let time = options.eventTime.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        var events: [RunEvent] = []
        for consumer in graph.consumers where !consumer.inputs.isEmpty || !consumer.outputs.isEmpty {
            var outputs: [RunEvent.Dataset] = []
            for output in consumer.outputs {
                let statements = consumer.statements.filter { $0.target == output }
                var perColumn: [Int: [(source: Int, transformation: LineageGraph.Transformation)]] = [:]
                var indirect: [(source: Int, transformation: LineageGraph.Transformation)] = []
                for statement in statements {
                    for edge in statement.columns { perColumn[edge.target, default: []].append((edge.source, edge.transformation)) }
                    indirect += statement.indirect.map { ($0.source, $0.transformation) }
                }
                var fields: [String: RunEvent.ColumnFields] = [:]
                for (column, edges) in perColumn { fields[field(column).name] = RunEvent.ColumnFields(inputFields: inputFields(edges)) }
                let written = Set(statements.flatMap(\.written))
                let schemaFields = graph.relations[output].columns.enumerated()
                    .filter { written.isEmpty || written.contains(offsets[output] + $0.offset) }
                    .map { RunEvent.SchemaField(name: $0.element) }
                var facets = RunEvent.DatasetFacets()
                if !statements.isEmpty {
                    facets.columnLineage = RunEvent.ColumnLineageFacet(producer: options.producer, schemaURL: columnLineageSchema,
                                                                       fields: fields, dataset: inputFields(indirect))
                }
                if !schemaFields.isEmpty {
                    facets.schema = RunEvent.SchemaFacet(producer: options.producer, schemaURL: schemaSchema, fields: schemaFields)
                }
                outputs.append(RunEvent.Dataset(namespace: options.datasetNamespace, name: datasetName(output), facets: facets))
            }
            let inputs = consumer.inputs.filter { !consumer.outputs.contains($0) || consumer.kind == .airflowTask }
                .map { RunEvent.Dataset(namespace: options.datasetNamespace, name: datasetName($0), facets: nil) }
            var jobFacets = RunEvent.JobFacets(jobType: RunEvent.JobTypeFacet(
                producer: options.producer, schemaURL: jobTypeSchema, processingType: "BATCH",
                integration: integration(consumer.kind), jobType: jobType(consumer.kind)))
            if let owner = consumer.owner {
                jobFacets.ownership = RunEvent.OwnershipFacet(producer: options.producer, schemaURL: ownershipSchema,
                                                              owners: [RunEvent.Owner(name: owner, type: nil)])
            }
            events.append(RunEvent(
                eventType: "COMPLETE", eventTime: time, producer: options.producer, schemaURL: eventSchema,
                run: RunEvent.Run(runId: runId(consumer.id, time)),
                job: RunEvent.Job(namespace: options.jobNamespace, name: consumer.id, facets: jobFacets),
                inputs: inputs, outputs: outputs))
        }
        return events
    }

    static func integration(_ kind: LineageGraph.ConsumerKind) -> String {
        switch kind {
        case .dbtModel, .dbtSnapshot, .dbtExposure: "DBT"
        case .airflowTask: "AIRFLOW"
        case .view, .materializedView: "POSTGRES"
        default: "KEEL"
        }
    }

    static func jobType(_ kind: LineageGraph.ConsumerKind) -> String {
        switch kind {
        case .dbtModel: "MODEL"
        case .dbtSnapshot: "SNAPSHOT"
        case .dbtExposure: "EXPOSURE"
        case .airflowTask: "TASK"
        case .view, .materializedView: "VIEW"
        case .dashboard, .report, .notebook: "DASHBOARD"
        case .api, .application: "QUERY"
        }
    }

    /// A UUID (version 5 layout) from the SHA-256 of the job and time: stable across exports of the same graph.
    static func runId(_ job: String, _ time: String) -> String {
        var characters = Array(ContentHash(of: Data((job + "\u{0}" + time).utf8)).value.dropFirst("sha256:".count).prefix(32))
        characters[12] = "5"
        let variant = Array("89ab")
        characters[16] = variant[Int(characters[16].hexDigitValue ?? 0) % 4]
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
    }
}
