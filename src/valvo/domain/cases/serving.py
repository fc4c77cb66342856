"""Serving-time arithmetic of a monitoring sentence (§7, §15; R70, R71, R86).

Days are calendar dates. Serving starts on the day the devices are installed after the plan was
confirmed (§7.2; R33) and that day is served. An interruption runs from its first unserved day
to the day serving resumes (``end``, exclusive); an open one runs until ``today``. Interrupted
days are not served (R71), so they push the end date back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from valvo.domain.cases.errors import CaseError
from valvo.domain.law.calendar import add_years
from valvo.domain.law.policy import LawPolicy


class InterruptionReason(StrEnum):
    PROVISIONAL = "provisional"  # §14.2: a suspected breach being clarified, ≤ 1 month (R80)
    LAB_CONFIRMATION = "lab_confirmation"  # §11.3: a quick test awaiting the laboratory (R64)
    COURT_REFERRAL = "court_referral"  # §14.3: referred to court for a serious breach (R81)
    NEW_CHARGE = "new_charge"  # §18.1: the prosecutor's notice of a new charge (R90)
    IMPEDIMENT = "impediment"  # §15.1: an impediment that is not a breach, ≤ 1 year (R86)
    WANTED = "wanted"  # §13: cannot be found; not serving, and the year runs on (R71, R88)


# §7.3 (R70): time interrupted for these reasons does not eat into the one year to complete,
# the first two only where the court let the sentence continue.
_EXCLUDED_IF_CONTINUED = {InterruptionReason.COURT_REFERRAL, InterruptionReason.NEW_CHARGE}


@dataclass(frozen=True, slots=True)
class Interruption:
    reason: InterruptionReason
    start: date  # first day not served
    end: date | None = None  # first day served again; None while it lasts
    court_allowed_continuation: bool = False

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise CaseError(
                "interruption_ends_before_start",
                f"{self.reason.value} interruption ends {self.end} before it starts {self.start}",
            )

    def until(self, today: date) -> date:
        return self.end if self.end is not None else max(today, self.start)

    def excluded_from_completion_limit(self) -> bool:
        if self.reason is InterruptionReason.IMPEDIMENT:
            return True
        return self.reason in _EXCLUDED_IF_CONTINUED and self.court_allowed_continuation


def interrupted_days(
    interruptions: Iterable[Interruption], today: date, within: tuple[date, date] | None = None
) -> int:
    """Days covered by the interruptions (overlaps counted once), optionally clipped."""
    spans = sorted((i.start, i.until(today)) for i in interruptions)
    if within is not None:
        low, high = within
        spans = [(max(s, low), min(e, high)) for s, e in spans]
    total, reach = 0, date.min
    for start, end in spans:
        start = max(start, reach)
        if end > start:
            total += (end - start).days
            reach = end
    return total


def served_days(serving_start: date, interruptions: Iterable[Interruption], on: date) -> int:
    """R71: days served before ``on``: from the serving start, less the interrupted days."""
    if on <= serving_start:
        return 0
    window = (serving_start, on)
    return (on - serving_start).days - interrupted_days(interruptions, on, within=window)


def projected_end(
    serving_start: date, length_days: int, interruptions: Iterable[Interruption], today: date
) -> date:
    """R71, R72: the first day no longer serving, if no further interruption comes."""
    listed = tuple(interruptions)
    end = serving_start + timedelta(days=length_days)
    while True:  # an interruption that starts after a provisional end moves it again
        moved = serving_start + timedelta(
            days=length_days + interrupted_days(listed, today, within=(serving_start, end))
        )
        if moved == end:
            return end
        end = moved


def completion_deadline(
    enforceable_on: date, interruptions: Iterable[Interruption], today: date, policy: LawPolicy
) -> date:
    """R70 (§7.1, §7.3): one year from enforceability, extended by the excluded periods."""
    excluded = [i for i in interruptions if i.excluded_from_completion_limit()]
    base = add_years(enforceable_on, policy.completion_limit_years)
    return base + timedelta(days=interrupted_days(excluded, today))


def impediment_days(interruptions: Iterable[Interruption], today: date) -> int:
    """R86 (§15.1): the days of impediment interruptions so far, all of them together."""
    return interrupted_days(
        (i for i in interruptions if i.reason is InterruptionReason.IMPEDIMENT), today
    )


def impediment_limit_days(enforceable_on: date, policy: LawPolicy) -> int:
    """One year (§15.1) counted from the enforceability date, in days."""
    return (
        add_years(enforceable_on, policy.impediment_interruption_max_years) - enforceable_on
    ).days
