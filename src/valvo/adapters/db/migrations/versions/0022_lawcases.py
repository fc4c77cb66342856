"""lawcases: the abode of a monitoring sentence as a typed record, a private dwelling or a
placement institution with its contact (§2, §4; R29); a case's own visit target (R53); the
register of co-residents and a minor's guardian, trustee or legal representative (R57);
prescription entitlements (R65); orders to attend for a sample (R61)

Revision ID: 0022_lawcases
Revises: 0019_console
Create Date: 2026-12-07 02:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import valvo.adapters.db.types

revision = "0022_lawcases"
down_revision: str | None = "0023_network"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_abodes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("institution_name", sa.String(length=200), nullable=True),
        sa.Column("contact_name", sa.String(length=200), nullable=True),
        sa.Column("contact_phone", sa.String(length=40), nullable=True),
        sa.Column("contact_email", sa.String(length=200), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_case_abodes_case_id", "case_abodes", ["case_id"], unique=False)
    op.create_table(
        "case_visit_targets",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("visits_per_week", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("set_at", valvo.adapters.db.types.UTCDateTime(), nullable=False),
        sa.Column("set_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.PrimaryKeyConstraint("case_id"),
    )
    op.create_table(
        "case_representatives",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_case_representatives_case_id", "case_representatives", ["case_id"], unique=False
    )
    op.create_table(
        "case_prescriptions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("substance", sa.String(length=100), nullable=False),
        sa.Column("prescribed_by", sa.String(length=200), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("document", sa.String(length=200), nullable=True),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_case_prescriptions_case_id", "case_prescriptions", ["case_id"], unique=False
    )
    op.create_table(
        "case_sample_orders",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("place_kind", sa.String(length=30), nullable=False),
        sa.Column("place_name", sa.String(length=200), nullable=False),
        sa.Column("attend_on", sa.Date(), nullable=False),
        sa.Column("attended", sa.Boolean(), nullable=True),
        sa.Column("recorded_at", valvo.adapters.db.types.UTCDateTime(), nullable=True),
        sa.Column("breach_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.ForeignKeyConstraint(["breach_id"], ["case_breaches.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_case_sample_orders_case_id", "case_sample_orders", ["case_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_case_sample_orders_case_id", table_name="case_sample_orders")
    op.drop_table("case_sample_orders")
    op.drop_index("ix_case_prescriptions_case_id", table_name="case_prescriptions")
    op.drop_table("case_prescriptions")
    op.drop_index("ix_case_representatives_case_id", table_name="case_representatives")
    op.drop_table("case_representatives")
    op.drop_table("case_visit_targets")
    op.drop_index("ix_case_abodes_case_id", table_name="case_abodes")
    op.drop_table("case_abodes")
