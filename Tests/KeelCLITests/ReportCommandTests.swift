import Foundation
import KeelCore
import KeelPostgres
import KeelTestSupport
import Testing

/// `keel report` on the billing scenario, end to end: discover, lineage, plan and validate through the
/// binary, then the report, looked at in headless Chromium at desktop and laptop widths.
///
/// The screenshots stay in `$TMPDIR/keel-report-screenshots/` for a person to look at.
@Suite("keel report", .postgres, .serialized)
struct ReportCommandTests {
    /// The billing scenario's impact of invoices.amount (Tests/KeelLineageTests/Support/BillingScenario.swift).
    static let billingImpact: Set<String> = [
        "dbt:model.billing_dbt.stg_invoices", "dbt:model.billing_dbt.fct_invoice_revenue", "dbt:model.billing_dbt.dim_customers",
        "dbt:model.billing_dbt.mart_monthly_revenue", "airflow:nightly_billing.snapshot_revenue", "dbt:exposure.billing_dbt.revenue_dashboard",
        "dbt:exposure.billing_dbt.finance_api", "dashboard:Revenue overview", "dashboard:Top customers", "api:GET /invoices/{id}",
    ]

    @Test("the billing report renders in Chromium at 1440×900 and 1280×800: every impacted consumer drawn, no console error, legible text")
    func billingInChromium() async throws {
        _ = try HeadlessChromium.executable()   // fails with "apt-get install chromium" when missing
        let project = try await ValidateCommandTests.prepare()
        defer { try? FileManager.default.removeItem(atPath: project.directory) }
        let (validated, _) = try await ValidateCommandTests.validate(project)
        try #require(validated.exitCode == 0, "\(validated.standardOutput)\n\(validated.standardError)")
        let out = project.directory + "/report.html"
        let result = try await KeelBinary.run(["report", project.plan, "--validation", project.report, "--lineage", project.directory + "/lineage.json",
                                               "--catalog", project.directory + "/catalog.json", "--project", project.directory, "--out", out])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains(out))
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.contains("Validated: ready for staging"))

        let screenshots = FileManager.default.temporaryDirectory.appendingPathComponent("keel-report-screenshots")
        try FileManager.default.createDirectory(at: screenshots, withIntermediateDirectories: true)
        let url = URL(fileURLWithPath: out).absoluteString
        for (width, height) in [(1440, 900), (1280, 800)] {
            let page = try await HeadlessChromium.load(url + "#selfcheck", width: width, height: height)
            let errors = HeadlessChromium.consoleErrors(in: page.log)
            #expect(errors.isEmpty, "\(width)×\(height): \(errors)")
            let check = try SelfCheck.read(fromDOM: page.dom)
            #expect(check.errors.isEmpty, "\(check.errors)")
            #expect(Set(check.nodes) == Self.billingImpact, "\(width)×\(height): \(Set(check.nodes).symmetricDifference(Self.billingImpact))")
            #expect(check.visibleAtLoad == Self.billingImpact.count + 1, "every box drawn at load")
            #expect(check.textChecked > 100)
            #expect(check.minFontPx >= 12, "\(width)×\(height): smallest text \(check.minFontPx)px: \(check.minFontText)")
            #expect(check.minContrast >= 4.5, "\(width)×\(height): lowest contrast \(check.minContrast): \(check.minContrastText)")
            #expect(check.loadMs < 2000)
            let png = screenshots.appendingPathComponent("billing-\(width)x\(height).png")
            try? FileManager.default.removeItem(at: png)
            let shot = try await HeadlessChromium.screenshot(url, width: width, height: height, to: png)
            let size = (try? FileManager.default.attributesOfItem(atPath: png.path)[.size] as? Int) ?? 0
            #expect(size > 20_000, "\(png.path): \(size) bytes; \(shot.standardError.suffix(1500))")
        }
    }

    @Test("a validation report for another plan is refused with exit 2 and nothing is written")
    func validationForAnotherPlan() async throws {
        let project = try await ValidateCommandTests.prepare()
        defer { try? FileManager.default.removeItem(atPath: project.directory) }
        var plan = try MigrationPlan.read(from: URL(fileURLWithPath: project.plan))
        let validation = ValidationReport(plan: plan.hash, catalog: plan.inputs.catalog, sandbox: .init(serverVersion: "15", tables: []),
                                          steps: [], dualWrite: [], outputs: [], queryPlans: [], rollback: nil, findings: [])
        try validation.write(to: URL(fileURLWithPath: project.report))
        plan.change = "something-else"
        plan.hash = try plan.computeHash()
        let other = project.directory + "/other-plan.json"
        try plan.write(to: URL(fileURLWithPath: other))
        let out = project.directory + "/refused.html"
        let result = try await KeelBinary.run(["report", other, "--validation", project.report, "--out", out])
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("error: the validation report is for plan"))
        #expect(!FileManager.default.fileExists(atPath: out))

        let missing = try await KeelBinary.run(["report", project.directory + "/no-such-plan.json", "--out", out])
        #expect(missing.exitCode == 2)
        #expect(missing.standardError.contains("cannot read"))
        let wrongKind = try await KeelBinary.run(["report", project.report, "--out", out])
        #expect(wrongKind.exitCode == 2)
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
