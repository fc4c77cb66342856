"""Conversion of the unserved part into prison (§17, 7.1.6; R89).

One unserved day is one day of prison, and the prison term is at least four days.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from valvo.domain.law.calendar import months_in_days
from valvo.domain.law.errors import LawInputError
from valvo.domain.law.policy import LawPolicy

# Four Gregorian years starting with a leap year hold every pattern of month lengths.
_CYCLE_START = date(2000, 1, 1)
_CYCLE_DAYS = 4 * 365 + 1


@cache
def longest_span_days(months: int) -> int:
    """The most days any ``months`` consecutive calendar months can hold (6 months: 184)."""
    return max(months_in_days(_CYCLE_START + timedelta(days=i), months) for i in range(_CYCLE_DAYS))


def convert_to_prison(unserved_days: int, policy: LawPolicy) -> int:
    if unserved_days < 0:
        raise LawInputError(
            "unserved_days_negative",
            f"--unserved-days {unserved_days}: unserved days cannot be negative",
        )
    longest = longest_span_days(policy.combined_max_months)
    if unserved_days > longest:
        raise LawInputError(
            "unserved_days_above_maximum",
            f"--unserved-days {unserved_days}: no monitoring sentence is longer than "
            f"{policy.combined_max_months} months ({longest} days) even when sentences are "
            f"combined (§20, R95; policy {policy.name})",
        )
    return max(policy.conversion_min_prison_days, unserved_days)
