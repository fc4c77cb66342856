"""Local wall-clock time to instants, safe across daylight-saving changes.

A schedule says "21:00 on Monday" in the order's timezone. Two local times need a rule:
- in the spring gap (03:00–04:00 in Helsinki on the last Sunday of March) a time that does not
  exist is read with the offset in force before the change, i.e. one hour later on the clock;
- in the autumn fold (03:00–04:00 occurs twice) the first occurrence is taken.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIMEZONE = "Europe/Helsinki"


class TimezoneError(ValueError):
    """The timezone name is not an IANA zone this machine knows."""


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise TimezoneError(f"unknown timezone {name!r}") from exc


def local_to_utc(local: datetime, tz: ZoneInfo) -> datetime:
    """A naive local wall-clock datetime in ``tz`` as an aware UTC instant (rules above)."""
    if local.tzinfo is not None:
        raise ValueError("local_to_utc takes a naive wall-clock datetime")
    return local.replace(tzinfo=tz, fold=0).astimezone(UTC)


def local_day_start(day: date, tz: ZoneInfo) -> datetime:
    return local_to_utc(datetime.combine(day, time(0, 0)), tz)


def local_date(instant: datetime, tz: ZoneInfo) -> date:
    return instant.astimezone(tz).date()


def days(start: date, end: date) -> list[date]:
    """Every date from ``start`` up to and including ``end``."""
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]
