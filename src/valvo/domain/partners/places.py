"""Service places and activity-obligation places (S53, S54, S55).

S53: place registry with organiser type and the eligibility check of YKS-asetus 26 § / 34 §
(L667-672: a public body, a public-law association, another non-profit community or a
foundation; L1872-1875: a for-profit social enterprise may organise *service* places), a link
to a framework agreement and its support measures (S55; L1614-1617), a contact person, and a
link to the partner if it is also a project partner. For monitoring a place also has an
address, a geometry (GeoJSON) and weekly opening hours: choosing it for a person's activity
obligation makes the inclusion zone and the time windows of the plan (see ``plan_windows``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from typing import Any

from valvo.domain.geo import ZoneError, parse_zone_geometry
from valvo.domain.partners.choices import ORGANISER_TYPES, PLACE_KINDS, values
from valvo.domain.partners.fields import (
    PartnerError,
    clock_time,
    email,
    flag,
    integer,
    json_value,
    number,
    required_choice,
    required_text,
    text,
    text_list,
)

ALWAYS_ELIGIBLE = frozenset({"public_body", "public_law_association", "non_profit", "foundation"})
DEFAULT_RADIUS_M = 75


@dataclass(frozen=True, slots=True)
class Opening:
    """Open on ``weekday`` (0 = Monday) from ``opens`` to ``closes`` (same day)."""

    weekday: int
    opens: time
    closes: time


@dataclass(frozen=True, slots=True)
class Eligibility:
    eligible: bool
    reason: str


def organiser_eligibility(kind: str, organiser_type: str) -> Eligibility:
    """S53: may this organiser type run this kind of place (YKS-asetus 26 §, 34 §)?"""
    if organiser_type in ALWAYS_ELIGIBLE:
        return Eligibility(True, "public or non-profit organiser (YKS-asetus 26 §, 34 §)")
    if organiser_type == "for_profit_social_enterprise":
        if kind == "service_place":
            return Eligibility(True, "for-profit social enterprise as a service place (L1872-1875)")
        return Eligibility(False, "a for-profit social enterprise may organise service places only")
    return Eligibility(False, "a for-profit company may not organise places (YKS-asetus 26 §)")


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    kind: str
    organiser_type: str
    organiser_id: str | None
    centre_id: str | None
    address: str
    municipality: str
    geometry: Mapping[str, Any]
    radius_m: int | None
    opening_hours: tuple[Opening, ...]
    support_measures: tuple[str, ...]
    framework_agreement_id: str | None
    hard_to_place: bool
    project_partner_id: str | None
    contact_name: str
    contact_email: str | None
    contact_phone: str | None
    services: tuple[str, ...]
    description: str | None
    active: bool

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> Place:
        kind = required_choice(data, "kind", values(PLACE_KINDS))
        organiser = required_choice(data, "organiser_type", values(ORGANISER_TYPES))
        verdict = organiser_eligibility(kind, organiser)
        if not verdict.eligible:
            raise PartnerError("organiser_type", verdict.reason)
        geometry = json_value(data, "geometry")
        lon = number(data, "lon", minimum=-180, maximum=180)
        lat = number(data, "lat", minimum=-90, maximum=90)
        if geometry is None and lon is not None and lat is not None:
            geometry = {"type": "Point", "coordinates": [lon, lat]}  # a CSV row's lon and lat
        if geometry is None:
            raise PartnerError("geometry", "is required (GeoJSON Point or Polygon, [lon, lat])")
        radius = integer(data, "radius_m", minimum=10, maximum=2000)
        if isinstance(geometry, Mapping) and geometry.get("type") == "Point" and radius is None:
            radius = DEFAULT_RADIUS_M
        try:
            parse_zone_geometry(geometry, radius)
        except ZoneError as exc:
            raise PartnerError("geometry", str(exc)) from None
        contact_email = email(data, "contact_email")
        contact_phone = text(data, "contact_phone", required=False, max_len=40)
        if contact_email is None and contact_phone is None:
            raise PartnerError("contact_email", "the place's contact person needs e-mail or phone")
        return cls(
            name=required_text(data, "name"),
            kind=kind,
            organiser_type=organiser,
            organiser_id=text(data, "organiser_id", required=False, max_len=36),
            centre_id=text(data, "centre_id", required=False, max_len=36),
            address=required_text(data, "address", 300),
            municipality=required_text(data, "municipality", 80),
            geometry=dict(geometry),
            radius_m=radius,
            opening_hours=read_opening_hours(_hours_input(data)),
            support_measures=text_list(data, "support_measures"),
            framework_agreement_id=text(data, "framework_agreement_id", required=False, max_len=36),
            hard_to_place=flag(data, "hard_to_place"),
            project_partner_id=text(data, "project_partner_id", required=False, max_len=36),
            contact_name=required_text(data, "contact_name"),
            contact_email=contact_email,
            contact_phone=contact_phone,
            services=text_list(data, "services"),
            description=text(data, "description", required=False, max_len=4000),
            active=flag(data, "active", default=True),
        )


DAY_NAMES = {
    **{d: i for i, d in enumerate(("mo", "tu", "we", "th", "fr", "sa", "su"))},
    **{d: i for i, d in enumerate(("ma", "ti", "ke", "to", "pe", "la"))},
}


def _hours_input(data: Mapping[str, Any]) -> Any:
    """JSON, or the compact form of a CSV cell: ``ma-pe 08:00-16:00; la 10:00-14:00``."""
    raw = data.get("opening_hours")
    if not isinstance(raw, str) or raw.strip().startswith("[") or not raw.strip():
        return json_value(data, "opening_hours")
    hours: list[dict[str, Any]] = []
    for part in raw.split(";"):
        bits = part.split()
        if len(bits) != 2 or bits[1].count("-") != 1:
            raise PartnerError(
                "opening_hours", f"cannot read {part.strip()!r} (e.g. ma-pe 08:00-16:00)"
            )
        opens, closes = bits[1].split("-")
        for weekday in _days(bits[0]):
            hours.append({"weekday": weekday, "opens": opens, "closes": closes})
    return hours


def _days(spec: str) -> list[int]:
    def one(token: str) -> int:
        token = token.strip().lower()[:2]
        if token.isdigit():
            return int(token)
        if token not in DAY_NAMES:
            raise PartnerError("opening_hours", f"unknown weekday {token!r}")
        return DAY_NAMES[token]

    out: list[int] = []
    for item in spec.split(","):
        if "-" in item:
            first, last = (one(x) for x in item.split("-", 1))
            out.extend(range(first, last + 1))
        else:
            out.append(one(item))
    return out


def read_opening_hours(raw: Any) -> tuple[Opening, ...]:
    """``[{"weekday": 0, "opens": "08:00", "closes": "16:00"}, ...]``; one span per day."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(r, Mapping) for r in raw):
        raise PartnerError("opening_hours", "must be a list of {weekday, opens, closes}")
    hours: list[Opening] = []
    for index, item in enumerate(raw):
        where = f"opening_hours[{index}]"
        weekday = item.get("weekday")
        if not isinstance(weekday, int) or isinstance(weekday, bool) or not 0 <= weekday <= 6:
            raise PartnerError(f"{where}.weekday", "must be 0 (Monday) to 6 (Sunday)")
        try:
            opens, closes = clock_time(item, "opens"), clock_time(item, "closes")
        except PartnerError as exc:
            raise PartnerError(f"{where}.{exc.field}", exc.message) from None
        if closes <= opens:
            raise PartnerError(f"{where}.closes", "must be after opens (same day)")
        if any(h.weekday == weekday for h in hours):
            raise PartnerError(f"{where}.weekday", f"weekday {weekday} is given twice")
        hours.append(Opening(weekday, opens, closes))
    return tuple(sorted(hours, key=lambda h: h.weekday))


def opening_hours_json(hours: tuple[Opening, ...]) -> list[dict[str, Any]]:
    return [
        {
            "weekday": h.weekday,
            "opens": h.opens.strftime("%H:%M"),
            "closes": h.closes.strftime("%H:%M"),
        }
        for h in hours
    ]
