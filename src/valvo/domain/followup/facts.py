"""What the follow-up reads of one monitoring sentence: dates the law counts in days (local to
the case), no name or identifier beyond the case's own id (never shown)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Span:
    """An interruption: ``start`` is the first day not served, ``end`` the first day served
    again (None while it lasts)."""

    reason: str
    start: date
    end: date | None = None


@dataclass(frozen=True, slots=True)
class Days:
    """Days [start, end) of the case's calendar; ``end`` None: from ``start`` on."""

    start: date
    end: date | None = None

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class BreachFact:
    kind: str | None  # None until assessed
    occurred_on: date
    response: str | None = None  # written_warning | court_referral
    responded_on: date | None = None


@dataclass(frozen=True, slots=True)
class VisitFact:
    visited_on: date
    km: float | None = None
    minutes: int | None = None


@dataclass(frozen=True, slots=True)
class TestFact:
    kind: str
    taken_on: date
    lab_on: date | None = None  # a quick test sent to the laboratory (R64)


@dataclass(frozen=True, slots=True)
class SentenceFact:
    """One monitoring sentence as the follow-up sees it."""

    case_id: str
    region: str
    pilot: bool
    status: str
    requested_on: date | None = None
    sentenced_on: date | None = None
    length_days: int | None = None
    serving_start: date | None = None
    ended_on: date | None = None  # the first day no longer serving
    device_kinds: tuple[str, ...] = ()
    interruptions: tuple[Span, ...] = ()
    breaches: tuple[BreachFact, ...] = field(default=())
    visits: tuple[VisitFact, ...] = ()
    tests: tuple[TestFact, ...] = ()
    # R143: the days the case's unit (its region) is in the pilot (domain/followup/pilot.py).
    unit_pilot: tuple[Days, ...] = ()
    # The days this view of the case leaves out (the pilot's, or the others'): nothing dated
    # on them is counted, and they are not served days of the view.
    outside: tuple[Days, ...] = ()

    def counts_on(self, day: date | None) -> bool:
        return day is not None and not any(day in o for o in self.outside)

    def serving_on(self, day: date) -> bool:
        """Under monitoring on ``day``: serving began, not yet ended, not interrupted."""
        if self.serving_start is None or day < self.serving_start:
            return False
        if self.ended_on is not None and day >= self.ended_on:
            return False
        return self.counts_on(day) and not any(
            i.start <= day and (i.end is None or day < i.end) for i in self.interruptions
        )
