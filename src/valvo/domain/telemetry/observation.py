"""What a device told us: one observation, in Valvo's units, with both clocks.

``device_time`` is when the device says it happened (buffered uploads arrive late and out of
order); ``received_at`` is when the gateway stored it. Rules order by device time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from valvo.domain.clock import require_aware


class ObservationKind(StrEnum):
    POSITION = "position"
    HEARTBEAT = "heartbeat"
    STATUS = "status"
    ALARM = "alarm"
    PRESENCE = "presence"  # RF tag in or out of a home unit's range
    DEVICE_EVENT = "device_event"  # strap, case, power, comms test
    ALCOHOL_TEST = "alcohol_test"
    LOGIN = "login"


@dataclass(frozen=True, slots=True)
class Observation:
    device_id: str
    kind: ObservationKind
    device_time: datetime
    received_at: datetime
    lat: float | None = None
    lon: float | None = None
    accuracy_m: float | None = None
    valid: bool | None = None
    speed_kmh: float | None = None
    course: float | None = None
    altitude_m: float | None = None
    satellites: int | None = None
    battery_pct: float | None = None
    alarms: tuple[str, ...] = ()
    attributes: Mapping[str, object] = field(default_factory=dict)
    # Position in the observation log, set once the observation is durably appended.
    seq: int | None = None

    def __post_init__(self) -> None:
        require_aware(self.device_time, "device_time")
        require_aware(self.received_at, "received_at")

    @property
    def has_fix(self) -> bool:
        """A usable position: coordinates present and not flagged invalid by the device."""
        return self.lat is not None and self.lon is not None and self.valid is not False
