"""Reading one record from JSON or a CSV row, with an error that names the field.

Both the API and the CSV import hand their input here, so a bad value is refused with the same
precise message whichever way it came: ``PartnerError(field, message)``. CSV cells arrive as
strings: an empty cell is a missing value, lists are ``;``-separated, booleans read
``true/false/yes/no/1/0/kyllä/ei``, dates are ISO ``YYYY-MM-DD``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from datetime import date, datetime, time
from typing import Any

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_TRUE = {"true", "yes", "1", "kyllä", "k", "y"}
_FALSE = {"false", "no", "0", "ei", "e", "n"}


class PartnerError(ValueError):
    """A record or a step the partner rules refuse; ``field`` names the offending input."""

    def __init__(self, field: str | None, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}" if field else message)


def _raw(data: Mapping[str, Any], key: str) -> Any:
    value = data.get(key)
    if isinstance(value, str):
        value = value.strip()
        if value == "":
            return None
    return value


def text(
    data: Mapping[str, Any], key: str, *, required: bool = True, max_len: int = 200
) -> str | None:
    value = _raw(data, key)
    if value is None:
        if required:
            raise PartnerError(key, "is required")
        return None
    if not isinstance(value, str):
        raise PartnerError(key, "must be text")
    if len(value) > max_len:
        raise PartnerError(key, f"must be at most {max_len} characters")
    return value


def required_text(data: Mapping[str, Any], key: str, max_len: int = 200) -> str:
    value = text(data, key, required=True, max_len=max_len)
    assert value is not None
    return value


def choice(
    data: Mapping[str, Any],
    key: str,
    allowed: Collection[str],
    *,
    default: str | None = None,
    required: bool = True,
) -> str | None:
    value = _raw(data, key)
    if value is None:
        if default is not None:
            return default
        if required:
            raise PartnerError(key, f"is required (one of {', '.join(allowed)})")
        return None
    if not isinstance(value, str) or value not in allowed:
        raise PartnerError(key, f"must be one of {', '.join(allowed)}, not {value!r}")
    return value


def required_choice(
    data: Mapping[str, Any], key: str, allowed: Collection[str], default: str | None = None
) -> str:
    value = choice(data, key, allowed, default=default, required=True)
    assert value is not None
    return value


def day(data: Mapping[str, Any], key: str, *, required: bool = False) -> date | None:
    value = _raw(data, key)
    if value is None:
        if required:
            raise PartnerError(key, "is required (a date, YYYY-MM-DD)")
        return None
    if isinstance(value, datetime):
        raise PartnerError(key, "must be a date without a time, YYYY-MM-DD")
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise PartnerError(key, "must be a date, YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PartnerError(key, f"must be a date, YYYY-MM-DD, not {value!r}") from None


def required_day(data: Mapping[str, Any], key: str) -> date:
    value = day(data, key, required=True)
    assert value is not None
    return value


def instant(data: Mapping[str, Any], key: str, *, required: bool = False) -> datetime | None:
    """An aware instant (ISO 8601 with an offset); a naive one is refused."""
    value = _raw(data, key)
    if value is None:
        if required:
            raise PartnerError(key, "is required (ISO 8601 with an offset)")
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise PartnerError(key, f"must be ISO 8601 date and time, not {value!r}") from None
    if not isinstance(value, datetime):
        raise PartnerError(key, "must be ISO 8601 date and time")
    if value.tzinfo is None or value.utcoffset() is None:
        raise PartnerError(key, "must carry a UTC offset (e.g. 2026-03-02T09:00:00+02:00)")
    return value


def clock_time(data: Mapping[str, Any], key: str) -> time:
    value = _raw(data, key)
    if value is None:
        raise PartnerError(key, "is required (HH:MM)")
    if isinstance(value, time):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{1,2}:\d{2}", value):
        raise PartnerError(key, f"must be a time of day HH:MM, not {value!r}")
    try:
        return time.fromisoformat(value.zfill(5))
    except ValueError:
        raise PartnerError(key, f"must be a time of day HH:MM, not {value!r}") from None


def flag(data: Mapping[str, Any], key: str, default: bool = False) -> bool:
    value = _raw(data, key)
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in _TRUE | _FALSE:
        return value.lower() in _TRUE
    raise PartnerError(key, f"must be true or false, not {value!r}")


def integer(
    data: Mapping[str, Any],
    key: str,
    *,
    minimum: int,
    maximum: int,
    required: bool = False,
    default: int | None = None,
) -> int | None:
    value = _raw(data, key)
    if value is None:
        if required and default is None:
            raise PartnerError(key, "is required (a whole number)")
        return default
    if isinstance(value, bool):
        raise PartnerError(key, "must be a whole number")
    if isinstance(value, str):
        if not re.fullmatch(r"-?\d+", value):
            raise PartnerError(key, f"must be a whole number, not {value!r}")
        value = int(value)
    if not isinstance(value, int):
        raise PartnerError(key, "must be a whole number")
    if not minimum <= value <= maximum:
        raise PartnerError(key, f"must be between {minimum} and {maximum}")
    return value


def number(data: Mapping[str, Any], key: str, *, minimum: float, maximum: float) -> float | None:
    value = _raw(data, key)
    if value is None:
        return None
    if isinstance(value, bool):
        raise PartnerError(key, "must be a number")
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            raise PartnerError(key, f"must be a number, not {value!r}") from None
    if not isinstance(value, int | float) or value != value:
        raise PartnerError(key, "must be a number")
    if not minimum <= value <= maximum:
        raise PartnerError(key, f"must be between {minimum} and {maximum}")
    return float(value)


def email(data: Mapping[str, Any], key: str, *, required: bool = False) -> str | None:
    value = text(data, key, required=required, max_len=200)
    if value is not None and not EMAIL.match(value):
        raise PartnerError(key, f"is not an e-mail address: {value!r}")
    return value


def text_list(
    data: Mapping[str, Any], key: str, *, allowed: Collection[str] | None = None
) -> tuple[str, ...]:
    """A list of strings: a JSON list, or ``a; b; c`` in a CSV cell."""
    value = _raw(data, key)
    if value is None:
        return ()
    if isinstance(value, str):
        items = [part.strip() for part in value.split(";") if part.strip()]
    elif isinstance(value, list | tuple):
        if not all(isinstance(v, str) for v in value):
            raise PartnerError(key, "must be a list of texts")
        items = [v.strip() for v in value if v.strip()]
    else:
        raise PartnerError(key, "must be a list of texts")
    for item in items:
        if len(item) > 500:
            raise PartnerError(key, "items must be at most 500 characters")
        if allowed is not None and item not in allowed:
            raise PartnerError(key, f"items must be among {', '.join(allowed)}, not {item!r}")
    return tuple(items)


def json_value(data: Mapping[str, Any], key: str) -> Any:
    """A nested JSON value; a CSV cell holds it as JSON text."""
    value = _raw(data, key)
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError as exc:
            raise PartnerError(key, f"must be JSON: {exc.msg}") from None
    return value


def unknown_keys(data: Mapping[str, Any], known: Collection[str]) -> None:
    """Refuse keys the record does not have, so a typo is not silently dropped."""
    extra = sorted(set(data) - set(known) - {"id"})
    if extra:
        raise PartnerError(extra[0], f"is not a field of this record (known: {', '.join(known)})")
