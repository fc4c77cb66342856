"""cases changes: a travel ban's content or duration changed (PKL 2:12), versioned; police
assistance on a refused visit (§21)

Revision ID: 0011_cases_changes
Revises: 0010_partners_more
Create Date: 2026-11-22 21:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import valvo.adapters.db.types

revision = "0011_cases_changes"
down_revision: str | None = "0010_partners_more"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "travel_ban_changes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("changed_at", valvo.adapters.db.types.UTCDateTime(), nullable=False),
        sa.Column("decided_by", sa.String(length=20), nullable=False),
        sa.Column("reason_kind", sa.String(length=30), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("demanded_by_suspect", sa.Boolean(), nullable=False),
        sa.Column("heard_at", valvo.adapters.db.types.UTCDateTime(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_travel_ban_changes_case_id", "travel_ban_changes", ["case_id"], unique=False
    )

    op.create_table(
        "case_police_assistance",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("visit_id", sa.String(length=36), nullable=False),
        sa.Column("requested_at", valvo.adapters.db.types.UTCDateTime(), nullable=False),
        sa.Column("requested_by", sa.String(length=200), nullable=False),
        sa.Column("police_unit", sa.String(length=200), nullable=False),
        sa.Column("request_details", sa.Text(), nullable=True),
        sa.Column("responded_at", valvo.adapters.db.types.UTCDateTime(), nullable=True),
        sa.Column("response", sa.String(length=20), nullable=True),
        sa.Column("entry_gained", sa.Boolean(), nullable=True),
        sa.Column("response_details", sa.Text(), nullable=True),
        sa.Column("responded_officer", sa.String(length=200), nullable=True),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.ForeignKeyConstraint(["visit_id"], ["case_visits.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_case_police_assistance_case_id", "case_police_assistance", ["case_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_case_police_assistance_case_id", table_name="case_police_assistance")
    op.drop_table("case_police_assistance")
    op.drop_index("ix_travel_ban_changes_case_id", table_name="travel_ban_changes")
    op.drop_table("travel_ban_changes")
