"""ban_extension: the court's hearing and decision on a request to extend a travel ban (PKL
2:14; R118): when the person was given the opportunity to be heard and whether they used it,
and when the court refused the request

Revision ID: 0026_ban_extension
Revises: 0026_identity_patches
Create Date: 2026-12-07 16:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import valvo.adapters.db.types

revision = "0026_ban_extension"
down_revision: str | None = "0026_identity_patches"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("travel_bans") as batch:
        batch.add_column(
            sa.Column("extension_heard_at", valvo.adapters.db.types.UTCDateTime(), nullable=True)
        )
        batch.add_column(sa.Column("extension_hearing", sa.String(length=30), nullable=True))
        batch.add_column(
            sa.Column("extension_refused_at", valvo.adapters.db.types.UTCDateTime(), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("travel_bans") as batch:
        for name in ("extension_refused_at", "extension_hearing", "extension_heard_at"):
            batch.drop_column(name)
