"""Daily partitions of ``positions`` on PostgreSQL, made ahead of time.

Migration 0012 partitions ``positions`` by RANGE on ``time``: one partition per UTC day named
``positions_pYYYYMMDD`` and a DEFAULT partition (``positions_default``) that catches a fix whose
day has no partition yet (a device clock far off, a backlog from last month), so no fix is ever
refused. ``ensure_partitions`` makes the missing days around ``now``; ``maintain`` is the same
in its own transaction, for a loop to call every hour. Retention drops old partitions
(``retention_partitions.py``). On SQLite all of this is a no-op.

Two processes may maintain at once (several engine workers, ``valvo db partitions``): a
transaction-scoped advisory lock makes the second wait and then find the work done.

PostgreSQL refuses to create a partition whose range holds rows of the DEFAULT partition, so
those rows are moved out first, in the same transaction (delete into a temporary table, create
the partition, insert them back through the parent).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from valvo.adapters.db.retention_partitions import PARENT, partitions_of

DEFAULT_PARTITION = f"{PARENT}_default"
PREFIX = f"{PARENT}_p"
# pg_advisory_xact_lock key: "valvo positions partitions" (any constant unique to Valvo).
LOCK_KEY = 0x56414C564F5050  # "VALVOPP"
MAX_DAYS = 366
# Identifiers below are constants or catalogue names passed through quote(): no input reaches SQL.
COLUMNS = "id, subject_id, device_id, time, lat, lon, accuracy_m, speed_kmh, seq"


class PartitionError(ValueError):
    """A bad argument to partition maintenance; nothing was changed."""


@dataclass(frozen=True, slots=True)
class Partition:
    name: str
    bound: str  # PostgreSQL's own text: "FOR VALUES FROM (...) TO (...)" or "DEFAULT"
    day: date | None  # the UTC day of a daily partition, None for any other


def partition_name(day: date) -> str:
    return f"{PREFIX}{day:%Y%m%d}"


def day_of(name: str) -> date | None:
    """The day of a ``positions_pYYYYMMDD`` name, None for any other name."""
    digits = name.removeprefix(PREFIX)
    if digits == name or len(digits) != 8 or not digits.isdigit():
        return None
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def day_range(day: date) -> tuple[datetime, datetime]:
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return start, start + timedelta(days=1)


def list_partitions(conn: Connection) -> list[Partition]:
    """The partitions of ``positions`` by name; empty on SQLite or a plain table."""
    if partitions_of(conn) is None:
        return []
    rows = conn.execute(
        text(
            "SELECT child.relname, pg_get_expr(child.relpartbound, child.oid) "
            "FROM pg_inherits i "
            "JOIN pg_class child ON child.oid = i.inhrelid "
            "JOIN pg_class parent ON parent.oid = i.inhparent "
            "WHERE parent.relname = :t AND parent.relnamespace = current_schema()::regnamespace "
            "ORDER BY child.relname"
        ),
        {"t": PARENT},
    )
    return [Partition(str(r[0]), str(r[1]), day_of(str(r[0]))) for r in rows]


def ensure_partitions(
    conn: Connection, now: datetime, days_ahead: int = 7, days_back: int = 1
) -> list[str]:
    """Create the missing daily partitions from ``days_back`` days before ``now``'s UTC day to
    ``days_ahead`` days after it; returns the names created. The caller holds the transaction."""
    if now.tzinfo is None:
        raise PartitionError("now must be an aware datetime")
    for label, value in (("days_ahead", days_ahead), ("days_back", days_back)):
        if not 0 <= value <= MAX_DAYS:
            raise PartitionError(f"{label} must be between 0 and {MAX_DAYS}, not {value}")
    if partitions_of(conn) is None:
        return []
    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})
    partitions = list_partitions(conn)  # read again under the lock
    existing = {p.name for p in partitions}
    default = next((p.name for p in partitions if p.bound == "DEFAULT"), None)
    today = now.astimezone(UTC).date()
    created: list[str] = []
    for offset in range(-days_back, days_ahead + 1):
        day = today + timedelta(days=offset)
        name = partition_name(day)
        if name not in existing:
            create_day(conn, day, default)
            created.append(name)
    return created


def create_day(conn: Connection, day: date, default: str | None = DEFAULT_PARTITION) -> int:
    """Create one day's partition, first moving that day's rows out of the DEFAULT partition
    (``default``, None when there is none); returns how many rows moved."""
    start, end = day_range(day)
    name = partition_name(day)
    bounds = {"start": start, "end": end}
    quote = conn.dialect.identifier_preparer.quote
    moved = 0
    if default is not None:
        moved = conn.execute(
            text(
                f"CREATE TEMPORARY TABLE _moving ON COMMIT DROP AS SELECT {COLUMNS} FROM "  # noqa: S608
                f"{quote(default)} WHERE time >= :start AND time < :end"
            ),
            bounds,
        ).rowcount
        if moved:
            conn.execute(
                text(f"DELETE FROM {quote(default)} WHERE time >= :start AND time < :end"),  # noqa: S608
                bounds,
            )
    conn.execute(
        text(
            f"CREATE TABLE {name} PARTITION OF {PARENT} FOR VALUES "
            f"FROM ('{start.isoformat()}') TO ('{end.isoformat()}')"
        )
    )
    if default is not None:
        if moved:
            insert = f"INSERT INTO {PARENT} ({COLUMNS}) SELECT {COLUMNS} FROM _moving"  # noqa: S608
            conn.execute(text(insert))
        conn.execute(text("DROP TABLE _moving"))
    return moved


def maintain(engine: Engine, now: datetime, days_ahead: int = 7, days_back: int = 1) -> list[str]:
    """``ensure_partitions`` in its own transaction: for the engine's loop, every hour."""
    with engine.begin() as conn:
        return ensure_partitions(conn, now, days_ahead, days_back)
