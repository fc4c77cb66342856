"""restricted people and cases (issue 15 item 5): the markings that hide a person and their
cases from everyone without restricted:access

Revision ID: 0024_restricted
Revises: 0019_console
Create Date: 2026-12-07 02:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from valvo.adapters.db.types import UTCDateTime

revision = "0024_restricted"
down_revision: str | None = "0021_victims"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "restrictions",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("subject_id", sa.String(length=36), sa.ForeignKey("subjects.id"), nullable=False),
        sa.Column("case_id", sa.String(length=36), sa.ForeignKey("cases.id"), nullable=True),
        sa.Column("reason", sa.String(length=30), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("marked_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("marked_by", sa.String(length=100), nullable=False),
        sa.Column("lifted_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("lifted_by", sa.String(length=100), nullable=True),
    )
    op.create_index("ix_restrictions_subject_id", "restrictions", ["subject_id"])
    op.create_index("ix_restrictions_case_id", "restrictions", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_restrictions_case_id", table_name="restrictions")
    op.drop_index("ix_restrictions_subject_id", table_name="restrictions")
    op.drop_table("restrictions")
