"""The person's network, the two requirements left (issue 21): the fine-defaulter /
short-term pre-enforcement case (S43) and VTH consultations in the preparation phase (S35).

Revision ID: 0026_preenforcement
Revises: 0025_acting
Create Date: 2026-12-07 16:30:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from valvo.adapters.db.types import UTCDateTime

revision = "0026_preenforcement"
down_revision: str | None = "0025_acting"
branch_labels = None
depends_on = None

# table → its own columns (besides id, subject_id, data and the times)
TABLES: dict[str, list[sa.Column[Any]]] = {
    "network_pre_enforcement": [
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("sanction", sa.String(length=40), nullable=False),
    ],
    "network_vth_consultations": [
        sa.Column("requested_on", sa.Date(), nullable=False),
    ],
}


def upgrade() -> None:
    for name, columns in TABLES.items():
        op.create_table(
            name,
            sa.Column("id", sa.String(length=36), nullable=False),
            sa.Column("subject_id", sa.String(length=36), nullable=False),
            *columns,
            sa.Column("data", sa.JSON(), nullable=False),
            sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
            sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
            sa.ForeignKeyConstraint(
                ["subject_id"],
                ["subjects.id"],
                name=op.f(f"fk_{name}_subject_id_subjects"),
            ),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        )
        op.create_index(op.f(f"ix_{name}_subject_id"), name, ["subject_id"])


def downgrade() -> None:
    for name in reversed(TABLES):
        op.drop_index(op.f(f"ix_{name}_subject_id"), table_name=name)
        op.drop_table(name)
