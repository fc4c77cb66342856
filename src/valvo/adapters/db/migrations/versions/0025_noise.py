"""noise: versioned threshold sets per order type (draft, then published with the instant it
takes effect), each order type's revision 1 seeded with the values the rules used until now,
and the revision each alarm ran under

Revision ID: 0025_noise
Revises: 0025_banlaw
Create Date: 2026-12-07 05:40:00
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import valvo.adapters.db.types

revision = "0025_noise"
down_revision: str | None = "0025_banlaw"
branch_labels = None
depends_on = None

# The values hard-coded in the rules before this migration (Thresholds' defaults then), frozen
# here so the seed never follows a later change of the code's defaults.
DEFAULTS = {
    "confidence": 0.95,
    "inclusion_confirm_fixes": 3,
    "exclusion_confirm_fixes": 1,
    "inclusion_confirm_after": 180.0,
    "single_fix_confidence": 0.999875,
    "presence_grace": 300.0,
    "low_battery_pct": 15.0,
    "battery_recovered_pct": 25.0,
    "max_clock_ahead": 300.0,
    "no_location_after": 600.0,
    "sparse_gap": 120.0,
    "alcohol_limit_mg_l": 0.05,
    "identity_min_score": 0.8,
    "flap_window": 1800.0,
}
ORDER_TYPES = ("monitoring_sentence", "travel_ban", "pretrial_monitoring")
SINCE = datetime(2000, 1, 1, tzinfo=UTC)


def upgrade() -> None:
    table = op.create_table(
        "threshold_revisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("order_type", sa.String(length=40), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("thresholds", sa.JSON(), nullable=False),
        sa.Column("effective_from", valvo.adapters.db.types.UTCDateTime(), nullable=True),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("published_at", valvo.adapters.db.types.UTCDateTime(), nullable=True),
        sa.Column("published_by", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ux_threshold_revisions_number",
        "threshold_revisions",
        ["order_type", "number"],
        unique=True,
    )
    assert table is not None
    op.bulk_insert(
        table,
        [
            {
                "order_type": order_type,
                "number": 1,
                "status": "published",
                "thresholds": DEFAULTS,
                "effective_from": SINCE,
                "note": "The values in force before versioned thresholds.",
                "created_at": SINCE,
                "created_by": "system",
                "updated_at": SINCE,
                "updated_by": "system",
                "published_at": SINCE,
                "published_by": "system",
            }
            for order_type in ORDER_TYPES
        ],
    )
    op.add_column("alarms", sa.Column("threshold_revision", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("alarms", "threshold_revision")
    op.drop_index("ux_threshold_revisions_number", table_name="threshold_revisions")
    op.drop_table("threshold_revisions")
