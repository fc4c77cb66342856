"""Victims and their protection zones (R139), restraining orders (R140), zones with a period
of validity (R116) and an RF home unit's configured range (R34).

Revision ID: 0021_victims
Revises: 0019_console
Create Date: 2026-12-07 02:30:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from valvo.adapters.db.types import UTCDateTime

revision = "0021_victims"
down_revision: str | None = "0019_console"
branch_labels = None
depends_on = None


def _created() -> list[sa.Column[Any]]:
    return [
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
    ]


def upgrade() -> None:
    with op.batch_alter_table("zones") as batch:
        batch.add_column(sa.Column("valid_from", UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("valid_to", UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("rf_range_m", sa.Float(), nullable=True))
    op.create_table(
        "victims",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("case_id", sa.String(length=36), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("subject_id", sa.String(length=36), sa.ForeignKey("subjects.id"), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("contact_person", sa.String(length=200), nullable=True),
        sa.Column("contact_channel", sa.String(length=300), nullable=True),
        sa.Column("notify_opt_in", sa.Boolean(), nullable=False),
        sa.Column("zone", sa.JSON(), nullable=False),
        sa.Column("buffer_m", sa.Float(), nullable=False),
        sa.Column("valid_from", UTCDateTime(timezone=True), nullable=True),
        sa.Column("valid_to", UTCDateTime(timezone=True), nullable=True),
        *_created(),
    )
    op.create_index("ix_victims_case_id", "victims", ["case_id"])
    op.create_index("ix_victims_subject_id", "victims", ["subject_id"])
    op.create_table(
        "restraining_orders",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("case_id", sa.String(length=36), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("subject_id", sa.String(length=36), sa.ForeignKey("subjects.id"), nullable=False),
        sa.Column("victim_id", sa.String(length=36), sa.ForeignKey("victims.id"), nullable=True),
        sa.Column("court", sa.String(length=200), nullable=False),
        sa.Column("decided_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("valid_from", UTCDateTime(timezone=True), nullable=False),
        sa.Column("valid_to", UTCDateTime(timezone=True), nullable=True),
        sa.Column("terms", sa.Text(), nullable=False),
        *_created(),
    )
    op.create_index("ix_restraining_orders_case_id", "restraining_orders", ["case_id"])
    op.create_index("ix_restraining_orders_subject_id", "restraining_orders", ["subject_id"])


def downgrade() -> None:
    op.drop_index("ix_restraining_orders_subject_id", "restraining_orders")
    op.drop_index("ix_restraining_orders_case_id", "restraining_orders")
    op.drop_table("restraining_orders")
    op.drop_index("ix_victims_subject_id", "victims")
    op.drop_index("ix_victims_case_id", "victims")
    op.drop_table("victims")
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("rf_range_m")
    with op.batch_alter_table("zones") as batch:
        batch.drop_column("valid_to")
        batch.drop_column("valid_from")
