"""The abode (asunto) of a monitoring sentence as a typed record (§2, §4; 7.1.2; R29).

The abode obligation is served at home "or in another place meant for living": a private
dwelling, or a placement institution such as a substance-rehabilitation institution. An
institution is reached through its contact person, so its name, a contact person and a phone
number are required; a private dwelling needs only its address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from valvo.domain.cases.errors import CaseError

_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{4,28}[0-9]$")


class AbodeKind(StrEnum):
    DWELLING = "dwelling"  # the convict's own or a shared private dwelling
    INSTITUTION = "institution"  # a placement institution (e.g. substance rehabilitation)


@dataclass(frozen=True, slots=True)
class Abode:
    kind: AbodeKind
    address: str
    institution_name: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None


def _text(value: str | None) -> str | None:
    stripped = (value or "").strip()
    return stripped or None


def check_abode(
    kind: AbodeKind,
    address: str,
    *,
    institution_name: str | None = None,
    contact_name: str | None = None,
    contact_phone: str | None = None,
    contact_email: str | None = None,
) -> Abode:
    """The abode as the law needs it, or ``CaseError`` naming what is missing (R29)."""
    where = _text(address)
    if where is None:
        raise CaseError("abode_address_missing", "the abode needs its address (§2, R29)")
    phone = _text(contact_phone)
    if phone is not None and not _PHONE.match(phone):
        raise CaseError("contact_phone_invalid", f"{phone!r} is not a phone number")
    email = _text(contact_email)
    if email is not None and ("@" not in email or email.startswith("@") or email.endswith("@")):
        raise CaseError("contact_email_invalid", f"{email!r} is not an e-mail address")
    name, person = _text(institution_name), _text(contact_name)
    if kind is AbodeKind.INSTITUTION:
        missing = [
            what
            for what, value in (
                ("the institution's name", name),
                ("its contact person", person),
                ("the contact's phone number", phone),
            )
            if value is None
        ]
        if missing:
            raise CaseError(
                "institution_contact_missing",
                f"a placement institution needs {', '.join(missing)} (§2, §4, R29)",
            )
    elif name is not None:
        raise CaseError(
            "institution_name_on_dwelling",
            "a private dwelling has no institution name; choose a placement institution",
        )
    return Abode(kind, where, name, person, phone, email)
