public import KeelCore

// Direct canonical JSON for impact reports: ``CanonicalJSON`` takes this path instead of `Encodable`.
// The bytes are the same (keys in UTF-8 order, nil optionals left out; a test compares them), but a
// large closure's multi-megabyte report is written many times faster.

extension ImpactReport: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("columns", columns)
            w.field("consumers", consumers)
            w.field("direction", direction)
            w.field("edges", edges)
            if let joinKeys { w.field("joinKeys", joinKeys) }
            if let maxDepth { w.field("maxDepth", maxDepth) }
            w.field("target", target)
            w.field("targetKind", targetKind)
        }
    }
}

extension ImpactStep: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("job", job)
            w.field("node", node)
            w.field("subtype", subtype)
            w.field("type", type)
        }
    }
}

extension ImpactedConsumer: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("columns", columns)
            w.field("dependency", dependency)
            w.field("depth", depth)
            w.field("group", group)
            w.field("id", id)
            w.field("kind", kind)
            w.field("location", location)
            w.field("name", name)
            w.field("owner", owner)
            w.field("path", path)
        }
    }
}

extension ImpactedColumn: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("column", column)
            w.field("dependency", dependency)
            w.field("depth", depth)
            w.field("path", path)
        }
    }
}

extension ImpactEdge: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("from", from)
            w.field("job", job)
            w.field("subtype", subtype)
            w.field("to", to)
            w.field("type", type)
        }
    }
}

extension ImpactedKey: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("breaks", breaks)
            w.field("column", column)
            w.field("columnType", columnType)
            if let confidencePercent { w.field("confidencePercent", confidencePercent) }
            w.field("constraint", constraint)
            w.field("evidence", evidence)
            w.field("role", role)
            w.field("source", source)
            w.field("targetColumn", targetColumn)
            w.field("targetType", targetType)
        }
    }
}
