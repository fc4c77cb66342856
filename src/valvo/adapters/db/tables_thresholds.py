"""Versioned threshold sets per order type (``domain/rules/threshold_revisions.py``).
Migration ``0025_noise`` creates this table, seeds each order type's revision 1 with the
built-in defaults, and adds ``alarms.threshold_revision`` (the revision an alarm ran under)."""

from __future__ import annotations

from sqlalchemy import JSON, Column, Index, Integer, String, Table, Text

from valvo.adapters.db.metadata import metadata
from valvo.adapters.db.types import UTCDateTime

threshold_revisions = Table(
    "threshold_revisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("order_type", String(40), nullable=False),
    Column("number", Integer, nullable=False),
    Column("status", String(20), nullable=False),  # draft | published
    Column("thresholds", JSON, nullable=False),  # Thresholds.as_dict (durations in seconds)
    Column("effective_from", UTCDateTime, nullable=True),
    Column("note", Text, nullable=False, server_default=""),
    Column("created_at", UTCDateTime, nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("updated_by", String(100), nullable=False),
    Column("published_at", UTCDateTime, nullable=True),
    Column("published_by", String(100), nullable=True),
)
Index(
    "ux_threshold_revisions_number",
    threshold_revisions.c.order_type,
    threshold_revisions.c.number,
    unique=True,
)
