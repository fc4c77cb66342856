"""The columns a partner record list can be filtered by (its indexed columns), and the kind
of value each takes: ``bool``, ``int``, ``date``, ``instant`` (not filterable) or ``text``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Date, Integer, Table

from valvo.adapters.db.tables_network import NETWORK_TABLES, SHARED_TABLES
from valvo.adapters.db.tables_partners import RECORD_TABLES as FIRST_TABLES
from valvo.adapters.db.tables_partners_follow_up import FOLLOW_UP_TABLES
from valvo.adapters.db.types import UTCDateTime

RECORD_TABLES: dict[str, Table] = {
    **FIRST_TABLES,
    **FOLLOW_UP_TABLES,
    **NETWORK_TABLES,
    **SHARED_TABLES,
}
_SKIP = {"id", "data", "created_at", "updated_at", "token_hash"}


def record_filters(table: str) -> dict[str, str]:
    """The filterable columns of ``table`` in column order, each with its kind of value."""
    return {c.name: _kind(c.type) for c in RECORD_TABLES[table].columns if c.name not in _SKIP}


def _kind(column_type: Any) -> str:
    if isinstance(column_type, Boolean):
        return "bool"
    if isinstance(column_type, Integer):
        return "int"
    if isinstance(column_type, Date):
        return "date"
    if isinstance(column_type, UTCDateTime):
        return "instant"
    return "text"
