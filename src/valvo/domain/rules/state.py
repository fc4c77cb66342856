"""What the engine remembers about a person between batches (kept in memory, snapshotted as
JSON): the last fix, zone placements and debounce counts, RF presence, when each device was
last heard, open breach conditions, and how far in time the rules have been evaluated."""

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
    received_at: datetime | None = None
    seq: int | None = None


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _dt(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


@dataclass(slots=True)
class SubjectState:
    subject_id: str
    last_fix: LastFix | None = None
    last_seen: datetime | None = None
    placements: dict[str, Placement] = field(default_factory=dict)
    # Consecutive confident fixes on the breaching side of each zone (debounce).
    streaks: dict[str, int] = field(default_factory=dict)
    # When each streak's first fix was taken (device time).
    streak_since: dict[str, datetime] = field(default_factory=dict)
    # Conditions currently in breach, by condition key, with the time the breach began.
    open_conditions: dict[str, datetime] = field(default_factory=dict)
    # RF presence: the tag in the home unit's range (None: no home unit report yet), since when.
    rf_in_range: bool | None = None
    rf_changed_at: datetime | None = None
    # Device time of the latest home-unit report applied (older ones are history).
    rf_seen_at: datetime | None = None
    # When each device was last heard (receive time), by device identifier.
    device_seen: dict[str, datetime] = field(default_factory=dict)
    # The last battery level each device reported (percent), by device identifier.
    device_battery: dict[str, float] = field(default_factory=dict)
    moving: bool = False
    # Scheduled substance tests taken, and missed ones already reported.
    tests_taken: set[str] = field(default_factory=set)
    tests_reported: set[str] = field(default_factory=set)
    # Time rules have been applied up to this instant.
    evaluated_until: datetime | None = None

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
                "received_at": _iso(fix.received_at),
                "seq": fix.seq,
            },
            "last_seen": _iso(self.last_seen),
            "placements": {k: v.value for k, v in self.placements.items()},
            "streaks": dict(self.streaks),
            "streak_since": {k: v.isoformat() for k, v in self.streak_since.items()},
            "open_conditions": {k: v.isoformat() for k, v in self.open_conditions.items()},
            "rf_in_range": self.rf_in_range,
            "rf_changed_at": _iso(self.rf_changed_at),
            "rf_seen_at": _iso(self.rf_seen_at),
            "device_seen": {k: v.isoformat() for k, v in self.device_seen.items()},
            "device_battery": dict(self.device_battery),
            "moving": self.moving,
            "tests_taken": sorted(self.tests_taken),
            "tests_reported": sorted(self.tests_reported),
            "evaluated_until": _iso(self.evaluated_until),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SubjectState:
        fix = data.get("last_fix")
        return cls(
            subject_id=data["subject_id"],
            last_fix=None
            if fix is None
            else LastFix(
                datetime.fromisoformat(fix["time"]),
                fix["lon"],
                fix["lat"],
                fix["accuracy_m"],
                _dt(fix.get("received_at")),
                fix.get("seq"),
            ),
            last_seen=_dt(data.get("last_seen")),
            placements={k: Placement(v) for k, v in data.get("placements", {}).items()},
            streaks=dict(data.get("streaks", {})),
            streak_since={
                k: datetime.fromisoformat(v) for k, v in data.get("streak_since", {}).items()
            },
            open_conditions={
                k: datetime.fromisoformat(v) for k, v in data.get("open_conditions", {}).items()
            },
            rf_in_range=data.get("rf_in_range"),
            rf_changed_at=_dt(data.get("rf_changed_at")),
            rf_seen_at=_dt(data.get("rf_seen_at")),
            device_seen={
                k: datetime.fromisoformat(v) for k, v in data.get("device_seen", {}).items()
            },
            device_battery={k: float(v) for k, v in data.get("device_battery", {}).items()},
            moving=bool(data.get("moving", False)),
            tests_taken=set(data.get("tests_taken", ())),
            tests_reported=set(data.get("tests_reported", ())),
            evaluated_until=_dt(data.get("evaluated_until")),
        )
