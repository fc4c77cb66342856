"""The keyed heads (``evidence_heads``): one row per audit chain or evidence writer, its state
as JSON and an HMAC of it with ``VALVO_AUDIT_KEY``, so removing the newest records is caught
without an export and a head cannot be rewritten without the key (docs/audit.md)."""

from __future__ import annotations

from sqlalchemy import JSON, Column, String, Table

from valvo.adapters.db.metadata import metadata

evidence_heads = Table(
    "evidence_heads",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("tallies", JSON, nullable=False),
    Column("mac", String(64), nullable=False),
)
