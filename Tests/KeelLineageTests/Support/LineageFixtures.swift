import Foundation
import KeelTestSupport

/// Paths of KeelLineage's own fixtures (`Tests/KeelLineageTests/Fixtures`).
enum LineageFixtures {
    /// `Tests/KeelLineageTests/Fixtures`.
    static var root: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").path
    }

    /// The billing scenario: schema.sql, data.sql, keel.yaml, dags/, dbt/billing_dbt.
    static var billing: String { BillingFiles.directory }
    static var billingDbt: String { billing + "/dbt/billing_dbt" }
    static var billingDags: String { billing + "/dags" }

    /// Where tests write their scratch projects: `$TMPDIR/keel-lineage-tests`.
    static var scratchRoot: URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("keel-lineage-tests")
    }

    /// A fresh temporary folder. Folders older than an hour (from earlier runs) are removed, so runs
    /// do not accumulate scratch projects and tests need no clean-up code.
    static func temporaryDirectory(_ label: String = "keel-lineage") throws -> String {
        let fileManager = FileManager.default
        let root = scratchRoot
        if let old = try? fileManager.contentsOfDirectory(at: root, includingPropertiesForKeys: [.contentModificationDateKey]) {
            let cutoff = Date().addingTimeInterval(-3600)
            for url in old {
                let modified = (try? url.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate ?? Date()
                if modified < cutoff { try? fileManager.removeItem(at: url) }
            }
        }
        let url = root.appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))")
        try fileManager.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// Writes `files` (relative path → text) under a new temporary folder and returns it.
    static func write(_ files: [String: String], label: String = "keel-lineage") throws -> String {
        let root = try temporaryDirectory(label)
        for (path, text) in files {
            let url = URL(fileURLWithPath: root).appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return root
    }

    /// Copies a fixture folder to a new temporary folder and returns the copy.
    static func copy(_ source: String, label: String = "keel-lineage") throws -> String {
        let destination = try temporaryDirectory(label) + "/" + URL(fileURLWithPath: source).lastPathComponent
        try FileManager.default.copyItem(atPath: source, toPath: destination)
        return destination
    }
}
