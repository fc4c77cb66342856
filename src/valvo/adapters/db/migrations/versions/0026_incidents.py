"""incidents: each alarm's incident (the id of its incident's first alarm; every alarm stored
before is its own incident) and the incidents' owners

Revision ID: 0026_incidents
Revises: 0025_acting
Create Date: 2026-12-07 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import valvo.adapters.db.types

revision = "0026_incidents"
down_revision: str | None = "0025_acting"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("alarms", sa.Column("incident_id", sa.String(length=36), nullable=True))
    op.execute("UPDATE alarms SET incident_id = id")
    op.create_index("ix_alarms_incident_id", "alarms", ["incident_id"])
    op.create_table(
        "incidents",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("subject_id", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=100), nullable=True),
        sa.Column("owned_at", valvo.adapters.db.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["subject_id"], ["subjects.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_incidents_subject_id", "incidents", ["subject_id"])


def downgrade() -> None:
    op.drop_index("ix_incidents_subject_id", table_name="incidents")
    op.drop_table("incidents")
    op.drop_index("ix_alarms_incident_id", table_name="alarms")
    op.drop_column("alarms", "incident_id")
