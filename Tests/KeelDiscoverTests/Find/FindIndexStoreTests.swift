import Foundation
import KeelCore
@testable import KeelDiscover
import KeelTestSupport
import Testing

/// The stored find index: built once, reused while the catalog is the same, rebuilt when the
/// catalog changes (even keeping its size and modification time), when the file is damaged or
/// was built by another keel; answers are the same with and without it.
@Suite struct FindIndexStoreTests {
    static let requests = ["which table holds staff logins?", "paying customers", "add discounts to invoices", "monthly revenue",
                           "sales reps and their users", "invoice line amounts", "payments received"]

    /// A scratch directory holding a copy of the billing catalog.
    struct Scratch {
        let directory: URL
        var catalog: URL { directory.appendingPathComponent("catalog.json") }
        var store: FindIndexStore { FindIndexStore(directory: directory.appendingPathComponent(".keel/find"), builder: "test") }

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("keel-find-index-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: BillingFiles.directory + "/catalog.json", toPath: catalog.path)
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    func answers(_ finder: TableFinder) throws -> [FindResult] {
        try Self.requests.map { try finder.find($0, top: 20) }
    }

    @Test("the first load builds and stores the index, the next reuses it, with the same answers as no index")
    func buildThenReuse() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let first = try scratch.store.finder(forCatalogAt: scratch.catalog)
        #expect(first.outcome == .built(stored: true))
        #expect(FileManager.default.fileExists(atPath: scratch.store.indexURL(for: scratch.catalog).path))
        let second = try scratch.store.finder(forCatalogAt: scratch.catalog)
        #expect(second.outcome == .reused)
        #expect(second.catalogLoad == .zero)
        let direct = TableFinder(try Catalog.read(from: scratch.catalog))
        #expect(try answers(second.finder) == answers(direct))
        #expect(try answers(first.finder) == answers(direct))
        #expect(second.finder.relationCount == direct.relationCount)
    }

    @Test("a content change of the same size, with the modification time put back, is seen and the index rebuilt")
    func sameSizeChange() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        _ = try scratch.store.finder(forCatalogAt: scratch.catalog)
        let modified = try #require(try FileManager.default.attributesOfItem(atPath: scratch.catalog.path)[.modificationDate] as? Date)
        let text = try String(contentsOf: scratch.catalog, encoding: .utf8)
        let changed = text.replacingOccurrences(of: "Sales team members", with: "Staff logins today")
        #expect(changed.utf8.count == text.utf8.count && changed != text)
        try Data(changed.utf8).write(to: scratch.catalog)
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: scratch.catalog.path)

        let reloaded = try scratch.store.finder(forCatalogAt: scratch.catalog)
        #expect(reloaded.outcome == .rebuilt(reason: "the catalog changed", stored: true))
        let direct = TableFinder(try Catalog.read(from: scratch.catalog))
        #expect(try answers(reloaded.finder) == answers(direct))
        #expect(try scratch.store.finder(forCatalogAt: scratch.catalog).outcome == .reused)
    }

    @Test("a catalog replaced by one of another size is seen")
    func replaced() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        _ = try scratch.store.finder(forCatalogAt: scratch.catalog)
        var catalog = try Catalog.read(from: scratch.catalog)
        catalog.tables.removeAll { $0.name.name == "users" }
        try catalog.write(to: scratch.catalog)
        let reloaded = try scratch.store.finder(forCatalogAt: scratch.catalog)
        #expect(reloaded.outcome == .rebuilt(reason: "the catalog changed", stored: true))
        #expect(try reloaded.finder.find("staff logins").hits.allSatisfy { $0.relation != "public.users" })
    }

    @Test("a damaged index (truncated, garbage, a flipped byte, empty) is ignored and rebuilt, never a crash",
          arguments: ["truncated", "garbage", "flipped", "empty", "header only"])
    func damaged(_ damage: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        _ = try scratch.store.finder(forCatalogAt: scratch.catalog)
        let url = scratch.store.indexURL(for: scratch.catalog)
        var bytes = [UInt8](try Data(contentsOf: url))
        switch damage {
        case "truncated": bytes = Array(bytes.prefix(bytes.count / 2))
        case "garbage": bytes = (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) }
        case "flipped": bytes[bytes.count - 100] ^= 0x5A
        case "empty": bytes = []
        default: bytes = Array(bytes.prefix(12))
        }
        try Data(bytes).write(to: url)
        let reloaded = try scratch.store.finder(forCatalogAt: scratch.catalog)
        guard case .rebuilt(let reason, let stored) = reloaded.outcome else {
            Issue.record("expected a rebuild, got \(reloaded.outcome)")
            return
        }
        #expect(reason.hasPrefix("the stored index is damaged"), "\(reason)")
        #expect(stored)
        #expect(try answers(reloaded.finder) == answers(TableFinder(try Catalog.read(from: scratch.catalog))))
        #expect(try scratch.store.finder(forCatalogAt: scratch.catalog).outcome == .reused)
    }

    @Test("an index written by another keel build is rebuilt")
    func otherBuild() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        _ = try scratch.store.finder(forCatalogAt: scratch.catalog)
        var other = scratch.store
        other.builder = "another build"
        #expect(try other.finder(forCatalogAt: scratch.catalog).outcome == .rebuilt(reason: "the stored index was built by another keel", stored: true))
    }

    @Test("an index directory that cannot be written costs only speed")
    func unwritable() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let blocker = scratch.directory.appendingPathComponent("blocked")
        try Data("a file, not a directory".utf8).write(to: blocker)
        let store = FindIndexStore(directory: blocker.appendingPathComponent("find"), builder: "test")
        let loaded = try store.finder(forCatalogAt: scratch.catalog)
        #expect(loaded.outcome == .built(stored: false))
        #expect(try loaded.finder.find("paying customers").hits.first?.relation == "public.customers")
    }

    @Test("a missing or malformed catalog is an artifact error, and no index is written")
    func badCatalog() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let missing = scratch.directory.appendingPathComponent("missing.json")
        #expect { try scratch.store.finder(forCatalogAt: missing) } throws: { ($0 as? ArtifactError)?.code == "artifact.unreadable" }
        let bad = scratch.directory.appendingPathComponent("bad.json")
        try Data("{\"formatVersion\": 1, \"kind\": \"catalog\"".utf8).write(to: bad)
        #expect { try scratch.store.finder(forCatalogAt: bad) } throws: { ($0 as? ArtifactError)?.code == "artifact.malformed" }
        #expect(!FileManager.default.fileExists(atPath: scratch.store.indexURL(for: bad).path))
    }

    @Test("each catalog path has its own index file")
    func perPath() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let copy = scratch.directory.appendingPathComponent("copy/catalog.json")
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: scratch.catalog, to: copy)
        #expect(scratch.store.indexURL(for: copy) != scratch.store.indexURL(for: scratch.catalog))
        #expect(try scratch.store.finder(forCatalogAt: scratch.catalog).outcome == .built(stored: true))
        #expect(try scratch.store.finder(forCatalogAt: copy).outcome == .built(stored: true))
    }
}
