"""Calendar arithmetic and strict reading of the dates and times the law works with.

Months are calendar months counted from a start date (dateutil's ``relativedelta``: 31 January
plus one month is 28 or 29 February). Every reader raises ``LawInputError`` with the offending
text, so a caller can show one precise line.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from valvo.domain.law.errors import LawInputError
from valvo.domain.schedule.local_time import local_to_utc

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CLOCK = re.compile(r"\d{2}:\d{2}")
_DATETIME = re.compile(
    r"(?P<local>\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)"
    r"(?P<offset>Z|[+-]\d{2}:\d{2})?"
)


def add_months(start: date, months: int) -> date:
    return _shift(start, relativedelta(months=months), f"{months} months")


def add_years(start: date, years: int) -> date:
    return _shift(start, relativedelta(years=years), f"{years} years")


def _shift(start: date, delta: relativedelta, shown: str) -> date:
    try:
        shifted: date = start + delta
    except (ValueError, OverflowError):
        raise LawInputError(
            "date_out_of_range", f"{start.isoformat()} + {shown} is outside years 1–9999"
        ) from None
    return shifted


def months_in_days(start: date, months: int) -> int:
    """How many days ``months`` calendar months from ``start`` last."""
    return (add_months(start, months) - start).days


def add_days(start: date, days: int, what: str) -> date:
    try:
        return start + timedelta(days=days)
    except OverflowError:
        raise LawInputError(
            "date_out_of_range", f"{what}: {start.isoformat()} + {days} days is past year 9999"
        ) from None


def parse_date(text: str, what: str) -> date:
    """A calendar date written YYYY-MM-DD."""
    if not _DATE.fullmatch(text.strip()):
        raise LawInputError("invalid_date", f"{what}: {text!r} is not a date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise LawInputError("invalid_date", f"{what}: {text!r} is not a date: {exc}") from None


def parse_clock(text: str, what: str) -> time:
    """A wall-clock time of day written HH:MM."""
    if not _CLOCK.fullmatch(text.strip()):
        raise LawInputError("invalid_time", f"{what}: {text!r} is not a time of day (HH:MM)")
    try:
        return time.fromisoformat(text.strip())
    except ValueError:
        raise LawInputError(
            "invalid_time", f"{what}: {text!r} is not a time of day (00:00–23:59)"
        ) from None


def parse_local_datetime(text: str, what: str) -> datetime:
    """A naive wall-clock date-time written YYYY-MM-DDTHH:MM[:SS], with no offset."""
    match = _DATETIME.fullmatch(text.strip())
    if match is None:
        raise LawInputError(
            "invalid_datetime", f"{what}: {text!r} is not a local date-time (YYYY-MM-DDTHH:MM)"
        )
    if match["offset"] is not None:
        raise LawInputError(
            "invalid_datetime",
            f"{what}: {text!r} carries an offset; plan times are local wall-clock times",
        )
    return _from_iso(match["local"], text, what)


def parse_instant(text: str, what: str, tz: ZoneInfo) -> datetime:
    """An aware instant: ISO 8601 with ``Z`` or an offset, or a wall-clock time in ``tz``."""
    match = _DATETIME.fullmatch(text.strip())
    if match is None:
        raise LawInputError(
            "invalid_datetime",
            f"{what}: {text!r} is not a date-time (YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM])",
        )
    local = _from_iso(match["local"], text, what)
    offset = match["offset"]
    if offset is None:
        return local_to_utc(local, tz)
    return _from_iso(match["local"] + ("+00:00" if offset == "Z" else offset), text, what)


def _from_iso(iso: str, text: str, what: str) -> datetime:
    try:
        return datetime.fromisoformat(iso)
    except ValueError as exc:
        raise LawInputError(
            "invalid_datetime", f"{what}: {text!r} is not a date-time: {exc}"
        ) from None
