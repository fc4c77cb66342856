"""retention: legal holds, anonymised statistics, counted orders, provenance gaps (issue 8)

Revision ID: 0007_retention
Revises: 0005_partners
Create Date: 2026-11-22 20:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import valvo.adapters.db.types

revision = "0007_retention"
down_revision = "0006_security_auth"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
# Migration 0003 made these append-only; retention may delete from them while it holds a row
# in retention_unlocks inside its own transaction (updates stay forbidden).
DELETABLE_TRAILS = ("alarm_events", "alarm_desk_events")
PG_FUNCTION = "alarm_desk_append_only"


def _at(name: str, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "legal_holds",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("subject_id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        _at("held_from"),
        _at("held_until", nullable=True),
        _at("created_at"),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        _at("released_at", nullable=True),
        sa.Column("released_by", sa.String(length=100), nullable=True),
        sa.Column("release_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_legal_holds_subject_id_subjects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_holds")),
    )
    with op.batch_alter_table("legal_holds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_legal_holds_subject_id"), ["subject_id"], unique=False)
    op.create_table(
        "retention_statistics",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("region", sa.String(length=60), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("metric", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_statistics")),
        sa.UniqueConstraint(
            "region", "month", "metric", "key", name="uq_retention_statistics_cell"
        ),
    )
    op.create_table(
        "retention_counted_orders",
        sa.Column("order_id", sa.String(length=36), nullable=False),
        _at("counted_at"),
        sa.PrimaryKeyConstraint("order_id", name=op.f("pk_retention_counted_orders")),
    )
    op.create_table(
        "provenance_gaps",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("device_identifier", sa.String(length=64), nullable=False),
        sa.Column("first_frame_id", sa.BigInteger(), nullable=False),
        sa.Column("last_frame_id", sa.BigInteger(), nullable=False),
        sa.Column("frame_count", sa.BigInteger(), nullable=False),
        sa.Column("before_hash", sa.String(length=64), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        _at("deleted_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provenance_gaps")),
    )
    with op.batch_alter_table("provenance_gaps", schema=None) as batch_op:
        batch_op.create_index(
            "ix_provenance_gaps_device", ["device_identifier", "first_frame_id"], unique=False
        )

    op.create_table(
        "retention_unlocks",
        sa.Column("id", sa.Integer(), nullable=False),
        _at("at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_unlocks")),
    )
    _unlockable_trails(True)


def _unlockable_trails(unlockable: bool) -> None:
    if op.get_context().dialect.name == "postgresql":
        allow = (
            "IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM retention_unlocks) THEN "
            "RETURN OLD; END IF; "
            if unlockable
            else ""
        )
        op.execute(
            f"CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {allow}RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$"
        )
        return
    for table in DELETABLE_TRAILS:
        op.execute(f"DROP TRIGGER {table}_no_delete")
        when = "WHEN NOT EXISTS (SELECT 1 FROM retention_unlocks) " if unlockable else ""
        op.execute(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} {when}"
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
        )


def downgrade() -> None:
    _unlockable_trails(False)
    op.drop_table("retention_unlocks")
    with op.batch_alter_table("provenance_gaps", schema=None) as batch_op:
        batch_op.drop_index("ix_provenance_gaps_device")
    op.drop_table("provenance_gaps")
    op.drop_table("retention_counted_orders")
    op.drop_table("retention_statistics")
    with op.batch_alter_table("legal_holds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_legal_holds_subject_id"))
    op.drop_table("legal_holds")
