"""The register of the people KHL keeps in touch with about a monitoring sentence (§10.4; R57):
co-residents, and for a convict under 18 the guardian, trustee or legal representative. Each
is named with a way to reach them; a minor's case without any of the three is flagged."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from valvo.domain.cases.errors import CaseError

_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{4,28}[0-9]$")


class RepresentativeRole(StrEnum):
    GUARDIAN = "guardian"  # huoltaja
    TRUSTEE = "trustee"  # edunvalvoja
    LEGAL_REPRESENTATIVE = "legal_representative"  # laillinen edustaja
    CO_RESIDENT = "co_resident"


MINORS_REPRESENTATIVES = frozenset(
    {
        RepresentativeRole.GUARDIAN,
        RepresentativeRole.TRUSTEE,
        RepresentativeRole.LEGAL_REPRESENTATIVE,
    }
)


@dataclass(frozen=True, slots=True)
class Representative:
    role: RepresentativeRole
    name: str
    phone: str | None
    email: str | None
    address: str | None


def check_representative(
    role: RepresentativeRole,
    name: str,
    *,
    phone: str | None = None,
    email: str | None = None,
    address: str | None = None,
) -> Representative:
    """A person of the register: a name and at least one way to reach them (§10.4, R57)."""
    who = (name or "").strip()
    if not who:
        raise CaseError("name_missing", "the register names the person (§10.4, R57)")
    tel = (phone or "").strip() or None
    mail = (email or "").strip() or None
    post = (address or "").strip() or None
    if tel is not None and not _PHONE.match(tel):
        raise CaseError("contact_phone_invalid", f"{tel!r} is not a phone number")
    if mail is not None and ("@" not in mail or mail.startswith("@") or mail.endswith("@")):
        raise CaseError("contact_email_invalid", f"{mail!r} is not an e-mail address")
    if tel is None and mail is None and post is None:
        raise CaseError(
            "contact_missing", "give a phone number, an e-mail or an address to reach them (R57)"
        )
    return Representative(role, who, tel, mail, post)


def age_on(birth_date: date, day: date) -> int:
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - before_birthday


def guardian_missing(
    birth_date: date | None, day: date, adult_age: int, roles: set[RepresentativeRole]
) -> bool:
    """R57: a convict under ``adult_age`` has a guardian, trustee or legal representative on
    the register; ``True`` when none is there (unknown birth dates are not flagged)."""
    if birth_date is None or age_on(birth_date, day) >= adult_age:
        return False
    return not (roles & MINORS_REPRESENTATIVES)
