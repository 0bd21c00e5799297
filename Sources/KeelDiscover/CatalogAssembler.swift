import KeelCore

/// Joins the per-kind query results into tables and views, keyed by relation oid.
struct CatalogAssembler {
    private var relations: [Int64: RelationQuery.Row] = [:]
    private var order: [Int64] = []
    private var columns: [Int64: [Catalog.Column]] = [:]
    private var attributeNames: [Int64: [Int16: Identifier]] = [:]
    private var indexColumns: [Int64: [Int16: IndexDefinition.Column]] = [:]
    /// Indexes whose definition the server must print, with where they are in `indexes`.
    private var pendingDefinitions: [Int64: (relation: Int64, position: Int)] = [:]
    private var constraints: [Int64: [Catalog.Constraint]] = [:]
    private var indexes: [Int64: [Catalog.Index]] = [:]
    private var triggers: [Int64: [Catalog.Trigger]] = [:]
    private var columnDependencies: [Int64: [Catalog.ColumnReference]] = [:]
    private var relationDependencies: [Int64: Set<QualifiedName>] = [:]

    init(relations rows: [RelationQuery.Row], columns columnRows: [ColumnQuery.Row], defaults defaultRows: [DefaultQuery.Row],
         routines: [(kind: String, oid: Int64, volatility: String)]) throws {
        for row in rows {
            relations[row.oid] = row
            order.append(row.oid)
        }
        var defaults: [Int64: [Int16: DefaultQuery.Row]] = [:]
        for row in defaultRows { defaults[row.relationOID, default: [:]][row.position] = row }
        var volatility = DefaultVolatility(routines: routines)
        for row in columnRows {
            let name = try Identifier(row.name)
            var defaultValue: Catalog.DefaultValue?
            var generated: String?
            if let stored = defaults[row.relationOID]?[row.position] {
                if row.generated == "s" {
                    generated = stored.expression
                } else {
                    defaultValue = Catalog.DefaultValue(expression: stored.expression, volatility: volatility.volatility(of: stored.tree))
                }
            }
            let identity: Catalog.Identity? = switch row.identity {
            case "a": .always
            case "d": .byDefault
            default: nil
            }
            let column = Catalog.Column(
                name: name, position: Int(row.position), type: row.type, typeKind: Decode.typeKind(row.typeKind),
                isArray: row.isArray, nullable: !row.notNull, default: defaultValue, identity: identity,
                generated: generated, collation: row.collation, comment: row.comment)
            columns[row.relationOID, default: []].append(column)
            attributeNames[row.relationOID, default: [:]][row.position] = name
            indexColumns[row.relationOID, default: [:]][row.position] = IndexDefinition.Column(
                name: name, type: row.typeOID, collation: row.collationOID)
        }
    }

    mutating func attach(constraints rows: [ConstraintQuery.Row]) throws {
        for row in rows {
            guard let kind = Decode.constraintKind(row.type) else {
                throw DiscoverError.unexpectedCatalogValue(what: "constraint type", value: row.type)
            }
            var foreignKey: Catalog.ForeignKey?
            if kind == .foreignKey, let schema = row.referencedSchema, let table = row.referencedTable {
                let referenced = try row.referencedColumnNames.map { try $0.map { try Identifier($0) } }
                    ?? names(row.referencedColumnNumbers, of: row.referencedOID, in: row.name)
                foreignKey = Catalog.ForeignKey(
                    referencedTable: try QualifiedName(schema: schema, name: table),
                    referencedColumns: referenced,
                    onDelete: Decode.referentialAction(row.onDelete), onUpdate: Decode.referentialAction(row.onUpdate),
                    match: Decode.match(row.match))
            }
            let constraint = Catalog.Constraint(
                name: try Identifier(row.name), kind: kind, columns: try names(row.columnNumbers, of: row.relationOID, in: row.name),
                definition: row.definition, validated: row.validated, deferrable: row.deferrable,
                initiallyDeferred: row.deferred, inherited: row.inherited, checkExpression: row.checkExpression,
                foreignKey: foreignKey, index: try row.index.map { try Identifier($0) }, comment: row.comment)
            constraints[row.relationOID, default: []].append(constraint)
        }
    }

    /// Resolves attribute numbers to column names through the column query's result.
    private func names(_ numbers: [Int16], of relation: Int64, in constraint: String) throws -> [Identifier] {
        let names = attributeNames[relation] ?? [:]
        return try numbers.map { number in
            guard let name = names[number] else {
                throw DiscoverError.unexpectedCatalogValue(what: "constraint column", value: "\(constraint) attnum \(number)")
            }
            return name
        }
    }

