public import Foundation
public import KeelPostgres

/// Headless Chromium (Debian package `chromium`), for tests that look at a page the way a person
/// would: screenshots at a given window size and the DOM after load.
public enum HeadlessChromium {
    /// Chromium is not installed: the test fails with the install command, it never skips.
    public struct Missing: Error, CustomStringConvertible {
        public var description: String { "chromium is not installed: apt-get install chromium (scripts/test installs it)" }
    }

    /// The browser's path.
    public static func executable() throws -> String {
        for name in ["chromium", "chromium-browser"] {
            if let path = ProgramRunner.which(name) { return path }
        }
        throw Missing()
    }

    /// What one page load gave: the DOM after the load event and the browser's log (console messages).
    public struct Page: Sendable {
        public var dom: String
        public var log: String
        public var result: ProgramResult
    }

    static func arguments(width: Int, height: Int, profile: URL) -> [String] {
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
         "--hide-scrollbars", "--force-device-scale-factor=1", "--window-size=\(width),\(height)",
         "--user-data-dir=\(profile.path)", "--enable-logging=stderr", "--v=0"]
    }

    /// Loads `url` and returns the DOM after load, with the browser's stderr log.
    public static func load(_ url: String, width: Int, height: Int) async throws -> Page {
        let browser = try executable()
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("keel-chromium-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: profile) }
        let result = try await ProgramRunner.run(browser, arguments(width: width, height: height, profile: profile) + ["--dump-dom", url])
        return Page(dom: result.standardOutput, log: result.standardError, result: result)
    }

    /// Writes a PNG screenshot of `url` at the window size.
    public static func screenshot(_ url: String, width: Int, height: Int, to png: URL) async throws -> ProgramResult {
        let browser = try executable()
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("keel-chromium-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: profile) }
        return try await ProgramRunner.run(browser, arguments(width: width, height: height, profile: profile) + ["--screenshot=\(png.path)", url])
    }

    /// Console errors in a browser log: uncaught exceptions and `console.error` lines.
    public static func consoleErrors(in log: String) -> [String] {
        log.split(separator: "\n").map(String.init).filter { line in
            line.contains("CONSOLE") && (line.contains(":ERROR:") || line.contains("Uncaught") || line.contains("console.error"))
        }
    }
}

/// What the page's `#selfcheck` wrote into `#keel-selfcheck`.
public struct SelfCheck: Decodable, Sendable {
    public var errors: [String]
    public var loadMs: Int
    public var nodes: [String]
    public var textChecked: Int
    public var minFontPx: Double
    public var minFontText: String
    public var minContrast: Double
    public var minContrastText: String
    public var visibleAtLoad: Int?
    public var visibleExpanded: Int?
    public var searchMatches: Int?
    public var visibleAfterSearch: [String]?
    public var interactionMs: Int?

    /// Reads it from Chromium's `--dump-dom` output.
    public static func read(fromDOM dom: String) throws -> SelfCheck {
        guard let start = dom.range(of: #"<pre id="keel-selfcheck" hidden="">"#), let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex) else {
            throw Failure(text: "no #keel-selfcheck in the DOM")
        }
        let text = String(dom[start.upperBound..<end.lowerBound])
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&nbsp;", with: "\u{00A0}").replacingOccurrences(of: "&amp;", with: "&")
        guard !text.isEmpty else { throw Failure(text: "the self-check did not run (a script error before load?)") }
        return try JSONDecoder().decode(SelfCheck.self, from: Data(text.utf8))
    }

    public struct Failure: Error, CustomStringConvertible {
        var text: String
        public var description: String { text }
    }
}
