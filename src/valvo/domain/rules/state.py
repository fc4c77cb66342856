"""What the engine remembers about a person between batches (kept in memory, snapshotted)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from valvo.domain.geo import Placement


@dataclass(frozen=True, slots=True)
class LastFix:
    time: datetime
    lon: float
    lat: float
    accuracy_m: float | None


@dataclass(slots=True)
class SubjectState:
    subject_id: str
    last_fix: LastFix | None = None
    last_seen: datetime | None = None
    placements: dict[str, Placement] = field(default_factory=dict)
    # Conditions currently in breach, by condition key, with the time the breach began.
    open_conditions: dict[str, datetime] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        fix = self.last_fix
        return {
            "subject_id": self.subject_id,
            "last_fix": None
            if fix is None
            else {
                "time": fix.time.isoformat(),
                "lon": fix.lon,
                "lat": fix.lat,
                "accuracy_m": fix.accuracy_m,
            },
            "last_seen": None if self.last_seen is None else self.last_seen.isoformat(),
            "placements": {k: v.value for k, v in self.placements.items()},
            "open_conditions": {k: v.isoformat() for k, v in self.open_conditions.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SubjectState:
        fix = data.get("last_fix")
        return cls(
            subject_id=data["subject_id"],
            last_fix=None
            if fix is None
            else LastFix(
                datetime.fromisoformat(fix["time"]), fix["lon"], fix["lat"], fix["accuracy_m"]
            ),
            last_seen=None
            if data.get("last_seen") is None
            else datetime.fromisoformat(data["last_seen"]),
            placements={k: Placement(v) for k, v in data.get("placements", {}).items()},
            open_conditions={
                k: datetime.fromisoformat(v) for k, v in data.get("open_conditions", {}).items()
            },
        )
