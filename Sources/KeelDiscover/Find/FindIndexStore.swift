public import Foundation
public import KeelCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps `keel find`'s index of a catalog file on disk, so that a request does not decode a big
/// catalog.json (seconds at 10,000 tables) but loads the index (tens of milliseconds).
///
/// One file per catalog path in ``directory`` (the workspace's `.keel/find/` by default). It records
/// the catalog's SHA-256 and its file identity (device, inode, size, modification and change
/// times). The index is used only when the catalog is provably the one it was built from:
/// - same identity, and the catalog's change time at least a second older than the index, so a
///   write within the file system's timestamp resolution cannot pass unseen; or
/// - same content hash, computed from the catalog's bytes whenever the identity differs (a copy,
///   a `touch`, a rewrite with the same bytes); the index is then rewritten with the new identity.
/// Otherwise, or when the file is damaged, built by another keel, or unreadable, the catalog is
/// decoded, indexed, and the index rewritten atomically. A failure to write it only costs speed.
public struct FindIndexStore: Sendable {
    /// Where index files live.
    public var directory: URL
    /// Identifies the keel build: an index built by another build is rebuilt (the tokenizer or
    /// the scoring may differ). ``currentBuilder`` by default.
    public var builder: String

    public init(directory: URL, builder: String = FindIndexStore.currentBuilder) {
        self.directory = directory
        self.builder = builder
    }

    /// What happened to the index on this load.
    public enum Outcome: Equatable, Sendable {
        /// The stored index was current and used.
        case reused
        /// There was none; one was built (and stored when `stored`).
        case built(stored: Bool)
        /// The stored one could not be used (`reason`); it was rebuilt (and stored when `stored`).
        case rebuilt(reason: String, stored: Bool)
    }

    /// A finder and how it was obtained, with the time each step took.
    public struct Loaded: Sendable {
        public var finder: TableFinder
        public var outcome: Outcome
        /// Reading and checking the stored index (zero when there was none).
        public var indexLoad: Duration
        /// Decoding catalog.json (zero when the index was reused).
        public var catalogLoad: Duration
        /// Building the index (zero when reused).
        public var build: Duration
    }

    /// Bumped whenever the stored layout changes.
    static let formatVersion: UInt32 = 1
    static let magic = Array("KEELFIND".utf8)

    /// The index file for the catalog at `catalog`: its name plus a hash of its absolute path.
    public func indexURL(for catalog: URL) -> URL {
        let path = catalog.standardizedFileURL.path
        let tag = ContentHash(of: Data(path.utf8)).short
        return directory.appendingPathComponent("\(catalog.deletingPathExtension().lastPathComponent)-\(tag).index")
    }

    /// The finder for the catalog at `catalog`, from its stored index when current.
    /// - Throws: ``ArtifactError`` when the catalog itself cannot be read or decoded.
    public func finder(forCatalogAt catalog: URL) throws(ArtifactError) -> Loaded {
        let clock = ContinuousClock()
        let indexURL = indexURL(for: catalog)
        guard let identity = FileIdentity(path: catalog.path) else {
            throw .unreadable(path: catalog.path, reason: "no such file")
        }
        var catalogBytes: Data?
        var reason: String?
        let started = clock.now
        if let stored = try? Data(contentsOf: indexURL) {
            switch read(Array(stored), identity: identity, catalog: catalog, catalogBytes: &catalogBytes) {
            case .success(let index):
                // Proved current by its hash (a touch, a copy): record the new identity, so the
                // next load need not hash again.
                if let catalogBytes { _ = store(index, identity: identity, contentHash: ContentHash(of: catalogBytes), to: indexURL) }
                return Loaded(finder: TableFinder(index: index), outcome: .reused, indexLoad: clock.now - started, catalogLoad: .zero, build: .zero)
            case .failure(let why):
                reason = why.text
            }
        }
        let indexLoad = clock.now - started

        let decodeStart = clock.now
        let bytes: Data
        if let catalogBytes { bytes = catalogBytes } else {
            do { bytes = try Data(contentsOf: catalog) } catch {
                throw .unreadable(path: catalog.path, reason: (error as NSError).localizedDescription)
            }
        }
        let decoded = try Catalog.decode(bytes, path: catalog.path)
        let catalogLoad = clock.now - decodeStart
        let buildStart = clock.now
        let finder = TableFinder(decoded)
        let build = clock.now - buildStart
        // The identity read before the bytes: a write in between changes the change time, so the
        // next load hashes the file again instead of trusting a stale index.
        let stored = store(finder.index, identity: identity, contentHash: ContentHash(of: bytes), to: indexURL)
        let outcome: Outcome = reason.map { .rebuilt(reason: $0, stored: stored) } ?? .built(stored: stored)
        return Loaded(finder: finder, outcome: outcome, indexLoad: indexLoad, catalogLoad: catalogLoad, build: build)
    }

