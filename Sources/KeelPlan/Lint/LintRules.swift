/// The registry of Keel's lint rules, in documentation order.
enum LintRules {
    static let all: [any LintRule] = [
        // Locks, rewrites and scans.
        AddingFieldWithDefault(), AddingNotNullableField(), AddingRequiredField(), AddingSerialPrimaryKeyField(),
        ChangingColumnType(), AddingForeignKeyConstraint(), ConstraintMissingNotValid(), DisallowedUniqueConstraint(),
        AddingExclusionConstraint(), UniqueOnExistingData(), BanAlterDomainWithAddConstraint(),
        RequireConcurrentIndexCreation(), RequireConcurrentIndexDeletion(), RequireConcurrentPartitionDetach(),
        RequireConcurrentReindex(), RequireConcurrentRefresh(), PreferRepack(),
        // Transactions and settings.
        BanConcurrentIndexCreationInTransaction(), TransactionNesting(), BanUncommittedTransaction(),
        RequireLockTimeout(), RequireStatementTimeout(), PreferRobustStmts(),
        // Breaking and destructive changes.
        RenamingColumn(), RenamingTable(), RenamingObject(), BanSetSchema(), BanDropColumn(), BanDropNotNull(), BanDropDefault(),
        BanDropGeneratedExpression(), BanDropConstraint(), BanDropTable(), BanDropView(), BanDropFunction(), BanDropType(),
        BanDropSequence(), BanDropDomain(), BanDropExtension(), BanDropSchema(), BanDropDatabase(), BanTruncateCascade(),
        // Types and style.
        PreferBigintOverInt(), PreferBigintOverSmallint(), PreferIdentity(), PreferTextField(), PreferTimestampTz(),
        BanCharField(), BanCreateDomainWithConstraint(), RequireEnumValueOrdering(), IdentifierTooLong(), RequireTableSchema(),
        // SQL that cannot run, and the linter itself.
        BanDuplicateColumnAssignments(), SyntaxError(), UnusedIgnore(),
    ]

    /// Other spellings accepted in `keel-ignore` comments and `keel.yaml`.
    static let aliases: [String: String] = ["prefer-timestamptz": "prefer-timestamp-tz"]

    static let byID: [String: LintRuleInfo] = Dictionary(all.map { ($0.id, $0.info) }, uniquingKeysWith: { first, _ in first })

    /// The canonical id for `id` (aliases resolved).
    static func canonicalID(_ id: String) -> String { aliases[id] ?? id }

    /// The rule with this id (or alias).
    static func info(_ id: String) -> LintRuleInfo? { byID[canonicalID(id)] }
}
