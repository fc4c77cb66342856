"""Row values as JSON and back, driven by each table's column types: instants in ISO 8601 with
their offset, dates as ISO dates, bytes in base64; anything else as it is."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, Float, Integer, LargeBinary, String, Table

from valvo.adapters.db.types import UTCDateTime


class BadPackage(ValueError):
    """The package cannot be imported: the message names the file and what is wrong with it."""


def to_json(table: Table, row: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in row.items():
        kind = table.c[name].type
        if value is None:
            out[name] = None
        elif isinstance(kind, (UTCDateTime, Date)):
            out[name] = value.isoformat()
        elif isinstance(kind, LargeBinary):
            out[name] = base64.b64encode(bytes(value)).decode("ascii")
        else:
            out[name] = value
    return out


def from_json(
    table: Table, data: Any, where: str, skip: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """A row of ``table`` from its JSON form; exactly the table's columns (bar ``mac`` and
    ``skip``), each value of its column's type, or :class:`BadPackage` naming ``where``."""
    if not isinstance(data, dict):
        raise BadPackage(f"{where}: a row must be a JSON object")
    expected = {c.name for c in table.c} - {"mac"} - skip
    if set(data) != expected:
        missing, extra = sorted(expected - set(data)), sorted(set(data) - expected)
        raise BadPackage(f"{where}: columns missing {missing}, unknown {extra}")
    row: dict[str, Any] = {}
    for name, value in data.items():
        row[name] = _value(table, name, value, f"{where}.{name}")
    return row


def _value(table: Table, name: str, value: Any, where: str) -> Any:
    column = table.c[name]
    if value is None:
        if not column.nullable:
            raise BadPackage(f"{where}: must not be null")
        return None
    kind = column.type
    try:
        if isinstance(kind, UTCDateTime):
            instant = datetime.fromisoformat(value)
            if instant.tzinfo is None:
                raise BadPackage(f"{where}: an instant needs its UTC offset")
            return instant
        if isinstance(kind, Date):
            return date.fromisoformat(value)
        if isinstance(kind, LargeBinary):
            return base64.b64decode(value, validate=True)
    except (TypeError, ValueError, binascii.Error) as exc:
        if isinstance(exc, BadPackage):
            raise
        raise BadPackage(f"{where}: not a valid {type(kind).__name__} ({exc})") from exc
    _check_kind(kind, value, where)
    return value


def _check_kind(kind: Any, value: Any, where: str) -> None:
    """A plain value of its column's type: a boolean, a whole number, a number, a string
    no longer than the column (JSON columns take any JSON)."""
    if isinstance(kind, Boolean):
        ok, name = isinstance(value, bool), "true or false"
    elif isinstance(kind, Integer):
        ok, name = isinstance(value, int) and not isinstance(value, bool), "a whole number"
    elif isinstance(kind, Float):
        ok, name = isinstance(value, int | float) and not isinstance(value, bool), "a number"
    elif isinstance(kind, String):
        ok, name = isinstance(value, str), "a string"
        if ok and kind.length is not None and len(value) > kind.length:
            raise BadPackage(f"{where}: longer than {kind.length} characters")
    else:
        return
    if not ok:
        raise BadPackage(f"{where}: must be {name}")
