"""A simulated RF home unit speaking the Valvo device protocol over HTTP.

The unit watches its person's ankle tag: homebodies stay in range (with the odd RF dropout of a
few seconds, which must raise nothing); curfew breakers leave for a stretch now and then. It
reports range changes with the signal strength, a comms test and the backup battery level
periodically, and keeps each message until the gateway's ACK arrives (one in flight, rising
sequence numbers), as the protocol asks.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx

from valvo.logging import get_logger
from valvo.protocols.valvo.decoder import ack_for, encode_message

log = get_logger(__name__)


@dataclass(slots=True)
class HomeUnitSim:
    device: str
    tag: str
    key: bytes
    leaves: bool  # a curfew breaker: goes out of range for a stretch now and then
    rng: random.Random = field(default_factory=random.Random)
    sequence: int = 0
    in_range: bool = True
    away_ticks: int = 0
    tick: int = 0
    battery: float = 100.0
    pending: list[dict[str, Any]] = field(default_factory=list)

    def step(self, now: datetime) -> None:
        """Advance one tick; the events it produced wait in ``pending`` until acknowledged."""
        self.tick += 1
        at = now.isoformat().replace("+00:00", "Z")
        was = self.in_range
        if self.away_ticks > 0:
            self.away_ticks -= 1
            self.in_range = self.away_ticks == 0
        elif self.leaves and self.rng.random() < 0.02:
            self.away_ticks = self.rng.randint(20, 60)
            self.in_range = False
        if self.in_range != was:
            event = "tag_in_range" if self.in_range else "tag_out_of_range"
            self.pending.append(
                {"type": event, "time": at, "tag": self.tag, "rssi": self.rng.randint(-95, -55)}
            )
        if self.tick % 20 == 1:
            self.battery = max(5.0, self.battery - self.rng.uniform(0, 0.5))
            self.pending.append({"type": "comms_test", "time": at, "channel": "lte", "rssi": -77})
            self.pending.append({"type": "battery", "time": at, "level": round(self.battery, 1)})

    def message(self) -> bytes | None:
        if not self.pending:
            return None
        return encode_message(self.key, self.device, self.sequence + 1, self.pending[:64])

    def acknowledged(self, answer: bytes) -> bool:
        """Drop the sent events once the signed ACK of their sequence came back."""
        if answer != ack_for(self.key, self.device, self.sequence + 1):
            return False
        self.sequence += 1
        del self.pending[:64]
        return True


async def send_pending(client: httpx.AsyncClient, url: str, unit: HomeUnitSim) -> bool:
    message = unit.message()
    if message is None:
        return False
    try:
        response = await client.post(url, content=message)
    except httpx.HTTPError as exc:
        log.warning("home unit report not sent", device=unit.device, error=str(exc))
        return False
    if response.status_code == 200 and unit.acknowledged(response.content):
        return True
    if response.status_code in (400, 401, 409):  # never resend a refused message
        log.warning("home unit report refused", device=unit.device, reason=response.text)
        unit.sequence += 1
        del unit.pending[:64]
    return False
