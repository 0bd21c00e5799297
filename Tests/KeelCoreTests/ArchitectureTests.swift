import Foundation
import KeelTestSupport
import Testing

/// Guards the house rules that the compiler does not: dependency direction, where the
/// SQL escape hatches may appear, and no crash-on-input constructs in library code.
@Suite struct ArchitectureTests {
    /// Which Keel modules each module may import. Stages never import each other.
    static let allowed: [String: Set<String>] = [
        "KeelCore": [],
        "KeelSQL": ["KeelCore"],
        "KeelPostgres": ["KeelCore"],
        "KeelDiscover": ["KeelCore", "KeelPostgres"],
        "KeelLineage": ["KeelCore", "KeelSQL"],
        "KeelPlan": ["KeelCore", "KeelSQL"],
        "KeelValidate": ["KeelCore", "KeelSQL", "KeelPostgres"],
        "KeelRollout": ["KeelCore", "KeelPostgres"],
        "KeelMonitor": ["KeelCore", "KeelPostgres", "KeelSQL"],
        "KeelReport": ["KeelCore", "KeelLineage"],
        "KeelAgent": ["KeelCore", "KeelSQL", "KeelPostgres", "KeelDiscover", "KeelLineage", "KeelPlan", "KeelValidate", "KeelRollout", "KeelMonitor"],
        // The demo is a face, like the CLI: it drives every stage.
        "KeelDemo": ["KeelCore", "KeelSQL", "KeelPostgres", "KeelDiscover", "KeelLineage", "KeelPlan", "KeelValidate", "KeelRollout", "KeelMonitor"],
    ]

    static var sources: URL { PackageRoot.url.appendingPathComponent("Sources") }

    static func swiftFiles(in directory: URL) -> [URL] {
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        var files: [URL] = []
        while let url = enumerator?.nextObject() as? URL {
            if url.pathExtension == "swift" { files.append(url) }
        }
        return files
    }

    @Test func modulesImportOnlyTowardsCore() throws {
        let modules = try FileManager.default.contentsOfDirectory(atPath: Self.sources.path)
        for module in modules where module.hasPrefix("Keel") {
            let allowed = try #require(Self.allowed[module], "add \(module) to ArchitectureTests.allowed")
            for file in Self.swiftFiles(in: Self.sources.appendingPathComponent(module)) {
                let text = try String(contentsOf: file, encoding: .utf8)
                for line in text.split(separator: "\n") {
                    let words = line.split(separator: " ")
                    guard let importIndex = words.firstIndex(of: "import"), importIndex + 1 < words.count else { continue }
                    let imported = String(words[importIndex + 1])
                    guard imported.hasPrefix("Keel") else { continue }
                    #expect(allowed.contains(imported), "\(module)/\(file.lastPathComponent) imports \(imported)")
                }
            }
        }
    }

    @Test func sqlEscapeHatchesStayInTheirFiles() throws {
        let allowList: [String: Set<String>] = [
            "unsafeSQL:": ["SQL+PostgresQuery.swift"],
            "unescaped:": [],
            "SQL(trusted:": ["SQL.swift", "TrustedSQL.swift"],
        ]
        for file in Self.swiftFiles(in: Self.sources) {
            let text = try String(contentsOf: file, encoding: .utf8)
            for (hatch, files) in allowList where text.contains(hatch) {
                #expect(files.contains(file.lastPathComponent), "\(file.path) uses \(hatch)")
            }
        }
    }

    @Test func libraryCodeHasNoCrashOnInputConstructs() throws {
        for file in Self.swiftFiles(in: Self.sources) where !file.path.contains("/Sources/keel/") {
            let text = try String(contentsOf: file, encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.trimmingCharacters(in: .whitespaces)
                if code.hasPrefix("//") { continue }
                for banned in ["try!", "fatalError(", "as! "] {
                    #expect(!code.contains(banned), "\(file.lastPathComponent):\(number + 1) uses \(banned)")
                }
            }
        }
    }
}
