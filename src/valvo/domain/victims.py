"""Victims and their protection zones (R139), restraining orders (R140).

A victim is connected to a case. Their protection is two zones the engine enforces on the
monitored person: the exclusion zone (entering it is a critical alarm) and the wider warning
buffer, the area within ``buffer_m`` of the exclusion zone (entering it is a lower-severity
alarm). With the victim's opt-in, the victim or their contact person is told when the person
enters either (an outbox notice: never lost, never sent twice).

The victim's name, contact and zone are never shown to the monitored person; inside Valvo only
roles with ``victims:read`` see who the victim is. Operators see the zone as a "victim
protection zone", with its geometry on the map while an alarm about it is open.

The law gives no buffer width (R139 is only a "discussed consideration", off by default): the
default and the bounds below are a decision recorded in docs/law.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from valvo.domain.geo import Zone, ZoneError, ZoneKind, geometry_to_geojson, grown
from valvo.domain.geo import parse_zone_geometry as _parse

# docs/law.md "Victim protection zones": 500 m warns early enough at walking or driving pace
# in town, and stays short of a whole district.
DEFAULT_BUFFER_M = 500.0
MIN_BUFFER_M = 50.0
MAX_BUFFER_M = 5000.0
MAX_NAME = 200
MAX_CHANNEL = 300
MAX_TERMS = 4000

_EMAIL = re.compile(r"^mailto:[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^https?://[^\s]+$")


class VictimError(ValueError):
    """A victim or restraining order as given cannot be recorded; the text says why."""


@dataclass(frozen=True, slots=True)
class VictimZones:
    """A victim's exclusion zone and warning buffer, as the engine enforces them."""

    exclusion: Zone
    buffer: Zone


def check_channel(channel: str | None, opt_in: bool) -> str | None:
    """The contact channel, trimmed: ``mailto:address`` or an ``http(s)://`` URL (the notify
    adapter's targets). Opting in to notifications needs one."""
    value = (channel or "").strip() or None
    if value is not None:
        if len(value) > MAX_CHANNEL:
            raise VictimError(f"the contact channel is at most {MAX_CHANNEL} characters")
        if not (_EMAIL.match(value) or _URL.match(value)):
            raise VictimError("the contact channel must be mailto:address or an http(s):// address")
    if opt_in and value is None:
        raise VictimError("notifying the victim needs a contact channel to notify")
    return value


def check_buffer(buffer_m: float | None) -> float:
    value = DEFAULT_BUFFER_M if buffer_m is None else float(buffer_m)
    if not MIN_BUFFER_M <= value <= MAX_BUFFER_M:
        raise VictimError(
            f"the warning buffer must be between {MIN_BUFFER_M:.0f} and {MAX_BUFFER_M:.0f} m"
        )
    return value


def check_period(valid_from: datetime | None, valid_to: datetime | None, what: str) -> None:
    if valid_from is not None and valid_to is not None and valid_to <= valid_from:
        raise VictimError(f"the {what} must end after it starts")


def exclusion_geometry(geojson: Mapping[str, Any], radius_m: float | None) -> dict[str, Any]:
    """The exclusion zone as stored (a polygon; a point with a radius becomes its circle)."""
    try:
        return geometry_to_geojson(_parse(geojson, radius_m))
    except (ZoneError, ArithmeticError) as exc:  # a circle at a pole has no projection
        raise VictimError(f"exclusion zone: {exc or 'cannot be drawn there'}") from exc


def check_zones(victim_id: str, zone: Mapping[str, Any], buffer_m: float) -> None:
    """The engine can draw the zone and its buffer (checked when recorded, never in the engine)."""
    try:
        buffer = zones_of(victim_id, zone, buffer_m).buffer
    except (ZoneError, ArithmeticError, ValueError) as exc:
        raise VictimError(f"exclusion zone: the warning buffer cannot be drawn ({exc})") from exc
    if buffer.geometry.is_empty or not buffer.geometry.is_valid:
        raise VictimError("exclusion zone: the warning buffer cannot be drawn there")
    bounds = buffer.geometry.bounds
    if not (-180 <= bounds[0] <= bounds[2] <= 180 and -90 <= bounds[1] <= bounds[3] <= 90):
        raise VictimError(
            "exclusion zone: the warning buffer reaches past the poles or the date line"
        )


def zones_of(
    victim_id: str,
    zone: Mapping[str, Any],
    buffer_m: float,
    valid_from: datetime | None = None,
    valid_to: datetime | None = None,
) -> VictimZones:
    """The two zones of a victim; their names say what they are for, never whose they are."""
    exclusion = Zone.from_geojson(
        f"victim:{victim_id}",
        "victim protection zone",
        ZoneKind.EXCLUSION,
        zone,
        valid_from=valid_from,
        valid_to=valid_to,
        properties={"victim_id": victim_id},
    )
    buffer = Zone(
        id=f"victim-buffer:{victim_id}",
        name="victim protection warning buffer",
        kind=ZoneKind.BUFFER,
        geometry=grown(exclusion.geometry, buffer_m),
        properties={"victim_id": victim_id},
        valid_from=valid_from,
        valid_to=valid_to,
    )
    return VictimZones(exclusion, buffer)


def victim_of_zone(zone_id: str) -> str | None:
    """The victim whose zone this engine zone id is (None: not a victim's zone)."""
    for prefix in ("victim:", "victim-buffer:"):
        if zone_id.startswith(prefix):
            return zone_id[len(prefix) :]
    return None


def check_text(value: str, what: str, limit: int = MAX_NAME) -> str:
    text = value.strip()
    if not text:
        raise VictimError(f"the {what} must not be empty")
    if len(text) > limit:
        raise VictimError(f"the {what} is at most {limit} characters")
    return text


def redacted(row: Mapping[str, Any]) -> dict[str, Any]:
    """A victim as a reader without ``victims:read`` may see it: the zone's purpose and the
    notification setting, no name, contact or geometry."""
    return {
        "id": row["id"],
        "case_id": row["case_id"],
        "subject_id": row["subject_id"],
        "buffer_m": row["buffer_m"],
        "notify_opt_in": row["notify_opt_in"],
        "valid_from": row.get("valid_from"),
        "valid_to": row.get("valid_to"),
    }


def in_force(valid_from: datetime | None, valid_to: datetime | None, at: datetime) -> bool:
    return (valid_from is None or valid_from <= at) and (valid_to is None or at < valid_to)
