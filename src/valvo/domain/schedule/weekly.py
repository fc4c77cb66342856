"""The weekly plan: when a person is authorised to be away from home.

Required presence (the abode obligation, *asumisvelvollisuus*) is every moment of the order
outside the authorised intervals: recurring weekly windows (work, study, treatment) and one-off
intervals (a court date, an exemption). Times are wall-clock in the order's timezone; every
question is answered in UTC instants, DST-safe (see ``local_time``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from valvo.domain.clock import require_aware
from valvo.domain.schedule.local_time import DEFAULT_TIMEZONE, local_to_utc, zone

HORIZON = timedelta(days=8)
_MEMO_DAYS = 64
_MEMO_ANSWERS = 8


class Purpose(StrEnum):
    ACTIVITY = "activity"
    TRAVEL = "travel"
    PERSONAL = "personal"
    REHABILITATION = "rehabilitation"
    EXEMPTION = "exemption"


class ScheduleError(ValueError):
    """The schedule is malformed; the text says which entry and why."""


@dataclass(frozen=True, slots=True)
class WeeklyWindow:
    """An authorised absence every week: ``weekday`` 0 = Monday; ``end`` <= ``start`` wraps."""

    weekday: int
    start: time
    end: time
    purpose: Purpose
    place_id: str | None = None
    justification: str | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ScheduleError(f"weekday must be 0 (Monday) to 6 (Sunday), got {self.weekday}")
        if self.start == self.end:
            raise ScheduleError(f"window on weekday {self.weekday} has zero length")

    def occurrences(self, first_day: date, last_day: date) -> Iterable[tuple[datetime, datetime]]:
        """Naive local (start, end) of each occurrence starting between the two dates."""
        day = first_day + timedelta(days=(self.weekday - first_day.weekday()) % 7)
        while day <= last_day:
            start = datetime.combine(day, self.start)
            end_day = day if self.end > self.start else day + timedelta(days=1)
            yield start, datetime.combine(end_day, self.end)
            day += timedelta(days=7)


@dataclass(frozen=True, slots=True)
class LocalInterval:
    """A one-off authorised absence in naive local wall-clock time."""

    start: datetime
    end: datetime
    purpose: Purpose
    justification: str | None = None
    place_id: str | None = None

    def __post_init__(self) -> None:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ScheduleError("interval times are local wall-clock times without an offset")
        if self.end <= self.start:
            raise ScheduleError(f"interval {self.start} – {self.end} ends before it starts")


@dataclass(frozen=True, slots=True)
class Absence:
    """An authorised absence as UTC instants."""

    start: datetime
    end: datetime
    purpose: Purpose
    place_id: str | None = None

    def covers(self, instant: datetime) -> bool:
        return self.start <= instant < self.end


@dataclass(frozen=True, slots=True)
class Schedule:
    timezone: str = DEFAULT_TIMEZONE
    weekly: tuple[WeeklyWindow, ...] = ()
    one_off: tuple[LocalInterval, ...] = ()
    version: int = 1
    # Memo of absences by UTC day, so the engine's per-fix question costs a dict look-up.
    _by_day: dict[date, tuple[Absence, ...]] = field(
        default_factory=dict, compare=False, repr=False, hash=False
    )
    # Memo of recent next_change answers: for any instant in [asked, answer) it is the same.
    _next_memo: list[tuple[datetime, datetime | None]] = field(
        default_factory=list, compare=False, repr=False, hash=False
    )

    def __post_init__(self) -> None:
        zone(self.timezone)  # raises TimezoneError for an unknown zone

    def absences(self, start: datetime, end: datetime) -> tuple[Absence, ...]:
        """Authorised absences overlapping [start, end), sorted by start."""
        start, end = require_aware(start, "start"), require_aware(end, "end")
        tz = zone(self.timezone)
        first_day = start.astimezone(tz).date() - timedelta(days=1)
        last_day = end.astimezone(tz).date() + timedelta(days=1)
        found: list[Absence] = []
        for window in self.weekly:
            for local_start, local_end in window.occurrences(first_day, last_day):
                found.append(
                    Absence(
                        local_to_utc(local_start, tz),
                        local_to_utc(local_end, tz),
                        window.purpose,
                        window.place_id,
                    )
                )
        for interval in self.one_off:
            found.append(
                Absence(
                    local_to_utc(interval.start, tz),
                    local_to_utc(interval.end, tz),
                    interval.purpose,
                    interval.place_id,
                )
            )
        return tuple(
            sorted((a for a in found if a.end > start and a.start < end), key=lambda a: a.start)
        )

    def absence_at(self, instant: datetime) -> Absence | None:
        """The authorised absence covering ``instant``, if any."""
        instant = require_aware(instant, "instant")
        day = instant.date()
        candidates = self._by_day.get(day)
        if candidates is None:
            if len(self._by_day) > _MEMO_DAYS:
                self._by_day.clear()
            start = datetime.combine(day, time(0), tzinfo=UTC)
            candidates = self._by_day[day] = self.absences(start, start + timedelta(days=1))
        for absence in candidates:
            if absence.covers(instant):
                return absence
        return None

    def requires_presence(self, instant: datetime) -> bool:
        return self.absence_at(instant) is None

    def next_change(self, after: datetime) -> datetime | None:
        """The next instant after ``after`` at which required presence starts or ends."""
        after = require_aware(after, "after")
        for asked, answer in self._next_memo:
            if asked <= after and answer is not None and after < answer:
                return answer
        found = self._next_change(after)
        self._next_memo.insert(0, (after, found))
        del self._next_memo[_MEMO_ANSWERS:]
        return found

    def _next_change(self, after: datetime) -> datetime | None:
        edges = sorted(
            {
                edge
                for absence in self.absences(after - timedelta(days=1), after + HORIZON)
                for edge in (absence.start, absence.end)
                if edge > after
            }
        )
        for edge in edges:
            before = self.requires_presence(edge - timedelta(microseconds=1))
            if before != self.requires_presence(edge):
                return edge
        return None
