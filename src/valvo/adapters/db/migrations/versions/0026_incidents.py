"""incidents: each alarm's incident (the id of its incident's first alarm; every alarm stored
before is its own incident), the incidents' owners, and the incident window written into every
stored threshold revision (60 minutes: the value each already took by default)

Revision ID: 0026_incidents
Revises: 0026_stock
Create Date: 2026-12-07 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import valvo.adapters.db.types

revision = "0026_incidents"
down_revision: str | None = "0026_stock"
branch_labels = None
depends_on = None


# The incident window every revision stored before this migration takes (Thresholds' default
# then), frozen here so the value written never follows a later change of the code's default.
INCIDENT_WINDOW_S = 3600.0


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
    revisions = sa.table(
        "threshold_revisions", sa.column("id", sa.Integer()), sa.column("thresholds", sa.JSON())
    )
    bind = op.get_bind()
    for row in bind.execute(sa.select(revisions.c.id, revisions.c.thresholds)).all():
        values = dict(row.thresholds or {})
        if "incident_window" not in values:
            values["incident_window"] = INCIDENT_WINDOW_S
            bind.execute(
                sa.update(revisions).where(revisions.c.id == row.id).values(thresholds=values)
            )


def downgrade() -> None:
    revisions = sa.table(
        "threshold_revisions", sa.column("id", sa.Integer()), sa.column("thresholds", sa.JSON())
    )
    bind = op.get_bind()
    for row in bind.execute(sa.select(revisions.c.id, revisions.c.thresholds)).all():
        values = dict(row.thresholds or {})
        if values.pop("incident_window", None) is not None:  # unknown to the code before
            bind.execute(
                sa.update(revisions).where(revisions.c.id == row.id).values(thresholds=values)
            )
    op.drop_index("ix_incidents_subject_id", table_name="incidents")
    op.drop_table("incidents")
    op.drop_index("ix_alarms_incident_id", table_name="alarms")
    op.drop_column("alarms", "incident_id")
