"""crime matching: batches of crimes, their versions, matching runs and matches

Revision ID: 0016_crimes
Revises: 0020_followup
Create Date: 2026-12-06 23:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from valvo.adapters.db.metadata import BigId
from valvo.adapters.db.types import UTCDateTime

revision = "0016_crimes"
down_revision: str | None = "0020_followup"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "crime_batches",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("scope_key", sa.String(60), nullable=False, index=True),
        sa.Column("submitted_by", sa.String(100), nullable=False),
        sa.Column("submitted_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("outcome", sa.String(10), nullable=False),
        sa.Column("rows_total", sa.Integer, nullable=False),
        sa.Column("rows_accepted", sa.Integer, nullable=False),
        sa.Column("errors", sa.JSON, nullable=False),
    )
    op.create_table(
        "crimes",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("scope_key", sa.String(60), nullable=False),
        sa.Column("reference", sa.String(60), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column(
            "batch_id",
            sa.String(36),
            sa.ForeignKey("crime_batches.id"),
            nullable=False,
            index=True,
        ),
        sa.Column("row", sa.Integer, nullable=False),
        sa.Column("reporting_unit", sa.String(120), nullable=False),
        sa.Column("crime_type", sa.String(30), nullable=False),
        sa.Column("start", UTCDateTime(timezone=True), nullable=False),
        sa.Column("end", UTCDateTime(timezone=True), nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("crs", sa.String(20), nullable=False),
        sa.Column("given_x", sa.Float, nullable=False),
        sa.Column("given_y", sa.Float, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("changed", sa.JSON, nullable=False),
        sa.UniqueConstraint(
            "scope_key", "reference", "version", name="uq_crimes_reference_version"
        ),
    )
    op.create_table(
        "crime_runs",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("scope_key", sa.String(60), nullable=False, index=True),
        sa.Column(
            "batch_id",
            sa.String(36),
            sa.ForeignKey("crime_batches.id"),
            nullable=False,
            index=True,
        ),
        sa.Column("run_by", sa.String(100), nullable=False),
        sa.Column("run_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("purpose", sa.Text, nullable=False),
        sa.Column("legal_basis", sa.String(40), nullable=False),
        sa.Column("radius_m", sa.Float, nullable=False),
        sa.Column("tolerance_s", sa.Integer, nullable=False),
        sa.Column("algorithm_version", sa.String(40), nullable=False),
        sa.Column("parameters", sa.JSON, nullable=False),
        sa.Column("crimes_count", sa.Integer, nullable=False),
        sa.Column("matches_count", sa.Integer, nullable=False),
        sa.Column("result_digest", sa.String(64), nullable=False),
    )
    op.create_table(
        "crime_matches",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.String(36), sa.ForeignKey("crime_runs.id"), nullable=False),
        sa.Column("crime_id", sa.String(36), sa.ForeignKey("crimes.id"), nullable=False),
        sa.Column("subject_id", sa.String(36), nullable=False),
        sa.Column("confidence", sa.String(10), nullable=False),
        sa.Column("basis", sa.String(10), nullable=False),
        sa.Column("distance_m", sa.Float, nullable=False),
        sa.Column("positions", sa.JSON, nullable=False),
        sa.Column("positions_total", sa.BigInteger, nullable=False),
        sa.Column("gap", sa.JSON, nullable=False),
    )
    op.create_index("ix_crime_matches_run", "crime_matches", ["run_id", "crime_id"])


def downgrade() -> None:
    op.drop_index("ix_crime_matches_run", table_name="crime_matches")
    for table in ("crime_matches", "crime_runs", "crimes", "crime_batches"):
        op.drop_table(table)
