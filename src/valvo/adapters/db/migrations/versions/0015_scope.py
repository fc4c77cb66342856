"""devices: the region whose pool an unassigned device belongs to

Revision ID: 0015_scope
Revises: 0014_tamper
Create Date: 2026-12-06 20:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_scope"
down_revision: str | None = "0014_tamper"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("region", sa.String(length=60), nullable=True))
        batch.create_index("ix_devices_region", ["region"])


def downgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.drop_index("ix_devices_region")
        batch.drop_column("region")
