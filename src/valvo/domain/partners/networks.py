"""Stakeholder networks, their members and named contact persons (S16, S17, S18, S21).

S16: a network has an owning centre (or is national), a theme (the five suggested in L177-184,
or free), whether Rise founded it or joined an existing one, convener, agreed meeting frequency
and goals. S17 (L1013-1014, L2805-2811): every member organisation, including the centre, names
one contact person per network and keeps the details current; each record shows when it was
last verified and stale ones are flagged. S21: the standing matrix group and the project
partnership working group must include every centre and the national responsibility areas.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from valvo.domain.partners.choices import NETWORK_KINDS, NETWORK_THEMES, values
from valvo.domain.partners.fields import (
    PartnerError,
    choice,
    day,
    email,
    flag,
    integer,
    required_choice,
    required_text,
    text,
    text_list,
)

# A contact not verified within this many days is stale (the document says only "kept up to
# date"; a yearly check is the product default, configurable per call).
STALE_AFTER_DAYS = 365
REPRESENTED_GROUPS = ("matrix_group", "project_working_group")


@dataclass(frozen=True, slots=True)
class Network:
    name: str
    kind: str
    theme: str | None
    centre_id: str | None
    founded_by_rise: bool
    convener: str | None
    frequency_months: int | None
    goals: tuple[str, ...]

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> Network:
        kind = required_choice(data, "kind", values(NETWORK_KINDS))
        theme = choice(data, "theme", values(NETWORK_THEMES), required=kind == "thematic")
        centre_id = text(data, "centre_id", required=False, max_len=36)
        if kind == "thematic" and centre_id is None:
            raise PartnerError("centre_id", "a thematic network belongs to a centre (L1035-1047)")
        return cls(
            name=required_text(data, "name"),
            kind=kind,
            theme=theme,
            centre_id=centre_id,
            founded_by_rise=flag(data, "founded_by_rise", default=True),
            convener=text(data, "convener", required=False),
            frequency_months=integer(data, "frequency_months", minimum=1, maximum=36),
            goals=text_list(data, "goals"),
        )


@dataclass(frozen=True, slots=True)
class Member:
    """One member organisation of a network and the contact person it names (S17)."""

    network_id: str
    organisation_id: str | None  # a partner
    unit_id: str | None  # or one of the service's own units (the centre names its own too)
    contact_name: str | None
    contact_email: str | None
    contact_phone: str | None
    last_verified_on: date | None

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> Member:
        organisation_id = text(data, "organisation_id", required=False, max_len=36)
        unit_id = text(data, "unit_id", required=False, max_len=36)
        if (organisation_id is None) == (unit_id is None):
            raise PartnerError("organisation_id", "a member is either a partner or a unit")
        return cls(
            network_id=required_text(data, "network_id", 36),
            organisation_id=organisation_id,
            unit_id=unit_id,
            contact_name=text(data, "contact_name", required=False),
            contact_email=email(data, "contact_email"),
            contact_phone=text(data, "contact_phone", required=False, max_len=40),
            last_verified_on=day(data, "last_verified_on"),
        )


def contact_problems(
    member: Member, today: date, stale_after_days: int = STALE_AFTER_DAYS
) -> tuple[str, ...]:
    """Why a member's contact person cannot be relied on (empty: current)."""
    problems = []
    if member.contact_name is None:
        problems.append("no named contact person")
    if member.contact_email is None and member.contact_phone is None:
        problems.append("no e-mail or phone")
    if member.last_verified_on is None:
        problems.append("never verified")
    elif member.last_verified_on < today - timedelta(days=stale_after_days):
        problems.append(f"last verified {member.last_verified_on}")
    return tuple(problems)


def stale_contacts(
    members: Mapping[str, Member], today: date, stale_after_days: int = STALE_AFTER_DAYS
) -> list[tuple[str, tuple[str, ...]]]:
    """S17 dashboard: (member id, problems) for every contact that is missing or stale."""
    found = []
    for member_id, member in members.items():
        problems = contact_problems(member, today, stale_after_days)
        if problems:
            found.append((member_id, problems))
    return found


def missing_representation(
    network: Network, members: Iterable[Member], units: Mapping[str, str]
) -> list[str]:
    """S21: ids of centres and national areas (``units`` maps id → type) not represented in
    the matrix group or the project partnership working group."""
    if network.kind not in REPRESENTED_GROUPS:
        return []
    present = {m.unit_id for m in members if m.unit_id is not None}
    required = [uid for uid, kind in units.items() if kind in ("centre", "national_area")]
    return sorted(uid for uid in required if uid not in present)
