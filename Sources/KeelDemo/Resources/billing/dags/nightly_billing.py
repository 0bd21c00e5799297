"""Nightly billing jobs.

1. mark_overdue: flag open invoices whose due date has passed.
2. snapshot_revenue: record the day's paid revenue in analytics.revenue_snapshots.
3. run_dbt: rebuild and test the billing_dbt models (dbt build).
"""
from __future__ import annotations

import pendulum

from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator

BILLING_CONN_ID = "billing_production"
DBT_PROJECT_DIR = "/opt/airflow/dbt/billing_dbt"

default_args = {
    "owner": "billing-platform",
    "retries": 2,
    "retry_delay": pendulum.duration(minutes=5),
}

with DAG(
    dag_id="nightly_billing",
    description="Mark overdue invoices, snapshot paid revenue, rebuild the billing dbt models.",
    schedule="0 2 * * *",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    default_args=default_args,
    tags=["billing", "finance"],
) as dag:
    mark_overdue = SQLExecuteQueryOperator(
        task_id="mark_overdue",
        conn_id=BILLING_CONN_ID,
        sql="UPDATE invoices SET status = 'overdue' WHERE due_at < now() AND paid_at IS NULL AND status = 'open'",
    )

    snapshot_revenue = SQLExecuteQueryOperator(
        task_id="snapshot_revenue",
        conn_id=BILLING_CONN_ID,
        sql="""
            INSERT INTO analytics.revenue_snapshots (snapshot_date, paid_revenue)
            SELECT current_date, sum(amount) FROM invoices WHERE status = 'paid'
        """,
    )

    run_dbt = BashOperator(
        task_id="run_dbt",
        bash_command=f"cd {DBT_PROJECT_DIR} && dbt build --project-dir {DBT_PROJECT_DIR} --target prod",
    )

    mark_overdue >> snapshot_revenue >> run_dbt
