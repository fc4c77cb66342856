"""Parole from a monitoring sentence: RL 2c:5 applies as for prison (§1.2; R73–R77).

The start day is the first day served. ``days_before_parole`` is the served part: the fraction
of the length, rounded down (R75), never under 14 days (R74) and never over the length. Days of
interruption do not count as served (R71), so they push both dates back.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction

from valvo.domain.law.calendar import add_days, add_years
from valvo.domain.law.errors import LawInputError
from valvo.domain.law.policy import LawPolicy
from valvo.domain.law.sentence import check_sentence_length


@dataclass(frozen=True, slots=True)
class Parole:
    fraction: Fraction
    days_before_parole: int
    parole_date: date
    end_date: date  # the first day no longer serving


def compute_parole(
    *,
    length_days: int,
    start: date,
    under_21: bool,
    prison_within_lookback: bool,
    interrupted_days: int = 0,
    policy: LawPolicy,
) -> Parole:
    check_sentence_length(length_days, start, policy, "--length-days")
    if interrupted_days < 0:
        raise LawInputError(
            "interrupted_days_negative",
            f"--interrupted-days {interrupted_days}: days of interruption cannot be negative",
        )
    fraction = policy.parole_fraction(
        under_21=under_21, prison_within_lookback=prison_within_lookback
    )
    served = days_before_parole(length_days, fraction, policy)
    return Parole(
        fraction=fraction,
        days_before_parole=served,
        parole_date=add_days(start, served + interrupted_days, "parole date"),
        end_date=add_days(start, length_days + interrupted_days, "end date"),
    )


def days_before_parole(length_days: int, fraction: Fraction, policy: LawPolicy) -> int:
    """R74, R75: the fraction of the length rounded down, at least 14 days, at most the length."""
    return min(length_days, max(policy.parole_min_served_days, math.floor(fraction * length_days)))


def fraction_text(fraction: Fraction) -> str:
    return f"{fraction.numerator}/{fraction.denominator}"


class CustodyKind(StrEnum):
    PRISON = "prison"
    MONITORING_SENTENCE = "monitoring_sentence"


@dataclass(frozen=True, slots=True)
class ServedPeriod:
    """A period someone served, first and last day inclusive."""

    kind: CustodyKind
    first_day: date
    last_day: date


def prison_within_lookback(
    history: Iterable[ServedPeriod], offence_date: date, policy: LawPolicy
) -> bool:
    """RL 2c:5 (R73): was prison served during the 3 years before the offence?

    A served monitoring sentence does not count (R76, 7.1.5): it leaves the person's prison
    record, and so the parole fraction of a later prison sentence, unchanged.
    """
    window_start = add_years(offence_date, -policy.prison_lookback_years)
    return any(
        period.kind is CustodyKind.PRISON
        and period.last_day >= window_start
        and period.first_day < offence_date
        for period in history
    )


def under_age_at(birth_date: date, offence_date: date, age: int) -> bool:
    """Whether someone born on ``birth_date`` was under ``age`` on ``offence_date``."""
    return offence_date < add_years(birth_date, age)
