"""partitioned observation log: partition leases and stream positions, engine workers, and a
version on each subject's state

Revision ID: 0013_log_partitions
Revises: 0012_positions_partitioned
Create Date: 2026-11-22 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import valvo.adapters.db.types

revision = "0013_log_partitions"
down_revision: str | None = "0012_positions_partitioned"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "log_partitions",
        sa.Column("partition", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("owner", sa.String(length=100), nullable=True),
        sa.Column("lease_until", valvo.adapters.db.types.UTCDateTime(), nullable=True),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("partition"),
    )
    op.create_table(
        "engine_workers",
        sa.Column("worker_id", sa.String(length=100), nullable=False),
        sa.Column("alive_until", valvo.adapters.db.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("worker_id"),
    )
    with op.batch_alter_table("subject_states") as batch:
        batch.add_column(sa.Column("version", sa.BigInteger(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("subject_states") as batch:
        batch.drop_column("version")
    op.drop_table("engine_workers")
    op.drop_table("log_partitions")
