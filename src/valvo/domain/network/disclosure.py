"""Disclosures of a client's data to another organisation (S31, S32).

S31 (L589-603): before release-plan coordination with the municipality and employment
administration (VankA 76 §), contacting social welfare (SHL 35 §) or a joint plan (SHL 39.3 §),
the client's consent is checked: a consent in force on the day, for that purpose, to that
recipient, covering every data category disclosed. Without one the disclosure is refused.

S32 (L598-602): a notification to social welfare may be made without consent only on a recorded
ground — consent cannot be obtained and the person is evidently unable to take care of their own
care, health or safety; or the child's interest necessarily requires it — and it is audited as
such. No other purpose has a ground without consent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from valvo.domain.network.choices import DISCLOSURE_PURPOSES, LEGAL_GROUNDS, values
from valvo.domain.partners.fields import (
    PartnerError,
    choice,
    flag,
    required_choice,
    required_day,
    required_text,
    text,
    text_list,
)
from valvo.domain.partners.people import DATA_CATEGORIES, Consent, consent_covers

WITHOUT_CONSENT_PURPOSE = "social_welfare_contact"


class DisclosureRefused(Exception):
    """The disclosure has neither a consent in force nor an accepted legal ground."""


@dataclass(frozen=True, slots=True)
class Disclosure:
    subject_id: str
    purpose: str
    recipient: str
    categories: tuple[str, ...]
    disclosed_on: date
    legal_ground: str | None = None
    consent_unobtainable: bool = False
    ground_details: str | None = None

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> Disclosure:
        categories = text_list(data, "categories", allowed=DATA_CATEGORIES)
        if not categories:
            raise PartnerError("categories", "name the data categories disclosed")
        ground = choice(data, "legal_ground", values(LEGAL_GROUNDS), required=False)
        details = text(data, "ground_details", required=False, max_len=2000)
        if ground is not None and details is None:
            raise PartnerError(
                "ground_details", "explain the ground for disclosing without consent"
            )
        return cls(
            subject_id=required_text(data, "subject_id", 36),
            purpose=required_choice(data, "purpose", values(DISCLOSURE_PURPOSES)),
            recipient=required_text(data, "recipient"),
            categories=categories,
            disclosed_on=required_day(data, "disclosed_on"),
            legal_ground=ground,
            consent_unobtainable=flag(data, "consent_unobtainable"),
            ground_details=details,
        )


@dataclass(frozen=True, slots=True)
class Basis:
    """Why a disclosure may be made: ``consent`` (with the consent's reason) or ``legal_ground``."""

    kind: str
    reason: str


def basis_for(disclosure: Disclosure, consents: Iterable[Consent]) -> Basis:
    """S31, S32: the consent covering the disclosure, else the recorded legal ground; refused
    (``DisclosureRefused``, naming what is missing) when there is neither."""
    covered, reason = consent_covers(
        consents,
        purpose=disclosure.purpose,
        recipient=disclosure.recipient,
        categories=disclosure.categories,
        on=disclosure.disclosed_on,
    )
    if covered:
        return Basis("consent", reason)
    if disclosure.legal_ground is None:
        raise DisclosureRefused(f"refused: {reason}, and no legal ground is recorded")
    if disclosure.purpose != WITHOUT_CONSENT_PURPOSE:
        raise DisclosureRefused(
            f"refused: {reason}; only a notification to social welfare (SHL 35 §) "
            "may be made without consent"
        )
    if disclosure.legal_ground == "unable_to_care" and not disclosure.consent_unobtainable:
        raise DisclosureRefused(
            "refused: this ground needs that consent cannot be obtained; ask for consent first"
        )
    return Basis("legal_ground", disclosure.legal_ground)
