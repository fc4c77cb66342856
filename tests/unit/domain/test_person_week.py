"""The person's week (domain/person.week): each local day cut into required presence at home
and the authorised absences, in order and covering the whole day; DST-safe in Helsinki (a day
of 23 or 25 hours); a window over midnight falls on both days."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from valvo.domain.person import MAX_TEXT, Span, clean_text, week
from valvo.domain.schedule.weekly import Purpose, Schedule, WeeklyWindow

WORK = WeeklyWindow(0, time(8), time(16), Purpose.ACTIVITY)  # Mondays
HELSINKI = ZoneInfo("Europe/Helsinki")
NIGHT = WeeklyWindow(4, time(22), time(2), Purpose.PERSONAL)  # Friday night into Saturday


def hours(span: Span) -> float:
    return (span.end - span.start) / timedelta(hours=1)


def test_a_day_is_cut_into_home_and_away_in_local_time() -> None:
    # Monday 2027-01-04 12:00 Helsinki (UTC+2).
    days = week(Schedule(weekly=(WORK, NIGHT)), datetime(2027, 1, 4, 10, tzinfo=UTC))
    assert [d.day.isoformat() for d in days][:2] == ["2027-01-04", "2027-01-05"]
    assert len(days) == 7
    monday = days[0].spans
    assert [(s.start.hour, s.end.hour, s.purpose) for s in monday] == [
        (22, 6, None),
        (6, 14, Purpose.ACTIVITY),
        (14, 22, None),
    ]
    friday, saturday = days[4].spans, days[5].spans
    assert friday[-1].purpose is Purpose.PERSONAL  # 22:00–24:00 on Friday
    assert hours(friday[-1]) == 2
    assert saturday[0].purpose is Purpose.PERSONAL  # and 00:00–02:00 on Saturday
    assert hours(saturday[0]) == 2
    for day in days:  # every day is covered from its start to its end, without gaps
        spans = day.spans
        assert all(a.end == b.start for a, b in pairwise(spans))
        assert sum(map(hours, spans)) == 24


@pytest.mark.parametrize(
    ("now", "length"),
    [
        (datetime(2027, 3, 28, 6, tzinfo=UTC), 23),  # spring forward: Sunday has 23 hours
        (datetime(2026, 10, 25, 6, tzinfo=UTC), 25),  # fall back: Sunday has 25 hours
    ],
)
def test_a_day_at_a_clock_change_has_its_own_length(now: datetime, length: int) -> None:
    [sunday, monday] = week(Schedule(weekly=(WORK,)), now, days=2)
    assert sunday.day.weekday() == 6
    assert [s.purpose for s in sunday.spans] == [None]
    assert hours(sunday.spans[0]) == length
    # The Monday after still starts work at 08:00 local time.
    work = next(s for s in monday.spans if s.purpose is Purpose.ACTIVITY)
    assert work.start.astimezone(HELSINKI).time() == time(8)
    assert work.end.astimezone(HELSINKI).time() == time(16)


def test_a_message_or_report_must_say_something_and_not_too_much() -> None:
    assert clean_text("  Hei  ", "message") == "Hei"
    with pytest.raises(ValueError, match="message is empty"):
        clean_text("   ", "message")
    with pytest.raises(ValueError, match="too long"):
        clean_text("x" * (MAX_TEXT + 1), "report")
