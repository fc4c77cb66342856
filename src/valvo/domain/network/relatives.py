"""Contacts with a client's relatives (S52, L261-265, L2029-2039, L2053-2057, L2087-2088).

Every contact is logged and routed through the responsible official: when the relative's record
names one (e.g. a named official for young offenders), only that official makes the contact; and
only with the client's consent to contact on record (S51). The stage says where the relative was
involved: sanction report, remand start, sentence planning or placement, preparing supervised
probationary freedom, visits, programme work, child and family work.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from valvo.domain.network.choices import CONTACT_CHANNELS, INVOLVEMENT_STAGES, values
from valvo.domain.partners.fields import (
    PartnerError,
    required_choice,
    required_day,
    required_text,
    text,
)


@dataclass(frozen=True, slots=True)
class RelativeContact:
    subject_id: str
    relative_id: str
    contacted_on: date
    official: str
    stage: str
    channel: str
    summary: str | None

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> RelativeContact:
        return cls(
            subject_id=required_text(data, "subject_id", 36),
            relative_id=required_text(data, "relative_id", 36),
            contacted_on=required_day(data, "contacted_on"),
            official=required_text(data, "official"),
            stage=required_choice(data, "stage", values(INVOLVEMENT_STAGES)),
            channel=required_choice(data, "channel", values(CONTACT_CHANNELS)),
            summary=text(data, "summary", required=False, max_len=2000),
        )


def check_routing(contact: RelativeContact, relative: Mapping[str, Any]) -> None:
    """S51, S52: the relative is the client's, the client consented to contact, and the contact
    goes through the responsible official named on the relative's record."""
    if relative.get("subject_id") != contact.subject_id:
        raise PartnerError("relative_id", "is not a relative of this client")
    if not relative.get("consent_to_contact"):
        raise PartnerError("relative_id", "the client has not consented to contacting this person")
    official = relative.get("responsible_official")
    if official and str(official).casefold() != contact.official.casefold():
        raise PartnerError(
            "official",
            f"contacts with this relative go through the responsible official {official}",
        )
