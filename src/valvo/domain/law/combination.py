"""Several monitoring sentences enforced at the same time (§20; R95).

They are added together; the combined length is capped at six calendar months from the start.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from valvo.domain.law.calendar import months_in_days
from valvo.domain.law.errors import LawInputError
from valvo.domain.law.policy import LawPolicy
from valvo.domain.law.sentence import check_sentence_length


@dataclass(frozen=True, slots=True)
class Combination:
    total_days: int
    cap_days: int
    combined_days: int
    capped: bool


def combine(start: date, lengths_days: Sequence[int], policy: LawPolicy) -> Combination:
    if not lengths_days:
        raise LawInputError("no_sentences", "give at least one --length-days to combine")
    for length in lengths_days:
        check_sentence_length(length, start, policy, "--length-days")
    total = sum(lengths_days)
    cap = months_in_days(start, policy.combined_max_months)
    return Combination(
        total_days=total, cap_days=cap, combined_days=min(total, cap), capped=total > cap
    )
