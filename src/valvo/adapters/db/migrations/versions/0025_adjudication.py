"""adjudication: every decision on a breach (counted, reasonable excuse, authorised absence)
kept with who decided, when and why; officers' key fobs registered to supervisors (R39); visits
a device reported carry the device, the fob and the officer's departure (R39, R40)

Revision ID: 0025_adjudication
Revises: 0022_lawcases
Create Date: 2026-12-07 05:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import valvo.adapters.db.types

revision = "0025_adjudication"
down_revision: str | None = "0022_lawcases"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_breach_adjudications",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("breach_id", sa.String(length=36), nullable=False),
        sa.Column("outcome", sa.String(length=30), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("decided_by", sa.String(length=100), nullable=False),
        sa.Column("decided_at", valvo.adapters.db.types.UTCDateTime(), nullable=False),
        sa.Column("supersedes", sa.String(length=36), nullable=True),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.ForeignKeyConstraint(["breach_id"], ["case_breaches.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_case_breach_adjudications_case_id", "case_breach_adjudications", ["case_id"]
    )
    op.create_index(
        "ix_case_breach_adjudications_breach_id", "case_breach_adjudications", ["breach_id"]
    )
    op.create_table(
        "officer_fobs",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("fob", sa.String(length=64), nullable=False),
        sa.Column("supervisor_id", sa.String(length=36), nullable=False),
        sa.Column("region", sa.String(length=60), nullable=False),
        sa.Column("retired_at", valvo.adapters.db.types.UTCDateTime(), nullable=True),
        sa.Column("retired_by", sa.String(length=100), nullable=True),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["supervisor_id"], ["supervisors.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_officer_fobs_fob", "officer_fobs", ["fob"])
    with op.batch_alter_table("case_visits") as batch:
        batch.add_column(sa.Column("device_id", sa.String(length=36), nullable=True))
        batch.add_column(sa.Column("fob", sa.String(length=64), nullable=True))
        batch.add_column(
            sa.Column("departed_at", valvo.adapters.db.types.UTCDateTime(), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("case_visits") as batch:
        batch.drop_column("departed_at")
        batch.drop_column("fob")
        batch.drop_column("device_id")
    op.drop_index("ix_officer_fobs_fob", table_name="officer_fobs")
    op.drop_table("officer_fobs")
    op.drop_index("ix_case_breach_adjudications_breach_id", table_name="case_breach_adjudications")
    op.drop_index("ix_case_breach_adjudications_case_id", table_name="case_breach_adjudications")
    op.drop_table("case_breach_adjudications")
