"""Time discipline shared by the domain: aware datetimes only."""

from __future__ import annotations

from datetime import UTC, datetime


class NaiveDatetimeError(ValueError):
    """A naive datetime reached the domain; every instant must carry its zone."""


def require_aware(value: datetime, what: str = "datetime") -> datetime:
    """Return ``value`` in UTC, refusing a naive datetime."""
    if value.tzinfo is UTC:  # the usual case, and cheap: already aware and in UTC
        return value
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetimeError(f"{what} must be timezone-aware, got naive {value.isoformat()}")
    return value.astimezone(UTC)


def iso_utc(value: datetime) -> str:
    """The one time format Valvo sends (REST API, live feed, NATS): ISO 8601 in UTC with 'T'
    and 'Z', e.g. ``2026-12-06T18:31:20Z`` (microseconds only when there are some), as
    pydantic writes an aware UTC datetime. A naive datetime is refused."""
    return require_aware(value).isoformat().replace("+00:00", "Z")
