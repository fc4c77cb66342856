"""alarm desk: immutable alarm trail, notification outbox, breach confirmations, reviews,
shift-handover log; grouping, escalation and handling columns on alarms (issue 5)

Revision ID: 0003_alarm_desk
Revises: 0001
Create Date: 2026-11-23 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import valvo.adapters.db.types

revision = "0003_alarm_desk"
down_revision = "0002_gateway"
branch_labels = None
depends_on = None

APPEND_ONLY = ("alarm_events", "alarm_desk_events", "shift_notes")
PG_FUNCTION = "alarm_desk_append_only"
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _when() -> valvo.adapters.db.types.UTCDateTime:
    return valvo.adapters.db.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("alarms") as batch:
        batch.add_column(
            sa.Column("handling", sa.String(20), nullable=False, server_default="realtime")
        )
        batch.add_column(sa.Column("order_type", sa.String(40), nullable=True))
        batch.add_column(sa.Column("occurrences", sa.Integer(), nullable=False, server_default="1"))
        for name in ("last_occurred_at", "condition_ended_at", "investigating_at"):
            batch.add_column(sa.Column(name, _when(), nullable=True))
        batch.add_column(sa.Column("investigating_by", sa.String(100), nullable=True))
        batch.add_column(
            sa.Column("escalation_level", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("escalated_at", _when(), nullable=True))
        batch.add_column(sa.Column("escalation_route", sa.String(60), nullable=True))
        batch.add_column(sa.Column("reopened_at", _when(), nullable=True))
        batch.add_column(sa.Column("reopened_by", sa.String(100), nullable=True))
        batch.add_column(
            sa.Column("reopen_count", sa.Integer(), nullable=False, server_default="0")
        )
        batch.create_index("ix_alarms_subject_condition", ["subject_id", "condition_key"])
        batch.create_index("ix_alarms_raised_at", ["raised_at"])

    op.create_table(
        "alarm_events",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("alarm_id", sa.String(36), nullable=False),
        sa.Column("at", _when(), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("from_status", sa.String(20), nullable=True),
        sa.Column("to_status", sa.String(20), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["alarm_id"], ["alarms.id"], name=op.f("fk_alarm_events_alarm_id_alarms")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alarm_events")),
    )
    op.create_index(op.f("ix_alarm_events_alarm_id"), "alarm_events", ["alarm_id"])

    op.create_table(
        "alarm_outbox",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("alarm_id", sa.String(36), nullable=True),
        sa.Column("event", sa.String(40), nullable=False),
        sa.Column("route", sa.String(60), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", _when(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_attempt_at", _when(), nullable=False),
        sa.Column("delivered_to", sa.JSON(), nullable=False),
        sa.Column("delivered_at", _when(), nullable=True),
        sa.Column("dead", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alarm_outbox")),
    )
    op.create_index(op.f("ix_alarm_outbox_alarm_id"), "alarm_outbox", ["alarm_id"])
    op.create_index(
        "ix_alarm_outbox_due", "alarm_outbox", ["delivered_at", "dead", "next_attempt_at"]
    )

    op.create_table(
        "alarm_desk_events",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("alarm_id", sa.String(36), nullable=False),
        sa.Column("subject_id", sa.String(36), nullable=False),
        sa.Column("occurred_at", _when(), nullable=False),
        sa.Column("recorded_at", _when(), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["alarm_id"], ["alarms.id"], name=op.f("fk_alarm_desk_events_alarm_id_alarms")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alarm_desk_events")),
    )
    op.create_index(op.f("ix_alarm_desk_events_alarm_id"), "alarm_desk_events", ["alarm_id"])
    op.create_index(op.f("ix_alarm_desk_events_subject_id"), "alarm_desk_events", ["subject_id"])

    op.create_table(
        "alarm_reviews",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("covered_from", _when(), nullable=False),
        sa.Column("covered_until", _when(), nullable=False),
        sa.Column("alarm_count", sa.Integer(), nullable=False),
        sa.Column("reviewed_at", _when(), nullable=False),
        sa.Column("reviewed_by", sa.String(100), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alarm_reviews")),
        sa.UniqueConstraint("covered_from", name="uq_alarm_reviews_covered_from"),
    )

    op.create_table(
        "shift_notes",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("at", _when(), nullable=False),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("shift", sa.String(20), nullable=False),
        sa.Column("shift_start", _when(), nullable=False),
        sa.Column("region", sa.String(60), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shift_notes")),
    )
    op.create_index(op.f("ix_shift_notes_at"), "shift_notes", ["at"])
    _append_only()


def _append_only() -> None:
    """The database itself refuses UPDATE and DELETE on the trail, confirmations and log."""
    if op.get_context().dialect.name == "postgresql":
        op.execute(
            f"CREATE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$"
        )
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()"
            )
        return
    for table in APPEND_ONLY:
        for verb in ("update", "delete"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb} BEFORE {verb.upper()} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )


def downgrade() -> None:
    for table in ("shift_notes", "alarm_reviews", "alarm_desk_events", "alarm_outbox"):
        op.drop_table(table)
    op.drop_table("alarm_events")
    if op.get_context().dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION IF EXISTS {PG_FUNCTION}()")
    with op.batch_alter_table("alarms") as batch:
        batch.drop_index("ix_alarms_raised_at")
        batch.drop_index("ix_alarms_subject_condition")
        for name in (
            "reopen_count",
            "reopened_by",
            "reopened_at",
            "escalation_route",
            "escalated_at",
            "escalation_level",
            "investigating_by",
            "investigating_at",
            "condition_ended_at",
            "last_occurred_at",
            "occurrences",
            "order_type",
            "handling",
        ):
            batch.drop_column(name)
