"""Partner organisations, their parent/child relations and effective-dated succession (S3).

Types follow S3 (ministry … embassy). Parent/child: Kela → insurance districts, National Police
Board → police departments, Enforcement Authority → operational units. Succession records the
reforms the guidelines describe (L80-83, L94-99, L467-472, L952-959): municipal social services
→ wellbeing services county on 1.1.2023; MoJ debt counselling → Legal Aid and Guardianship Agency
in 2023; TE office → municipal employment services in 2024. Open issue 2 of the requirements:
"for-profit" and "social enterprise" are separate flags.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from valvo.domain.partners.choices import PARTNER_TYPES, values
from valvo.domain.partners.dated import Validity
from valvo.domain.partners.fields import (
    PartnerError,
    email,
    flag,
    required_choice,
    required_day,
    required_text,
    text,
    text_list,
)

# The reforms named in the document: (effective date, from type, to type, description).
REFORMS = (
    (
        date(2023, 1, 1),
        "municipality",
        "wellbeing_county",
        "Municipal social and health services → wellbeing services county (L467-472)",
    ),
    (
        date(2023, 1, 1),
        "ministry",
        "agency",
        "MoJ debt counselling → Legal Aid and Guardianship Agency (L80-83, L1465-1468)",
    ),
    (
        date(2024, 1, 1),
        "employment_service",
        "municipality",
        "TE office → municipal employment services (L94-99, L952-959)",
    ),
)


@dataclass(frozen=True, slots=True)
class Partner:
    name: str
    type: str
    parent_id: str | None
    validity: Validity
    for_profit: bool
    social_enterprise: bool
    municipality: str | None
    email: str | None
    phone: str | None
    services: tuple[str, ...]
    keywords: tuple[str, ...]
    description: str | None

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> Partner:
        partner_type = required_choice(data, "type", values(PARTNER_TYPES))
        for_profit = flag(data, "for_profit", default=partner_type == "for_profit_company")
        social = flag(data, "social_enterprise", default=partner_type == "social_enterprise")
        if partner_type == "for_profit_company" and not for_profit:
            raise PartnerError("for_profit", "a for-profit company is for-profit")
        return cls(
            name=required_text(data, "name"),
            type=partner_type,
            parent_id=text(data, "parent_id", required=False, max_len=36),
            validity=Validity.read(data),
            for_profit=for_profit,
            social_enterprise=social,
            municipality=text(data, "municipality", required=False, max_len=80),
            email=email(data, "email"),
            phone=text(data, "phone", required=False, max_len=40),
            services=text_list(data, "services"),
            keywords=text_list(data, "keywords"),
            description=text(data, "description", required=False, max_len=4000),
        )


@dataclass(frozen=True, slots=True)
class Succession:
    predecessor_id: str
    successor_id: str
    effective_on: date
    reason: str

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> Succession:
        succession = cls(
            predecessor_id=required_text(data, "predecessor_id", 36),
            successor_id=required_text(data, "successor_id", 36),
            effective_on=required_day(data, "effective_on"),
            reason=required_text(data, "reason", 500),
        )
        if succession.predecessor_id == succession.successor_id:
            raise PartnerError("successor_id", "a partner cannot succeed itself")
        return succession


def check_parent_chain(partner_id: str, parent_id: str | None, parents: Mapping[str, str]) -> None:
    """Refuse a parent that would make a cycle (``parents`` maps id → parent id)."""
    seen = {partner_id}
    current = parent_id
    while current is not None:
        if current in seen:
            raise PartnerError("parent_id", "would make the partner its own ancestor")
        seen.add(current)
        current = parents.get(current)


def check_succession(new: Succession, existing: Iterable[Succession]) -> None:
    """A partner is succeeded once at a time, and succession may not loop back."""
    chain: dict[str, str] = {}
    for s in existing:
        if s.predecessor_id == new.predecessor_id:
            raise PartnerError("predecessor_id", "this partner already has a successor")
        chain[s.predecessor_id] = s.successor_id
    current: str | None = new.successor_id
    while current is not None:
        if current == new.predecessor_id:
            raise PartnerError("successor_id", "succession would loop back to the predecessor")
        current = chain.get(current)


def current_successor(
    partner_id: str, successions: Iterable[Succession], on: date
) -> tuple[str, tuple[Succession, ...]]:
    """Who carries a partner's duties on ``on``, following every succession in force, and the
    steps taken (so a 2021 agreement with a municipality points to the wellbeing county)."""
    by_predecessor = {s.predecessor_id: s for s in successions}
    steps: list[Succession] = []
    current = partner_id
    while (step := by_predecessor.get(current)) is not None and step.effective_on <= on:
        steps.append(step)
        current = step.successor_id
        if len(steps) > len(by_predecessor):  # defensive: stored data with a loop
            break
    return current, tuple(steps)
