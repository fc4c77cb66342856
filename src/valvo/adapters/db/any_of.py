"""``column IN (values)`` as one statement whatever the number of values.

SQLAlchemy expands an IN list into one parameter per value, so each batch size is a new
statement that the driver parses from scratch (psycopg caches only statements under 4 kB and
50 parameters: an engine batch's 5 000 resend keys cost more to send than to look up). On
PostgreSQL the values go as one array, ``column = ANY(:values)``, the same statement every
time; elsewhere (SQLite) the IN list stays.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import any_, bindparam
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement


def any_of(
    conn: Connection, column: ColumnElement[Any], values: Iterable[Any]
) -> ColumnElement[bool]:
    """The condition ``column`` is one of ``values``, for ``conn``'s database."""
    listed = list(values)
    if conn.dialect.name == "postgresql":
        return column == any_(bindparam(None, listed, type_=ARRAY(column.type)))
    return column.in_(listed)
