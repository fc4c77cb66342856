"""cases: monitoring sentences, travel bans, their reports, plans, breaches, decisions,
supervision and deadline tasks (issue 6)

Revision ID: 0004_cases
Revises: 0001
Create Date: 2026-11-22 17:50:45.742899
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import valvo.adapters.db.types

revision = "0004_cases"
down_revision = "0003_alarm_desk"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "supervisors",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=True),
        sa.Column("region", sa.String(length=60), nullable=False),
        sa.Column("qualification", sa.Text(), nullable=True),
        sa.Column("consented", sa.Boolean(), nullable=False),
        sa.Column("contract", sa.String(length=200), nullable=True),
        sa.Column("fee_per_visit_cents", sa.Integer(), nullable=True),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervisors")),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("type", sa.String(length=30), nullable=False),
        sa.Column("subject_id", sa.String(length=36), nullable=False),
        sa.Column("order_id", sa.String(length=36), nullable=True),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("policy", sa.String(length=30), nullable=False),
        sa.Column("timezone", sa.String(length=60), nullable=False),
        sa.Column("region", sa.String(length=60), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_cases_order_id_orders")),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_cases_subject_id_subjects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cases_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_subject_id"), ["subject_id"], unique=False)

    op.create_table(
        "ban_violations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=False),
        sa.Column(
            "occurred_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("minor", sa.Boolean(), nullable=False),
        sa.Column("response", sa.String(length=30), nullable=False),
        sa.Column("decided_by", sa.String(length=100), nullable=False),
        sa.Column("alarm_id", sa.String(length=36), nullable=True),
        sa.Column(
            "warning_served_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("warning_served_by", sa.String(length=100), nullable=True),
        sa.Column("warning_proof", sa.Text(), nullable=True),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_ban_violations_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ban_violations")),
    )
    with op.batch_alter_table("ban_violations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ban_violations_case_id"), ["case_id"], unique=False)

    op.create_table(
        "case_breaches",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=True),
        sa.Column(
            "occurred_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("source", sa.String(length=30), nullable=False),
        sa.Column("alarm_id", sa.String(length=36), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("heard_on", sa.Date(), nullable=True),
        sa.Column("convict_statement", sa.Text(), nullable=True),
        sa.Column("response", sa.String(length=30), nullable=True),
        sa.Column("responded_on", sa.Date(), nullable=True),
        sa.Column("warning_text", sa.Text(), nullable=True),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_breaches_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_breaches")),
        sa.UniqueConstraint("alarm_id", name=op.f("uq_case_breaches_alarm_id")),
    )
    with op.batch_alter_table("case_breaches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_breaches_case_id"), ["case_id"], unique=False)

    op.create_table(
        "case_co_residents",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("written_consent", sa.Boolean(), nullable=False),
        sa.Column("consent_document", sa.String(length=200), nullable=True),
        sa.Column("heard", sa.Boolean(), nullable=False),
        sa.Column("heard_on", sa.Date(), nullable=True),
        sa.Column("views", sa.Text(), nullable=True),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_co_residents_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_co_residents")),
    )
    with op.batch_alter_table("case_co_residents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_co_residents_case_id"), ["case_id"], unique=False)

    op.create_table(
        "case_events",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_events_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_case_events")),
    )
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_events_case_id"), ["case_id"], unique=False)

    op.create_table(
        "case_exemptions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("start", sa.String(length=19), nullable=False),
        sa.Column("end", sa.String(length=19), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("granted_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_exemptions_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_exemptions")),
    )
    with op.batch_alter_table("case_exemptions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_exemptions_case_id"), ["case_id"], unique=False)

    op.create_table(
        "case_interruptions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=30), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("court_allowed_continuation", sa.Boolean(), nullable=False),
        sa.Column("cause", sa.Text(), nullable=True),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_interruptions_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_interruptions")),
        sa.UniqueConstraint("case_id", "seq", name="uq_case_interruptions_case_seq"),
    )
    with op.batch_alter_table("case_interruptions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_case_interruptions_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "case_plans",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("convict_heard_on", sa.Date(), nullable=False),
        sa.Column("schedule_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_plans_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["schedule_id"], ["schedules.id"], name=op.f("fk_case_plans_schedule_id_schedules")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_plans")),
        sa.UniqueConstraint("case_id", "version", name="uq_case_plans_case_version"),
    )
    with op.batch_alter_table("case_plans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_plans_case_id"), ["case_id"], unique=False)

    op.create_table(
        "case_reports",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("requester", sa.String(length=20), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("form_version", sa.String(length=40), nullable=False),
        sa.Column("suspect_consents", sa.Boolean(), nullable=True),
        sa.Column("dwelling_assessment", sa.Text(), nullable=True),
        sa.Column("circumstances_assessment", sa.Text(), nullable=True),
        sa.Column("activity_place", sa.Text(), nullable=True),
        sa.Column("movement_needs", sa.Text(), nullable=True),
        sa.Column("existing_work_or_study", sa.Text(), nullable=True),
        sa.Column("statement_justified", sa.Boolean(), nullable=True),
        sa.Column("statement", sa.Text(), nullable=True),
        sa.Column("suspect_heard_on", sa.Date(), nullable=True),
        sa.Column("substance_assessment", sa.Text(), nullable=True),
        sa.Column("home_visit_on", sa.Date(), nullable=True),
        sa.Column("home_visit_by", sa.String(length=100), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_reports_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_case_reports")),
    )
    op.create_table(
        "case_supervision",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("supervisor_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column(
            "assigned_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("ended_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_supervision_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["supervisor_id"],
            ["supervisors.id"],
            name=op.f("fk_case_supervision_supervisor_id_supervisors"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_supervision")),
    )
    with op.batch_alter_table("case_supervision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_supervision_case_id"), ["case_id"], unique=False)

    op.create_table(
        "case_visits",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("planned_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("visited_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("visitor_id", sa.String(length=36), nullable=True),
        sa.Column("present", sa.Boolean(), nullable=True),
        sa.Column("sober", sa.Boolean(), nullable=True),
        sa.Column("entry_refused", sa.Boolean(), nullable=False),
        sa.Column("police_assistance", sa.Text(), nullable=True),
        sa.Column("intoxication_observations", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_visits_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["visitor_id"], ["supervisors.id"], name=op.f("fk_case_visits_visitor_id_supervisors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_visits")),
    )
    with op.batch_alter_table("case_visits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_visits_case_id"), ["case_id"], unique=False)

    op.create_table(
        "deadline_tasks",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("due_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("done_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "cancelled_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_deadline_tasks_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deadline_tasks")),
    )
    with op.batch_alter_table("deadline_tasks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deadline_tasks_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            "ix_deadline_tasks_open", ["done_at", "cancelled_at", "due_at"], unique=False
        )

    op.create_table(
        "sentences",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("length_days", sa.Integer(), nullable=True),
        sa.Column("replaced_prison_days", sa.Integer(), nullable=True),
        sa.Column("sentencing_court", sa.String(length=200), nullable=True),
        sa.Column("grounds", sa.JSON(), nullable=True),
        sa.Column("sentenced_on", sa.Date(), nullable=True),
        sa.Column("enforceable_on", sa.Date(), nullable=True),
        sa.Column("early_enforcement", sa.Boolean(), nullable=False),
        sa.Column("plan_confirmed_on", sa.Date(), nullable=True),
        sa.Column("devices", sa.JSON(), nullable=False),
        sa.Column(
            "installed_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("serving_start", sa.Date(), nullable=True),
        sa.Column("under_21", sa.Boolean(), nullable=True),
        sa.Column("prison_within_lookback", sa.Boolean(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("prison_days", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_sentences_case_id_cases")),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_sentences")),
    )
    op.create_table(
        "travel_bans",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("offence", sa.Text(), nullable=False),
        sa.Column("max_penalty_months", sa.Integer(), nullable=False),
        sa.Column("grounds", sa.JSON(), nullable=False),
        sa.Column("area", sa.Text(), nullable=False),
        sa.Column("forbidden_areas", sa.JSON(), nullable=False),
        sa.Column("permitted_exits", sa.JSON(), nullable=False),
        sa.Column("obligations", sa.JSON(), nullable=False),
        sa.Column("obligation_details", sa.Text(), nullable=True),
        sa.Column("locality_start", sa.String(length=5), nullable=True),
        sa.Column("locality_end", sa.String(length=5), nullable=True),
        sa.Column("locality_justification", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.String(length=20), nullable=False),
        sa.Column("prosecutor_notified", sa.Boolean(), nullable=False),
        sa.Column("provisional", sa.Boolean(), nullable=False),
        sa.Column("court", sa.String(length=200), nullable=True),
        sa.Column(
            "heard_in_person_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("copy_delivery", sa.String(length=20), nullable=True),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("passport_status", sa.String(length=20), nullable=False),
        sa.Column("passport_surrendered_on", sa.Date(), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("under_18", sa.Boolean(), nullable=False),
        sa.Column("decided_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "term_ends_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("referred_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "court_decided_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("charges_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "extension_requested_at",
            valvo.adapters.db.types.UTCDateTime(timezone=True),
            nullable=True,
        ),
        sa.Column(
            "extended_until", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("ended_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_travel_bans_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["device_id"], ["devices.id"], name=op.f("fk_travel_bans_device_id_devices")
        ),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_travel_bans")),
    )
    op.create_table(
        "case_decisions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("breach_id", sa.String(length=36), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("decided_by", sa.String(length=20), nullable=False),
        sa.Column("decided_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("court", sa.String(length=200), nullable=True),
        sa.Column("in_absence", sa.Boolean(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["breach_id"],
            ["case_breaches.id"],
            name=op.f("fk_case_decisions_breach_id_case_breaches"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_decisions_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_decisions")),
    )
    with op.batch_alter_table("case_decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_decisions_case_id"), ["case_id"], unique=False)

    op.create_table(
        "case_substance_tests",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("taken_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.Column("tester", sa.String(length=100), nullable=False),
        sa.Column("result", sa.String(length=20), nullable=False),
        sa.Column("substance", sa.String(length=100), nullable=True),
        sa.Column("justified_suspicion", sa.Boolean(), nullable=False),
        sa.Column("consequence", sa.String(length=30), nullable=False),
        sa.Column(
            "lab_requested_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("lab_result", sa.String(length=20), nullable=True),
        sa.Column(
            "lab_result_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("entitled_medicine", sa.Boolean(), nullable=True),
        sa.Column("breach_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["breach_id"],
            ["case_breaches.id"],
            name=op.f("fk_case_substance_tests_breach_id_case_breaches"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_substance_tests_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_substance_tests")),
    )
    with op.batch_alter_table("case_substance_tests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_case_substance_tests_case_id"), ["case_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("case_substance_tests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_substance_tests_case_id"))

    op.drop_table("case_substance_tests")
    with op.batch_alter_table("case_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_decisions_case_id"))

    op.drop_table("case_decisions")
    op.drop_table("travel_bans")
    op.drop_table("sentences")
    with op.batch_alter_table("deadline_tasks", schema=None) as batch_op:
        batch_op.drop_index("ix_deadline_tasks_open")
        batch_op.drop_index(batch_op.f("ix_deadline_tasks_case_id"))

    op.drop_table("deadline_tasks")
    with op.batch_alter_table("case_visits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_visits_case_id"))

    op.drop_table("case_visits")
    with op.batch_alter_table("case_supervision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_supervision_case_id"))

    op.drop_table("case_supervision")
    op.drop_table("case_reports")
    with op.batch_alter_table("case_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_plans_case_id"))

    op.drop_table("case_plans")
    with op.batch_alter_table("case_interruptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_interruptions_case_id"))

    op.drop_table("case_interruptions")
    with op.batch_alter_table("case_exemptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_exemptions_case_id"))

    op.drop_table("case_exemptions")
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_events_case_id"))

    op.drop_table("case_events")
    with op.batch_alter_table("case_co_residents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_co_residents_case_id"))

    op.drop_table("case_co_residents")
    with op.batch_alter_table("case_breaches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_breaches_case_id"))

    op.drop_table("case_breaches")
    with op.batch_alter_table("ban_violations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ban_violations_case_id"))

    op.drop_table("ban_violations")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_subject_id"))
        batch_op.drop_index(batch_op.f("ix_cases_status"))

    op.drop_table("cases")
    op.drop_table("supervisors")
