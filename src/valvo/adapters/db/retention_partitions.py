"""Dropping whole time partitions of ``positions`` on PostgreSQL instead of deleting rows.

On PostgreSQL ``positions`` is partitioned by day (migration 0012, ``position_partitions.py``).
Found through ``pg_partitioned_table`` and its children through ``pg_inherits``, a partition
(never the DEFAULT one) whose every row lies in a piece that may go is detached and dropped: no
row-by-row DELETE, no table bloat, a lock only for the detach. Any other partition (a held
person's rows, a live order's rows, the DEFAULT catch-all, or an empty one that may be a future
day) falls back to batched deletes. The check does not parse partition bounds: it compares the
partition's row count with the count of its rows inside the pieces, so it holds for any key.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import String, and_, column, func, select, table, text, values
from sqlalchemy.engine import Connection

from valvo.adapters.db.types import UTCDateTime
from valvo.domain.retention.windows import Piece

PARENT = "positions"


def partitions_of(conn: Connection, parent: str = PARENT) -> list[str] | None:
    """The partitions of ``parent`` in the current schema, or None when it is a plain table
    (always None on SQLite)."""
    if conn.dialect.name != "postgresql":
        return None
    partitioned = conn.execute(
        text(
            "SELECT 1 FROM pg_partitioned_table pt JOIN pg_class c ON c.oid = pt.partrelid "
            "WHERE c.relname = :t AND c.relnamespace = current_schema()::regnamespace"
        ),
        {"t": parent},
    ).first()
    if partitioned is None:
        return None
    rows = conn.execute(
        text(
            "SELECT child.relname FROM pg_inherits i "
            "JOIN pg_class child ON child.oid = i.inhrelid "
            "JOIN pg_class parent ON parent.oid = i.inhparent "
            "WHERE parent.relname = :t AND parent.relnamespace = current_schema()::regnamespace "
            "ORDER BY child.relname"
        ),
        {"t": parent},
    )
    return [str(r[0]) for r in rows]


def default_partitions(conn: Connection, parent: str = PARENT) -> list[str]:
    """The DEFAULT partition of ``parent`` (a list of at most one): never dropped, since a fix
    for a day without its partition would then have nowhere to go."""
    rows = conn.execute(
        text(
            "SELECT child.relname FROM pg_inherits i "
            "JOIN pg_class child ON child.oid = i.inhrelid "
            "JOIN pg_class parent ON parent.oid = i.inhparent "
            "WHERE parent.relname = :t AND parent.relnamespace = current_schema()::regnamespace "
            "AND pg_get_expr(child.relpartbound, child.oid) = 'DEFAULT'"
        ),
        {"t": parent},
    )
    return [str(r[0]) for r in rows]


def droppable_partitions(conn: Connection, pieces: Sequence[Piece]) -> list[tuple[str, int]]:
    """(partition, rows) for every partition all of whose rows may go."""
    names = partitions_of(conn)
    if not names or not pieces:
        return []
    windows = values(
        column("subject_id", String),
        column("w_start", UTCDateTime),
        column("w_end", UTCDateTime),
        name="w",
    ).data([(p.subject_id, p.start, p.end) for p in pieces])
    keep = set(default_partitions(conn))  # the catch-all stays: its rows go in batches
    out: list[tuple[str, int]] = []
    for name in names:
        if name in keep:
            continue
        part = table(name, column("subject_id"), column("time"))
        total = int(conn.execute(select(func.count()).select_from(part)).scalar() or 0)
        if total == 0:
            continue
        inside = conn.execute(
            select(func.count()).select_from(
                part.join(
                    windows,
                    and_(
                        part.c.subject_id == windows.c.subject_id,
                        part.c.time >= windows.c.w_start,
                        part.c.time < windows.c.w_end,
                    ),
                )
            )
        ).scalar()
        if int(inside or 0) == total:
            out.append((name, total))
    return out


def drop_partition(conn: Connection, name: str, parent: str = PARENT) -> None:
    """Detach and drop one partition (the caller holds the transaction)."""
    quoted = conn.dialect.identifier_preparer.quote
    conn.execute(text(f"ALTER TABLE {quoted(parent)} DETACH PARTITION {quoted(name)}"))
    conn.execute(text(f"DROP TABLE {quoted(name)}"))


def partition_seals(conn: Connection, name: str) -> Iterator[str | None]:
    """The seals of a partition's rows (taken off the heads before it is dropped)."""
    quoted = conn.dialect.identifier_preparer.quote
    query = text(f"SELECT mac FROM {quoted(name)}")  # noqa: S608 (a name from the catalogue)
    yield from conn.execute(query.execution_options(yield_per=20000)).scalars()
