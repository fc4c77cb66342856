"""Time discipline shared by the domain: aware datetimes only."""

from __future__ import annotations

from datetime import UTC, datetime


class NaiveDatetimeError(ValueError):
    """A naive datetime reached the domain; every instant must carry its zone."""


def require_aware(value: datetime, what: str = "datetime") -> datetime:
    """Return ``value`` in UTC, refusing a naive datetime."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetimeError(f"{what} must be timezone-aware, got naive {value.isoformat()}")
    return value.astimezone(UTC)
