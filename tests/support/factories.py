"""Factories for domain objects used across tests (explicit values, no magic)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from itertools import count

from valvo.domain.geo import Zone, ZoneKind
from valvo.domain.geo.projection import LocalProjection
from valvo.domain.rules import DeviceRule, RuleSet, ScheduledTest
from valvo.domain.schedule import Schedule
from valvo.domain.telemetry import Observation, ObservationKind

HOME = (24.9384, 60.1699)  # lon, lat
_seq = count(1)


def offset(origin: tuple[float, float], east_m: float, north_m: float) -> tuple[float, float]:
    return LocalProjection(*origin).to_degrees(east_m, north_m)


def circle_zone(
    id: str,
    kind: ZoneKind,
    centre: tuple[float, float] = HOME,
    radius_m: float = 100.0,
    presence_only: bool = False,
) -> Zone:
    return Zone.from_geojson(
        id,
        f"zone {id}",
        kind,
        {"type": "Point", "coordinates": list(centre)},
        radius_m=radius_m,
        active_during_required_presence_only=presence_only,
    )


def fix(
    at: datetime,
    east_m: float = 0.0,
    north_m: float = 0.0,
    accuracy_m: float | None = 5.0,
    device: str = "dev-1",
    origin: tuple[float, float] = HOME,
    received_at: datetime | None = None,
) -> Observation:
    lon, lat = offset(origin, east_m, north_m)
    return Observation(
        device_id=device,
        kind=ObservationKind.POSITION,
        device_time=at,
        received_at=received_at or at,
        lat=lat,
        lon=lon,
        accuracy_m=accuracy_m,
        valid=True,
        seq=next(_seq),
    )


def ruleset(
    *zones: Zone,
    schedule: Schedule | None = None,
    subject_id: str = "s-1",
    devices: tuple[DeviceRule, ...] = (),
    tests: tuple[ScheduledTest, ...] = (),
    order_type: str = "monitoring_sentence",
) -> RuleSet:
    return RuleSet(
        subject_id=subject_id,
        version=1,
        schedule=schedule or Schedule(),
        zones=zones,
        devices=devices,
        tests=tests,
        order_type=order_type,
    )


def observation(
    kind: ObservationKind,
    at: datetime,
    device: str = "unit-1",
    received_at: datetime | None = None,
    attributes: Mapping[str, object] | None = None,
    **named: object,
) -> Observation:
    """A non-position observation (RF presence, device event, breath test, heartbeat)."""
    return Observation(
        device_id=device,
        kind=kind,
        device_time=at,
        received_at=received_at or at,
        attributes={**(attributes or {}), **named},
        seq=next(_seq),
    )


def every_measurement(
    kind: ObservationKind, device_time: datetime, received_at: datetime, *, valid: bool
) -> Observation:
    """An observation with every measurement set away from its default, so a field carried
    into the wrong place shows in a comparison."""
    return Observation(
        "gps-1",
        kind,
        device_time,
        received_at,
        lat=60.1,
        lon=24.9,
        accuracy_m=5.0,
        valid=valid,
        speed_kmh=12.0,
        course=90.0,
        altitude_m=15.0,
        satellites=8,
        battery_pct=77.0,
        alarms=("sos",),
        attributes={"io": 1},
    )
