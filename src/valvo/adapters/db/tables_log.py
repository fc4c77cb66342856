"""The partitioned observation log's bookkeeping (JetStream backend, docs/cluster.md).

``log_partitions``: one row per partition of the stream, with the engine worker that owns it,
until when its lease holds, and the stream sequence committed with the last batch (in the same
transaction as that batch's positions, states and alarms). ``engine_workers``: the live workers,
so partitions can be shared out evenly and a stopped worker's partitions taken over.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Integer, String, Table

from valvo.adapters.db.metadata import metadata
from valvo.adapters.db.types import UTCDateTime

log_partitions = Table(
    "log_partitions",
    metadata,
    Column("partition", Integer, primary_key=True, autoincrement=False),
    Column("owner", String(100), nullable=True),
    Column("lease_until", UTCDateTime, nullable=True),
    Column("position", BigInteger, nullable=False, default=0),
)

engine_workers = Table(
    "engine_workers",
    metadata,
    Column("worker_id", String(100), primary_key=True),
    Column("alive_until", UTCDateTime, nullable=False),
)