    mutating func attach(indexes rows: [IndexQuery.Row], operatorClasses: [(oid: Int64, type: Int64, isDefault: Bool)]) throws {
        var defaults: [Int64: Int64] = [:]
        for opclass in operatorClasses where opclass.isDefault { defaults[opclass.oid] = opclass.type }
        for row in rows {
            let names = attributeNames[row.relationOID] ?? [:]
            var keys: [Catalog.IndexKey] = []
            var include: [Identifier] = []
            for (position, attnum) in row.attributeNumbers.enumerated() {
                let isKey = position < Int(row.keyCount)
                if attnum == 0 {
                    let text = row.keyTexts.flatMap { position < $0.count ? $0[position] : nil } ?? "?"
                    keys.append(Catalog.IndexKey(expression: text))
                    continue
                }
                guard let name = names[attnum] else {
                    throw DiscoverError.unexpectedCatalogValue(what: "index column", value: "\(row.name) attnum \(attnum)")
                }
                if isKey { keys.append(Catalog.IndexKey(column: name)) } else { include.append(name) }
            }
            var definition = ""
            if let relation = relations[row.relationOID],
               let plain = IndexDefinition.plain(row, schema: try Identifier(relation.schema), table: try Identifier(relation.name),
                                                 columns: indexColumns[row.relationOID] ?? [:], defaultOperatorClasses: defaults) {
                definition = plain
            } else {
                pendingDefinitions[row.oid] = (row.relationOID, indexes[row.relationOID]?.count ?? 0)
            }
            let index = Catalog.Index(
                name: try Identifier(row.name), definition: definition, method: row.method, keys: keys,
                include: include, unique: row.unique, primary: row.primary, predicate: row.predicate,
                valid: row.valid, ready: row.ready, constraint: try row.constraint.map { try Identifier($0) },
                comment: row.comment, stats: Catalog.IndexStatistics(bytes: row.bytes, scans: row.scans))
            indexes[row.relationOID, default: []].append(index)
        }
    }

    /// Indexes whose definitions the server must print (``IndexQuery/definitions``).
    var indexesNeedingDefinitions: [Int64] { pendingDefinitions.keys.sorted() }

    mutating func attach(indexDefinitions: [(oid: Int64, definition: String)]) throws {
        for (oid, definition) in indexDefinitions {
            guard let place = pendingDefinitions[oid], var list = indexes[place.relation], place.position < list.count else {
                throw DiscoverError.unexpectedCatalogValue(what: "index definition", value: "oid \(oid)")
            }
            list[place.position].definition = definition
            indexes[place.relation] = list
            pendingDefinitions[oid] = nil
        }
        if let missing = pendingDefinitions.keys.first {
            throw DiscoverError.unexpectedCatalogValue(what: "index without a definition", value: "oid \(missing)")
        }
    }

    mutating func attach(triggers rows: [TriggerQuery.Row]) throws {
        for row in rows {
            let (timing, events, forEachRow) = Decode.triggerType(row.type)
            let trigger = Catalog.Trigger(
                name: try Identifier(row.name),
                function: try QualifiedName(schema: row.functionSchema, name: row.functionName),
                timing: timing, events: events, forEachRow: forEachRow, enabled: Decode.triggerEnabled(row.enabled),
                isConstraint: row.isConstraint, inherited: row.inherited, definition: row.definition,
                comment: row.comment)
            triggers[row.relationOID, default: []].append(trigger)
        }
    }

    mutating func attach(viewDependencies rows: [ViewDependencyQuery.Row]) throws {
        for row in rows {
            let relation = try QualifiedName(schema: row.schema, name: row.relation)
            if let column = row.column {
                columnDependencies[row.viewOID, default: []].append(Catalog.ColumnReference(
                    schema: relation.schema, table: relation.name, column: try Identifier(column)))
            }
            relationDependencies[row.viewOID, default: []].insert(relation)
        }
    }

    func finish() throws -> (tables: [Catalog.Table], views: [Catalog.View]) {
        var tables: [Catalog.Table] = []
        var views: [Catalog.View] = []
        for oid in order {
            guard let row = relations[oid] else { continue }
            let schema = try Identifier(row.schema)
            let name = try Identifier(row.name)
            let stats = Catalog.Statistics(
                rowEstimate: row.rowEstimate < 0 ? nil : Int64(row.rowEstimate.rounded()),
                tableBytes: row.tableBytes, totalBytes: row.totalBytes, lastVacuum: row.lastVacuum,
                lastAutovacuum: row.lastAutovacuum, lastAnalyze: row.lastAnalyze,
                lastAutoanalyze: row.lastAutoanalyze, sequentialScans: row.sequentialScans)
            switch row.relkind {
            case "v", "m":
                views.append(Catalog.View(
                    schema: schema, name: name, materialized: row.relkind == "m",
                    definition: row.viewDefinition ?? "", columns: columns[oid] ?? [],
                    dependencies: columnDependencies[oid] ?? [],
                    relationDependencies: Array(relationDependencies[oid] ?? []), indexes: indexes[oid] ?? [],
                    options: row.options, comment: row.comment, stats: row.relkind == "m" ? stats : nil))
            default:
                let kind: Catalog.TableKind = row.relkind == "p" ? .partitioned : (row.relkind == "f" ? .foreign : .ordinary)
                var parents: [QualifiedName] = []
                for (parentSchema, parentName) in zip(row.parentSchemas, row.parentNames) {
                    parents.append(try QualifiedName(schema: parentSchema, name: parentName))
                }
                var partitionOf: Catalog.PartitionParent?
                if let bound = row.partitionBound, let parent = parents.first {
                    partitionOf = Catalog.PartitionParent(parent: parent, bound: bound)
                    parents.removeFirst()
                }
                tables.append(Catalog.Table(
                    schema: schema, name: name, kind: kind, persistence: Decode.persistence(row.persistence),
                    columns: columns[oid] ?? [], constraints: constraints[oid] ?? [], indexes: indexes[oid] ?? [],
                    triggers: triggers[oid] ?? [], partitionKey: row.partitionKey, partitionOf: partitionOf,
                    inherits: parents, foreignServer: row.foreignServer,
                    replicaIdentity: Decode.replicaIdentity(row.replicaIdentity), options: row.options,
                    rowLevelSecurity: row.rowLevelSecurity, comment: row.comment,
                    stats: kind == .foreign ? nil : stats))
            }
        }
        return (tables, views)
    }
}
