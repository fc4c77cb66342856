"""The national quality criteria for service-place work and each centre's yearly evaluation
(S54; L1606-1612).

Each centre evaluates once a year how the criteria are fulfilled and, from the development
targets it finds, drafts a service-place work plan for the following year. The dashboard lists
centres missing either for a year.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from valvo.domain.partners.fields import (
    PartnerError,
    integer,
    json_value,
    required_text,
    text,
    text_list,
)

# Fulfilment of one criterion (the document gives no scale; a three-step one is the default).
FULFILMENT = ("fulfilled", "partly", "not_fulfilled")


@dataclass(frozen=True, slots=True)
class Criterion:
    code: str
    text: str
    version: int

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> Criterion:
        version = integer(data, "version", minimum=1, maximum=1000, default=1)
        assert version is not None
        return cls(required_text(data, "code", 20), required_text(data, "text", 1000), version)


@dataclass(frozen=True, slots=True)
class Evaluation:
    centre_id: str
    year: int
    fulfilment: Mapping[str, str]  # criterion code → one of FULFILMENT
    development_targets: tuple[str, ...]
    next_year_plan: str | None

    @classmethod
    def read(cls, data: Mapping[str, Any], criteria: Iterable[str]) -> Evaluation:
        codes = set(criteria)
        year = integer(data, "year", minimum=2000, maximum=2100, required=True)
        assert year is not None
        raw = json_value(data, "fulfilment") or {}
        if not isinstance(raw, Mapping):
            raise PartnerError("fulfilment", "must map criterion code to a fulfilment")
        for code, value in raw.items():
            if code not in codes:
                raise PartnerError("fulfilment", f"{code} is not a national quality criterion")
            if value not in FULFILMENT:
                raise PartnerError("fulfilment", f"{code}: must be one of {', '.join(FULFILMENT)}")
        missing = sorted(codes - set(raw))
        if missing:
            raise PartnerError("fulfilment", f"criteria not evaluated: {', '.join(missing)}")
        return cls(
            centre_id=required_text(data, "centre_id", 36),
            year=year,
            fulfilment=dict(raw),
            development_targets=text_list(data, "development_targets"),
            next_year_plan=text(data, "next_year_plan", required=False, max_len=10000),
        )


@dataclass(frozen=True, slots=True)
class QualityGap:
    centre_id: str
    year: int
    missing_evaluation: bool
    missing_plan: bool


def quality_gaps(
    centre_ids: Iterable[str], evaluations: Iterable[Evaluation], year: int
) -> list[QualityGap]:
    """S54: centres with no evaluation for ``year`` or no plan for the year after."""
    by_centre = {e.centre_id: e for e in evaluations if e.year == year}
    gaps = []
    for centre in centre_ids:
        found = by_centre.get(centre)
        no_eval = found is None
        no_plan = found is None or not found.next_year_plan
        if no_eval or no_plan:
            gaps.append(QualityGap(centre, year, no_eval, no_plan))
    return gaps
