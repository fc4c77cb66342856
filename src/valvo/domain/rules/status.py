"""A person's live status as the caseload board shows it, read from the engine's state: when
anything was last heard, whether a breach of the order is open now, which devices are silent,
and their batteries. Pure: the engine store keeps the summary beside the state so the board can
filter and sort on it in SQL, and the board reads each device's line from the same state."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from valvo.domain.geo import ZoneKind

# Open conditions that breach the order itself (zones, required presence); the others are the
# devices' health (silence, battery, tamper, clock) and the tag binding.
BREACH_PREFIXES = (*(f"{k.value}:" for k in ZoneKind), "presence:")
LOW_BATTERY_SUFFIX = ":battery"
SILENT_SUFFIX = ":silent"


@dataclass(frozen=True)
class StatusSummary:
    last_seen: datetime | None
    in_breach: bool
    silent_devices: int
    low_battery: bool
    battery_pct: float | None  # the lowest level any device last reported

    def columns(self) -> dict[str, Any]:
        return {
            "last_seen": self.last_seen,
            "in_breach": self.in_breach,
            "silent_devices": self.silent_devices,
            "low_battery": self.low_battery,
            "battery_pct": self.battery_pct,
        }


def breaches(open_conditions: Mapping[str, Any]) -> list[str]:
    return sorted(k for k in open_conditions if k.startswith(BREACH_PREFIXES))


def device_condition(open_conditions: Mapping[str, Any], device: str, what: str) -> bool:
    return f"device:{device}:{what}" in open_conditions


def summarise(state: Mapping[str, Any]) -> StatusSummary:
    """The summary of a state as stored (``SubjectState.to_json``)."""
    conditions: Mapping[str, Any] = state.get("open_conditions") or {}
    last_seen = state.get("last_seen")
    batteries = [float(v) for v in (state.get("device_battery") or {}).values()]
    return StatusSummary(
        last_seen=None if last_seen is None else datetime.fromisoformat(last_seen),
        in_breach=bool(breaches(conditions)),
        silent_devices=sum(
            1 for k in conditions if k.startswith("device:") and k.endswith(SILENT_SUFFIX)
        ),
        low_battery=any(
            k.startswith("device:") and k.endswith(LOW_BATTERY_SUFFIX) for k in conditions
        ),
        battery_pct=min(batteries) if batteries else None,
    )
