"""cases: the case number documents carry (VR-2026-00017), given to existing cases in the
order they were opened

Revision ID: 0018_casework
Revises: 0015_scope
Create Date: 2026-12-06 23:30:00
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "0018_casework"
down_revision: str | None = "0015_scope"
branch_labels = None
depends_on = None

_PREFIX = {"monitoring_sentence": "VR", "travel_ban": "MK"}


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("number", sa.String(length=30), nullable=True))
        batch.create_unique_constraint("uq_cases_number", ["number"])
    cases = sa.table(
        "cases",
        sa.column("id", sa.String),
        sa.column("type", sa.String),
        sa.column("timezone", sa.String),
        sa.column("created_at", sa.DateTime),
        sa.column("number", sa.String),
    )
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(cases.c.id, cases.c.type, cases.c.timezone, cases.c.created_at).order_by(
            cases.c.created_at, cases.c.id
        )
    ).all()
    counters: dict[str, int] = {}
    for case_id, case_type, timezone, created_at in rows:
        at = created_at if created_at.tzinfo else created_at.replace(tzinfo=UTC)
        year = datetime.fromtimestamp(at.timestamp(), ZoneInfo(timezone)).year
        prefix = f"{_PREFIX.get(case_type, 'AS')}-{year}-"
        counters[prefix] = counters.get(prefix, 0) + 1
        number = f"{prefix}{counters[prefix]:05d}"
        conn.execute(sa.update(cases).where(cases.c.id == case_id).values(number=number))


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_constraint("uq_cases_number", type_="unique")
        batch.drop_column("number")
