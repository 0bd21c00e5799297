// The lineage graph's fast JSON paths (see CanonicalJSONWritable and JSONReader). Fields are
// written in UTF-8 key order and must match the Codable form exactly; LineageGraphTests compares
// the two, and reads both back.
public import Foundation

extension LineageGraph: SizeHinting {
    /// About 40 bytes of pretty JSON per edge and 20 per column.
    var encodedSizeHint: Int { (1 << 16) + edgeCount * 40 + columnCount * 24 }
}

extension LineageGraph: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("catalogFingerprint", catalogFingerprint)
            w.field("consumers", consumers)
            w.field("diagnostics", diagnostics)
            w.field("formatVersion", formatVersion)
            w.field("kind", kind)
            w.field("relations", relations)
        }
    }
}

extension LineageGraph.Relation: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("builtBy", builtBy)
            w.field("columns", columns)
            w.field("kind", kind)
            w.field("name", name)
        }
    }
}

extension LineageGraph.Consumer: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("builds", builds.map { Int64($0) })
            if !dependsOn.isEmpty { w.field("dependsOn", dependsOn) }
            w.field("id", id)
            if !inputs.isEmpty { w.field("inputs", IntList(inputs)) }
            w.field("kind", kind)
            w.field("location", location)
            w.field("materialization", materialization)
            w.field("name", name)
            if !outputs.isEmpty { w.field("outputs", IntList(outputs)) }
            w.field("owner", owner)
            if !reads.isEmpty { w.field("reads", reads) }
            if !statements.isEmpty { w.field("statements", statements) }
        }
    }
}

extension LineageGraph.Statement: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("columns", columns)
            w.field("indirect", indirect)
            w.field("target", target)
            w.field("written", IntList(written))
        }
    }
}

extension LineageGraph.ColumnEdge: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.integers(target, source, transformation.rawValue)
    }
}

extension LineageGraph.SourceEdge: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.integers(source, transformation.rawValue)
    }
}

extension LineageGraph.Diagnostic: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("code", code)
            w.field("consumer", consumer)
            w.field("location", location)
            w.field("message", message)
            w.field("severity", severity)
        }
    }
}

/// An array of integers, for the writer.
struct IntList: CanonicalJSONWritable {
    let values: [Int]
    init(_ values: [Int]) { self.values = values }
    func writeJSON(to writer: inout CanonicalJSONWriter) { writer.integers(values) }
}

extension CanonicalJSONWriter {
    /// An array of integers, laid out as the Codable path lays out `[Int]`.
    mutating func integers(_ values: Int...) { integers(values) }

    /// An array of integers, laid out as the Codable path lays out `[Int]`.
    mutating func integers(_ values: [Int]) {
        bytes.append(0x5B)
        depth += 1
        for value in values {
            separate(opening: 0x5B)
            integer(value)
        }
        depth -= 1
        if bytes.last != 0x5B { newline() }
        bytes.append(0x5D)
    }
}

// MARK: - Reading

extension LineageGraph {
    /// Reads `lineage.json` with the dedicated reader (several times faster than `JSONDecoder`),
    /// checking its kind, format version and every index.
    /// - Parameter path: the file.
    /// - Returns: the graph.
    /// - Throws: ``ArtifactError`` (`artifact.unreadable`, `artifact.wrong-kind`,
    ///   `artifact.unsupported-version`, `artifact.malformed`).
    public static func load(path: String) throws(ArtifactError) -> LineageGraph {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        return try decodeFast(data, path: path)
    }

    /// Decodes `lineage.json` bytes with the dedicated reader; see ``load(path:)``.
    public static func decodeFast(_ data: Data, path: String) throws(ArtifactError) -> LineageGraph {
        var reader = JSONReader([UInt8](data))
        let graph: LineageGraph
        do {
            graph = try read(&reader)
            try reader.end()
        } catch {
            // A file of another kind or version fails the structure first: say so rather than "malformed".
            _ = try Self.decodeHeaderOnly(data, path: path)
            throw .malformed(path: path, kind: kind, reason: error.description)
        }
        guard graph.kind == kind else { throw .wrongKind(path: path, expected: kind, found: graph.kind) }
        guard graph.formatVersion <= currentFormatVersion, graph.formatVersion >= 1 else {
            throw .unsupportedVersion(path: path, kind: kind, found: graph.formatVersion, supported: currentFormatVersion)
        }
        if let problem = graph.validationProblem() { throw .malformed(path: path, kind: kind, reason: problem) }
        return graph
    }

