"""Effective dating: a record holds from ``valid_from`` up to (not including) ``valid_to``.

The guidelines were written in 2021 for an organisation that changed in 2022 (criminal sanctions
centres), 2023 (wellbeing services counties; the Legal Aid and Guardianship Agency) and 2024
(employment services to municipalities); S1–S3 ask to keep each state with its dates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from valvo.domain.partners.fields import PartnerError, day


@dataclass(frozen=True, slots=True)
class Validity:
    valid_from: date | None = None
    valid_to: date | None = None

    def __post_init__(self) -> None:
        if (
            self.valid_from is not None
            and self.valid_to is not None
            and self.valid_to <= self.valid_from
        ):
            raise PartnerError("valid_to", "must be after valid_from")

    def holds_on(self, on: date) -> bool:
        starts = self.valid_from is None or self.valid_from <= on
        return starts and (self.valid_to is None or on < self.valid_to)

    def overlaps(self, other: Validity) -> bool:
        lo = max(self.valid_from or date.min, other.valid_from or date.min)
        hi = min(self.valid_to or date.max, other.valid_to or date.max)
        return lo < hi

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> Validity:
        return cls(day(data, "valid_from"), day(data, "valid_to"))
