"""gateway: raw-frame provenance (hash-chained per device) and Valvo-protocol device keys

Revision ID: 0002_gateway
Revises: 0001
Create Date: 2026-11-22 17:52:07.576580
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import valvo.adapters.db.types

revision = "0002_gateway"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "device_credentials",
        sa.Column("device_identifier", sa.String(length=64), nullable=False),
        sa.Column("key_version", sa.Integer(), nullable=False),
        sa.Column("salt", sa.String(length=64), nullable=False),
        sa.Column("key_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("issued_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("issued_by", sa.String(length=100), nullable=False),
        sa.Column("revoked_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_sequence", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("device_identifier", name=op.f("pk_device_credentials")),
    )
    op.create_table(
        "device_frame_heads",
        sa.Column("device_identifier", sa.String(length=64), nullable=False),
        sa.Column("protocol", sa.String(length=30), nullable=False),
        sa.Column("first_seen", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("frame_count", sa.BigInteger(), nullable=False),
        sa.Column("head_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("device_identifier", name=op.f("pk_device_frame_heads")),
    )
    op.create_table(
        "device_frames",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("device_identifier", sa.String(length=64), nullable=False),
        sa.Column("protocol", sa.String(length=30), nullable=False),
        sa.Column(
            "received_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("peer", sa.String(length=80), nullable=True),
        sa.Column("raw", sa.LargeBinary(), nullable=False),
        sa.Column("observation_seqs", sa.JSON(), nullable=False),
        sa.Column("quarantined", sa.Boolean(), nullable=False),
        sa.Column("dedup_key", sa.String(length=64), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_device_frames")),
        sa.UniqueConstraint("dedup_key", name=op.f("uq_device_frames_dedup_key")),
    )
    with op.batch_alter_table("device_frames", schema=None) as batch_op:
        batch_op.create_index(
            "ix_device_frames_device_id", ["device_identifier", "id"], unique=False
        )
        batch_op.create_index(
            "ix_device_frames_quarantined", ["quarantined", "device_identifier"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("device_frames", schema=None) as batch_op:
        batch_op.drop_index("ix_device_frames_quarantined")
        batch_op.drop_index("ix_device_frames_device_id")
    op.drop_table("device_frames")
    op.drop_table("device_frame_heads")
    op.drop_table("device_credentials")
