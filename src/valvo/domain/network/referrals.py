"""Referrals to partners and the needs they answer (S24, S25, S40–S47, S50).

Each referral names the receiving partner from the registry, the need, the sanction stage, its
status and — once it ends — its outcome (the anchor: the UK MoJ's "refer and monitor an
intervention"). Named contact persons and the placement agreement of permits involving outside
organisations (S50) are the referral's contact and agreement. The statistics for the networks
(S24) count needs by home municipality or wellbeing county and never show a group smaller than
``MIN_GROUP`` (a small count could name a person).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from valvo.domain.network.choices import NEEDS, REFERRAL_STATUSES, SANCTION_STAGES, values
from valvo.domain.partners.fields import (
    PartnerError,
    day,
    required_choice,
    required_day,
    required_text,
    text,
)

ENDED = ("completed", "declined", "cancelled")
MIN_GROUP = 3  # S24: groups of fewer people are shown as "fewer than 3"


@dataclass(frozen=True, slots=True)
class Referral:
    subject_id: str
    partner_id: str
    need: str
    stage: str
    referred_on: date
    status: str
    contact: str | None
    agreement: str | None
    ended_on: date | None
    outcome: str | None

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> Referral:
        status = required_choice(data, "status", values(REFERRAL_STATUSES), default="sent")
        outcome = text(data, "outcome", required=False, max_len=2000)
        ended_on = day(data, "ended_on")
        referred_on = required_day(data, "referred_on")
        if status in ENDED:
            if outcome is None:
                raise PartnerError("outcome", f"record the outcome of a {status} referral")
            if ended_on is None:
                raise PartnerError("ended_on", f"record when the referral was {status}")
        if ended_on is not None and ended_on < referred_on:
            raise PartnerError("ended_on", "cannot be before the referral")
        return cls(
            subject_id=required_text(data, "subject_id", 36),
            partner_id=required_text(data, "partner_id", 36),
            need=required_choice(data, "need", values(NEEDS)),
            stage=required_choice(data, "stage", values(SANCTION_STAGES), default="during"),
            referred_on=referred_on,
            status=status,
            contact=text(data, "contact", required=False),
            agreement=text(data, "agreement", required=False, max_len=2000),
            ended_on=ended_on,
            outcome=outcome,
        )


STAGE_OF_PHASE = {
    "preparation": "before",
    "start": "during",
    "during": "during",
    "release_after": "after",
}


def peer_support_prompt(phase: str | None, referrals: Iterable[Mapping[str, Any]]) -> str | None:
    """S47: in each phase the official is prompted to consider experts by experience and peer
    support, until a referral for that stage is on record."""
    stage = STAGE_OF_PHASE.get(phase or "")
    if stage is None:
        return None
    if any(r.get("need") == "peer_support" and r.get("stage") == stage for r in referrals):
        return None
    return stage


def need_statistics(
    contexts: Iterable[Mapping[str, Any]],
    referrals: Iterable[Mapping[str, Any]],
    by: str,
) -> list[dict[str, Any]]:
    """S24: how many people in each area have each need (a person counts once per need), in
    aggregate only; a group under ``MIN_GROUP`` is shown as ``None`` with ``suppressed``."""
    if by not in ("home_municipality", "wellbeing_county"):
        raise ValueError(f"by: home_municipality or wellbeing_county, not {by!r}")
    area = {c["subject_id"]: str(c.get(by) or "") for c in contexts}
    pairs = {
        (area[r["subject_id"]], r["need"], r["subject_id"])
        for r in referrals
        if r["subject_id"] in area
    }
    counts = Counter((a, need) for a, need, _ in pairs)
    choice_order = {need: n for n, need in enumerate(values(NEEDS))}
    out = []
    for (a, need), count in sorted(
        counts.items(), key=lambda kv: (kv[0][0], choice_order.get(kv[0][1], 99))
    ):
        small = count < MIN_GROUP
        out.append(
            {"area": a, "need": need, "people": None if small else count, "suppressed": small}
        )
    return out
