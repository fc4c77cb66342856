"""Directory entries and service descriptions (S57, S78, S79, S25).

S78 (L2793-2798): functional mailboxes per theme, task and centre/unit. S79 (L2800-2803): staff
with informative competence profiles and contact details, found by keyword. S57
(L1178-1179): unit-specific descriptions of activities and services with owner and review date.
S25 (L1063-1065): what network partners tell about their services, for referrals.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from valvo.domain.partners.fields import (
    PartnerError,
    day,
    email,
    required_choice,
    required_text,
    text,
    text_list,
)

ENTRY_KINDS = ("person", "mailbox")


@dataclass(frozen=True, slots=True)
class DirectoryEntry:
    kind: str
    name: str
    email: str
    phone: str | None
    unit_id: str | None
    title: str | None
    themes: tuple[str, ...]
    competences: tuple[str, ...]

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> DirectoryEntry:
        kind = required_choice(data, "kind", ENTRY_KINDS)
        address = email(data, "email", required=True)
        assert address is not None
        themes = text_list(data, "themes")
        if kind == "mailbox" and not themes:
            raise PartnerError("themes", "a functional mailbox names its theme or task (S78)")
        return cls(
            kind=kind,
            name=required_text(data, "name"),
            email=address,
            phone=text(data, "phone", required=False, max_len=40),
            unit_id=text(data, "unit_id", required=False, max_len=36),
            title=text(data, "title", required=False),
            themes=themes,
            competences=text_list(data, "competences"),
        )


@dataclass(frozen=True, slots=True)
class ServiceDescription:
    title: str
    description: str
    owner: str
    unit_id: str | None
    partner_id: str | None
    place_id: str | None
    review_on: date | None
    keywords: tuple[str, ...]

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> ServiceDescription:
        owners = [data.get(k) for k in ("unit_id", "partner_id", "place_id")]
        if not any(owners):
            raise PartnerError("unit_id", "a service belongs to a unit, a partner or a place")
        return cls(
            title=required_text(data, "title", 300),
            description=required_text(data, "description", 10000),
            owner=required_text(data, "owner"),
            unit_id=text(data, "unit_id", required=False, max_len=36),
            partner_id=text(data, "partner_id", required=False, max_len=36),
            place_id=text(data, "place_id", required=False, max_len=36),
            review_on=day(data, "review_on"),
            keywords=text_list(data, "keywords"),
        )
