import Foundation
import KeelCore
import KeelLineage
import KeelPostgres
import KeelTestSupport
import Testing

@Suite("OpenLineage export")
struct OpenLineageExporterTests {
    static let time = Date(timeIntervalSince1970: 1_767_229_200)   // 2026-01-01T01:00:00Z

    @Test("one event per consumer, with the columnLineage facet of each output")
    func events() throws {
        let events = OpenLineageExporter.events(try BillingScenario.graph(), options: OpenLineageExporter.Options(database: "billing", eventTime: Self.time))
        let byJob = Dictionary(uniqueKeysWithValues: events.map { ($0.job.name, $0) })
        #expect(byJob["airflow:nightly_billing.run_dbt"] == nil)   // reads and writes nothing Keel can see
        let fct = try #require(byJob["dbt:model.billing_dbt.fct_invoice_revenue"])
        #expect(fct.eventType == "COMPLETE")
        #expect(fct.eventTime == "2026-01-01T01:00:00.000Z")
        #expect(fct.inputs.map(\.name) == ["billing.analytics.stg_invoices", "billing.analytics.stg_payments"])
        let output = try #require(fct.outputs.first)
        #expect(output.name == "billing.analytics.fct_invoice_revenue")
        let lineage = try #require(output.facets?.columnLineage)
        let invoiced = try #require(lineage.fields["invoiced_amount"]?.inputFields.first)
        #expect(invoiced.name == "billing.analytics.stg_invoices")
        #expect(invoiced.field == "amount")
        #expect(invoiced.transformations == [RunEvent.Transformation(type: "DIRECT", subtype: "IDENTITY")])
        #expect(lineage.dataset.contains { $0.field == "invoice_id" && $0.transformations.contains { $0.subtype == "JOIN" } })
        #expect(output.facets?.schema?.fields.map(\.name).contains("outstanding") == true)
        #expect(fct.job.facets.jobType.integration == "DBT")
        #expect(byJob["api:GET /invoices/{id}"]?.job.facets.ownership?.owners.first?.name == "billing-platform@example.com")
        // Reproducible run ids.
        let again = OpenLineageExporter.events(try BillingScenario.graph(), options: OpenLineageExporter.Options(database: "billing", eventTime: Self.time))
        #expect(again.map(\.run.runId) == events.map(\.run.runId))
    }

    @Test("the events are valid against the OpenLineage schema (openlineage-python's model, jsonschema)")
    func validAgainstOpenLineage() async throws {
        let python = try await OpenLineageValidator.python()
        let events = OpenLineageExporter.events(try BillingScenario.graph(), options: OpenLineageExporter.Options(eventTime: Self.time))
        #expect(events.count == 12)
        let file = try LineageFixtures.temporaryDirectory("keel-openlineage") + "/events.ndjson"
        var data = Data()
        for event in events {
            data.append(try CanonicalJSON.encodeCompact(event))
            data.append(0x0A)
        }
        try data.write(to: URL(fileURLWithPath: file))
        let result = try await OpenLineageValidator.validate(file, python: python)
        #expect(result.succeeded, "\(result.standardOutput)\n\(result.standardError)")
        #expect(result.standardOutput.contains("12 events, 0 problems"))
    }

    @Test("the validator rejects an event that breaks the schema")
    func validatorRejects() async throws {
        let python = try await OpenLineageValidator.python()
        let file = try LineageFixtures.temporaryDirectory("keel-openlineage") + "/bad.ndjson"
        let event = #"{"eventTime":"2026-01-01T00:00:00Z","eventType":"DONE","job":{"name":"j","namespace":"n"},"producer":"urn:x","run":{"runId":"not-a-uuid"},"schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"}"#
        try Data((event + "\n").utf8).write(to: URL(fileURLWithPath: file))
        let result = try await OpenLineageValidator.validate(file, python: python)
        #expect(!result.succeeded)
        #expect(result.standardError.contains("eventType"))
    }
}
