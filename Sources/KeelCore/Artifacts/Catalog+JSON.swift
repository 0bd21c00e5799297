// The catalog's fast JSON path (see CanonicalJSONWritable). Fields are written in UTF-8 key
// order and must match the Codable form exactly; CatalogJSONTests compares the two.

public import Foundation

extension Catalog {
    /// Writes `catalog.json` exactly as ``Artifact/write(to:)`` does (same bytes, atomically),
    /// but straight from the encoder's buffer: a big catalog is not copied into `Data` first.
    public func write(to url: URL) throws(ArtifactError) {
        do {
            var bytes = try CanonicalJSON.encodeBytes(self, pretty: true)
            bytes.append(0x0A)
            try bytes.withUnsafeMutableBytes { buffer in
                guard let base = buffer.baseAddress else { return }
                // The Data borrows the buffer only for the duration of the write.
                try Data(bytesNoCopy: base, count: buffer.count, deallocator: .none).write(to: url, options: .atomic)
            }
        } catch {
            throw .unwritable(path: url.path, reason: (error as NSError).localizedDescription)
        }
    }
}

extension Catalog: SizeHinting {
    /// About 8 kB of pretty JSON per table with 15 columns, measured on the discovery benchmark.
    var encodedSizeHint: Int {
        let columns = tables.reduce(0) { $0 + $1.columns.count } + views.reduce(0) { $0 + $1.columns.count + $1.definition.utf8.count / 100 }
        return (1 << 16) + columns * 600
    }
}

extension Catalog: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("domains", domains)
            w.field("enums", enums)
            w.field("extensions", extensions)
            if !w.structuralOnly { w.field("fingerprint", fingerprint) }
            w.field("formatVersion", formatVersion)
            w.field("functions", functions)
            if !w.structuralOnly, let inferredKeys { w.field("inferredKeys", inferredKeys) }
            w.field("kind", kind)
            w.field("schemas", schemas)
            w.field("sequences", sequences)
            if !w.structuralOnly { w.field("source", source) }
            w.field("tables", parallel: tables)
            w.field("views", parallel: views)
        }
    }
}

extension Catalog.Source: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("database", database)
            w.field("discoveredAt", discoveredAt)
            w.field("schemaFilter", schemaFilter)
            w.field("serverVersion", serverVersion)
            w.field("serverVersionNumber", serverVersionNumber)
            w.field("settings", settings)
        }
    }
}

extension Catalog.Schema: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("comment", comment)
            w.field("name", name)
        }
    }
}

extension Catalog.Statistics: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("lastAnalyze", lastAnalyze)
            w.field("lastAutoanalyze", lastAutoanalyze)
            w.field("lastAutovacuum", lastAutovacuum)
            w.field("lastVacuum", lastVacuum)
            w.field("rowEstimate", rowEstimate)
            w.field("sequentialScans", sequentialScans)
            w.field("tableBytes", tableBytes)
            w.field("totalBytes", totalBytes)
        }
    }
}

extension Catalog.Table: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("columns", columns)
            w.field("comment", comment)
            w.field("constraints", constraints)
            w.field("foreignServer", foreignServer)
            w.field("indexes", indexes)
            w.field("inherits", inherits)
            w.field("kind", kind)
            w.field("name", name)
            w.field("options", options)
            w.field("partitionKey", partitionKey)
            w.field("partitionOf", partitionOf)
            w.field("persistence", persistence)
            w.field("replicaIdentity", replicaIdentity)
            w.field("rowLevelSecurity", rowLevelSecurity)
            w.field("schema", schema)
            if !w.structuralOnly { w.field("stats", stats) }
            w.field("triggers", triggers)
        }
    }
}

extension Catalog.PartitionParent: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("bound", bound)
            w.field("parent", parent)
        }
    }
}

extension Catalog.View: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("columns", columns)
            w.field("comment", comment)
            w.field("definition", definition)
            w.field("dependencies", dependencies)
            w.field("indexes", indexes)
            w.field("materialized", materialized)
            w.field("name", name)
            w.field("options", options)
            w.field("relationDependencies", relationDependencies)
            w.field("schema", schema)
            if !w.structuralOnly { w.field("stats", stats) }
        }
    }
}

