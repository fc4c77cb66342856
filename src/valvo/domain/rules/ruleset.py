"""A person's compiled rule set: what the engine enforces, built from the order and its plan.

Thresholds are data (with defaults chosen from the field: NIJ-1004 timings, vendors' grace
periods) and are recorded with every alarm they produced.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from enum import StrEnum

from valvo.domain.geo import PreparedZone, Zone
from valvo.domain.registry_choices import DeviceKind
from valvo.domain.schedule import Schedule

GPS_TRACKER = DeviceKind.GPS_TRACKER.value
RF_HOME_UNIT = DeviceKind.RF_HOME_UNIT.value
RF_TAG = DeviceKind.RF_TAG.value
ALCOHOL_TESTER = DeviceKind.ALCOHOL_TESTER.value

SILENCE_AFTER: Mapping[str, timedelta] = {
    GPS_TRACKER: timedelta(minutes=10),  # 1 fix a minute: ten missed in a row
    RF_HOME_UNIT: timedelta(minutes=15),  # heartbeats every 30–60 s plus comms tests
    ALCOHOL_TESTER: timedelta(hours=26),  # daily self-test
}
DEFAULT_SILENCE_AFTER = timedelta(minutes=30)


@dataclass(frozen=True, slots=True)
class Thresholds:
    # A fix counts as outside (or inside) only when its error circle says so with this confidence.
    confidence: float = 0.95
    # Consecutive confident fixes needed before a zone breach (debounce); exclusion zones guard
    # a victim, so one confident fix is enough there. Leaving an inclusion zone is confirmed
    # by whichever comes first: this count, a fix whose whole error circle at
    # ``single_fix_confidence`` lies outside, or ``inclusion_confirm_after`` since the first
    # confident fix outside with no fix since that was inside or uncertain.
    inclusion_confirm_fixes: int = 3
    exclusion_confirm_fixes: int = 1
    inclusion_confirm_after: timedelta = timedelta(minutes=3)
    # One fix stands for three: its circle must hold the position as surely as three
    # independent 95 % fixes outside (1 - 0.05³). A 95 % circle alone is wrong once in about
    # 150 fixes at a boundary (the drift scenarios raised a false alarm in 8 seeds of 20).
    single_fix_confidence: float = 0.999875
    # Away this long during required presence (RF or GPS) before it is a breach.
    presence_grace: timedelta = timedelta(minutes=5)
    low_battery_pct: float = 15.0
    battery_recovered_pct: float = 25.0
    # A device clock this far ahead of ours is drifting (buffered uploads are behind, not ahead).
    max_clock_ahead: timedelta = timedelta(minutes=5)
    # A moving tracker that keeps talking but gives no fix for this long may be shielded.
    no_location_after: timedelta = timedelta(minutes=10)
    # Consecutive fixes further apart than this are checked for a crossing of an exclusion zone.
    sparse_gap: timedelta = timedelta(minutes=2)
    alcohol_limit_mg_l: float = 0.05
    identity_min_score: float = 0.8
    # Noise control: a condition that clears itself and recurs within this window stays one
    # alarm with one more occurrence, not a new alarm (0: every recurrence is a new alarm).
    flap_window: timedelta = timedelta(minutes=30)
    # Incidents: a person's related alarms whose conditions start within this long of the
    # incident's last activity are one incident, one unit of work (0: every alarm its own).
    incident_window: timedelta = timedelta(minutes=60)

    def as_dict(self) -> dict[str, object]:
        """The thresholds as recorded with an alarm (durations in seconds)."""
        values = ((f.name, getattr(self, f.name)) for f in fields(self))
        return {n: v.total_seconds() if isinstance(v, timedelta) else v for n, v in values}


class RevisionStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


@dataclass(frozen=True, slots=True)
class ThresholdRevision:
    """A versioned set of thresholds for an order type (``threshold_revisions.py``: the rules
    for publishing one and choosing the one in force)."""

    id: int
    order_type: str
    number: int  # 1, 2, … within its order type
    status: RevisionStatus
    thresholds: Thresholds
    effective_from: datetime | None = None  # set when published
    note: str = ""

    @property
    def published(self) -> bool:
        return self.status is RevisionStatus.PUBLISHED


@dataclass(frozen=True, slots=True)
class DeviceRule:
    identifier: str
    kind: str
    rf_range_m: float | None = None  # an RF home unit's configured range (R34)

    @property
    def silence_after(self) -> timedelta:
        return SILENCE_AFTER.get(self.kind, DEFAULT_SILENCE_AFTER)


@dataclass(frozen=True, slots=True)
class ScheduledTest:
    """A scheduled substance test: a result must arrive between ``start`` and ``end``."""

    id: str
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class RuleSet:
    subject_id: str
    version: int
    schedule: Schedule
    zones: tuple[Zone, ...] = ()
    thresholds: Thresholds = Thresholds()
    devices: tuple[DeviceRule, ...] = ()
    tests: tuple[ScheduledTest, ...] = ()
    order_type: str = "monitoring_sentence"
    # The published threshold revisions of the order type (``threshold_revisions.py``); the
    # rules run under the one effective at each instant (``ruleset_at``), whose id this
    # carries (None: the built-in defaults).
    revisions: tuple[ThresholdRevision, ...] = ()
    threshold_revision: int | None = None
    _prepared: dict[str, PreparedZone] = field(default_factory=dict, compare=False, repr=False)
    _variants: dict[int, RuleSet] = field(default_factory=dict, compare=False, repr=False)
    # The published revisions of the order type in the order they take effect, and when each
    # does (``ruleset_at``'s bisect; built on first use).
    _timeline: list[tuple[list[datetime], list[ThresholdRevision]]] = field(
        default_factory=list, init=False, compare=False, repr=False
    )
    # What the rules ask of the devices on every observation, worked out once (__post_init__).
    _tags: frozenset[str] = field(init=False, compare=False, repr=False)
    _has_home_unit: bool = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        tags = frozenset(d.identifier for d in self.devices if d.kind == RF_TAG)
        object.__setattr__(self, "_tags", tags)
        home_unit = any(d.kind == RF_HOME_UNIT for d in self.devices)
        object.__setattr__(self, "_has_home_unit", home_unit)

    def prepared(self, zone: Zone) -> PreparedZone:
        """The zone's metric geometry, built once per rule set."""
        found = self._prepared.get(zone.id)
        if found is None:
            found = self._prepared[zone.id] = zone.prepared()
        return found

    def device(self, identifier: str) -> DeviceRule | None:
        for device in self.devices:
            if device.identifier == identifier:
                return device
        return None

    @property
    def has_home_unit(self) -> bool:
        return self._has_home_unit

    @property
    def home_range_m(self) -> float | None:
        """The widest configured range of the person's home units (None: none configured)."""
        ranges = [d.rf_range_m for d in self.devices if d.kind == RF_HOME_UNIT and d.rf_range_m]
        return max(ranges) if ranges else None

    @property
    def tags(self) -> frozenset[str]:
        """The RF tags assigned to the person: the only tags a home unit may report."""
        return self._tags
