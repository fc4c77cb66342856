"""keyed evidence: seals on positions, observations, the alarm trail and the audit chain, and
their heads

Revision ID: 0014_tamper
Revises: 0013_log_partitions
Create Date: 2026-11-29 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_tamper"
down_revision: str | None = "0013_log_partitions"
branch_labels = None
depends_on = None

SEALED = (("positions", 32), ("observations", 32), ("alarm_events", 32), ("audit_records", 64))


def upgrade() -> None:
    op.create_table(
        "evidence_heads",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("tallies", sa.JSON(), nullable=False),
        sa.Column("mac", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_evidence_heads")),
    )
    for table, width in SEALED:
        # A plain ADD COLUMN (no table rebuild): on PostgreSQL it reaches every partition.
        op.add_column(table, sa.Column("mac", sa.String(length=width), nullable=True))


def downgrade() -> None:
    for table, _ in SEALED:
        # A plain DROP COLUMN (SQLite >= 3.35): a batch rebuild would lose the trail's triggers.
        op.drop_column(table, "mac")
    op.drop_table("evidence_heads")
