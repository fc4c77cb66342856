"""Experts by experience at work (S74, S75).

S74 an assignment: task, client phase, unit, the paired professional (Rise or NGO), work
supervision, link to the sentence plan. S75 payments: a fee at Rise's fee level — data, not
code: an effective-dated ``FeeLevel`` record (the document gives no amount; Kokoa ry's 25 €/h
minimum is a reference only) — or a service purchased via an NGO, or travel reimbursement. A
fee is not an employment relationship.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from valvo.domain.partners.choices import values
from valvo.domain.partners.choices_follow_up import CLIENT_PHASES, FEE_KINDS, PAIRED_WITH
from valvo.domain.partners.dated import Validity
from valvo.domain.partners.fields import (
    PartnerError,
    day,
    flag,
    number,
    required_choice,
    required_day,
    required_text,
    text,
)


@dataclass(frozen=True, slots=True)
class Assignment:
    """S74 (L2160-2175)."""

    expert_id: str
    task: str
    client_phase: str
    unit_id: str | None
    paired_professional: str
    paired_with: str
    work_supervision: bool
    sentence_plan_ref: str | None
    starts_on: date
    ends_on: date | None

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> Assignment:
        starts, ends = required_day(data, "starts_on"), day(data, "ends_on")
        if ends is not None and ends < starts:
            raise PartnerError("ends_on", "must not be before starts_on")
        return cls(
            expert_id=required_text(data, "expert_id", 36),
            task=required_text(data, "task", 500),
            client_phase=required_choice(data, "client_phase", values(CLIENT_PHASES)),
            unit_id=text(data, "unit_id", required=False, max_len=36),
            paired_professional=required_text(data, "paired_professional"),
            paired_with=required_choice(data, "paired_with", values(PAIRED_WITH)),
            work_supervision=flag(data, "work_supervision"),
            sentence_plan_ref=text(data, "sentence_plan_ref", required=False, max_len=100),
            starts_on=starts,
            ends_on=ends,
        )


@dataclass(frozen=True, slots=True)
class FeeLevel:
    """Rise's fee level for experts by experience, effective-dated (S75)."""

    name: str
    eur_per_hour: float
    decided_by: str | None
    validity: Validity

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> FeeLevel:
        rate = number(data, "eur_per_hour", minimum=0.01, maximum=1000)
        if rate is None:
            raise PartnerError("eur_per_hour", "is required")
        validity = Validity.read(data)
        if validity.valid_from is None:
            raise PartnerError("valid_from", "is required (the level's first day)")
        return cls(
            name=required_text(data, "name", 200),
            eur_per_hour=rate,
            decided_by=text(data, "decided_by", required=False),
            validity=validity,
        )


def level_on(levels: Iterable[FeeLevel], on: date) -> FeeLevel | None:
    found = [lv for lv in levels if lv.validity.holds_on(on)]
    return max(found, key=lambda lv: lv.validity.valid_from or date.min) if found else None


@dataclass(frozen=True, slots=True)
class Payment:
    """S75: a fee, a purchased service or a travel reimbursement (L2250-2264)."""

    expert_id: str
    assignment_id: str | None
    kind: str
    worked_on: date
    hours: float | None
    amount_eur: float
    rate_eur_per_hour: float | None
    ngo_id: str | None
    paid_on: date | None
    note: str | None

    @classmethod
    def read(cls, data: Mapping[str, Any], levels: Iterable[FeeLevel]) -> Payment:
        kind = required_choice(data, "kind", values(FEE_KINDS))
        worked_on = required_day(data, "worked_on")
        hours = number(data, "hours", minimum=0.25, maximum=200)
        amount = number(data, "amount_eur", minimum=0, maximum=100_000)
        rate = None
        ngo_id = text(data, "ngo_id", required=False, max_len=36)
        if kind == "fee":
            if hours is None:
                raise PartnerError("hours", "a fee is paid by the hour at the Rise fee level")
            level = level_on(levels, worked_on)
            if level is None:
                raise PartnerError(
                    "worked_on", f"no fee level in force on {worked_on} (record one in fee-levels)"
                )
            if amount is not None:
                raise PartnerError("amount_eur", "a fee's amount follows from the fee level")
            rate = level.eur_per_hour
            amount = round(hours * rate, 2)
        elif amount is None:
            raise PartnerError("amount_eur", f"is required for {kind.replace('_', ' ')}")
        if kind == "purchased_service" and ngo_id is None:
            raise PartnerError("ngo_id", "a purchased service names the NGO it is bought from")
        return cls(
            expert_id=required_text(data, "expert_id", 36),
            assignment_id=text(data, "assignment_id", required=False, max_len=36),
            kind=kind,
            worked_on=worked_on,
            hours=hours,
            amount_eur=amount,
            rate_eur_per_hour=rate,
            ngo_id=ngo_id,
            paid_on=day(data, "paid_on"),
            note=text(data, "note", required=False, max_len=1000),
        )
