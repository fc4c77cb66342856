"""SQL repository of the partner registry: records by table name, each row's ``data`` JSON
merged with its indexed columns on the way out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, Table, delete, insert, select, true, update
from sqlalchemy.engine import Connection

from valvo.adapters.db import tables_partners as tp
from valvo.adapters.db.scoping import visible
from valvo.adapters.db.tables_network import NETWORK_TABLES, SHARED_TABLES
from valvo.adapters.db.tables_partners_follow_up import FOLLOW_UP_TABLES
from valvo.domain.security import EVERYTHING, Scope

_TABLES: dict[str, Table] = {
    **tp.RECORD_TABLES,
    **FOLLOW_UP_TABLES,
    **NETWORK_TABLES,
    **SHARED_TABLES,
    tp.contact_scopes.name: tp.contact_scopes,
}


# Records about a monitored person: kept to the unit of work's region like the registry's.
REGIONAL: frozenset[str] = frozenset(
    {
        tp.place_assignments.name,
        tp.attendance.name,
        tp.attendance_outcomes.name,
        tp.relatives.name,
        tp.consents.name,
        *NETWORK_TABLES,  # the person's network (issue 21)
    }
)


def _table(name: str) -> Table:
    table = _TABLES.get(name)
    if table is None:
        raise KeyError(f"not a partner table: {name}")
    return table


def _out(row: Mapping[Any, Any]) -> dict[str, Any]:
    out = {str(k): v for k, v in row.items()}
    data = out.pop("data", None)
    return {**(data or {}), **out}


class SqlPartnersRepository:
    """With a ``region``, the records about people (``REGIONAL``) of another region are not
    there: reads answer None or leave them out, updates and deletes do not reach them."""

    def __init__(self, conn: Connection, scope: Scope = EVERYTHING) -> None:
        self._conn = conn
        self._scope = scope
        self._region = scope.region

    def _scoped(self, tbl: Table) -> ColumnElement[bool]:
        return visible(tbl, self._scope) if tbl.name in REGIONAL else true()

    def insert(self, table: str, row: Mapping[str, Any]) -> None:
        self._conn.execute(insert(_table(table)), [dict(row)])

    def update(self, table: str, id: str, values: Mapping[str, Any]) -> None:
        tbl = _table(table)
        self._conn.execute(update(tbl).where(tbl.c.id == id, self._scoped(tbl)).values(**values))

    def get(self, table: str, id: str) -> dict[str, Any] | None:
        tbl = _table(table)
        key = tbl.c.id if "id" in tbl.c else tbl.c.user_id
        row = self._conn.execute(select(tbl).where(key == id, self._scoped(tbl))).mappings().first()
        return None if row is None else _out(row)

    def data(self, table: str, id: str) -> dict[str, Any] | None:
        """The stored record alone (without the indexed columns)."""
        tbl = _table(table)
        value = self._conn.execute(
            select(tbl.c.data).where(tbl.c.id == id, self._scoped(tbl))
        ).scalar()
        return None if value is None else dict(value)

    def find(self, table: str, **filters: Any) -> list[dict[str, Any]]:
        tbl = _table(table)
        query = select(tbl).where(self._scoped(tbl))
        for column, value in filters.items():
            if value is not None:
                query = query.where(tbl.c[column] == value)
        order = [tbl.c.created_at] + ([tbl.c.id] if "id" in tbl.c else [])
        return [_out(r) for r in self._conn.execute(query.order_by(*order)).mappings()]

    def delete(self, table: str, **filters: Any) -> int:
        tbl = _table(table)
        query = delete(tbl).where(self._scoped(tbl))
        for column, value in filters.items():
            query = query.where(tbl.c[column] == value)
        return int(self._conn.execute(query).rowcount or 0)
