import KeelCore

/// The WHERE fragment shared by every catalog query: user schemas only, limited to the
/// requested schemas when `$1` (a text[]) is not empty. `n` must be the namespace alias.
enum CatalogScope {
    static let schemaFilter: SQL = inScope("n")

    /// Whether the schema aliased `namespace` is in scope.
    static func inScope(_ namespace: SQL) -> SQL {
        """
        (\(namespace).nspname <> ALL (ARRAY['pg_catalog', 'information_schema'])
         AND \(namespace).nspname !~ '^pg_(toast|temp_|toast_temp_)'
         AND (cardinality($1::text[]) = 0 OR \(namespace).nspname = ANY ($1::text[])))
        """
    }

    /// Excludes objects that belong to an extension (pg_dump leaves those out too). Filtering on
    /// `refclassid` lets PostgreSQL use pg_depend's reference index instead of scanning it all.
    static func notExtensionMember(catalog: SQL, oid: SQL) -> SQL {
        """
        NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e
                    WHERE e.refclassid = 'pg_catalog.pg_extension'::regclass
                      AND e.classid = \(catalog)::regclass AND e.objid = \(oid) AND e.deptype = 'e')
        """
    }
}
