"""What the kinds of partner record share: table names, labels and the search text."""

from __future__ import annotations

from collections.abc import Iterable

from valvo.domain.choices import Choice
from valvo.services.errors import InvalidInput
from valvo.services.partners.ports import PartnersUnitOfWork

UNITS, ORGS, PLACES = "partner_units", "partner_organisations", "partner_places"


def label_of(choices: Iterable[Choice], value: str | None) -> str:
    for choice in choices:
        if choice.value == value:
            return f"{choice.label_en} {choice.label_fi}"
    return value or ""


def join_text(*parts: object) -> str:
    out: list[str] = []
    for part in parts:
        if isinstance(part, list | tuple):
            out.extend(str(p) for p in part if p)
        elif part:
            out.append(str(part))
    return " ".join(out)


def name_of(uow: PartnersUnitOfWork, table: str, id: str | None) -> str:
    row = uow.partners.get(table, id) if id else None
    return str(row.get("name", "")) if row else ""


def require_centre(uow: PartnersUnitOfWork, key: str, centre_id: str | None) -> None:
    if centre_id is None:
        return
    row = uow.partners.get(UNITS, centre_id)
    if row is not None and row["type"] != "centre":
        raise InvalidInput(f"{key}: {row['name']} is a {row['type']}, not a centre")
