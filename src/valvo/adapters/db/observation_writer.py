"""Writing observations in bulk and learning their log positions.

On PostgreSQL the positions are taken from the table's sequence in one statement and the rows
sent with a binary COPY on the caller's transaction: an INSERT … RETURNING of thousands of
rows is one huge statement whose parsing alone cost more than the rest of a batch (profiled:
10 of 30 s). Elsewhere (SQLite) an executemany INSERT … RETURNING.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC
from typing import Any

from psycopg.types.json import Json
from sqlalchemy import insert, text
from sqlalchemy.engine import Connection

from valvo.adapters.db.copy_rows import can_copy, copy_rows
from valvo.adapters.db.evidence import seal, seals
from valvo.adapters.db.tables import observations

COLUMNS = (
    "seq",
    "device_identifier",
    "protocol",
    "kind",
    "device_time",
    "received_at",
    "payload",
    "raw",
    "peer",
    "dedup_key",
    "quarantined",
    "mac",
)
TYPES = (
    "int8",
    "varchar",
    "varchar",
    "varchar",
    "timestamptz",
    "timestamptz",
    "json",
    "bytea",
    "varchar",
    "varchar",
    "bool",
    "varchar",
)
# One row holding the positions as an array (loaded in C), not one result row per position.
NEXT_SEQS = text(
    "SELECT array_agg(nextval(pg_get_serial_sequence('observations', 'seq')))"
    " FROM generate_series(1, :n)"
)


def insert_observations(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """Store ``rows`` (the ``observations`` columns but ``seq``) in the caller's transaction;
    returns their log positions, in order. Each row is sealed (``evidence.seal``)."""
    if not rows:
        return []
    if can_copy(conn):
        macs = seals(conn, "observations", rows)
        seqs = sorted(conn.execute(NEXT_SEQS, {"n": len(rows)}).scalar_one())
        values = map(_values, seqs, rows, macs)
        copy_rows(conn, "observations", COLUMNS, TYPES, values)
        return seqs
    sealed = [dict(row) for row in rows]
    seal(conn, "observations", sealed)
    stmt = insert(observations).returning(observations.c.seq, sort_by_parameter_order=True)
    return [int(s) for s in conn.execute(stmt, sealed).scalars()]


def _values(seq: int, row: Mapping[str, Any], mac: str) -> tuple[Any, ...]:
    """The row's values in :data:`COLUMNS` order, instants in UTC and the payload as JSON."""
    return (
        seq,
        row["device_identifier"],
        row["protocol"],
        row["kind"],
        row["device_time"].astimezone(UTC),
        row["received_at"].astimezone(UTC),
        Json(row["payload"]),
        row["raw"],
        row["peer"],
        row["dedup_key"],
        row["quarantined"],
        mac,
    )
