"""The fault tests' load: simulated Teltonika trackers that behave like real ones across faults.

Each device keeps one fix in flight: it sends the codec 8 packet and waits for the record-count
ACK. On any connection error or a late ACK it reconnects and resends the very same bytes (the
gateway recognises a resend), so a fix is either ACKed once or still pending, never skipped. Each
ACKed fix is recorded as (IMEI, device time): those are what the gateway promised to keep.

Where a device stands follows its person (``valvo.sim.seed.Persona``): intruders walk into the
exclusion zone around a protected address and out again, curfew breakers leave home while they
must be in, everybody else stays at home; so alarms are raised all through the run.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from valvo.domain.geo.projection import LocalProjection
from valvo.domain.geo.zone import circle_radius_m
from valvo.domain.rules.ruleset import Thresholds
from valvo.protocols.accuracy import accuracy_from
from valvo.sim.seed import Persona, SimPerson
from valvo.sim.teltonika_device import AvlFix, TeltonikaClient

ACK_TIMEOUT_S = 3.0
RECONNECT_PAUSE_S = 0.3
# A breacher's cycle: this many fixes where they should be, then this many where they should not.
CYCLE_IN, CYCLE_OUT = 6, 4
AWAY_M = 1500.0  # how far a curfew breaker goes from home
SATELLITES = 9  # every simulated fix: the gateway derives its accuracy from this (no HDOP sent)
# The zone rules (valvo.domain.rules.zones): one confident fix inside an exclusion zone is a
# breach; leaving the home zone is confirmed by the first fix whose whole error circle lies
# outside (at AWAY_M and ±6 m, the first fix out), else by the configured count of fixes.
ENTER_FIXES = 1
_RULES = Thresholds()
_CIRCLE_M = circle_radius_m(accuracy_from(None, SATELLITES), _RULES.single_fix_confidence)
LEAVE_FIXES = 1 if _CIRCLE_M is not None and _CIRCLE_M < AWAY_M else _RULES.inclusion_confirm_fixes


def _ms(t: datetime) -> datetime:
    """Teltonika carries milliseconds: the device time as the gateway will decode it."""
    return t.replace(microsecond=t.microsecond // 1000 * 1000)


@dataclass(slots=True)
class SimTracker:
    """One device and everything it saw: fixes ACKed, reconnects and resends."""

    person: SimPerson
    acked: list[datetime] = field(default_factory=list)
    sent: set[datetime] = field(default_factory=set)  # every fix that went out at least once
    reconnects: int = 0
    resends: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    _count: int = 0
    _last: datetime | None = None

    @property
    def imei(self) -> str:
        return self.person.device

    def next_fix(self, now: datetime) -> AvlFix:
        """The next fix: its device time strictly after the previous one."""
        at = _ms(now)
        if self._last is not None and at <= self._last:
            at = self._last + timedelta(milliseconds=1)
        self._last = at
        lon, lat = self._where(self._count)
        self._count += 1
        return AvlFix(time=at, lat=lat, lon=lon, speed_kmh=3, satellites=SATELLITES)

    @property
    def reported(self) -> int:
        """Fixes this device made (each is ACKed once the driver has stopped)."""
        return self._count

    def breaches_acted(self) -> dict[str, int]:
        """Alarm kind -> how many times this device's fixes so far acted out that breach."""
        cycle = CYCLE_IN + CYCLE_OUT
        persona = self.person.persona
        if persona is Persona.INTRUDER and self.person.exclusion is not None:
            kind, nth = "exclusion_zone_entered", CYCLE_IN + ENTER_FIXES - 1
        elif persona is Persona.CURFEW_BREAKER:
            kind, nth = "inclusion_zone_left", CYCLE_IN + LEAVE_FIXES - 1
        else:
            return {}
        return {kind: sum(1 for i in range(self._count) if i % cycle == nth)}

    def _where(self, index: int) -> tuple[float, float]:
        person = self.person
        outside = index % (CYCLE_IN + CYCLE_OUT) >= CYCLE_IN
        if person.persona is Persona.INTRUDER and person.exclusion is not None and outside:
            return person.exclusion
        if person.persona is Persona.CURFEW_BREAKER and outside:
            return LocalProjection(*person.home).to_degrees(AWAY_M, 0.0)
        jitter = random.Random(f"{person.device}:{index}")
        east, north = jitter.uniform(-10, 10), jitter.uniform(-10, 10)
        return LocalProjection(*person.home).to_degrees(east, north)

    async def run(self, host: str, port: int, interval_s: float, stop: asyncio.Event) -> None:
        """Report every ``interval_s`` until ``stop``; the fix in flight is still delivered."""
        client: TeltonikaClient | None = None
        pending: AvlFix | None = None
        await asyncio.sleep(random.uniform(0, interval_s))  # spread the fleet over the interval
        try:
            while pending is not None or not stop.is_set():
                if pending is None:
                    pending = self.next_fix(datetime.now(UTC))
                try:
                    if client is None:
                        client = TeltonikaClient(self.imei, timeout_s=ACK_TIMEOUT_S)
                        await asyncio.wait_for(client.connect(host, port), ACK_TIMEOUT_S)
                    if pending.time in self.sent:
                        self.resends += 1
                    self.sent.add(pending.time)
                    await client.send([pending])
                except (OSError, EOFError, TimeoutError) as exc:
                    # ConnectionError is an OSError; a closed stream mid-read an EOFError.
                    name = type(exc).__name__
                    self.errors[name] = self.errors.get(name, 0) + 1
                    self.reconnects += 1
                    if client is not None:
                        with contextlib.suppress(Exception):
                            await client.close()
                    client = None
                    await asyncio.sleep(RECONNECT_PAUSE_S)
                    continue
                self.acked.append(pending.time)
                pending = None
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), interval_s)
        finally:
            if client is not None:
                with contextlib.suppress(Exception):
                    await client.close()


