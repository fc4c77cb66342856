"""INSERT … ON CONFLICT DO UPDATE (or DO NOTHING) for SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection


def upsert(conn: Connection, table: Table, rows: Sequence[dict[str, Any]], key: str) -> None:
    if not rows:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(table)
    updates = {c.name: stmt.excluded[c.name] for c in table.columns if c.name != key}
    conn.execute(stmt.on_conflict_do_update(index_elements=[key], set_=updates), list(rows))


def insert_missing(
    conn: Connection, table: Table, rows: Sequence[dict[str, Any]], key: str
) -> None:
    """Insert the rows whose ``key`` is not there yet; the others are left as they are (also
    when a concurrent transaction inserts the same key first)."""
    if not rows:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(table).on_conflict_do_nothing(index_elements=[key])
    conn.execute(stmt, list(rows))
