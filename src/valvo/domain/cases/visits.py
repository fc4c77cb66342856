"""The kinds of supervision visit (§9–§10): announced at home, at work or at the activity
place, or a covert check (R40, R50: a mobile checker carried by staff, or recorded by hand);
a key-fob visit is one the home unit reported when it saw the officer's fob (R39); and how
often visits are made against a target (R53).

The law sets no visit frequency. R53 asks for a configurable target and the actual frequency
per convict; the reference assumption is twice a week (Sweden; the Finnish cost model, 8.1 and
8.2 of the report), so ``DEFAULT_VISITS_PER_WEEK`` is practice, and a case may set its own
(docs/law.md, "Visit frequency")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class VisitKind(StrEnum):
    HOME = "home"
    WORKPLACE = "workplace"
    ACTIVITY = "activity"
    COVERT_CHECK = "covert_check"
    KEY_FOB = "key_fob"  # R39: reported by the home unit, never recorded by hand


MANUAL_KINDS = tuple(kind for kind in VisitKind if kind is not VisitKind.KEY_FOB)


DEFAULT_VISITS_PER_WEEK = 2  # R53: the reference assumption (context 8.1, 8.2)
MAX_VISITS_PER_WEEK = 14


@dataclass(frozen=True, slots=True)
class WeekVisits:
    monday: date
    days: int  # days of the week inside the period (7 for a full week)
    visits: int
    target: int  # the target for a full week; a partial week is not counted short

    @property
    def short(self) -> bool:
        return self.days == 7 and self.visits < self.target


@dataclass(frozen=True, slots=True)
class VisitFrequency:
    target_per_week: int
    days: int
    visits: int
    weeks: tuple[WeekVisits, ...]

    @property
    def expected(self) -> float:
        """Visits the target asks for over the period, pro rata by day."""
        return round(self.target_per_week * self.days / 7, 1)

    @property
    def per_week(self) -> float | None:
        """The actual frequency: visits a week over the period (None before a day passed)."""
        return None if self.days == 0 else round(self.visits * 7 / self.days, 1)

    @property
    def weeks_short(self) -> int:
        return sum(1 for week in self.weeks if week.short)

    @property
    def on_target(self) -> bool:
        """At least the whole visits the target asks for so far (a part of one is not due)."""
        return self.visits >= int(self.expected)


def visit_frequency(
    visit_days: Iterable[date], start: date, end: date, target_per_week: int
) -> VisitFrequency:
    """Visits made on days ``start`` ≤ day < ``end`` against ``target_per_week``, by calendar
    week (Monday to Sunday). Visits outside the period are not counted."""
    if not 0 <= target_per_week <= MAX_VISITS_PER_WEEK:
        raise ValueError(f"a visit target is 0–{MAX_VISITS_PER_WEEK} a week, not {target_per_week}")
    end = max(start, end)
    inside = [day for day in visit_days if start <= day < end]
    weeks: list[WeekVisits] = []
    monday = start - timedelta(days=start.weekday())
    while monday < end:
        sunday_after = monday + timedelta(days=7)
        first, last = max(monday, start), min(sunday_after, end)
        count = sum(1 for day in inside if first <= day < last)
        weeks.append(WeekVisits(monday, (last - first).days, count, target_per_week))
        monday = sunday_after
    return VisitFrequency(target_per_week, (end - start).days, len(inside), tuple(weeks))