    // MARK: The file

    struct Header {
        var builder: String
        var catalogPath: String
        var identity: FileIdentity
        var contentHash: String
        /// When the index was written, as nanoseconds since 1970.
        var writtenAt: Int64
        var checksum: UInt64
    }

    enum Unusable: Error {
        case damaged(String), otherBuild, changed

        var text: String {
            switch self {
            case .damaged(let what): "the stored index is damaged (\(what))"
            case .otherBuild: "the stored index was built by another keel"
            case .changed: "the catalog changed"
            }
        }
    }

    func read(_ bytes: [UInt8], identity: FileIdentity, catalog: URL, catalogBytes: inout Data?) -> Result<FindIndex, Unusable> {
        var r = FindIndexReader(bytes)
        let header: Header
        do {
            guard bytes.count >= Self.magic.count, Array(bytes.prefix(Self.magic.count)) == Self.magic else { return .failure(.damaged("no header")) }
            r.offset = Self.magic.count
            guard try r.scalar(UInt32.self) == Self.formatVersion else { return .failure(.otherBuild) }
            header = Header(builder: try r.string(), catalogPath: try r.string(), identity: try FileIdentity(reading: &r),
                            contentHash: try r.string(), writtenAt: try r.scalar(Int64.self), checksum: try r.scalar(UInt64.self))
        } catch {
            return .failure(.damaged("at byte \(error.offset): expected \(error.expected)"))
        }
        guard header.builder == builder else { return .failure(.otherBuild) }
        let settled = identity.changedNanoseconds < header.writtenAt - 1_000_000_000
        if !(header.identity == identity && settled) {
            guard header.identity.size == identity.size, let data = try? Data(contentsOf: catalog) else { return .failure(.changed) }
            catalogBytes = data
            guard ContentHash(of: data).value == header.contentHash else { return .failure(.changed) }
        }
        guard FindIndexChecksum.of(bytes, from: r.offset) == header.checksum else { return .failure(.damaged("checksum mismatch")) }
        do {
            return .success(try FindIndex(reading: &r))
        } catch {
            return .failure(.damaged("at byte \(error.offset): expected \(error.expected)"))
        }
    }

    /// Writes the index atomically; false when it could not be written.
    func store(_ index: FindIndex, identity: FileIdentity, contentHash: ContentHash, to url: URL) -> Bool {
        var body = FindIndexWriter()
        index.write(to: &body)
        var w = FindIndexWriter()
        w.bytes = Self.magic
        w.scalar(Self.formatVersion)
        w.string(builder)
        w.string(url.path)
        identity.write(to: &w)
        w.string(contentHash.value)
        w.scalar(Int64(Date().timeIntervalSince1970 * 1e9))
        let checksumAt = w.bytes.count
        w.scalar(UInt64(0))
        w.bytes += body.bytes
        let checksum = FindIndexChecksum.of(w.bytes, from: checksumAt + 8)
        withUnsafeBytes(of: checksum.littleEndian) { w.bytes.replaceSubrange(checksumAt..<(checksumAt + 8), with: $0) }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(w.bytes).write(to: url, options: .atomic)
            return true
        } catch {
            return false
        }
    }

    /// The running executable's size and modification time: a rebuilt keel gets fresh indexes.
    public static let currentBuilder: String = {
        let path = Bundle.main.executablePath ?? CommandLine.arguments.first ?? "keel"
        guard let identity = FileIdentity(path: path) else { return "keel" }
        return "keel \(identity.size) \(identity.modifiedNanoseconds)"
    }()
}

/// What `stat` says of a file: enough to tell that it was not rewritten.
struct FileIdentity: Equatable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modifiedNanoseconds: Int64
    var changedNanoseconds: Int64

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        #if canImport(Darwin)
        modifiedNanoseconds = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        changedNanoseconds = Int64(info.st_ctimespec.tv_sec) * 1_000_000_000 + Int64(info.st_ctimespec.tv_nsec)
        #else
        modifiedNanoseconds = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        changedNanoseconds = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
        #endif
    }

    init(reading r: inout FindIndexReader) throws(FindIndexReader.Damaged) {
        device = try r.scalar(UInt64.self)
        inode = try r.scalar(UInt64.self)
        size = try r.scalar(Int64.self)
        modifiedNanoseconds = try r.scalar(Int64.self)
        changedNanoseconds = try r.scalar(Int64.self)
    }

    func write(to w: inout FindIndexWriter) {
        w.scalar(device)
        w.scalar(inode)
        w.scalar(size)
        w.scalar(modifiedNanoseconds)
        w.scalar(changedNanoseconds)
    }
}
