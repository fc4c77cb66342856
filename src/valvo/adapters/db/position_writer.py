"""Writing positions in bulk: PostgreSQL COPY (psycopg 3) on the caller's connection and
transaction, executemany INSERT elsewhere (SQLite)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Connection

from valvo.adapters.db.copy_rows import can_copy, copy_rows
from valvo.adapters.db.evidence import seal
from valvo.adapters.db.tables import positions

COLUMNS = (
    "subject_id",
    "device_id",
    "time",
    "lat",
    "lon",
    "accuracy_m",
    "speed_kmh",
    "seq",
    "mac",
)
_IN_COLUMN_ORDER = itemgetter(*COLUMNS)
REQUIRED = ("subject_id", "device_id", "time", "lat", "lon", "seq")
# Binary COPY: each value is sent in the column's own binary form.
TYPES = (
    "varchar",
    "varchar",
    "timestamptz",
    "float8",
    "float8",
    "float8",
    "float8",
    "int8",
    "varchar",
)


def write_positions(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> int:
    """Store ``rows`` (dicts with the ``positions`` columns but ``id``) in the caller's
    transaction, each sealed (``evidence.seal``); returns how many. A bad row raises ValueError
    before anything is sent."""
    if not rows:
        return 0
    checked = [_checked(row) for row in rows]
    seal(conn, "positions", checked)
    values = [_IN_COLUMN_ORDER(row) for row in checked]  # every column is set by now
    if can_copy(conn):
        copy_rows(conn, "positions", COLUMNS, TYPES, values)
    else:
        conn.execute(insert(positions), [dict(zip(COLUMNS, v, strict=True)) for v in values])
    return len(values)


def _checked(row: Mapping[str, Any]) -> dict[str, Any]:
    missing = [c for c in REQUIRED if row.get(c) is None]
    if missing:
        raise ValueError(f"position row without {', '.join(missing)}")
    time = row["time"]
    if not isinstance(time, datetime) or time.tzinfo is None:
        raise ValueError("position time must be an aware datetime")
    return {c: row.get(c) for c in COLUMNS[:-1]}