extension Catalog.ColumnReference: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("column", column)
            w.field("schema", schema)
            w.field("table", table)
        }
    }
}

extension Catalog.Column: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("collation", collation)
            w.field("comment", comment)
            w.field("default", self.default)
            w.field("generated", generated)
            w.field("identity", identity)
            w.field("isArray", isArray)
            w.field("name", name)
            w.field("nullable", nullable)
            w.field("position", position)
            w.field("type", type)
            w.field("typeKind", typeKind)
        }
    }
}

extension Catalog.DefaultValue: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("expression", expression)
            w.field("volatility", volatility)
        }
    }
}

extension Catalog.Constraint: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("checkExpression", checkExpression)
            w.field("columns", columns)
            w.field("comment", comment)
            w.field("deferrable", deferrable)
            w.field("definition", definition)
            w.field("foreignKey", foreignKey)
            w.field("index", index)
            w.field("inherited", inherited)
            w.field("initiallyDeferred", initiallyDeferred)
            w.field("kind", kind)
            w.field("name", name)
            w.field("validated", validated)
        }
    }
}

extension Catalog.ForeignKey: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("match", match)
            w.field("onDelete", onDelete)
            w.field("onUpdate", onUpdate)
            w.field("referencedColumns", referencedColumns)
            w.field("referencedTable", referencedTable)
        }
    }
}

extension Catalog.Index: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("comment", comment)
            w.field("constraint", constraint)
            w.field("definition", definition)
            w.field("include", include)
            w.field("keys", keys)
            w.field("method", method)
            w.field("name", name)
            w.field("predicate", predicate)
            w.field("primary", primary)
            w.field("ready", ready)
            if !w.structuralOnly { w.field("stats", stats) }
            w.field("unique", unique)
            w.field("valid", valid)
        }
    }
}

extension Catalog.IndexKey: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("column", column)
            w.field("expression", expression)
        }
    }
}

extension Catalog.IndexStatistics: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("bytes", bytes)
            w.field("scans", scans)
        }
    }
}

extension Catalog.Trigger: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("comment", comment)
            w.field("definition", definition)
            w.field("enabled", enabled)
            w.field("events", events.map(\.rawValue))
            w.field("forEachRow", forEachRow)
            w.field("function", function)
            w.field("inherited", inherited)
            w.field("isConstraint", isConstraint)
            w.field("name", name)
            w.field("timing", timing)
        }
    }
}

extension Catalog.Sequence: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("comment", comment)
            w.field("cycles", cycles)
            w.field("increment", increment)
            w.field("maximum", maximum)
            w.field("minimum", minimum)
            w.field("name", name)
            w.field("ownedBy", ownedBy)
            w.field("schema", schema)
            w.field("start", start)
            w.field("type", type)
        }
    }
}

extension Catalog.EnumType: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("comment", comment)
            w.field("labels", labels)
            w.field("name", name)
            w.field("schema", schema)
        }
    }
}

extension Catalog.Domain: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("baseType", baseType)
            w.field("comment", comment)
            w.field("constraints", constraints)
            w.field("default", self.default)
            w.field("name", name)
            w.field("nullable", nullable)
            w.field("schema", schema)
        }
    }
}

extension Catalog.DomainConstraint: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("definition", definition)
            w.field("name", name)
            w.field("validated", validated)
        }
    }
}

extension Catalog.Function: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("arguments", arguments)
            w.field("comment", comment)
            w.field("kind", kind)
            w.field("language", language)
            w.field("name", name)
            w.field("returns", returns)
            w.field("schema", schema)
            w.field("securityDefiner", securityDefiner)
            w.field("volatility", volatility)
        }
    }
}

extension Catalog.Extension: CanonicalJSONWritable {
    public func writeJSON(to writer: inout CanonicalJSONWriter) {
        writer.object { w in
            w.field("comment", comment)
            w.field("name", name)
            w.field("schema", schema)
            w.field("version", version)
        }
    }
}
