"""the pilot flag of units (issue 17; R143): a region joins or leaves the pilot from a date

Revision ID: 0026_pilot_units
Revises: 0026_preenforcement
Create Date: 2026-12-07 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from valvo.adapters.db.types import UTCDateTime

revision = "0026_pilot_units"
down_revision: str | None = "0026_preenforcement"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "unit_pilots",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("region", sa.String(length=60), nullable=False),
        sa.Column("pilot", sa.Boolean(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("set_at", UTCDateTime(), nullable=False),
        sa.Column("set_by", sa.String(length=100), nullable=False),
    )
    op.create_index("ix_unit_pilots_region", "unit_pilots", ["region", "valid_from"])


def downgrade() -> None:
    op.drop_index("ix_unit_pilots_region", table_name="unit_pilots")
    op.drop_table("unit_pilots")