    /// Checks kind and version the slow way (only used to explain a failure).
    private static func decodeHeaderOnly(_ data: Data, path: String) throws(ArtifactError) -> Bool {
        struct Header: Decodable { let formatVersion: Int; let kind: String }
        guard let header = try? CanonicalJSON.decode(Header.self, from: data) else { return false }
        guard header.kind == kind else { throw .wrongKind(path: path, expected: kind, found: header.kind) }
        guard header.formatVersion <= currentFormatVersion else {
            throw .unsupportedVersion(path: path, kind: kind, found: header.formatVersion, supported: currentFormatVersion)
        }
        return true
    }

    /// The first index that points nowhere, described; `nil` when every reference resolves.
    public func validationProblem() -> String? {
        let columns = columnCount
        let offsets = columnOffsets
        var ids = Set<String>()
        for (index, consumer) in consumers.enumerated() {
            guard ids.insert(consumer.id).inserted else { return "consumers[\(index)]: duplicate id \(consumer.id)" }
            if let builds = consumer.builds, !relations.indices.contains(builds) { return "consumers[\(index)].builds: no relation \(builds)" }
            for relation in consumer.inputs + consumer.outputs where !relations.indices.contains(relation) {
                return "consumers[\(index)]: no relation \(relation)"
            }
            for read in consumer.reads where !(0..<columns).contains(read.source) {
                return "consumers[\(index)].reads: no column \(read.source)"
            }
            for (number, statement) in consumer.statements.enumerated() {
                let at = "consumers[\(index)].statements[\(number)]"
                guard relations.indices.contains(statement.target) else { return "\(at).target: no relation \(statement.target)" }
                let own = offsets[statement.target]..<offsets[statement.target + 1]
                for column in statement.written where !own.contains(column) {
                    return "\(at).written: column \(column) is not a column of \(relations[statement.target].name)"
                }
                for edge in statement.columns {
                    guard own.contains(edge.target) else { return "\(at).columns: column \(edge.target) is not a column of the target" }
                    guard (0..<columns).contains(edge.source) else { return "\(at).columns: no column \(edge.source)" }
                }
                for edge in statement.indirect where !(0..<columns).contains(edge.source) {
                    return "\(at).indirect: no column \(edge.source)"
                }
            }
        }
        var names = Set<String>()
        for (index, relation) in relations.enumerated() where !names.insert(relation.name).inserted {
            return "relations[\(index)]: duplicate name \(relation.name)"
        }
        return nil
    }

    static func read(_ r: inout JSONReader) throws(JSONReaderError) -> LineageGraph {
        var graph = LineageGraph(relations: [], consumers: [], diagnostics: [])
        graph.kind = ""
        graph.formatVersion = 0
        try r.beginObject()
        while let key = try r.nextKey() {
            switch key {
            case "catalogFingerprint":
                if !r.null() { graph.catalogFingerprint = ContentHash(parsed: try r.string()) }
            case "consumers":
                try r.beginArray()
                while try r.hasNextElement() { graph.consumers.append(try Consumer.read(&r)) }
            case "diagnostics":
                try r.beginArray()
                while try r.hasNextElement() { graph.diagnostics.append(try Diagnostic.read(&r)) }
            case "formatVersion": graph.formatVersion = try r.int()
            case "kind": graph.kind = try r.string()
            case "relations":
                try r.beginArray()
                while try r.hasNextElement() { graph.relations.append(try Relation.read(&r)) }
            default: try r.skipValue()
            }
        }
        return graph
    }
}

extension LineageGraph.Relation {
    static func read(_ r: inout JSONReader) throws(JSONReaderError) -> Self {
        var name: String?
        var kind: LineageGraph.RelationKind?
        var columns: [String] = []
        var builtBy: String?
        try r.beginObject()
        while let key = try r.nextKey() {
            switch key {
            case "name": name = try r.string()
            case "kind":
                let text = try r.string()
                guard let value = LineageGraph.RelationKind(rawValue: text) else { throw r.error("a relation kind, not \"\(text)\"") }
                kind = value
            case "columns":
                try r.beginArray()
                while try r.hasNextElement() { columns.append(try r.string()) }
            case "builtBy": builtBy = r.null() ? nil : try r.string()
            default: try r.skipValue()
            }
        }
        guard let name, let kind else { throw r.error("a relation with name and kind") }
        return Self(name: name, kind: kind, columns: columns, builtBy: builtBy)
    }
}

