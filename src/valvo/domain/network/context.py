"""The client's context (S26) with the facts that steer cooperation: sanction types, current phase,
home municipality and wellbeing county; where the sentence plan was drafted (S39), whether a
Kela appointment was made possible (S37), compulsory education (S40), a minor (S41), residence
status (S42), housing risk (S45), the rapid-response team the case is assigned to (S44), the
responsible official and their role in the network work (S4: the special worker for prisoners
who need special support or many services, the criminal sanctions worker in community sanctions,
or "otherwise agreed" with its reason) and the client's access to e-services (S87).

One context per person; the caseload filters by phase, home municipality and wellbeing county.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from valvo.domain.network.choices import (
    E_SERVICE_ACCESS,
    KELA_ACCESS,
    OFFICIAL_ROLES,
    PHASES,
    PLANNING_LOCATIONS,
    RESIDENCE_STATUSES,
    SANCTION_TYPES,
    values,
)
from valvo.domain.partners.fields import (
    PartnerError,
    choice,
    flag,
    required_choice,
    required_text,
    text,
    text_list,
)


@dataclass(frozen=True, slots=True)
class ClientContext:
    subject_id: str
    sanction_types: tuple[str, ...]
    phase: str
    home_municipality: str
    wellbeing_county: str
    planning_location: str | None = None
    kela_access: str | None = None
    compulsory_education: bool = False
    education_contact: str | None = None
    minor: bool = False
    child_welfare_decision: str | None = None
    residence_status: str | None = None
    housing_risk: bool = False
    housing_needs_communicated_to: str | None = None
    response_team_id: str | None = None
    responsible_official: str | None = None
    official_role: str | None = None
    role_reason: str | None = None
    e_service_access: str | None = None

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> ClientContext:
        sanctions = text_list(data, "sanction_types", allowed=values(SANCTION_TYPES))
        if not sanctions:
            raise PartnerError("sanction_types", "name at least one sanction type")
        compulsory = flag(data, "compulsory_education")
        education_contact = text(data, "education_contact", required=False)
        if compulsory and education_contact is None:
            # S40: the information exchange with the municipality or the school is recorded.
            raise PartnerError(
                "education_contact",
                "name the municipality or school the information is exchanged with",
            )
        role = choice(data, "official_role", values(OFFICIAL_ROLES), required=False)
        reason = text(data, "role_reason", required=False, max_len=500)
        if role == "otherwise_agreed" and reason is None:
            raise PartnerError("role_reason", "give the reason it was otherwise agreed")
        return cls(
            subject_id=required_text(data, "subject_id", 36),
            sanction_types=sanctions,
            phase=required_choice(data, "phase", values(PHASES)),
            home_municipality=required_text(data, "home_municipality", 100),
            wellbeing_county=required_text(data, "wellbeing_county", 100),
            planning_location=choice(
                data, "planning_location", values(PLANNING_LOCATIONS), required=False
            ),
            kela_access=choice(data, "kela_access", values(KELA_ACCESS), required=False),
            compulsory_education=compulsory,
            education_contact=education_contact,
            minor=flag(data, "minor"),
            child_welfare_decision=text(data, "child_welfare_decision", required=False),
            residence_status=choice(
                data, "residence_status", values(RESIDENCE_STATUSES), required=False
            ),
            housing_risk=flag(data, "housing_risk"),
            housing_needs_communicated_to=text(
                data, "housing_needs_communicated_to", required=False
            ),
            response_team_id=text(data, "response_team_id", required=False, max_len=36),
            responsible_official=text(data, "responsible_official", required=False),
            official_role=role,
            role_reason=reason,
            e_service_access=choice(
                data, "e_service_access", values(E_SERVICE_ACCESS), required=False
            ),
        )


def matches(
    context: Mapping[str, Any] | None,
    *,
    phase: str | None = None,
    home_municipality: str | None = None,
    wellbeing_county: str | None = None,
    sanction_type: str | None = None,
) -> bool:
    """Does a stored context meet the caseload's filters (none given: always)?"""
    wanted = (phase, home_municipality, wellbeing_county, sanction_type)
    if all(w is None for w in wanted):
        return True
    if context is None:
        return False
    if phase is not None and context.get("phase") != phase:
        return False
    for key, value in (
        ("home_municipality", home_municipality),
        ("wellbeing_county", wellbeing_county),
    ):
        if value is not None and str(context.get(key, "")).casefold() != value.casefold():
            return False
    return sanction_type is None or sanction_type in (context.get("sanction_types") or ())


@dataclass(frozen=True, slots=True)
class ResponseTeam:
    """S44 (L1778-1779): a unit's multiprofessional rapid-response team; cases are assigned to it
    through the client's context."""

    unit_id: str
    name: str
    members: tuple[str, ...]
    professions: tuple[str, ...]

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> ResponseTeam:
        members = text_list(data, "members")
        professions = text_list(data, "professions")
        if len(set(professions)) < 2:
            raise PartnerError(
                "professions", "a multiprofessional team names at least two professions"
            )
        return cls(
            unit_id=required_text(data, "unit_id", 36),
            name=required_text(data, "name"),
            members=members,
            professions=professions,
        )
