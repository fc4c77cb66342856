"""The demo's mixed fleet beside the OsmAnd phones: TCP trackers of every simulated protocol
(Teltonika, GT06, H02, Watch, Queclink @Track) and RF home units over the Valvo protocol, each
registered, assigned to a person and (home units) keyed.

People at home (homebodies, curfew breakers) of the OsmAnd fleet get an RF home unit as well; extra
people carry a tracker instead of a phone, a few per protocol whose listener is running. Trackers
send a heartbeat now and then, and once in a while a GT06 or Watch device reports its strap removed
(an H02 or Queclink an SOS). Each process start issues the home units fresh keys, so their sequence
numbers start again at 1."""

from __future__ import annotations

import asyncio
import random
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import httpx

from valvo.adapters.db.device_credentials import SqlCredentialUnit
from valvo.bootstrap import Valvo
from valvo.gateway.listeners import device_master_key
from valvo.logging import get_logger
from valvo.services.device_credentials import issue_credential
from valvo.sim.fleet import Mover, start_movers
from valvo.sim.home_unit import HomeUnitSim, send_pending
from valvo.sim.seed import (
    Persona,
    SimPerson,
    _register,
    demo_people,
    ensure_home_unit,
)
from valvo.sim.stream_device import AnsweringTracker, ChattyTracker, TrackerClient
from valvo.sim.teltonika_device import AvlFix
from valvo.sim.trackers import TRACKERS, simulated, tracker_client

log = get_logger(__name__)

# Trackers per protocol in the demo (people carrying one instead of a phone).
TRACKER_FLEET: Mapping[str, int] = {name: t.demo_count for name, t in TRACKERS.items()}
ALARM_CHANCE = 0.002
HEARTBEAT_EVERY = 10  # reports


@dataclass(frozen=True, slots=True)
class MixedFleet:
    trackers: dict[str, list[SimPerson]]  # protocol -> people carrying such a tracker
    home_units: list[HomeUnitSim]


def tracker_people(protocol: str, count: int) -> list[SimPerson]:
    """The demo's people carrying a ``protocol`` tracker: the same in every process."""
    tracker = simulated(protocol)
    people = demo_people(count, seed=tracker.seed)
    return [replace(p, device=tracker.identifier(i)) for i, p in enumerate(people)]


def prepare_mixed_fleet(
    valvo: Valvo, phones: list[SimPerson], trackers: Mapping[str, int]
) -> MixedFleet:
    """Register what is missing (trackers, home units) and issue the home units' keys."""
    now = valvo.clock()
    people = {protocol: tracker_people(protocol, n) for protocol, n in trackers.items() if n}
    units: list[HomeUnitSim] = []
    master = device_master_key(valvo.settings)
    with SqlCredentialUnit(valvo.db) as uow:
        for protocol, carriers in people.items():
            model = simulated(protocol).model
            for person in carriers:
                if uow.registry.device_by_identifier(person.device) is None:
                    _register(uow, person, now, protocol=protocol, model=model)
        for person in phones:
            unit_id = ensure_home_unit(uow, person, now)
            if unit_id is None:
                continue
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
    trackers: Mapping[str, int] = TRACKER_FLEET,
    interval_s: float = 3.0,
    speedup: float = 10.0,
    stop: asyncio.Event | None = None,
    verify: ssl.SSLContext | bool = True,
) -> None:
    """Drive the trackers and home units whose listeners the running gateway has started
    (``verify``: the TLS trust for an https Valvo endpoint)."""
    running = {p: n for p, n in trackers.items() if f"tcp:{p}" in addresses}
    fleet = await asyncio.to_thread(prepare_mixed_fleet, valvo, phones, running)
    work = []
    for protocol, carriers in fleet.trackers.items():
        host, port = addresses[f"tcp:{protocol}"].rsplit(":", 1)
        tracker = simulated(protocol)
        for mover in start_movers(carriers, seed=tracker.seed):
            client = tracker_client(protocol, mover.person.device)
            alarm = tracker.demo_alarm
            work.append(
                _tracker(client, mover, (host, int(port)), alarm, interval_s, speedup, stop)
            )
    if "valvo:http" in addresses and fleet.home_units:
        url = addresses["valvo:http"]
        work.append(_home_units(url, fleet.home_units, interval_s, stop, verify))
    log.info(
        "mixed fleet running",
        trackers={p: len(c) for p, c in fleet.trackers.items()},
        home_units=len(fleet.home_units),
    )
    await asyncio.gather(*work)


async def _tracker(
    client: TrackerClient,
    mover: Mover,
    address: tuple[str, int],
    alarm: str | None,
    interval_s: float,
    speedup: float,
    stop: asyncio.Event | None,
) -> None:
    """Report every ``interval_s``; reconnect (and log in again) when an ACK does not come."""
    try:
        await _report_until_stopped(client, mover, address, alarm, interval_s, speedup, stop)
    finally:
        await client.close()


async def _report_until_stopped(
    client: TrackerClient,
    mover: Mover,
    address: tuple[str, int],
    alarm: str | None,
    interval_s: float,
    speedup: float,
    stop: asyncio.Event | None,
) -> None:
    rng = random.Random(mover.person.device)
    connected = False
    reports = 0
    while stop is None or not stop.is_set():
        mover.step(interval_s * speedup, datetime.now(UTC))
        lon, lat, _ = mover.fix()
        fix = AvlFix(datetime.now(UTC).replace(microsecond=0), lat, lon, speed_kmh=5)
        try:
            if not connected:
                await client.connect(*address)
                connected = True
            await client.report(fix)
            reports += 1
            if isinstance(client, AnsweringTracker):  # "locate now" and the like, sent meanwhile
                await client.answer_received(fix)
            if isinstance(client, ChattyTracker):
                if reports % HEARTBEAT_EVERY == 0:
                    await client.heartbeat()
                if alarm is not None and rng.random() < ALARM_CHANCE:
                    await client.alarm(fix, alarm)
        except (OSError, TimeoutError, asyncio.IncompleteReadError) as exc:
            log.warning(
                "tracker report not acknowledged", device=mover.person.device, error=str(exc)
            )
            await client.close()
            connected = False
        await asyncio.sleep(interval_s)


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
