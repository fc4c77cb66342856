"""A plausible caseload around Helsinki for the demo and the simulator: people, orders, plans,
home zones, exclusion zones around protected addresses, and a GPS tracker each."""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from valvo.bootstrap import Valvo
from valvo.domain import identity_code
from valvo.domain.geo.projection import LocalProjection
from valvo.services import registry
from valvo.services.ports import UnitOfWork

CENTRE = (24.9384, 60.1699)  # Helsinki, lon/lat
FIRST_NAMES = (
    "Aino",
    "Eero",
    "Helmi",
    "Juha",
    "Kaisa",
    "Lauri",
    "Mikko",
    "Niina",
    "Olli",
    "Paula",
    "Risto",
    "Sanna",
    "Tapio",
    "Ulla",
    "Veikko",
    "Anni",
    "Jari",
    "Leena",
)
LAST_NAMES = (
    "Virtanen",
    "Korhonen",
    "Mäkinen",
    "Nieminen",
    "Mäkelä",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
    "Saarinen",
)
REGIONS = ("Etelä-Suomi", "Länsi-Suomi")
HOME_RADIUS_M = 120.0
EXCLUSION_RADIUS_M = 300.0


class Persona(StrEnum):
    HOMEBODY = "homebody"  # stays in; indoor GPS noise must raise nothing
    WALKER = "walker"  # goes out during authorised absences only
    INTRUDER = "intruder"  # walks into the exclusion zone around a protected address
    CURFEW_BREAKER = "curfew_breaker"  # leaves home during required presence


@dataclass(frozen=True, slots=True)
class SimPerson:
    device: str
    name: str
    region: str
    persona: Persona
    home: tuple[float, float]
    exclusion: tuple[float, float] | None


def _offset(origin: tuple[float, float], east_m: float, north_m: float) -> tuple[float, float]:
    return LocalProjection(*origin).to_degrees(east_m, north_m)


def persona_for(index: int) -> Persona:
    cycle = (
        Persona.HOMEBODY,
        Persona.WALKER,
        Persona.INTRUDER,
        Persona.HOMEBODY,
        Persona.WALKER,
        Persona.CURFEW_BREAKER,
        Persona.HOMEBODY,
    )
    return cycle[index % len(cycle)]


def demo_people(count: int, seed: int = 7) -> list[SimPerson]:
    """The demo fleet, the same for the same ``count`` and ``seed`` in every process."""
    rng = random.Random(seed)
    people = []
    for i in range(count):
        persona = persona_for(i)
        home = _offset(CENTRE, rng.uniform(-6000, 6000), rng.uniform(-3000, 4000))
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        exclusion = None
        if persona is Persona.INTRUDER:
            exclusion = _offset(home, rng.uniform(900, 1300), rng.uniform(-400, 400))
        people.append(
            SimPerson(f"sim-{i + 1:04d}", name, REGIONS[i % len(REGIONS)], persona, home, exclusion)
        )
    return people


def seed_demo(valvo: Valvo, people: list[SimPerson], now: datetime) -> int:
    """Register each person with an order, plan, zones and a tracker; skips devices that exist.
    Returns how many were created."""
    created = 0
    with valvo.uow() as uow:
        for person in people:
            if uow.registry.device_by_identifier(person.device) is not None:
                continue
            _register(uow, person, now)
            created += 1
        uow.commit()
    return created


def _identity(person: SimPerson, now: datetime) -> dict[str, Any]:
    """A birth date, identity code and case number of the person's own (the same in every run),
    so the demo's people of the same name can be told apart as real ones are."""
    key = zlib.crc32(person.device.encode())
    born = date(1960, 1, 1) + timedelta(days=key % 14_000)
    return {
        "identity_code": identity_code.make(born, 2 + key % 897),
        "case_number": f"VV-{now.year}-{key % 100_000:05d}",
    }


def _register(
    uow: UnitOfWork,
    person: SimPerson,
    now: datetime,
    protocol: str = "osmand",
    model: str = "Traccar Client",
) -> None:
    subject = registry.create_subject(
        uow, "seed", now, name=person.name, region=person.region, **_identity(person, now)
    )
    order = registry.create_order(
        uow,
        "seed",
        now,
        subject_id=subject["id"],
        type="monitoring_sentence",
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=60),
        timezone="Europe/Helsinki",
    )
    registry.add_zone(
        uow,
        "seed",
        now,
        order_id=order["id"],
        name=f"Home of {person.name}",
        kind="inclusion",
        geometry={"type": "Point", "coordinates": list(person.home)},
        radius_m=HOME_RADIUS_M,
        presence_only=True,
    )
    if person.exclusion is not None:
        registry.add_zone(
            uow,
            "seed",
            now,
            order_id=order["id"],
            name="Protected address",
            kind="exclusion",
            geometry={"type": "Point", "coordinates": list(person.exclusion)},
            radius_m=EXCLUSION_RADIUS_M,
        )
    # Walkers and intruders are authorised to be out all day; the others never are.
    out_all_day = person.persona in (Persona.WALKER, Persona.INTRUDER)
    weekly = (
        [
            {"weekday": d, "start": start, "end": end, "purpose": "activity"}
            for d in range(7)
            for start, end in (("00:00", "12:00"), ("12:00", "00:00"))
        ]
        if out_all_day
        else []
    )
    registry.set_schedule(
        uow, "seed", now, order_id=order["id"], weekly=weekly, one_off=[], reason="demo plan"
    )
    device = registry.register_device(
        uow,
        "seed",
        now,
        identifier=person.device,
        protocol=protocol,
        kind="gps_tracker",
        model=model,
    )
    registry.assign_device(uow, "seed", now, device_id=device["id"], subject_id=subject["id"])
