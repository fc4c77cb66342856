"""identity checks of phone monitoring (R38) and sweat patches (R67): each case's
configuration, the checks worked with their outcome, the patches applied and removed with
their laboratory draw

Revision ID: 0026_identity_patches
Revises: 0026_pilot_units
Create Date: 2026-12-07 16:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import valvo.adapters.db.types

revision = "0026_identity_patches"
down_revision: str | None = "0026_pilot_units"
branch_labels = None
depends_on = None


def _case_columns() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
    ]


def _instant(name: str, nullable: bool) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, valvo.adapters.db.types.UTCDateTime(), nullable=nullable)


def _created() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        _instant("created_at", False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "case_identity_configs",
        *_case_columns(),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("methods", sa.JSON(), nullable=False),
        sa.Column("random_per_day", sa.Integer(), nullable=False),
        sa.Column("at_presence_start", sa.Boolean(), nullable=False),
        sa.Column("seed", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        *_created(),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_case_identity_configs_case_id", "case_identity_configs", ["case_id"])
    op.create_table(
        "case_identity_checks",
        *_case_columns(),
        sa.Column("config_id", sa.String(length=36), nullable=True),
        sa.Column("trigger", sa.String(length=20), nullable=False),
        _instant("due_at", False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("knows_voice", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        _instant("performed_at", False),
        sa.Column("performed_by", sa.String(length=100), nullable=False),
        sa.Column("alarm_id", sa.String(length=36), nullable=True),
        *_created(),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.ForeignKeyConstraint(["config_id"], ["case_identity_configs.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "trigger", "due_at", name="uq_case_identity_checks_due"),
    )
    op.create_index("ix_case_identity_checks_case_id", "case_identity_checks", ["case_id"])
    op.create_table(
        "case_patch_configs",
        *_case_columns(),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("change_days", sa.Integer(), nullable=False),
        sa.Column("lab_percent", sa.Integer(), nullable=False),
        sa.Column("seed", sa.String(length=64), nullable=False),
        *_created(),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_case_patch_configs_case_id", "case_patch_configs", ["case_id"])
    op.create_table(
        "case_sweat_patches",
        *_case_columns(),
        sa.Column("code", sa.String(length=60), nullable=False),
        _instant("applied_at", False),
        sa.Column("applied_by", sa.String(length=200), nullable=False),
        _instant("change_due_at", False),
        sa.Column("config_id", sa.String(length=36), nullable=True),
        _instant("removed_at", True),
        sa.Column("removed_by", sa.String(length=200), nullable=True),
        sa.Column("removal", sa.String(length=10), nullable=True),
        sa.Column("draw_value", sa.Integer(), nullable=True),
        sa.Column("draw_percent", sa.Integer(), nullable=True),
        sa.Column("selected", sa.Boolean(), nullable=True),
        sa.Column("test_id", sa.String(length=36), nullable=True),
        sa.Column("breach_id", sa.String(length=36), nullable=True),
        *_created(),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.ForeignKeyConstraint(["config_id"], ["case_patch_configs.id"]),
        sa.ForeignKeyConstraint(["test_id"], ["case_substance_tests.id"]),
        sa.ForeignKeyConstraint(["breach_id"], ["case_breaches.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_case_sweat_patches_case_id", "case_sweat_patches", ["case_id"])


def downgrade() -> None:
    for table in (
        "case_sweat_patches",
        "case_patch_configs",
        "case_identity_checks",
        "case_identity_configs",
    ):
        op.drop_index(f"ix_{table}_case_id", table_name=table)
        op.drop_table(table)
