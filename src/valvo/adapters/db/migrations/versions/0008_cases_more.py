"""cases more: the wanted notice (§13), combined sentences (§20), travel-cost claims (§22),
supervision contacts (§10) and the intoxication-observation form (§11.2)

Revision ID: 0008_cases_more
Revises: 0005_partners
Create Date: 2026-11-22 20:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import valvo.adapters.db.types

revision = "0008_cases_more"
down_revision: str | None = "0007_retention"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_wanted_notices",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("not_found_since", sa.Date(), nullable=False),
        sa.Column("search_steps", sa.Text(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("issued_by", sa.String(length=200), nullable=False),
        sa.Column("contact_by", sa.Date(), nullable=False),
        sa.Column("contacted_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("breach_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.ForeignKeyConstraint(["breach_id"], ["case_breaches.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_case_wanted_notices_case_id", "case_wanted_notices", ["case_id"], unique=False
    )
    op.create_table(
        "case_joined_sentences",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("length_days", sa.Integer(), nullable=False),
        sa.Column("sentenced_on", sa.Date(), nullable=False),
        sa.Column("court", sa.String(length=200), nullable=False),
        sa.Column("length_before_days", sa.Integer(), nullable=False),
        sa.Column("total_days", sa.Integer(), nullable=False),
        sa.Column("cap_days", sa.Integer(), nullable=False),
        sa.Column("combined_days", sa.Integer(), nullable=False),
        sa.Column("capped", sa.Boolean(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_case_joined_sentences_case_id", "case_joined_sentences", ["case_id"], unique=False
    )
    op.create_table(
        "case_travel_claims",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("trip_on", sa.Date(), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("route", sa.Text(), nullable=False),
        sa.Column("fare_basis", sa.Text(), nullable=False),
        sa.Column("cheapest_fare_cents", sa.Integer(), nullable=False),
        sa.Column("claimed_cents", sa.Integer(), nullable=False),
        sa.Column("ground", sa.String(length=20), nullable=True),
        sa.Column("justification", sa.Text(), nullable=True),
        sa.Column("approved", sa.Boolean(), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_case_travel_claims_case_id", "case_travel_claims", ["case_id"], unique=False
    )
    op.create_table(
        "case_contacts",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("contacted_at", valvo.adapters.db.types.UTCDateTime(), nullable=False),
        sa.Column("counterpart", sa.String(length=200), nullable=False),
        sa.Column("contacted_by", sa.String(length=100), nullable=False),
        sa.Column("announced", sa.Boolean(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_case_contacts_case_id", "case_contacts", ["case_id"], unique=False)
    op.create_table(
        "case_intoxication_observations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("observed_at", valvo.adapters.db.types.UTCDateTime(), nullable=False),
        sa.Column("occasion", sa.String(length=30), nullable=False),
        sa.Column("place", sa.Text(), nullable=False),
        sa.Column("observer", sa.String(length=200), nullable=False),
        sa.Column("signs", sa.JSON(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("convict_statement", sa.Text(), nullable=True),
        sa.Column("test_ordered", sa.String(length=20), nullable=False),
        sa.Column("visit_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.ForeignKeyConstraint(["visit_id"], ["case_visits.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_case_intoxication_observations_case_id",
        "case_intoxication_observations",
        ["case_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_table("case_intoxication_observations")
    op.drop_table("case_contacts")
    op.drop_table("case_travel_claims")
    op.drop_table("case_joined_sentences")
    op.drop_table("case_wanted_notices")
