"""Strict reading of dates, clock times and instants; calendar months."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from valvo.domain.law.calendar import (
    add_months,
    months_in_days,
    parse_clock,
    parse_date,
    parse_instant,
    parse_local_datetime,
)
from valvo.domain.law.errors import LawInputError

HELSINKI = ZoneInfo("Europe/Helsinki")


def test_months_are_calendar_months_from_the_start() -> None:
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert months_in_days(date(2025, 1, 1), 4) == 120
    assert months_in_days(date(2024, 1, 1), 4) == 121  # leap February
    assert months_in_days(date(2025, 7, 1), 6) == 184


@pytest.mark.parametrize(
    "text", ["2025-13-01", "2025-02-30", "20250101", "1.3.2025", "", "2025-1-1", "2025-01-01T00:00"]
)
def test_malformed_dates_are_refused_with_the_text(text: str) -> None:
    with pytest.raises(LawInputError) as caught:
        parse_date(text, "--start")
    assert caught.value.code == "invalid_date"
    assert repr(text) in caught.value.message
    assert caught.value.message.startswith("--start: ")


def test_clock_times() -> None:
    assert parse_clock("06:00", "w") == time(6, 0)
    for bad in ("6:00", "24:00", "18:60", "18.00", "18:00:00"):
        with pytest.raises(LawInputError) as caught:
            parse_clock(bad, "w")
        assert caught.value.code == "invalid_time"


def test_local_datetimes_have_no_offset() -> None:
    assert parse_local_datetime("2025-03-03T08:00", "x") == datetime(2025, 3, 3, 8, 0)  # noqa: DTZ001
    assert parse_local_datetime("2025-03-03 08:00:30", "x") == datetime(2025, 3, 3, 8, 0, 30)  # noqa: DTZ001
    for bad in ("2025-03-03T08:00+02:00", "2025-03-03", "2025-03-03T25:00", "tomorrow"):
        with pytest.raises(LawInputError) as caught:
            parse_local_datetime(bad, "x")
        assert caught.value.code == "invalid_datetime"


def test_instants_with_offset_z_or_local_time() -> None:
    expected = datetime(2025, 3, 28, 8, 0, tzinfo=UTC)
    assert parse_instant("2025-03-28T10:00:00+02:00", "d", HELSINKI) == expected
    assert parse_instant("2025-03-28T08:00Z", "d", HELSINKI) == expected
    assert parse_instant("2025-03-28T10:00", "d", HELSINKI) == expected
    for bad in ("2025-03-28", "2025-03-28T10:00+2", "2025-02-30T10:00Z", "now"):
        with pytest.raises(LawInputError) as caught:
            parse_instant(bad, "--decided-at", HELSINKI)
        assert caught.value.code == "invalid_datetime"
