"""The simulated fleet: people moving on plausible tracks, with GPS noise, speaking OsmAnd.

Each person walks toward a target at walking or cycling speed; the fix sent is the true
position plus noise whose size matches the accuracy reported (larger indoors at home). Intruders
head for the protected address; curfew breakers leave home while they must be in; walkers go
out only while their weekly plan lets them (seed.weekly_plan) and are home at night.
"""

from __future__ import annotations

import asyncio
import math
import random
import ssl
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlencode

import httpx

from valvo.domain.geo.projection import LocalProjection
from valvo.logging import get_logger
from valvo.sim.seed import Persona, SimPerson, may_be_out

log = get_logger(__name__)


@dataclass(slots=True)
class Mover:
    person: SimPerson
    east: float = 0.0  # metres from home
    north: float = 0.0
    target: tuple[float, float] = (0.0, 0.0)
    speed_mps: float = 1.4
    dwell_s: float = 0.0
    indoors: bool = True
    rng: random.Random = field(default_factory=random.Random)
    now: datetime | None = None  # the wall clock the plan is read at (None: the real one)

    def step(self, dt: float, now: datetime | None = None) -> None:
        if now is not None:
            self.now = now
        if self.dwell_s > 0:
            self.dwell_s -= dt
            return
        dx, dy = self.target[0] - self.east, self.target[1] - self.north
        distance = math.hypot(dx, dy)
        travel = self.speed_mps * dt
        if distance <= travel:
            self.east, self.north = self.target
            self._choose_next()
        else:
            self.east += dx / distance * travel
            self.north += dy / distance * travel
            self.indoors = False

    def _choose_next(self) -> None:
        persona = self.person.persona
        at_home = math.hypot(self.east, self.north) < 30
        self.indoors = at_home
        if persona is Persona.HOMEBODY:
            self.target, self.dwell_s = (0.0, 0.0), 3600.0
        elif persona is Persona.WALKER and not may_be_out(self.person, self.now or _utcnow()):
            # Outside the plan's authorised absences a walker goes (or stays) home.
            self.target, self.dwell_s = (0.0, 0.0), 0.0 if not at_home else 60.0
        elif at_home:
            self.dwell_s = self.rng.uniform(5, 20)
            self.target = self._outing()
        else:
            self.dwell_s = self.rng.uniform(10, 40)
            self.target = (0.0, 0.0)

    def _outing(self) -> tuple[float, float]:
        person = self.person
        if person.persona is Persona.INTRUDER and person.exclusion is not None:
            proj = LocalProjection(*person.home)
            return proj.to_metres(*person.exclusion)
        angle = self.rng.uniform(0, 2 * math.pi)
        reach = self.rng.uniform(400, 1500)
        return (reach * math.cos(angle), reach * math.sin(angle))

    def fix(self) -> tuple[float, float, float]:
        """(lon, lat, accuracy m): the true position plus noise matching the accuracy."""
        accuracy = self.rng.uniform(15, 35) if self.indoors else self.rng.uniform(4, 10)
        sigma = accuracy / 1.51
        east = self.east + self.rng.gauss(0, sigma)
        north = self.north + self.rng.gauss(0, sigma)
        lon, lat = LocalProjection(*self.person.home).to_degrees(east, north)
        return lon, lat, accuracy


def _utcnow() -> datetime:
    return datetime.now(UTC)


def start_movers(people: list[SimPerson], seed: int = 11) -> list[Mover]:
    rng = random.Random(seed)
    movers = []
    for person in people:
        mover = Mover(person, rng=random.Random(rng.random()))
        mover.speed_mps = rng.uniform(1.2, 4.5)
        mover.dwell_s = rng.uniform(0, 15)
        mover._choose_next()
        movers.append(mover)
    return movers


def osmand_query(device: str, lon: float, lat: float, accuracy: float, when: datetime) -> str:
    params = {
        "id": device,
        "lat": f"{lat:.7f}",
        "lon": f"{lon:.7f}",
        "timestamp": str(int(when.timestamp())),
        "accuracy": f"{accuracy:.1f}",
    }
    return "/?" + urlencode(params)


async def run_fleet(
    gateway_url: str,
    people: list[SimPerson],
    *,
    interval_s: float = 3.0,
    speedup: float = 10.0,
    duration_s: float | None = None,
    stop: asyncio.Event | None = None,
    verify: ssl.SSLContext | bool = True,
) -> int:
    """Send one fix per person every ``interval_s``; movement runs ``speedup`` × real time.
    Returns the number of fixes the gateway acknowledged. ``verify`` is the TLS trust for an
    https gateway (e.g. a client context with the demo's CA)."""
    movers = start_movers(people)
    acknowledged = 0
    loop = asyncio.get_running_loop()
    started = loop.time()
    limits = httpx.Limits(max_connections=50, max_keepalive_connections=50)
    async with httpx.AsyncClient(
        base_url=gateway_url, timeout=10, limits=limits, verify=verify
    ) as client:
        while (stop is None or not stop.is_set()) and (
            duration_s is None or loop.time() - started < duration_s
        ):
            tick = loop.time()
            now = datetime.now(UTC)
            for mover in movers:
                mover.step(interval_s * speedup, now)
            results = await asyncio.gather(
                *(_send(client, m, now) for m in movers), return_exceptions=True
            )
            acknowledged += sum(1 for r in results if r is True)
            await asyncio.sleep(max(0.0, interval_s - (loop.time() - tick)))
    return acknowledged


async def _send(client: httpx.AsyncClient, mover: Mover, now: datetime) -> bool:
    lon, lat, accuracy = mover.fix()
    response = await client.get(osmand_query(mover.person.device, lon, lat, accuracy, now))
    if response.status_code != 200:
        log.warning("fix refused", device=mover.person.device, status=response.status_code)
    return response.status_code == 200
