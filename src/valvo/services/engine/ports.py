"""What the engine reads and writes, as ports: the store it reads rule rows, bindings and
states from, the batch transaction it reads open alarms in, and the one write set per batch
(positions, states, alarms, offsets) it hands that transaction once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from valvo.domain.alarms import Alarm
from valvo.domain.rules import SubjectState
from valvo.domain.rules.threshold_revisions import ThresholdRevision
from valvo.domain.telemetry import Observation
from valvo.services.telemetry import FrameOutcome, RawFrame


@dataclass(frozen=True, slots=True)
class DeviceBinding:
    device_id: str
    subject_id: str


@dataclass(frozen=True, slots=True)
class StoredState:
    state: SubjectState
    version: int


@dataclass(frozen=True, slots=True)
class Person:
    """What an alarm event says of its person: the name and the region."""

    name: str | None
    region: str | None


@dataclass(frozen=True, slots=True)
class RuleRows:
    """The rows a batch of rule sets is compiled from: the subjects' active orders, their zones,
    each order's latest plan, the devices assigned, and each subject's newest rule change."""

    orders: Sequence[Mapping[Any, Any]] = ()
    zones: Sequence[Mapping[Any, Any]] = ()
    schedules: Sequence[Mapping[Any, Any]] = ()
    # (subject id, identifier, kind, configured RF range in metres or None)
    devices: Sequence[tuple[str, str, str, float | None]] = ()
    versions: Mapping[str, int] = field(default_factory=dict)
    # Victims' protection zones (R139): id, subject_id, zone, buffer_m, valid_from, valid_to.
    victims: Sequence[Mapping[Any, Any]] = ()
    # The published threshold revisions of the orders' types (threshold_revisions.py).
    threshold_revisions: Sequence[ThresholdRevision] = ()


@dataclass(frozen=True, slots=True)
class StreamPositions:
    """The stream partitions' positions a batch moves, fenced on ``owner`` (a worker that no
    longer owns one of them fails the batch's transaction)."""

    owner: str
    positions: Mapping[int, int]


@dataclass(slots=True)
class WriteSet:
    """Everything one batch changes, written in one transaction."""

    positions: list[dict[str, Any]] = field(default_factory=list)
    states: list[SubjectState] = field(default_factory=list)
    # The stored version each state was evaluated from (absent: 0, never stored); the write
    # stores version + 1.
    versions: dict[str, int] = field(default_factory=dict)
    new_alarms: list[Alarm] = field(default_factory=list)
    changed_alarms: list[Alarm] = field(default_factory=list)
    # The database log's offset (None: this batch does not move it).
    offset: int | None = None
    stream: StreamPositions | None = None

    @property
    def alarms(self) -> list[Alarm]:
        return self.new_alarms + self.changed_alarms


class IntakeReads(Protocol):
    """What the alarm intake reads inside the batch's transaction."""

    def open_alarms(
        self, subject_ids: Sequence[str], condition_keys: Sequence[str], cleared_since: datetime
    ) -> list[Alarm]:
        """Alarms of these subjects and conditions not resolved, or self-cleared since
        ``cleared_since`` (locked against an operator's concurrent step where supported)."""
        ...

    def active_order_types(self, subject_ids: Sequence[str]) -> dict[str, list[str]]: ...

    def stored_alarm_ids(self, alarm_ids: Sequence[str]) -> set[str]: ...

    def recent_alarms(self, subject_ids: Sequence[str], since: datetime) -> list[Alarm]:
        """These subjects' alarms open, or active (occurred, occurred again or ended) since
        ``since``: the incidents a new alarm may join."""
        ...

    def victim_contacts(self, victim_ids: Sequence[str]) -> dict[str, str]:
        """The contact channel of each of these victims who opted in to be notified (R139)."""
        ...


class EngineBatch(IntakeReads, Protocol):
    """One batch's transaction (committed when its block ends without an error)."""

    def archive(self, frames: Sequence[RawFrame]) -> list[FrameOutcome]:
        """Store stream frames (observations, provenance) as the log does."""
        ...

    def lock_states(self, versions: Mapping[str, int], now: datetime) -> dict[str, StoredState]:
        """Lock these subjects' states; return those whose stored version is not the one given
        (another worker stored them since)."""
        ...

    def people(self, subject_ids: Sequence[str]) -> dict[str, Person]: ...

    def write(self, writes: WriteSet, now: datetime) -> None: ...


class EngineStore(Protocol):
    """The engine's reads outside a batch, and the batch transaction."""

    def offset(self) -> int: ...
    def last_rule_change(self) -> int: ...
    def rule_changes_after(self, change_id: int) -> tuple[int, set[str]]: ...
    def monitored_subjects(self) -> list[str]: ...
    def device_bindings(
        self, subject_ids: Iterable[str] | None = None
    ) -> dict[str, DeviceBinding]: ...
    def rule_rows(self, subject_ids: Sequence[str]) -> RuleRows: ...
    def states(self, subject_ids: Sequence[str]) -> dict[str, StoredState]: ...
    def batch(self) -> AbstractContextManager[EngineBatch]: ...


class ObservationSource(Protocol):
    """The database log, read in order after a position."""

    def read_after(self, position: int, limit: int) -> list[Observation]: ...


def chunks(items: list[str], size: int = 2000) -> list[list[str]]:
    """Slices small enough for one IN list on every database."""
    return [items[i : i + size] for i in range(0, len(items), size)]


class PartitionLeases(Protocol):
    """Which stream partitions this worker owns (a lease renewed by its beat)."""

    @property
    def worker_id(self) -> str: ...
    def beat(self, now: datetime) -> dict[int, int]:
        """Take this worker's share; the partitions it owns now, with their positions."""
        ...

    def renew(self, now: datetime) -> None: ...
    def leave(self) -> None: ...


class StreamLayout(Protocol):
    """The partitioned log's names: its stream, a partition's subject, a device's partition."""

    @property
    def stream(self) -> str: ...
    def subject(self, partition: int) -> str: ...
    def partition_of(self, device: str) -> int: ...
