"""Agreements and operating models (S7, S10, S11).

"With each cooperation partner an agreement or a jointly approved operating model is drawn up"
(L38-39), at two levels: national, and regional/local per criminal sanctions centre (L48-52).
S7: each record holds partner(s), level, instrument type, status, register number (Dnro) and
year, scope items, a **mandatory service-side (Rise) contact person** (L2814-2815), the party
responsible for updates, a review date and attachments. S10: a regional police agreement has
coverage flags for the five topics of L923-929 and L1490-1492.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from valvo.domain.partners.choices import (
    AGREEMENT_LEVELS,
    AGREEMENT_STATUSES,
    INSTRUMENT_TYPES,
    values,
)
from valvo.domain.partners.dated import Validity
from valvo.domain.partners.fields import (
    PartnerError,
    day,
    email,
    flag,
    integer,
    json_value,
    required_choice,
    required_text,
    text,
    text_list,
)

# S10: what a regional police agreement must cover.
POLICE_COVERAGE = (
    "crime_in_prison",  # criminal liability for crime committed in prison (L923-925)
    "executive_assistance",  # virka-apu request procedures (L925-926)
    "prisoner_transport",  # securing prisoner transports (L926-927)
    "community_sanction_enforcement",  # L927-929
    "contact_restrictions",  # yhteydenpitorajoitukset (L1490-1492)
)
DNRO = re.compile(r"^\d{1,4}/\d{3}/\d{4}$")  # e.g. 32/021/2021 (L1418-1419)
CHECKLIST_ITEM = re.compile(r"^(N([1-9]|1[0-4])|R[1-6])$")


@dataclass(frozen=True, slots=True)
class Agreement:
    title: str
    partner_ids: tuple[str, ...]
    level: str
    instrument: str
    status: str
    register_number: str | None
    year: int | None
    centre_id: str | None
    checklist_item: str | None
    scope: tuple[str, ...]
    contact_person: str
    contact_email: str | None
    update_owner: str | None
    review_on: date | None
    validity: Validity
    attachments: tuple[Mapping[str, str], ...]
    operating_instructions: bool
    contact_details: bool
    coverage: tuple[str, ...]

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> Agreement:
        level = required_choice(data, "level", values(AGREEMENT_LEVELS))
        centre_id = text(data, "centre_id", required=False, max_len=36)
        if level in ("regional", "local", "unit") and centre_id is None:
            raise PartnerError("centre_id", f"a {level} agreement names its centre (L48-52)")
        if level == "national" and centre_id is not None:
            raise PartnerError("centre_id", "a national agreement belongs to no single centre")
        item = text(data, "checklist_item", required=False, max_len=4)
        if item is not None:
            if not CHECKLIST_ITEM.match(item):
                raise PartnerError("checklist_item", "must be N1–N14 (national) or R1–R6 (local)")
            if (item[0] == "N") != (level == "national"):
                raise PartnerError("checklist_item", f"{item} does not fit a {level} agreement")
        register = text(data, "register_number", required=False, max_len=40)
        if register is not None and not DNRO.match(register):
            raise PartnerError("register_number", "must look like 32/021/2021 (Dnro)")
        contact = text(data, "contact_person", required=False)
        if contact is None:
            # S7 / L2814-2815: the Rise contact person is recorded in every agreement.
            raise PartnerError("contact_person", "the service-side contact person is mandatory")
        return cls(
            title=required_text(data, "title", 300),
            partner_ids=text_list(data, "partner_ids"),
            level=level,
            instrument=required_choice(data, "instrument", values(INSTRUMENT_TYPES)),
            status=required_choice(data, "status", values(AGREEMENT_STATUSES)),
            register_number=register,
            year=integer(data, "year", minimum=1990, maximum=2100),
            centre_id=centre_id,
            checklist_item=item,
            scope=text_list(data, "scope"),
            contact_person=contact,
            contact_email=email(data, "contact_email"),
            update_owner=text(data, "update_owner", required=False),
            review_on=day(data, "review_on"),
            validity=Validity.read(data),
            attachments=_attachments(data),
            operating_instructions=flag(data, "operating_instructions"),
            contact_details=flag(data, "contact_details"),
            coverage=text_list(data, "coverage", allowed=POLICE_COVERAGE),
        )

    def in_force(self, on: date) -> bool:
        return self.status == "ready" and self.validity.holds_on(on)

    def review_overdue(self, on: date) -> bool:
        """S7, S11: the review or renewal date has passed."""
        return self.review_on is not None and self.review_on < on

    def missing_police_coverage(self) -> tuple[str, ...]:
        """S10: topics a police agreement (R4) does not yet cover."""
        return tuple(c for c in POLICE_COVERAGE if c not in self.coverage)


def _attachments(data: Mapping[str, Any]) -> tuple[Mapping[str, str], ...]:
    raw = json_value(data, "attachments")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise PartnerError("attachments", "must be a list of {name, ref}")
    out = []
    for item in raw:
        if not (
            isinstance(item, Mapping)
            and isinstance(item.get("name"), str)
            and isinstance(item.get("ref"), str)
            and item["name"].strip()
            and len(item["ref"]) <= 500
        ):
            raise PartnerError("attachments", "each attachment needs a name and a ref")
        out.append({"name": item["name"].strip(), "ref": item["ref"]})
    return tuple(out)
