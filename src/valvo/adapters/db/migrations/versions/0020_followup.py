"""follow-up: the pilot flag on cases (R143), travel distance and time of visits (R137)

Revision ID: 0020_followup
Revises: 0018_casework
Create Date: 2026-12-06 23:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020_followup"
down_revision: str | None = "0018_casework"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(
            sa.Column("pilot", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("case_visits") as batch:
        batch.add_column(sa.Column("travel_km", sa.Float(), nullable=True))
        batch.add_column(sa.Column("travel_minutes", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("case_visits") as batch:
        batch.drop_column("travel_minutes")
        batch.drop_column("travel_km")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("pilot")
