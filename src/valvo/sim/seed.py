"""A plausible caseload around Helsinki for the demo and the simulator: people, orders, plans,
home zones, exclusion zones around protected addresses, and a GPS tracker each."""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from valvo.bootstrap import Valvo
from valvo.domain import identity_code
from valvo.domain.geo.projection import LocalProjection
from valvo.services import registry
from valvo.services.acting import store_phone
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
    WALKER = "walker"  # goes out during authorised absences only (weekday work, evenings)
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


def _hhmm(text: str) -> time:
    return time.fromisoformat(text)


def weekly_plan(person: SimPerson) -> list[tuple[int, time, time, str]]:
    """The person's authorised absences (weekday, start, end, purpose), local Helsinki time;
    every other moment is required presence at home (the abode obligation).

    Walkers work or study on weekdays (from 6 or 7 until 15, 16 or 17) and are free until the
    evening and at weekends from 10, home at night (from 21, 22 or 23), varied per person (all
    general activity windows, which a partner place's sessions may carve); homebodies are home
    but for a morning appointment on two weekdays. Intruders are monitored for a restraining
    order only, which sets no abode obligation, so they may be out at any hour (their breach is
    the protected address). The curfew breaker's absences were withdrawn after earlier
    breaches: home at every hour, so leaving is a breach
    whenever it happens (the fault tests' load counts on that)."""
    key = zlib.crc32(person.device.encode())
    if person.persona is Persona.INTRUDER:
        return [
            (d, _hhmm(start), _hhmm(end), "activity")
            for d in range(7)
            for start, end in (("00:00", "12:00"), ("12:00", "00:00"))
        ]
    if person.persona is Persona.CURFEW_BREAKER:
        return []
    evening = _hhmm(("21:00", "22:00", "23:00")[key % 3])
    if person.persona is Persona.HOMEBODY:
        first = key % 3
        return [(d, _hhmm("09:00"), _hhmm("11:30"), "activity") for d in (first, first + 2)]
    morning = _hhmm(("06:00", "07:00")[(key // 3) % 2])
    work_end = _hhmm(("15:00", "16:00", "17:00")[(key // 7) % 3])
    plan = []
    for d in range(5):
        plan.append((d, morning, work_end, "activity"))
        plan.append((d, work_end, evening, "activity"))
    for d in (5, 6):
        plan.append((d, _hhmm("10:00"), evening, "activity"))
    return plan


def may_be_out(person: SimPerson, at: datetime) -> bool:
    """Whether the plan authorises the person to be away from home at ``at``."""
    local = at.astimezone(ZoneInfo("Europe/Helsinki"))
    now = local.time()
    return any(
        d == local.weekday() and start <= now and (now < end or end <= start)
        for d, start, end, _ in weekly_plan(person)
    )


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


# The people the RF home unit watches: they stay home at night (one of them breaks the curfew).
HOME_PERSONAS = (Persona.HOMEBODY, Persona.CURFEW_BREAKER)


def ensure_home_unit(uow: UnitOfWork, person: SimPerson, at: datetime) -> str | None:
    """The identifier of the RF home unit of ``person`` (one of HOME_PERSONAS whose own device
    is assigned), registered and assigned to the same person at ``at`` when missing; None for
    anyone else."""
    if person.persona not in HOME_PERSONAS:
        return None
    phone = uow.registry.device_by_identifier(person.device)
    assignment = phone and uow.registry.active_assignment_of_device(phone["id"])
    if not assignment:
        return None
    unit_id = f"hu-{person.device}"
    if uow.registry.device_by_identifier(unit_id) is None:
        unit = registry.register_device(
            uow,
            "seed",
            at,
            identifier=unit_id,
            protocol="valvo",
            kind="rf_home_unit",
            model="Valvo RF home unit (simulated)",
        )
        registry.assign_device(
            uow, "seed", at, device_id=unit["id"], subject_id=assignment["subject_id"]
        )
    return unit_id


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
    weekly = [
        {"weekday": d, "start": f"{start:%H:%M}", "end": f"{end:%H:%M}", "purpose": purpose}
        for d, start, end, purpose in weekly_plan(person)
    ]
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
    # The numbers the desk calls (made up, the same in every run).
    key = zlib.crc32(person.device.encode())
    mobile = f"+358 40 1{key % 100:02d} {key % 10_000:04d}"
    store_phone(uow, "seed", now, subject["id"], "mobile", mobile)
    if key % 3 == 0:
        store_phone(uow, "seed", now, subject["id"], "home", f"+358 9 {key % 1_000_000:06d}")
