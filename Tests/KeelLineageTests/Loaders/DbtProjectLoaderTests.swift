import KeelLineage
import Testing

@Suite("dbt project loader")
struct DbtProjectLoaderTests {
    static let target = DbtTarget(name: "prod", schema: "analytics", database: "billing")

    static func billing(incremental: Bool = false) throws -> DbtProject {
        try DbtProjectLoader.load(LineageFixtures.billingDbt, options: DbtLoadOptions(target: target, incremental: incremental))
    }

    @Test("the billing project: five models, three sources, two exposures, every statement parses")
    func billingShape() throws {
        let project = try Self.billing()
        #expect(project.name == "billing_dbt")
        #expect(project.origin == .project)
        #expect(project.models.map(\.name) == ["dim_customers", "fct_invoice_revenue", "mart_monthly_revenue", "stg_invoices", "stg_payments"])
        #expect(project.sources.map(\.uniqueId) == [
            "source.billing_dbt.billing.customers", "source.billing_dbt.billing.invoices", "source.billing_dbt.billing.payments",
        ])
        #expect(project.source("billing", "invoices")?.relation.rendered == #""billing"."public"."invoices""#)
        #expect(project.exposures.map(\.name) == ["finance_api", "revenue_dashboard"])
        #expect(project.diagnostics.isEmpty, "\(project.diagnostics)")
        for model in project.models {
            #expect(model.sqlOrigin == .keelRendered)
            #expect(model.statements.count == 1, "\(model.name)")
            #expect(model.statements.allSatisfy { $0.parses }, "\(model.name)")
            #expect(model.relation?.schema == "analytics")
            #expect(model.relation?.identifier == model.name)
        }
    }

    @Test("materializations, refs, sources, dependencies and tags as dbt computes them")
    func billingNodes() throws {
        let project = try Self.billing()
        func node(_ name: String) throws -> DbtNode { try #require(project.node(named: name)) }
        #expect(try node("stg_invoices").materialization == "view")
        #expect(try node("stg_invoices").tags == ["staging"])
        #expect(try node("stg_invoices").sources == [DbtSourceRef(source: "billing", table: "invoices")])
        #expect(try node("stg_invoices").dependsOn == ["source.billing_dbt.billing.invoices"])
        #expect(try node("fct_invoice_revenue").materialization == "incremental")
        #expect(try node("fct_invoice_revenue").uniqueKey == ["invoice_id"])
        #expect(try node("fct_invoice_revenue").refs.map(\.name) == ["stg_invoices", "stg_payments"])
        #expect(try node("fct_invoice_revenue").tags == ["marts"])
        #expect(try node("dim_customers").materialization == "table")
        #expect(try node("dim_customers").dependsOn == ["model.billing_dbt.fct_invoice_revenue", "source.billing_dbt.billing.customers"])
        #expect(try node("mart_monthly_revenue").relation?.rendered == #""billing"."analytics"."mart_monthly_revenue""#)
        #expect(try node("stg_invoices").columns.map(\.name) == ["invoice_id", "customer_id", "amount", "status", "issued_at"])
        #expect(project.exposure(named: "revenue_dashboard")?.dependsOn == [
            "model.billing_dbt.dim_customers", "model.billing_dbt.mart_monthly_revenue",
        ])
        #expect(project.exposure(named: "finance_api")?.dependsOn == ["model.billing_dbt.fct_invoice_revenue"])
        #expect(project.exposure(named: "finance_api")?.ownerEmail == "billing-platform@example.com")
        #expect(project.tests.contains { $0.name == "relationships" && $0.attachedNode == "model.billing_dbt.stg_payments"
            && $0.column == "invoice_id" && $0.dependsOn == ["model.billing_dbt.stg_invoices", "model.billing_dbt.stg_payments"] })
        #expect(project.tests.filter { $0.attachedNode?.hasPrefix("source.") == true }.count == 10)
        #expect(project.tests.count == 29)
    }

    @Test("the project macro, var() and source() render into the SQL")
    func billingSQL() throws {
        let project = try Self.billing()
        let mart = try #require(project.node(named: "mart_monthly_revenue")?.compiledSQL)
        #expect(mart.contains("where status <> 'void'"))
        #expect(mart.contains(#"from "billing"."analytics"."fct_invoice_revenue""#))
        #expect(mart.hasPrefix("\n\n-- Revenue per calendar month"))
        let staging = try #require(project.node(named: "stg_invoices")?.compiledSQL)
        #expect(staging.hasSuffix(#"from "billing"."public"."invoices""#))
    }

    @Test("is_incremental() and this: a full refresh has no filter, an incremental run reads this")
    func incremental() throws {
        let full = try #require(try Self.billing().node(named: "fct_invoice_revenue")?.compiledSQL)
        #expect(!full.contains("where issued_at"))
        let incremental = try #require(try Self.billing(incremental: true).node(named: "fct_invoice_revenue")?.compiledSQL)
        #expect(incremental.contains(#"where issued_at >= (select max(issued_at) - interval '60 days' from "billing"."analytics"."fct_invoice_revenue")"#))
    }

    @Test("var overrides win over dbt_project.yml; the target comes from profiles.yml with env_var")
    func overridesAndProfiles() throws {
        let profiles = try LineageFixtures.write(["profiles.yml": """
            billing:
              target: "{{ env_var('DBT_TARGET', 'dev') }}"
              outputs:
                dev:
                  type: postgres
                  host: localhost
                  user: "{{ env_var('DBT_USER') }}"
                  dbname: billing_dev
                  schema: dbt_dev
                  threads: 4
            """])
        let project = try DbtProjectLoader.load(LineageFixtures.billingDbt, options: DbtLoadOptions(
            profilesDirectory: profiles, vars: ["void_status": .string("cancelled"), "lookback_days": .int(7)],
            environment: ["DBT_USER": "analyst"], incremental: true))
        #expect(project.target == DbtTarget(name: "dev", schema: "dbt_dev", database: "billing_dev", user: "analyst", threads: 4, profileName: "billing"))
        let mart = try #require(project.node(named: "mart_monthly_revenue")?.compiledSQL)
        #expect(mart.contains("where status <> 'cancelled'"))
        #expect(mart.contains(#"from "billing_dev"."dbt_dev"."fct_invoice_revenue""#))
        #expect(project.node(named: "fct_invoice_revenue")?.compiledSQL?.contains("interval '7 days'") == true)
    }

    @Test("custom schemas, aliases, a generate_schema_name override, ephemeral CTEs, seeds, snapshots and Python models")
    func dbtRules() throws {
        let root = try LineageFixtures.write([
            "dbt_project.yml": """
                name: shop
                profile: shop
                vars:
                  shop:
                    region: eu
                models:
                  shop:
                    +materialized: table
                    finance:
                      +schema: finance
                    ephemeral:
                      +materialized: ephemeral
                seeds:
                  shop:
                    +schema: raw
                """,
            "macros/schemas.sql": """
                {% macro generate_schema_name(custom_schema_name, node) -%}
                    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
                {%- endmacro %}
                {% macro default__money(column) %}round({{ column }} / 100.0, 2){% endmacro %}
                {% macro money(column) %}{{ return(adapter.dispatch('money')(column)) }}{% endmacro %}
                {% macro cols() %}{{ return(['id', 'total']) }}{% endmacro %}
                """,
            "models/ephemeral/base_orders.sql": "select id, total from {{ ref('raw_orders') }} where region = '{{ var(\"region\") }}'\n",
            "models/finance/orders.sql": """
                {{ config(alias='orders_v2', tags=['finance']) }}
                with o as (select * from {{ ref('base_orders') }})
                select {% for c in cols() %}{{ c }}{{ ', ' if not loop.last }}{% endfor %}, {{ money('total') }} as amount, '{{ target.name }}' as env
                from o
                """,
            "models/finance/summary.py": "def model(dbt, session):\n    return dbt.ref(\"orders\")\n",
            "models/report.sql": "select count(*) from {{ ref('shop', 'orders') }} join {{ source('app', 'users') }} using (id)\n",
            "models/schema.yml": """
                version: 2
                sources:
                  - name: app
                    database: appdb
                    tables:
                      - name: users
                        identifier: app_users
                models:
                  - name: report
                    config:
                      materialized: view
                      schema: reporting
                """,
            "seeds/raw_orders.csv": "id,total,region\n1,100,eu\n",
            "snapshots/orders_snapshot.sql": """
                {% snapshot orders_snapshot %}
                {{ config(target_schema='snapshots', unique_key='id', strategy='check', check_cols='all') }}
                select * from {{ ref('orders') }}
                {% endsnapshot %}
                """,
        ])
        let project = try DbtProjectLoader.load(root, options: DbtLoadOptions(target: DbtTarget(name: "ci", schema: "dev", database: "shopdb")))
        #expect(project.nodes.map(\.uniqueId) == [
            "model.shop.base_orders", "model.shop.orders", "model.shop.report", "model.shop.summary", "seed.shop.raw_orders",
            "snapshot.shop.orders_snapshot",
        ])
        let orders = try #require(project.node(named: "orders"))
        #expect(orders.relation?.rendered == #""shopdb"."finance"."orders_v2""#)
        #expect(orders.tags == ["finance"])
        #expect(orders.compiledSQL == """

            with __dbt__cte__base_orders as (
            select id, total from "shopdb"."raw"."raw_orders" where region = 'eu'
            ),
            o as (select * from __dbt__cte__base_orders)
            select id, total, round(total / 100.0, 2) as amount, 'ci' as env
            from o
            """)
        #expect(orders.dependsOn == ["model.shop.base_orders"])
        #expect(project.node(named: "base_orders")?.relation == nil)
        #expect(project.node(named: "raw_orders")?.relation?.rendered == #""shopdb"."raw"."raw_orders""#)
        let report = try #require(project.node(named: "report"))
        #expect(report.materialization == "view")
        #expect(report.relation?.schema == "reporting")
        #expect(report.compiledSQL == #"select count(*) from "shopdb"."finance"."orders_v2" join "appdb"."app"."app_users" using (id)"#)
        let summary = try #require(project.node(named: "summary"))
        #expect(summary.language == "python")
        #expect(summary.refs == [DbtRef(name: "orders")])
        #expect(summary.compiledSQL == nil)
        let snapshot = try #require(project.node(named: "orders_snapshot"))
        #expect(snapshot.relation?.rendered == #""shopdb"."snapshots"."orders_snapshot""#)
        #expect(snapshot.compiledSQL == #"select * from "shopdb"."finance"."orders_v2""#)
        #expect(project.diagnostics.map(\.code) == ["lineage.dbt-not-rendered"])
        #expect(project.consumers.map(\.id).contains("dbt:snapshot.shop.orders_snapshot"))
    }

    @Test("a model with enabled=false is left out")
    func disabled() throws {
        let root = try LineageFixtures.write([
            "dbt_project.yml": "name: p\n",
            "models/a.sql": "{{ config(enabled=false) }}select 1\n",
            "models/b.sql": "select 2\n",
        ])
        #expect(try DbtProjectLoader.load(root).models.map(\.name) == ["b"])
    }
}
