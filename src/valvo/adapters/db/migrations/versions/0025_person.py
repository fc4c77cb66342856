"""person: the monitored person's own login linked to one subject; device instructions given
or refused and acknowledged (R48, R114); messages between supervisor and person with read
receipts; problems the person reports

Revision ID: 0025_person
Revises: 0025_noise
Create Date: 2026-12-07 05:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import valvo.adapters.db.types

revision = "0025_person"
down_revision: str | None = "0025_noise"
branch_labels = None
depends_on = None


def _case_columns() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
    ]


def _created() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "person_logins",
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("subject_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["subject_id"], ["subjects.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("user_id"),
    )
    op.create_index("ix_person_logins_subject_id", "person_logins", ["subject_id"])
    op.create_table(
        "case_device_instructions",
        *_case_columns(),
        sa.Column("device_kind", sa.String(length=30), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("text_version", sa.String(length=60), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("given_by", sa.String(length=200), nullable=False),
        sa.Column("given_at", valvo.adapters.db.types.UTCDateTime(), nullable=False),
        sa.Column("acknowledged_at", valvo.adapters.db.types.UTCDateTime(), nullable=True),
        sa.Column("breach_id", sa.String(length=36), nullable=True),
        *_created(),
        sa.ForeignKeyConstraint(["breach_id"], ["case_breaches.id"]),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_case_device_instructions_case_id", "case_device_instructions", ["case_id"])
    op.create_table(
        "case_person_messages",
        *_case_columns(),
        sa.Column("direction", sa.String(length=12), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("read_at", valvo.adapters.db.types.UTCDateTime(), nullable=True),
        *_created(),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_case_person_messages_case_id", "case_person_messages", ["case_id"])
    op.create_table(
        "case_person_reports",
        *_case_columns(),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("handled_at", valvo.adapters.db.types.UTCDateTime(), nullable=True),
        sa.Column("handled_by", sa.String(length=100), nullable=True),
        sa.Column("handled_note", sa.Text(), nullable=True),
        *_created(),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_case_person_reports_case_id", "case_person_reports", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_case_person_reports_case_id", table_name="case_person_reports")
    op.drop_table("case_person_reports")
    op.drop_index("ix_case_person_messages_case_id", table_name="case_person_messages")
    op.drop_table("case_person_messages")
    op.drop_index("ix_case_device_instructions_case_id", table_name="case_device_instructions")
    op.drop_table("case_device_instructions")
    op.drop_index("ix_person_logins_subject_id", table_name="person_logins")
    op.drop_table("person_logins")
