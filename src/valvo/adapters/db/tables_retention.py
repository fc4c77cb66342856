"""Retention's tables (issue 8): legal holds, the anonymised statistics kept after deletion,
and the deletion checkpoints that keep each device's raw-frame chain verifiable.

Imported at the end of :mod:`valvo.adapters.db.tables` so they register on the same metadata.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from valvo.adapters.db.metadata import BigId, metadata
from valvo.adapters.db.types import UTCDateTime

# A legal hold on a person (or on one of their cases): while active, nothing of theirs goes.
legal_holds = Table(
    "legal_holds",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("subject_id", String(36), ForeignKey("subjects.id"), nullable=False, index=True),
    Column("case_id", String(36), nullable=True),  # the case it was placed on, if any
    Column("reason", Text, nullable=False),
    Column("held_from", UTCDateTime, nullable=False),
    Column("held_until", UTCDateTime, nullable=True),  # None: until released
    Column("created_at", UTCDateTime, nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("released_at", UTCDateTime, nullable=True),
    Column("released_by", String(100), nullable=True),
    Column("release_reason", Text, nullable=True),
)

# Anonymised statistics written before a person's data goes: counts per region and UTC month,
# no identifier of any person, order, device or case.
retention_statistics = Table(
    "retention_statistics",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("region", String(60), nullable=False),
    Column("month", String(7), nullable=False),  # YYYY-MM
    Column("metric", String(40), nullable=False),  # subject_days | alarms | breaches | …
    Column("key", String(60), nullable=False),  # the alarm kind, order type, …
    Column("value", Float, nullable=False),
    UniqueConstraint("region", "month", "metric", "key", name="uq_retention_statistics_cell"),
)

# Orders whose statistics are already counted (so a re-run never counts them twice).
retention_counted_orders = Table(
    "retention_counted_orders",
    metadata,
    Column("order_id", String(36), primary_key=True),
    Column("counted_at", UTCDateTime, nullable=False),
)

# A run of a device's frames deleted by retention: the chain resumes after it. ``before_hash``
# is the first deleted frame's prev_hash, ``last_hash`` the last deleted frame's hash.
provenance_gaps = Table(
    "provenance_gaps",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("device_identifier", String(64), nullable=False),
    Column("first_frame_id", BigInteger, nullable=False),
    Column("last_frame_id", BigInteger, nullable=False),
    Column("frame_count", BigInteger, nullable=False),
    Column("before_hash", String(64), nullable=False),
    Column("last_hash", String(64), nullable=False),
    Column("deleted_at", UTCDateTime, nullable=False),
    Index("ix_provenance_gaps_device", "device_identifier", "first_frame_id"),
)

# The alarm trail and desk events are append-only in the database (triggers, migration 0003).
# Retention alone may delete from them: it inserts a row here, deletes, and removes the row in
# the same transaction, so no other transaction ever sees the trail unlocked.
retention_unlocks = Table(
    "retention_unlocks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime, nullable=False),
)
