"""A new sentence over a monitoring sentence (§18.2, §19, §20; R91, R92, R95).

- §18.2 (R91): a court that sentences the person to unconditional prison may prohibit the start
  or the continuation of the monitoring sentence; it then orders the remaining part served as
  prison (no four-day minimum: that is §17's conversion), binding despite appeal (§18.3).
- §19 (R92): when a new sentence is imposed under §15.3, §17 or §18.2, or an appeal changes a
  sentence enforced early (§7.4), the days already served are deducted from it, one served day
  for one day of prison, by the method most favourable to the convict.
- §20 (R95): monitoring sentences enforceable at the same time are added together, at most six
  calendar months in all, and KHL revises the plan for the longer sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from valvo.domain.cases.errors import CaseError
from valvo.domain.law.combination import Combination, combine
from valvo.domain.law.errors import LawInputError
from valvo.domain.law.policy import LawPolicy


@dataclass(frozen=True, slots=True)
class Credit:
    """§19: the new sentence, the days credited for the served monitoring sentence, what is
    left to serve."""

    new_sentence_days: int
    credited_days: int
    remaining_days: int


def credited_days(served_days: int, partly_served_last_day: bool, policy: LawPolicy) -> int:
    """§19: one served day is one day of prison. Most favourable to the convict: a day on which
    the sentence was served even in part (the day of the decision, before it took effect)
    counts as a whole day."""
    if served_days < 0:
        raise CaseError("served_days_negative", "served days cannot be negative (§19)")
    days = served_days + (1 if partly_served_last_day else 0)
    return days * policy.prison_days_per_served_day


def credit(new_sentence_days: int, credited: int) -> Credit:
    """R92: the credited days are deducted from the new sentence, never below nothing."""
    if new_sentence_days < 1:
        raise CaseError(
            "new_sentence_missing", "the new sentence is at least one day of prison (§19)"
        )
    deducted = min(credited, new_sentence_days)
    return Credit(new_sentence_days, deducted, new_sentence_days - deducted)


def remaining_as_prison(length_days: int, served_days: int) -> int:
    """§18.2 (R91): the remaining part of the monitoring sentence is served as prison, 1:1."""
    return max(0, length_days - served_days)


def combined_length(
    start: date, current_days: int, added_days: Sequence[int], policy: LawPolicy
) -> Combination:
    """§20 (R95): the sentence being served plus those added to it, capped at six months from
    the start of the combined enforcement."""
    if not added_days:
        raise CaseError("no_sentences", "name the sentence to add (§20)")
    try:
        return combine(start, [current_days, *added_days], policy)
    except LawInputError as exc:
        raise CaseError(exc.code, exc.message) from None