class LoadDriver:
    """The fleet as one background task; counts the ACKs so the test can see progress."""

    def __init__(self, people: list[SimPerson], host: str, port: int, interval_s: float) -> None:
        self.trackers = [SimTracker(p) for p in people]
        self._host, self._port, self._interval = host, port, interval_s
        self._stop = asyncio.Event()
        self._task: asyncio.Future[list[None]] | None = None

    def start(self) -> None:
        runs = [t.run(self._host, self._port, self._interval, self._stop) for t in self.trackers]
        self._task = asyncio.ensure_future(asyncio.gather(*runs))

    @property
    def acked(self) -> int:
        return sum(len(t.acked) for t in self.trackers)

    def acked_keys(self) -> list[tuple[str, datetime]]:
        return [(t.imei, at) for t in self.trackers for at in t.acked]

    def sent_keys(self) -> set[tuple[str, datetime]]:
        return {(t.imei, at) for t in self.trackers for at in t.sent}

    async def wait_for_acks(self, more: int, timeout_s: float) -> float:
        """Wait until ``more`` fixes beyond the count now are ACKed; the seconds it took."""
        loop = asyncio.get_running_loop()
        target, start = self.acked + more, loop.time()
        while self.acked < target:
            self._raise_if_failed()
            if loop.time() - start > timeout_s:
                raise TimeoutError(f"only {self.acked} of {target} fixes ACKed in {timeout_s} s")
            await asyncio.sleep(0.05)
        return loop.time() - start

    async def stop(self, timeout_s: float) -> None:
        """Stop sending new fixes; every device delivers the one it has in flight."""
        self._stop.set()
        assert self._task is not None
        await asyncio.wait_for(self._task, timeout_s)

    async def cancel(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task

    def _raise_if_failed(self) -> None:
        if self._task is not None and self._task.done():
            self._task.result()  # a bug in the driver must fail the test, not hang it
            raise RuntimeError("the load driver stopped before it was told to")

    def summary(self) -> dict[str, object]:
        errors: dict[str, int] = {}
        for t in self.trackers:
            for name, n in t.errors.items():
                errors[name] = errors.get(name, 0) + n
        return {
            "devices": len(self.trackers),
            "acked": self.acked,
            "reconnects": sum(t.reconnects for t in self.trackers),
            "resends": sum(t.resends for t in self.trackers),
            "errors": errors,
        }
