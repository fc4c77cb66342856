"""The gateway's own tables: raw-frame provenance (hash-chained per device) and device keys.

Imported at the end of :mod:`valvo.adapters.db.tables` so they register on the same metadata.
"""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Boolean, Column, Index, Integer, LargeBinary, String, Table

from valvo.adapters.db.metadata import BigId, metadata
from valvo.adapters.db.types import UTCDateTime

# Every raw frame a device sent, append-only, as evidence: what arrived, when, from where, and
# which observations it gave. ``hash`` = sha256(prev_hash + canonical record), chained per device.
device_frames = Table(
    "device_frames",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("device_identifier", String(64), nullable=False),
    Column("protocol", String(30), nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
    Column("peer", String(80), nullable=True),
    Column("raw", LargeBinary, nullable=False),
    # Log positions of the observations decoded from the frame (None for one already stored).
    Column("observation_seqs", JSON, nullable=False),
    Column("quarantined", Boolean, nullable=False),
    # Equal for a resend of the same frame by the same device; NULL never collides.
    Column("dedup_key", String(64), nullable=True, unique=True),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Index("ix_device_frames_device_id", "device_identifier", "id"),
    Index("ix_device_frames_quarantined", "quarantined", "device_identifier"),
)

# The head of each device's chain: the last frame's hash and the count, so removing the newest
# frames is detected too; also first and last contact for the device lists.
device_frame_heads = Table(
    "device_frame_heads",
    metadata,
    Column("device_identifier", String(64), primary_key=True),
    Column("protocol", String(30), nullable=False),
    Column("first_seen", UTCDateTime, nullable=False),
    Column("last_seen", UTCDateTime, nullable=False),
    Column("frame_count", BigInteger, nullable=False),
    Column("head_hash", String(64), nullable=False),
)

# Valvo-protocol device keys. The key itself is never stored: it is derived from the server's
# device-key secret and ``salt``; ``key_fingerprint`` is its SHA-256 (to check a derivation and
# to name the key). ``last_sequence`` is the highest accepted message sequence (replay guard).
device_credentials = Table(
    "device_credentials",
    metadata,
    Column("device_identifier", String(64), primary_key=True),
    Column("key_version", Integer, nullable=False),
    Column("salt", String(64), nullable=False),
    Column("key_fingerprint", String(64), nullable=False),
    Column("issued_at", UTCDateTime, nullable=False),
    Column("issued_by", String(100), nullable=False),
    Column("revoked_at", UTCDateTime, nullable=True),
    Column("last_sequence", BigInteger, nullable=False),
)
