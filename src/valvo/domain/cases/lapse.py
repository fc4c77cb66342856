"""The lapse (raukeaminen) of a monitoring sentence whose enforcement has not begun (RL 8:11;
R93): it lapses as the corresponding prison sentence does (RL 8:10), so the period follows the
length of the replaced prison sentence, which is the sentence's own length (RL 6:11a). The
periods are in the policy (``sentence_lapse_periods``); the period runs from the day the
judgment was given. Once enforcement has begun, or the sentence was converted to prison, this
rule no longer applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from valvo.domain.cases.errors import CaseError
from valvo.domain.cases.sentence import MonitoringSentence, Status
from valvo.domain.law.calendar import add_years, months_in_days
from valvo.domain.law.policy import LawPolicy

RULE = "RL 8:11, RL 8:10; R93"
_NOT_BEGUN = (Status.SENTENCED, Status.PLAN_CONFIRMED, Status.INTERRUPTED)


@dataclass(frozen=True, slots=True)
class Lapse:
    years: int  # the period for a prison sentence of this length (RL 8:10)
    last_day_to_begin: date  # enforcement begun on this day is still in time
    lapses_on: date  # the first day the sentence has lapsed


def lapse_years(length_days: int, sentenced_on: date, policy: LawPolicy) -> int:
    """RL 8:10: the period for a prison sentence of ``length_days`` from ``sentenced_on``."""
    if length_days < 1:
        raise CaseError("length_not_positive", "a sentence has a length of at least one day")
    for max_months, years in policy.sentence_lapse_periods:
        if max_months is None or length_days <= months_in_days(sentenced_on, max_months):
            return years
    raise CaseError("no_lapse_period", f"policy {policy.name} has no period for this length")


def sentence_lapse(sentence: MonitoringSentence, policy: LawPolicy) -> Lapse | None:
    """R93: when the sentence lapses if its enforcement has not begun; ``None`` once begun
    (or before the judgment, or once converted or completed)."""
    if (
        sentence.status not in _NOT_BEGUN
        or sentence.serving_start is not None
        or sentence.sentenced_on is None
        or sentence.length_days is None
    ):
        return None
    years = lapse_years(sentence.length_days, sentence.sentenced_on, policy)
    last_day = add_years(sentence.sentenced_on, years)
    return Lapse(years, last_day, last_day + timedelta(days=1))
