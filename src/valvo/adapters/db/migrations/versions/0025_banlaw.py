"""banlaw: the travel ban's authority and hearings (PKL 2:6, 2:8, 2:16; R110, R112, R120):
the stage at which the ban was decided, when the prosecutor was notified and whether they took
the decision over or demanded it, how the court heard the suspect, and a convicted person's ban

Revision ID: 0025_banlaw
Revises: 0025_adjudication
Create Date: 2026-12-07 05:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import valvo.adapters.db.types

revision = "0025_banlaw"
down_revision: str | None = "0025_adjudication"
branch_labels = None
depends_on = None

_FLAGS = ("prosecutor_took_over", "prosecutor_demanded")


def upgrade() -> None:
    with op.batch_alter_table("travel_bans") as batch:
        batch.add_column(sa.Column("decision_stage", sa.String(length=20), nullable=True))
        batch.add_column(
            sa.Column(
                "prosecutor_notified_at", valvo.adapters.db.types.UTCDateTime(), nullable=True
            )
        )
        for flag in _FLAGS:
            batch.add_column(
                sa.Column(flag, sa.Boolean(), nullable=False, server_default=sa.false())
            )
        batch.add_column(sa.Column("court_hearing", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("sentence_kind", sa.String(length=30), nullable=True))
        batch.add_column(
            sa.Column("convicted_at", valvo.adapters.db.types.UTCDateTime(), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("travel_bans") as batch:
        for name in (
            "convicted_at",
            "sentence_kind",
            "court_hearing",
            *_FLAGS,
            "prosecutor_notified_at",
            "decision_stage",
        ):
            batch.drop_column(name)
