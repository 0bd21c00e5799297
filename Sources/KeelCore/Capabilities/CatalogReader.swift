/// Reads a database's catalog. Discovery conforms; stages that need a catalog of a database they
/// create (the validation sandbox) take one from the face instead of importing discovery.
public protocol CatalogReader: Sendable {
    /// The catalog of the database at `url`, a libpq URL without a password (the sandbox trusts
    /// its local socket).
    func readCatalog(url: String) async throws -> Catalog
}
