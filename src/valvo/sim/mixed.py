"""The demo's mixed fleet beside the OsmAnd phones: Teltonika trackers over TCP and RF home
units over the Valvo protocol, each registered, assigned to a person and (home units) keyed.

People at home (homebodies, curfew breakers) of the OsmAnd fleet get an RF home unit as well;
extra people carry a Teltonika tracker instead of a phone. Each process start issues the home
units fresh keys, so their sequence numbers start again at 1.
"""

from __future__ import annotations

import asyncio
import ssl
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import httpx

from valvo.adapters.db.device_credentials import SqlCredentialUnit
from valvo.bootstrap import Valvo
from valvo.gateway.listeners import device_master_key
from valvo.logging import get_logger
from valvo.services import registry
from valvo.services.device_credentials import issue_credential
from valvo.sim.fleet import Mover, start_movers
from valvo.sim.home_unit import HomeUnitSim, send_pending
from valvo.sim.seed import Persona, SimPerson, _register, demo_people
from valvo.sim.teltonika_device import AvlFix, TeltonikaClient

log = get_logger(__name__)

HOME_PERSONAS = (Persona.HOMEBODY, Persona.CURFEW_BREAKER)


@dataclass(frozen=True, slots=True)
class MixedFleet:
    trackers: list[SimPerson]  # Teltonika trackers (device = IMEI)
    home_units: list[HomeUnitSim]


def teltonika_people(count: int) -> list[SimPerson]:
    people = demo_people(count, seed=29)
    return [replace(p, device=f"35{900_000_000_000 + i:013d}") for i, p in enumerate(people)]


def prepare_mixed_fleet(valvo: Valvo, phones: list[SimPerson], trackers: int) -> MixedFleet:
    """Register what is missing (trackers, home units) and issue the home units' keys."""
    now = valvo.clock()
    people = teltonika_people(trackers)
    units: list[HomeUnitSim] = []
    master = device_master_key(valvo.settings)
    with SqlCredentialUnit(valvo.db) as uow:
        for person in people:
            if uow.registry.device_by_identifier(person.device) is None:
                _register(uow, person, now, protocol="teltonika", model="Teltonika FMB920")
        for person in phones:
            if person.persona not in HOME_PERSONAS:
                continue
            phone = uow.registry.device_by_identifier(person.device)
            assignment = phone and uow.registry.active_assignment_of_device(phone["id"])
            if not assignment:
                continue
            unit_id = f"hu-{person.device}"
            if uow.registry.device_by_identifier(unit_id) is None:
                unit = registry.register_device(
                    uow,
                    "seed",
                    now,
                    identifier=unit_id,
                    protocol="valvo",
                    kind="rf_home_unit",
                    model="Valvo RF home unit (simulated)",
                )
                registry.assign_device(
                    uow, "seed", now, device_id=unit["id"], subject_id=assignment["subject_id"]
                )
            issued = issue_credential(uow, uow.credentials, master, "seed", now, identifier=unit_id)
            units.append(
                HomeUnitSim(
                    unit_id,
                    f"tag-{person.device}",
                    bytes.fromhex(issued.key_hex),
                    leaves=person.persona is Persona.CURFEW_BREAKER,
                )
            )
        uow.commit()
    return MixedFleet(people, units)


async def run_mixed_fleet(
    valvo: Valvo,
    phones: list[SimPerson],
    addresses: dict[str, str],
    *,
    trackers: int = 6,
    interval_s: float = 3.0,
    speedup: float = 10.0,
    stop: asyncio.Event | None = None,
    verify: ssl.SSLContext | bool = True,
) -> None:
    """Drive the Teltonika trackers and home units the running gateway listens for
    (``verify``: the TLS trust for an https Valvo endpoint)."""
    fleet = await asyncio.to_thread(prepare_mixed_fleet, valvo, phones, trackers)
    work = []
    if "tcp:teltonika" in addresses:
        host, port = addresses["tcp:teltonika"].rsplit(":", 1)
        for mover in start_movers(fleet.trackers, seed=31):
            work.append(_tracker(mover, host, int(port), interval_s, speedup, stop))
    if "valvo:http" in addresses and fleet.home_units:
        url = addresses["valvo:http"]
        work.append(_home_units(url, fleet.home_units, interval_s, stop, verify))
    log.info("mixed fleet running", trackers=len(fleet.trackers), home_units=len(fleet.home_units))
    await asyncio.gather(*work)


async def _tracker(
    mover: Mover,
    host: str,
    port: int,
    interval_s: float,
    speedup: float,
    stop: asyncio.Event | None,
) -> None:
    client = TeltonikaClient(mover.person.device)
    connected = False
    while stop is None or not stop.is_set():
        mover.step(interval_s * speedup)
        lon, lat, _ = mover.fix()
        try:
            if not connected:
                await client.connect(host, port)
                connected = True
            await client.send([AvlFix(datetime.now(UTC), lat, lon, speed_kmh=5)])
        except (OSError, TimeoutError, asyncio.IncompleteReadError) as exc:
            log.warning(
                "tracker report not acknowledged", device=mover.person.device, error=str(exc)
            )
            await client.close()
            connected = False
        await asyncio.sleep(interval_s)
    await client.close()


async def _home_units(
    url: str,
    units: list[HomeUnitSim],
    interval_s: float,
    stop: asyncio.Event | None,
    verify: ssl.SSLContext | bool,
) -> None:
    async with httpx.AsyncClient(timeout=10, verify=verify) as client:
        while stop is None or not stop.is_set():
            now = datetime.now(UTC)
            for unit in units:
                unit.step(now)
            await asyncio.gather(*(send_pending(client, url, u) for u in units))
            await asyncio.sleep(interval_s)
