"""A person's compiled rule set: what the engine enforces, built from the order and its plan."""

from __future__ import annotations

from dataclasses import dataclass, field

from valvo.domain.geo import PreparedZone, Zone
from valvo.domain.schedule import Schedule


@dataclass(frozen=True, slots=True)
class Thresholds:
    # A fix counts as outside (or inside) only when its error circle says so with this confidence.
    confidence: float = 0.95


@dataclass(frozen=True, slots=True)
class RuleSet:
    subject_id: str
    version: int
    schedule: Schedule
    zones: tuple[Zone, ...] = ()
    thresholds: Thresholds = Thresholds()
    _prepared: dict[str, PreparedZone] = field(default_factory=dict, compare=False, repr=False)

    def prepared(self, zone: Zone) -> PreparedZone:
        """The zone's metric geometry, built once per rule set."""
        found = self._prepared.get(zone.id)
        if found is None:
            found = self._prepared[zone.id] = zone.prepared()
        return found
