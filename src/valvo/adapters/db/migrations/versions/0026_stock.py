"""stock (issue 20): the person's phone numbers kept as a history (whose number, who ended or
replaced it), and the device stock of R47 (each device's stock state and location, its
servicing, and every move in ``device_stock_events``)

Revision ID: 0026_stock
Revises: 0026_ban_extension
Create Date: 2026-12-07 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from valvo.adapters.db.types import UTCDateTime

revision = "0026_stock"
down_revision: str | None = "0026_ban_extension"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("subject_phones") as batch:
        batch.add_column(
            sa.Column("holder", sa.String(length=20), nullable=False, server_default="person")
        )
        batch.add_column(sa.Column("holder_name", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("ended_by", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("replaced_by", sa.String(length=36), nullable=True))
    with op.batch_alter_table("devices") as batch:
        batch.add_column(
            sa.Column(
                "stock_state", sa.String(length=20), nullable=False, server_default="in_stock"
            )
        )
        batch.add_column(sa.Column("stock_location", sa.String(length=120), nullable=True))
        batch.add_column(sa.Column("stock_since", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("service_vendor", sa.String(length=120), nullable=True))
        batch.add_column(sa.Column("service_reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("service_sent_at", UTCDateTime(), nullable=True))
    # A device assigned now is with its person; the others are in their region's stock.
    op.execute(
        "UPDATE devices SET stock_state = 'assigned' WHERE id IN "
        "(SELECT device_id FROM device_assignments WHERE unassigned_at IS NULL)"
    )
    op.create_table(
        "device_stock_events",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            primary_key=True,
            autoincrement=True,
        ),
        sa.Column("device_id", sa.String(length=36), sa.ForeignKey("devices.id"), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("from_state", sa.String(length=20), nullable=True),
        sa.Column("to_state", sa.String(length=20), nullable=False),
        sa.Column("region", sa.String(length=60), nullable=True),
        sa.Column("location", sa.String(length=120), nullable=True),
        sa.Column("subject_id", sa.String(length=36), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
    )
    op.create_index("ix_device_stock_events_device_id", "device_stock_events", ["device_id"])


def downgrade() -> None:
    op.drop_index("ix_device_stock_events_device_id", table_name="device_stock_events")
    op.drop_table("device_stock_events")
    with op.batch_alter_table("devices") as batch:
        for name in (
            "service_sent_at",
            "service_reason",
            "service_vendor",
            "stock_since",
            "stock_location",
            "stock_state",
        ):
            batch.drop_column(name)
    with op.batch_alter_table("subject_phones") as batch:
        for name in ("replaced_by", "ended_by", "holder_name", "holder"):
            batch.drop_column(name)
