"""A plan as ``valvo law check-plan`` reads it (its JSON form is read by ``plan_reader``).

Shape (PRODUCT.md): ``{"kind", "timezone", "start", "end", "intervals": [{"purpose", "start",
"end", "justification"?}], "locality_window": {"start", "end", "justification"?}}``. ``start``
and ``end`` are the first and the last day the plan covers (both included). ``timezone``
defaults to Europe/Helsinki; ``locality_window`` is optional (a travel ban may carry no locality
obligation, PKL 2:3.2) and applies to travel bans only. ``activity_hours_justification`` is the
optional special reason for more than 40 h of activity a week where the policy allows it
(330/2011 §3.2).

Data that is not a plan at all (wrong types, missing or unknown keys, unreadable dates) raises
``LawInputError``. A readable plan with an interval that ends before it starts is still read:
that interval becomes a ``PlanError`` and the rest of the plan is checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from valvo.domain.schedule.weekly import LocalInterval

DAY = timedelta(days=1)
# Not law: a guard against a runaway file. No sentence or ban plan comes near ten years.
MAX_PLAN_DAYS = 3653


class PlanKind(StrEnum):
    MONITORING_SENTENCE = "monitoring_sentence"
    TRAVEL_BAN = "travel_ban"


@dataclass(frozen=True, slots=True)
class PlanError:
    """One broken rule: a stable snake_case ``code`` and a one-line ``message``."""

    code: str
    message: str


@dataclass(frozen=True, slots=True)
class LocalityWindow:
    """The daily locality obligation (paikallaolovelvoite), wall-clock; ``end`` <= ``start``
    wraps past midnight."""

    start: time
    end: time
    justification: str | None = None

    @property
    def nominal(self) -> timedelta:
        """Its length on a day without a clock change."""
        today = date(2000, 1, 3)
        length = datetime.combine(today, self.end) - datetime.combine(today, self.start)
        return length % DAY

    def on(self, day: date) -> tuple[datetime, datetime]:
        """Naive local start and end of the window that begins on ``day``."""
        start = datetime.combine(day, self.start)
        return start, start + self.nominal


@dataclass(frozen=True, slots=True)
class Plan:
    kind: PlanKind
    timezone: str
    start: date  # first day covered
    end: date  # last day covered (included)
    intervals: tuple[LocalInterval, ...]
    locality_window: LocalityWindow | None = None
    activity_hours_justification: str | None = None

    @property
    def first_instant(self) -> datetime:
        return datetime.combine(self.start, time(0, 0))

    @property
    def end_instant(self) -> datetime:
        """Local midnight after the last day: the end of the covered period."""
        return datetime.combine(self.end + DAY, time(0, 0))


def justified(text: str | None) -> bool:
    return text is not None and text.strip() != ""


def describe(interval: LocalInterval) -> str:
    """``activity 2025-03-03 08:00–16:00`` (the end's date only when it differs)."""
    end = interval.end.strftime(
        "%H:%M" if interval.end.date() == interval.start.date() else "%Y-%m-%d %H:%M"
    )
    return f"{interval.purpose.value} {interval.start:%Y-%m-%d %H:%M}–{end}"
