"""The operators' console: what tells people apart and what they are searched by (birth date,
personal identity code, case number), and the board's live-status summary beside each
person's engine state (domain/rules/status.py), backfilled from the stored states.

Revision ID: 0019_console
Revises: 0016_crimes
Create Date: 2026-12-06 23:30:00
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

from valvo.adapters.db.types import UTCDateTime
from valvo.domain.rules.status import summarise

revision = "0019_console"
down_revision: str | None = "0016_crimes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("subjects") as batch:
        batch.add_column(sa.Column("birth_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("identity_code", sa.String(length=11), nullable=True))
        batch.add_column(sa.Column("case_number", sa.String(length=40), nullable=True))
        batch.create_index("ix_subjects_name", ["name"])
        batch.create_index("ix_subjects_identity_code", ["identity_code"])
        batch.create_index("ix_subjects_case_number", ["case_number"])
    with op.batch_alter_table("subject_states") as batch:
        batch.add_column(sa.Column("last_seen", UTCDateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("in_breach", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(
            sa.Column("silent_devices", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(
            sa.Column("low_battery", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("battery_pct", sa.Float(), nullable=True))
        batch.create_index("ix_subject_states_last_seen", ["last_seen"])
    _backfill()


def _backfill() -> None:
    conn = op.get_bind()
    states = sa.table(
        "subject_states",
        sa.column("subject_id", sa.String()),
        sa.column("state", sa.JSON()),
        sa.column("last_seen", UTCDateTime(timezone=True)),
        sa.column("in_breach", sa.Boolean()),
        sa.column("silent_devices", sa.Integer()),
        sa.column("low_battery", sa.Boolean()),
        sa.column("battery_pct", sa.Float()),
    )
    for subject_id, state in conn.execute(sa.select(states.c.subject_id, states.c.state)).all():
        data: dict[str, Any] = json.loads(state) if isinstance(state, str) else state
        conn.execute(
            states.update()
            .where(states.c.subject_id == subject_id)
            .values(**summarise(data).columns())
        )


def downgrade() -> None:
    with op.batch_alter_table("subject_states") as batch:
        batch.drop_index("ix_subject_states_last_seen")
        for column in ("battery_pct", "low_battery", "silent_devices", "in_breach", "last_seen"):
            batch.drop_column(column)
    with op.batch_alter_table("subjects") as batch:
        batch.drop_index("ix_subjects_case_number")
        batch.drop_index("ix_subjects_identity_code")
        batch.drop_index("ix_subjects_name")
        for column in ("case_number", "identity_code", "birth_date"):
            batch.drop_column(column)
