"""Time discipline: aware datetimes only, in UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from valvo.domain.clock import NaiveDatetimeError, require_aware


def test_an_instant_already_in_utc_is_returned_as_it_is() -> None:
    """The engine's hot path asks this several times per observation: no conversion then."""
    at = datetime(2026, 11, 23, 8, 0, 0, 123, tzinfo=UTC)
    assert require_aware(at) is at


def test_an_instant_in_another_zone_is_converted_to_utc() -> None:
    for tz in (ZoneInfo("Europe/Helsinki"), timezone(timedelta(hours=-5))):
        local = datetime(2026, 11, 23, 10, 0, tzinfo=tz)
        converted = require_aware(local)
        assert converted.tzinfo is UTC
        assert converted == local


def test_a_naive_datetime_is_refused() -> None:
    with pytest.raises(NaiveDatetimeError, match="now must be timezone-aware"):
        require_aware(datetime(2026, 11, 23, 8, 0), "now")  # noqa: DTZ001 (the point)
