"""acting on the person from an alarm (issue 20 item 5): the person's phone numbers and the
device commands sent through the gateway with their acknowledgement

Revision ID: 0025_acting
Revises: 0025_person
Create Date: 2026-12-07 05:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from valvo.adapters.db.types import UTCDateTime

revision = "0025_acting"
down_revision: str | None = "0025_person"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "subject_phones",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("subject_id", sa.String(length=36), sa.ForeignKey("subjects.id"), nullable=False),
        sa.Column("label", sa.String(length=20), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("added_at", UTCDateTime(), nullable=False),
        sa.Column("added_by", sa.String(length=100), nullable=False),
        sa.Column("ended_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_subject_phones_subject_id", "subject_phones", ["subject_id"])
    op.create_table(
        "device_commands",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("device_id", sa.String(length=36), sa.ForeignKey("devices.id"), nullable=False),
        sa.Column("device_identifier", sa.String(length=64), nullable=False),
        sa.Column("protocol", sa.String(length=30), nullable=False),
        sa.Column("subject_id", sa.String(length=36), sa.ForeignKey("subjects.id"), nullable=False),
        sa.Column("alarm_id", sa.String(length=36), sa.ForeignKey("alarms.id"), nullable=True),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("requested_at", UTCDateTime(), nullable=False),
        sa.Column("requested_by", sa.String(length=100), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("serial", sa.Integer(), nullable=True),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("answered_at", UTCDateTime(), nullable=True),
        sa.Column("reply", sa.Text(), nullable=True),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
    )
    op.create_index("ix_device_commands_subject_id", "device_commands", ["subject_id"])
    op.create_index("ix_device_commands_alarm_id", "device_commands", ["alarm_id"])
    op.create_index("ix_device_commands_due", "device_commands", ["status", "device_identifier"])


def downgrade() -> None:
    op.drop_index("ix_device_commands_due", table_name="device_commands")
    op.drop_index("ix_device_commands_alarm_id", table_name="device_commands")
    op.drop_index("ix_device_commands_subject_id", table_name="device_commands")
    op.drop_table("device_commands")
    op.drop_index("ix_subject_phones_subject_id", table_name="subject_phones")
    op.drop_table("subject_phones")
