import Foundation
import KeelCore
import Testing

/// lineage.json: the fast writer gives the Codable bytes, the fast reader gives the Codable value, and
/// bad files fail with their artifact error code.
@Suite struct LineageGraphTests {
    static func sample() -> LineageGraph {
        LineageGraph(
            catalogFingerprint: ContentHash(of: Data("catalog".utf8)),
            relations: [
                LineageGraph.Relation(name: "analytics.stg", kind: .model, columns: ["id", "amount"], builtBy: "dbt:model.p.stg"),
                LineageGraph.Relation(name: #"public."Order Items""#, kind: .table, columns: ["id", "amount", "status", "naïve \"q\""]),
            ],
            consumers: [
                LineageGraph.Consumer(id: "api:GET /x/{id}", kind: .api, name: "GET /x/{id}", location: "keel.yaml:12", owner: "team@example.com",
                                      inputs: [1], reads: [LineageGraph.SourceEdge(source: 3, transformation: .identity),
                                                           LineageGraph.SourceEdge(source: 2, transformation: .filter)]),
                LineageGraph.Consumer(id: "dbt:model.p.stg", kind: .dbtModel, name: "stg", location: "models/stg.sql", materialization: "view",
                                      builds: 0, dependsOn: ["dbt:model.p.raw"], inputs: [1], outputs: [0], statements: [
                                          LineageGraph.Statement(target: 0, written: [0, 1], columns: [
                                              LineageGraph.ColumnEdge(target: 0, source: 2, transformation: .identity),
                                              LineageGraph.ColumnEdge(target: 1, source: 3, transformation: .aggregation),
                                          ], indirect: [LineageGraph.SourceEdge(source: 4, transformation: .groupBy)]),
                                      ]),
                LineageGraph.Consumer(id: "dbt:exposure.p.e", kind: .dbtExposure, name: "e"),
            ],
            diagnostics: [LineageGraph.Diagnostic(code: "lineage.sql-unparsable", severity: "error", message: "statement does not parse",
                                                  location: "dags/x.py:3:5", consumer: "airflow:x.t")])
    }

    @Test("the fast writer gives exactly the Codable encoding")
    func writerMatchesCodable() throws {
        let graph = Self.sample()
        #expect(try CanonicalJSON.encode(graph) == CanonicalJSON.encodeThroughCodable(graph))
        #expect(try CanonicalJSON.encodeCompact(graph) == CanonicalJSON.encodeThroughCodable(graph, pretty: false))
    }

    @Test("the fast reader gives the Codable value, pretty or compact")
    func readerMatchesCodable() throws {
        let graph = Self.sample()
        for data in [try CanonicalJSON.encode(graph), try CanonicalJSON.encodeCompact(graph)] {
            #expect(try LineageGraph.decodeFast(data, path: "lineage.json") == graph)
            #expect(try LineageGraph.decode(data, path: "lineage.json") == graph)
        }
        let text = #"{ "kind" : "lineage", "formatVersion": 1, "relations": [], "consumers": [], "diagnostics": [], "extra": {"a": [1.5e3, null, true]} }"#
        #expect(try LineageGraph.decodeFast(Data(text.utf8), path: "x").relations.isEmpty)
    }

    @Test("counts and offsets")
    func counts() {
        let graph = Self.sample()
        #expect(graph.columnCount == 6)
        #expect(graph.columnOffsets == [0, 2, 6])
        #expect(graph.edgeCount == 2 + 2 + 2)   // two column edges, one GROUP_BY source on two written columns, two reads
        #expect(graph.validationProblem() == nil)
    }

    @Test("bad files fail with their code", arguments: [
        ("{", "artifact.malformed"),
        (#"{"formatVersion": 1, "kind": "catalog"}"#, "artifact.wrong-kind"),
        (#"{"formatVersion": 99, "kind": "lineage", "relations": [], "consumers": [], "diagnostics": []}"#, "artifact.unsupported-version"),
        (#"{"formatVersion": 1, "kind": "lineage", "relations": [{"name": "a.b", "kind": "table", "columns": ["x"]}], "consumers": [{"id": "c", "kind": "api", "name": "c", "reads": [[7, 0]]}], "diagnostics": []}"#, "artifact.malformed"),
        (#"{"formatVersion": 1, "kind": "lineage", "relations": [{"name": "a.b", "kind": "table", "columns": ["x"]}], "consumers": [{"id": "c", "kind": "api", "name": "c", "reads": [[0, 42]]}], "diagnostics": []}"#, "artifact.malformed"),
        (#"{"formatVersion": 1, "kind": "lineage", "relations": [{"name": "a.b", "kind": "bogus", "columns": []}], "consumers": [], "diagnostics": []}"#, "artifact.malformed"),
        (#"{"formatVersion": 1, "kind": "lineage", "relations": [], "consumers": [], "diagnostics": []} trailing"#, "artifact.malformed"),
    ])
    func badFiles(text: String, code: String) {
        do {
            _ = try LineageGraph.decodeFast(Data(text.utf8), path: "lineage.json")
            Issue.record("expected \(code)")
        } catch {
            #expect(error.code == code, "\(error)")
        }
    }

    @Test("transformations: codes, types and OpenLineage subtypes")
    func transformations() {
        #expect(LineageGraph.Transformation.allCases.map(\.subtype) == [
            "IDENTITY", "TRANSFORMATION", "AGGREGATION", "JOIN", "FILTER", "GROUP_BY", "SORT", "WINDOW", "CONDITIONAL",
        ])
        #expect(LineageGraph.Transformation.allCases.filter(\.isDirect).map(\.rawValue) == [0, 1, 2])
        #expect(LineageGraph.Transformation(subtype: "GROUP_BY") == .groupBy)
    }
}

/// The pull reader on its own.
@Suite struct JSONReaderTests {
    @Test("strings with escapes and surrogate pairs")
    func strings() throws {
        var reader = JSONReader(Array(#"["a\"b\\c\/d\n", "\u00e9\ud83d\ude00", "plain"]"#.utf8))
        try reader.beginArray()
        var values: [String] = []
        while try reader.hasNextElement() { values.append(try reader.string()) }
        try reader.end()
        #expect(values == ["a\"b\\c/d\n", "é😀", "plain"])
    }

    @Test("integers, and what is not one")
    func integers() throws {
        var reader = JSONReader(Array("[0, -12, 9223372036854775807]".utf8))
        try reader.beginArray()
        var values: [Int] = []
        while try reader.hasNextElement() { values.append(try reader.int()) }
        #expect(values == [0, -12, Int.max])
        for bad in ["1.5", "-", "99999999999999999999", "x"] {
            var r = JSONReader(Array(bad.utf8))
            #expect(throws: JSONReaderError.self) { _ = try r.int() }
        }
    }
}
