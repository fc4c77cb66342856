"""The weekly plan: authorised absences and required presence, DST-safe in the order's zone."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from valvo.domain.schedule import (
    LocalInterval,
    Purpose,
    Schedule,
    ScheduleError,
    TimezoneError,
    WeeklyWindow,
)

WORK = WeeklyWindow(weekday=0, start=time(8, 0), end=time(16, 0), purpose=Purpose.ACTIVITY)


def wall(text: str) -> datetime:
    """A local wall-clock time (naive on purpose: plans are written in the order's zone)."""
    return datetime.fromisoformat(text)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_weekly_window_in_winter_is_two_hours_ahead_of_utc() -> None:
    schedule = Schedule(weekly=(WORK,))
    # Monday 2026-11-23: 08:00 Helsinki (EET, +2) is 06:00 UTC.
    assert schedule.requires_presence(utc(2026, 11, 23, 5, 59))
    assert not schedule.requires_presence(utc(2026, 11, 23, 6, 0))
    assert schedule.requires_presence(utc(2026, 11, 23, 14, 0))


def test_weekly_window_in_summer_is_three_hours_ahead_of_utc() -> None:
    schedule = Schedule(weekly=(WORK,))
    # Monday 2026-06-15: 08:00 Helsinki (EEST, +3) is 05:00 UTC.
    assert not schedule.requires_presence(utc(2026, 6, 15, 5, 0))
    assert schedule.requires_presence(utc(2026, 6, 15, 13, 0))


def test_window_across_the_spring_change_keeps_local_wall_clock_times() -> None:
    # Sunday 2026-03-29 03:00 EET → 04:00 EEST. A 01:00–05:00 window is 3 real hours long.
    night = WeeklyWindow(weekday=6, start=time(1, 0), end=time(5, 0), purpose=Purpose.PERSONAL)
    schedule = Schedule(weekly=(night,))
    (absence,) = schedule.absences(utc(2026, 3, 28, 12), utc(2026, 3, 29, 12))
    assert absence.start == utc(2026, 3, 28, 23, 0)  # 01:00 EET
    assert absence.end == utc(2026, 3, 29, 2, 0)  # 05:00 EEST
    assert absence.end - absence.start == timedelta(hours=3)


def test_window_across_the_autumn_change_is_one_hour_longer() -> None:
    # Sunday 2026-10-25 04:00 EEST → 03:00 EET: a 01:00–05:00 window is 5 real hours long.
    night = WeeklyWindow(weekday=6, start=time(1, 0), end=time(5, 0), purpose=Purpose.PERSONAL)
    schedule = Schedule(weekly=(night,))
    (absence,) = schedule.absences(utc(2026, 10, 24, 12), utc(2026, 10, 25, 12))
    assert absence.end - absence.start == timedelta(hours=5)


def test_a_start_in_the_spring_gap_is_read_one_hour_later_on_the_clock() -> None:
    gap = WeeklyWindow(weekday=6, start=time(3, 30), end=time(6, 0), purpose=Purpose.PERSONAL)
    (absence,) = Schedule(weekly=(gap,)).absences(utc(2026, 3, 29, 0), utc(2026, 3, 29, 12))
    assert absence.start == utc(2026, 3, 29, 1, 30)  # 04:30 EEST


def test_window_ending_after_midnight_wraps_to_the_next_day() -> None:
    late = WeeklyWindow(weekday=4, start=time(22, 0), end=time(2, 0), purpose=Purpose.TRAVEL)
    schedule = Schedule(weekly=(late,))
    assert not schedule.requires_presence(utc(2026, 11, 27, 23, 30))  # Sat 01:30 local
    assert schedule.requires_presence(utc(2026, 11, 28, 0, 30))  # Sat 02:30 local


def test_one_off_interval_is_an_absence() -> None:
    court = LocalInterval(wall("2026-11-25T09:00"), wall("2026-11-25T12:00"), Purpose.EXEMPTION)
    schedule = Schedule(one_off=(court,))
    assert not schedule.requires_presence(utc(2026, 11, 25, 8, 0))  # 10:00 local
    assert schedule.requires_presence(utc(2026, 11, 25, 11, 0))


def test_next_change_is_the_next_start_or_end_of_required_presence() -> None:
    schedule = Schedule(weekly=(WORK,))
    assert schedule.next_change(utc(2026, 11, 23, 5, 0)) == utc(2026, 11, 23, 6, 0)
    assert schedule.next_change(utc(2026, 11, 23, 6, 0)) == utc(2026, 11, 23, 14, 0)
    assert schedule.next_change(utc(2026, 11, 23, 15, 0)) == utc(2026, 11, 30, 6, 0)
    assert Schedule().next_change(utc(2026, 11, 23, 5, 0)) is None


def test_adjacent_windows_do_not_create_a_false_change() -> None:
    morning = WeeklyWindow(0, time(8), time(12), Purpose.ACTIVITY)
    afternoon = WeeklyWindow(0, time(12), time(16), Purpose.REHABILITATION)
    schedule = Schedule(weekly=(morning, afternoon))
    assert schedule.next_change(utc(2026, 11, 23, 7, 0)) == utc(2026, 11, 23, 14, 0)


def test_malformed_entries_are_refused() -> None:
    with pytest.raises(ScheduleError, match="weekday"):
        WeeklyWindow(7, time(8), time(9), Purpose.ACTIVITY)
    with pytest.raises(ScheduleError, match="zero length"):
        WeeklyWindow(1, time(8), time(8), Purpose.ACTIVITY)
    with pytest.raises(ScheduleError, match="ends before"):
        LocalInterval(wall("2026-01-02T00:00"), wall("2026-01-01T00:00"), Purpose.PERSONAL)
    with pytest.raises(TimezoneError):
        Schedule(timezone="Mars/Olympus")


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        Schedule().requires_presence(datetime(2026, 1, 1))  # noqa: DTZ001
