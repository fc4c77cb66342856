"""The service's own organisation and where it works (S1, S2).

S1: national responsibility areas (Development and steering, Operational activities, Client
processes) → criminal sanctions centres → units (prison, remand prison, community sanctions
office, assessment centre, youth ward), plus the project office, the training centre and named
bodies. Each unit belongs to exactly one centre; former names are kept as effective-dated
history. S2: effective-dated many-to-many mappings of centres to wellbeing services counties
(22, from 2023), municipalities and Kela insurance districts (a district may span several
centres, which then cooperate jointly; L1420-1421).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from valvo.domain.partners.choices import AREA_KINDS, UNIT_TYPES, values
from valvo.domain.partners.dated import Validity
from valvo.domain.partners.fields import (
    PartnerError,
    json_value,
    required_choice,
    required_text,
    text,
)

# Unit types that hang directly under a centre (S1: "each unit belongs to exactly one centre").
CENTRE_UNITS = frozenset(
    {"prison", "remand_prison", "community_sanctions_office", "assessment_centre", "youth_ward"}
)
NATIONAL_AREAS = (
    "Development and steering",
    "Operational activities",
    "Client processes",
)


@dataclass(frozen=True, slots=True)
class Unit:
    name: str
    type: str
    parent_id: str | None
    validity: Validity
    former_names: tuple[Mapping[str, Any], ...] = ()
    code: str | None = None

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> Unit:
        unit_type = required_choice(data, "type", values(UNIT_TYPES))
        parent_id = text(data, "parent_id", required=False, max_len=36)
        if unit_type in CENTRE_UNITS and parent_id is None:
            raise PartnerError("parent_id", f"a {unit_type} belongs to exactly one centre (S1)")
        former = json_value(data, "former_names") or ()
        if not isinstance(former, list | tuple) or not all(
            isinstance(f, Mapping) and isinstance(f.get("name"), str) for f in former
        ):
            raise PartnerError("former_names", "must be a list of {name, valid_to}")
        return cls(
            name=required_text(data, "name"),
            type=unit_type,
            parent_id=parent_id,
            validity=Validity.read(data),
            former_names=tuple(dict(f) for f in former),
            code=text(data, "code", required=False, max_len=40),
        )


def check_parent(unit: Unit, parent_type: str | None) -> None:
    """S1: a centre's units hang under a centre; a centre under a national area or nothing."""
    if unit.type in CENTRE_UNITS and parent_type != "centre":
        raise PartnerError("parent_id", f"a {unit.type} must belong to a centre, not {parent_type}")
    if unit.type == "centre" and parent_type not in (None, "national_area"):
        raise PartnerError("parent_id", "a centre sits under a national area or at the top")


def name_on(unit_name: str, former_names: Iterable[Mapping[str, Any]], on: date) -> str:
    """The unit's name in force on ``on``: a former name whose ``valid_to`` is after ``on``."""
    best: tuple[date, str] | None = None
    for former in former_names:
        until = former.get("valid_to")
        if not isinstance(until, str):
            continue
        ends = date.fromisoformat(until)
        if on < ends and (best is None or ends < best[0]):
            best = (ends, str(former["name"]))
    return unit_name if best is None else best[1]


@dataclass(frozen=True, slots=True)
class AreaMapping:
    """S2: a centre works in an area (county, municipality or Kela district) for a period."""

    centre_id: str
    area_kind: str
    area_code: str
    area_name: str
    validity: Validity

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> AreaMapping:
        return cls(
            centre_id=required_text(data, "centre_id", 36),
            area_kind=required_choice(data, "area_kind", values(AREA_KINDS)),
            area_code=required_text(data, "area_code", 40),
            area_name=required_text(data, "area_name"),
            validity=Validity.read(data),
        )


def centres_for_area(
    mappings: Iterable[AreaMapping], area_kind: str, area_code: str, on: date
) -> list[str]:
    """Centres serving an area on a day; several for a shared Kela district (L1420-1421)."""
    return sorted(
        {
            m.centre_id
            for m in mappings
            if m.area_kind == area_kind and m.area_code == area_code and m.validity.holds_on(on)
        }
    )


def check_no_overlap(new: AreaMapping, existing: Iterable[AreaMapping]) -> None:
    """The same centre–area pair may not be mapped twice for overlapping periods."""
    for other in existing:
        if (
            other.centre_id == new.centre_id
            and other.area_kind == new.area_kind
            and other.area_code == new.area_code
            and other.validity.overlaps(new.validity)
        ):
            raise PartnerError(
                "valid_from", f"{new.area_name} is already mapped to this centre for that period"
            )
