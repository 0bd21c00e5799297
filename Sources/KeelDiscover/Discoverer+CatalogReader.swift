public import KeelCore
import KeelPostgres

extension Discoverer: CatalogReader {
    public func readCatalog(url: String) async throws -> Catalog {
        try await discover(try ConnectionResolver(environment: [:], osUser: "postgres", homeDirectory: nil).resolve(url))
    }
}
