"""The length of one monitoring sentence (RL 6:11a; R1, R2)."""

from __future__ import annotations

from datetime import date

from valvo.domain.law.calendar import months_in_days
from valvo.domain.law.errors import LawInputError
from valvo.domain.law.policy import LawPolicy


def max_sentence_days(start: date, policy: LawPolicy) -> int:
    """The longest sentence starting on ``start``: ``max_sentence_months`` calendar months."""
    return months_in_days(start, policy.max_sentence_months)


def check_sentence_length(length_days: int, start: date, policy: LawPolicy, what: str) -> None:
    """R2: a monitoring sentence replaces 14 days to 4 months (2011 act: 6) of prison."""
    if length_days < policy.min_sentence_days:
        raise LawInputError(
            "length_below_minimum",
            f"{what} {length_days}: a monitoring sentence is at least "
            f"{policy.min_sentence_days} days (RL 6:11a, R2; policy {policy.name})",
        )
    longest = max_sentence_days(start, policy)
    if length_days > longest:
        raise LawInputError(
            "length_above_maximum",
            f"{what} {length_days}: a monitoring sentence is at most "
            f"{policy.max_sentence_months} months, {longest} days from {start.isoformat()} "
            f"(RL 6:11a, R2; policy {policy.name})",
        )
