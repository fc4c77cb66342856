"""Experts by experience, close relatives and consent records (S31, S51, S73, S74).

S73 (L2130-2131, L2147-2149, L2216-2236): training (provider, path, verification evidence — the
training path must be verifiable), the NGO or expert bank, roles (peer / development, pair
work), areas of lived experience (also beyond crime: somatic illness, neuropsychiatric, mental
health) and the NGO's support arrangement. S51 (L2020-2025): close relatives are not limited to
family (friends, grandparents, ex-partners, foster parents of the client's child), plus
guardians and support persons, with the **client's consent to contact**. S31 (L589-603):
consent with scope (purpose, recipient, data categories), date, channel and withdrawal; the
check before release-plan coordination (VankA 76 §), contacting social welfare (SHL 35 §) and
a joint plan (SHL 39.3 §).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from valvo.domain.partners.choices import CONSENT_PURPOSES, values
from valvo.domain.partners.fields import (
    PartnerError,
    day,
    email,
    flag,
    required_choice,
    required_day,
    required_text,
    text,
    text_list,
)

EXPERT_ROLES = ("peer", "development", "pair_work")
EXPERIENCE_AREAS = (
    "crime",
    "substance_use",
    "mental_health",
    "neuropsychiatric",
    "somatic_illness",
    "homelessness",
    "relative_of_prisoner",
    "other",
)
RELATIONSHIPS = (
    "parent",
    "child",
    "partner",
    "ex_partner",
    "sibling",
    "grandparent",
    "friend",
    "foster_parent_of_child",
    "guardian",
    "support_person",
    "other",
)
CHANNELS = ("in_person", "written", "electronic", "phone")
DATA_CATEGORIES = (
    "identity",
    "sanction",
    "sentence_plan",
    "social_services",
    "employment",
    "housing",
    "education",
    "contact_details",
)


@dataclass(frozen=True, slots=True)
class Expert:
    name: str
    organisation_id: str | None
    training_provider: str
    training_path: str
    training_evidence: str
    roles: tuple[str, ...]
    experience_areas: tuple[str, ...]
    support_arrangement: str | None
    email: str | None
    phone: str | None

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> Expert:
        roles = text_list(data, "roles", allowed=EXPERT_ROLES)
        if not roles:
            raise PartnerError("roles", f"name at least one of {', '.join(EXPERT_ROLES)}")
        return cls(
            name=required_text(data, "name"),
            organisation_id=text(data, "organisation_id", required=False, max_len=36),
            # L2216-2219: training and training path must be verifiable.
            training_provider=required_text(data, "training_provider"),
            training_path=required_text(data, "training_path", 500),
            training_evidence=required_text(data, "training_evidence", 500),
            roles=roles,
            experience_areas=text_list(data, "experience_areas", allowed=EXPERIENCE_AREAS),
            support_arrangement=text(data, "support_arrangement", required=False, max_len=2000),
            email=email(data, "email"),
            phone=text(data, "phone", required=False, max_len=40),
        )


@dataclass(frozen=True, slots=True)
class Relative:
    subject_id: str
    name: str
    relationship: str
    email: str | None
    phone: str | None
    consent_to_contact: bool
    consent_on: date | None
    responsible_official: str | None

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> Relative:
        consent = flag(data, "consent_to_contact")
        consent_on = day(data, "consent_on")
        if consent and consent_on is None:
            raise PartnerError("consent_on", "record when the client consented to contact")
        return cls(
            subject_id=required_text(data, "subject_id", 36),
            name=required_text(data, "name"),
            relationship=required_choice(data, "relationship", RELATIONSHIPS),
            email=email(data, "email"),
            phone=text(data, "phone", required=False, max_len=40),
            consent_to_contact=consent,
            consent_on=consent_on,
            responsible_official=text(data, "responsible_official", required=False),
        )


def may_contact(relative: Relative) -> tuple[bool, str]:
    """S51: contact a relative only with the client's consent on record."""
    if not relative.consent_to_contact:
        return False, "the client has not consented to contacting this person"
    return True, f"client consented on {relative.consent_on}"


@dataclass(frozen=True, slots=True)
class Consent:
    subject_id: str
    purpose: str
    recipient: str
    categories: tuple[str, ...]
    given_on: date
    channel: str
    withdrawn_on: date | None = None

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> Consent:
        categories = text_list(data, "categories", allowed=DATA_CATEGORIES)
        if not categories:
            raise PartnerError("categories", "name the data categories the consent covers")
        return cls(
            subject_id=required_text(data, "subject_id", 36),
            purpose=required_choice(data, "purpose", values(CONSENT_PURPOSES)),
            recipient=required_text(data, "recipient"),
            categories=categories,
            given_on=required_day(data, "given_on"),
            channel=required_choice(data, "channel", CHANNELS),
        )

    def in_force(self, on: date) -> bool:
        return self.given_on <= on and (self.withdrawn_on is None or on < self.withdrawn_on)


def consent_covers(
    consents: Iterable[Consent],
    *,
    purpose: str,
    recipient: str,
    categories: Iterable[str],
    on: date,
) -> tuple[bool, str]:
    """S31: is there a consent in force for this purpose, recipient and every category?"""
    wanted = set(categories)
    for consent in consents:
        if (
            consent.purpose == purpose
            and consent.recipient.casefold() == recipient.casefold()
            and consent.in_force(on)
            and wanted <= set(consent.categories)
        ):
            return True, f"consent given {consent.given_on} ({consent.channel})"
    return False, f"no consent in force for {purpose} to {recipient} covering {sorted(wanted)}"


def check_withdrawal(consent: Consent, on: date) -> None:
    if consent.withdrawn_on is not None:
        raise PartnerError("withdrawn_on", f"already withdrawn on {consent.withdrawn_on}")
    if on < consent.given_on:
        raise PartnerError("withdrawn_on", "cannot be before the consent was given")