extension LineageGraph.Consumer {
    static func read(_ r: inout JSONReader) throws(JSONReaderError) -> Self {
        var id: String?
        var kind: LineageGraph.ConsumerKind?
        var name: String?
        var consumer = Self(id: "", kind: .dbtModel, name: "")
        try r.beginObject()
        while let key = try r.nextKey() {
            switch key {
            case "id": id = try r.string()
            case "kind":
                let text = try r.string()
                guard let value = LineageGraph.ConsumerKind(rawValue: text) else { throw r.error("a consumer kind, not \"\(text)\"") }
                kind = value
            case "name": name = try r.string()
            case "location": consumer.location = r.null() ? nil : try r.string()
            case "owner": consumer.owner = r.null() ? nil : try r.string()
            case "materialization": consumer.materialization = r.null() ? nil : try r.string()
            case "builds": consumer.builds = r.null() ? nil : try r.int()
            case "dependsOn":
                try r.beginArray()
                while try r.hasNextElement() { consumer.dependsOn.append(try r.string()) }
            case "inputs": consumer.inputs = try readInts(&r)
            case "outputs": consumer.outputs = try readInts(&r)
            case "reads":
                try r.beginArray()
                while try r.hasNextElement() { consumer.reads.append(try LineageGraph.SourceEdge.read(&r)) }
            case "statements":
                try r.beginArray()
                while try r.hasNextElement() { consumer.statements.append(try LineageGraph.Statement.read(&r)) }
            default: try r.skipValue()
            }
        }
        guard let id, let kind, let name else { throw r.error("a consumer with id, kind and name") }
        consumer.id = id
        consumer.kind = kind
        consumer.name = name
        return consumer
    }
}

extension LineageGraph.Statement {
    static func read(_ r: inout JSONReader) throws(JSONReaderError) -> Self {
        var statement = Self(target: -1, written: [], columns: [])
        try r.beginObject()
        while let key = try r.nextKey() {
            switch key {
            case "target": statement.target = try r.int()
            case "written": statement.written = try readInts(&r)
            case "columns":
                try r.beginArray()
                while try r.hasNextElement() {
                    try r.beginArray()
                    guard try r.hasNextElement() else { throw r.error("[target, source, code]") }
                    let target = try r.int()
                    guard try r.hasNextElement() else { throw r.error("[target, source, code]") }
                    let source = try r.int()
                    guard try r.hasNextElement() else { throw r.error("[target, source, code]") }
                    let transformation = try readTransformation(&r)
                    guard try !r.hasNextElement() else { throw r.error("[target, source, code]") }
                    statement.columns.append(LineageGraph.ColumnEdge(target: target, source: source, transformation: transformation))
                }
            case "indirect":
                try r.beginArray()
                while try r.hasNextElement() { statement.indirect.append(try LineageGraph.SourceEdge.read(&r)) }
            default: try r.skipValue()
            }
        }
        guard statement.target >= 0 else { throw r.error("a statement with a target") }
        return statement
    }
}

extension LineageGraph.SourceEdge {
    static func read(_ r: inout JSONReader) throws(JSONReaderError) -> Self {
        try r.beginArray()
        guard try r.hasNextElement() else { throw r.error("[source, code]") }
        let source = try r.int()
        guard try r.hasNextElement() else { throw r.error("[source, code]") }
        let transformation = try readTransformation(&r)
        guard try !r.hasNextElement() else { throw r.error("[source, code]") }
        return Self(source: source, transformation: transformation)
    }
}

extension LineageGraph.Diagnostic {
    static func read(_ r: inout JSONReader) throws(JSONReaderError) -> Self {
        var diagnostic = Self(code: "", severity: "", message: "", location: "")
        try r.beginObject()
        while let key = try r.nextKey() {
            switch key {
            case "code": diagnostic.code = try r.string()
            case "severity": diagnostic.severity = try r.string()
            case "message": diagnostic.message = try r.string()
            case "location": diagnostic.location = try r.string()
            case "consumer": diagnostic.consumer = r.null() ? nil : try r.string()
            default: try r.skipValue()
            }
        }
        return diagnostic
    }
}

private func readInts(_ r: inout JSONReader) throws(JSONReaderError) -> [Int] {
    var values: [Int] = []
    try r.beginArray()
    while try r.hasNextElement() { values.append(try r.int()) }
    return values
}

private func readTransformation(_ r: inout JSONReader) throws(JSONReaderError) -> LineageGraph.Transformation {
    let code = try r.int()
    guard let transformation = LineageGraph.Transformation(rawValue: code) else { throw r.error("a transformation code 0-8, not \(code)") }
    return transformation
}

extension ContentHash {
    /// A hash read back from an artifact, as written.
    fileprivate init(parsed: String) {
        self.value = parsed
    }
}
