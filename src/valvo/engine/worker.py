"""The engine: reads the observation log in batches, evaluates the pure rules per subject, and
commits positions, states, alarms and the log offset in one transaction per batch.

Rule sets and states live in memory (loaded in bulk on first touch, reloaded when a rule change
is noted); no query or commit happens per fix. Time-driven breaches come from the deadline
queue, which wakes only the subjects whose next deadline passed.

Two logs feed it: the database log (:meth:`EngineWorker.step`, the embedded default) and a
partitioned stream (:meth:`EngineWorker.step_frames`, JetStream), whose frames are archived
(observations and provenance) in the same transaction as their evaluation. The engine speaks to
its store through ports (``services/engine/ports.py``): rule sets are compiled by
``services/engine/compile.py``, breaches become alarms in ``services/engine/intake.py``, and the
batch is handed to the store's transaction once, as one write set. A state another worker
changed since this one read it is re-read (locked) and its subject re-evaluated inside the
transaction, before the write set is handed over; a failed commit forgets the batch's states,
so nothing evaluated but not stored is remembered. The alarms raised or changed are published
as :class:`~valvo.services.bus.events.AlarmChanged` (the alarm, its person's name and region)
only after the commit.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from operator import attrgetter

from valvo.domain.alarms.policy import IntakePolicy
from valvo.domain.rules import RuleSet, SubjectState, evaluate, next_deadline, zone_distances
from valvo.domain.telemetry import Observation
from valvo.engine.timers import DeadlineQueue
from valvo.services.bus.events import AlarmChanged
from valvo.services.bus.messages import Event
from valvo.services.engine.compile import compile_rulesets
from valvo.services.engine.intake import take_in_breaches
from valvo.services.engine.ports import (
    DeviceBinding,
    EngineBatch,
    EngineStore,
    ObservationSource,
    StreamPositions,
    WriteSet,
    chunks,
)
from valvo.services.telemetry import FrameStatus, RawFrame

# After loading this many more subjects the loaded objects are moved out of the cyclic
# collector's sight (gc.freeze): at 250 000 subjects a full collection otherwise walks millions
# of long-lived objects and delays deadlines by seconds (bench/engine_scale.py --gc-freeze).
FREEZE_AFTER_LOADED = 10_000


@dataclass(slots=True)
class StepResult:
    observations: int = 0
    fixes: int = 0
    alarms: int = 0
    woken: int = 0


@dataclass(slots=True)
class _Work:
    """One batch: the observations by subject and the subjects woken by a deadline."""

    by_subject: dict[str, list[Observation]] = field(default_factory=dict)
    woken: list[str] = field(default_factory=list)

    @property
    def subjects(self) -> list[str]:
        return list(self.by_subject) + self.woken


@dataclass(slots=True)
class _Batch:
    """What a batch evaluated: its write set, and the rules' events (the intake turns them
    into the write set's alarms inside the transaction)."""

    writes: WriteSet
    events: list[object] = field(default_factory=list)


class EngineWorker:
    def __init__(
        self,
        log: ObservationSource,
        store: EngineStore,
        publish: Callable[[Event], None] | None = None,
        batch_size: int = 5000,
        freeze_after: int = FREEZE_AFTER_LOADED,
        intake: IntakePolicy | None = None,
    ) -> None:
        self._log = log
        self._store = store
        self._publish_event = publish
        self._intake = intake or IntakePolicy()
        self._batch_size = batch_size
        self._freeze_after = freeze_after
        self._loaded_since_freeze = 0
        self.frozen = 0  # how many times the loaded objects were frozen (for tests and logs)
        self._position = store.offset()
        self._resync = False  # after a failed batch: read the committed offset again
        self._last_change = store.last_rule_change()
        self._bindings: dict[str, DeviceBinding] = store.device_bindings()
        self._rulesets: dict[str, RuleSet] = {}
        self._states: dict[str, SubjectState] = {}
        self._versions: dict[str, int] = {}
        self._touched: list[str] = []
        # Stream mode: the partitions this worker owns, and how a device maps to one.
        self._owned: set[int] | None = None
        self._partition_of: Callable[[str], int] | None = None
        self._devices_of: dict[str, list[str]] = {}
        self._monitored = set(store.monitored_subjects())
        self._deadlines = DeadlineQueue()
        # Everyone under an active order is evaluated once after a (re)start, so a deadline that
        # needs no message (presence starts, a device went silent) is scheduled even for a
        # subject whose devices never report again.
        for subject_id in self._monitored:
            self._deadlines.schedule(subject_id, _epoch())

    @property
    def position(self) -> int:
        return self._position

    def step(self, now: datetime) -> StepResult:
        """Process one batch of the database log and the deadlines due at ``now``; one commit."""
        if self._resync:
            self._position = self._store.offset()
            self._resync = False
        self._refresh_rules()
        observations = self._log.read_after(self._position, self._batch_size)
        work = self._plan(observations, now)
        if not work.subjects and not observations:
            return StepResult()
        last_seq = observations[-1].seq if observations else None
        offset = last_seq if last_seq is not None else self._position
        batch, result = self._evaluate_all(work, now, offset)
        alarms = self._commit(lambda tx: self._write(tx, work, batch, now))
        self._position = offset
        result.observations = len(observations)
        return self._finish(result, alarms)

    def step_frames(
        self, frames: Sequence[RawFrame], now: datetime, positions: StreamPositions | None = None
    ) -> StepResult:
        """Archive ``frames`` from the stream (observations and provenance), evaluate them and
        the deadlines due at ``now``, and commit all with the stream ``positions`` (fenced on
        their owner), in one transaction."""
        self._refresh_rules()
        result = StepResult()

        def inside(tx: EngineBatch) -> list[AlarmChanged]:
            observations = self._archive(tx, frames)
            work = self._plan(observations, now)
            batch, evaluated = self._evaluate_all(work, now, None)
            batch.writes.stream = positions
            result.fixes, result.woken = evaluated.fixes, evaluated.woken
            result.observations = len(observations)
            return self._write(tx, work, batch, now)

        alarms = self._commit(inside)
        return self._finish(result, alarms)

    def next_deadline(self) -> datetime | None:
        return self._deadlines.next_deadline()

    def idle_wait(self, now: datetime, longest: float) -> float:
        """Seconds an idle loop may wait before the next deadline is due (at most ``longest``)."""
        deadline = self._deadlines.next_deadline()
        if deadline is None:
            return longest
        return min(longest, max(0.0, (deadline - now).total_seconds()))

    def own(self, partitions: set[int], partition_of: Callable[[str], int]) -> None:
        """Stream mode: this worker now owns ``partitions``. Observations are evaluated by
        whoever reads them; the time-driven rules of a person run on the worker owning the
        person's home partition (that of their first device, or of their id), so each deadline
        is watched once. Newly owned people are evaluated at the next step."""
        gained = partitions - (self._owned or set())
        if self._owned is not None and not gained and partitions == self._owned:
            return  # the usual beat: nothing changed (a walk over everyone costs at 250 000)
        if self._partition_of is None:
            self._devices_of = _devices_by_subject(self._bindings)
        self._owned, self._partition_of = set(partitions), partition_of
        if not gained:
            return
        for subject_id in self._monitored | set(self._rulesets):
            if self._home(subject_id) in gained:
                self._deadlines.schedule(subject_id, _epoch())

    def _home(self, subject_id: str) -> int:
        assert self._partition_of is not None
        devices = self._devices_of.get(subject_id)
        return self._partition_of(devices[0] if devices else subject_id)

    def _watches(self, subject_id: str) -> bool:
        return self._owned is None or self._home(subject_id) in self._owned

    # -- one batch -------------------------------------------------------------------------

    def _plan(self, observations: Iterable[Observation], now: datetime) -> _Work:
        by_subject: dict[str, list[Observation]] = defaultdict(list)
        for obs in observations:
            binding = self._bindings.get(obs.device_id)
            if binding is not None:
                by_subject[binding.subject_id].append(obs)
        due = [s for s in self._deadlines.pop_due(now, limit=self._batch_size) if self._watches(s)]
        work = _Work(dict(by_subject), [s for s in due if s not in by_subject])
        self._touched = work.subjects  # forgotten again if the batch's commit fails
        self._load(work.subjects)
        return work

    def _evaluate_all(
        self, work: _Work, now: datetime, offset: int | None
    ) -> tuple[_Batch, StepResult]:
        batch = _Batch(WriteSet(offset=offset))
        result = StepResult(woken=len(work.woken))
        subjects = work.subjects
        # Every zone distance of the batch in one vectorised call, not one per subject.
        distances = zone_distances(
            [(self._rulesets[s], work.by_subject.get(s, [])) for s in subjects]
        )
        for subject_id, measured in zip(subjects, distances, strict=True):
            batch.writes.versions[subject_id] = self._versions.get(subject_id, 0)
            observations = work.by_subject.get(subject_id, [])
            self._evaluate(subject_id, observations, now, batch, measured)
            result.fixes += len(self._positions(subject_id, observations, batch))
        return batch, result

    def _evaluate(
        self,
        subject_id: str,
        observations: Sequence[Observation],
        now: datetime,
        batch: _Batch,
        distances: Mapping[str, Sequence[float]] | None = None,
    ) -> None:
        ruleset = self._rulesets[subject_id]
        evaluation = evaluate(self._states[subject_id], observations, ruleset, now, distances)
        batch.events.extend(evaluation.events)  # alarms: the desk's intake, in the transaction
        batch.writes.states.append(evaluation.state)
        self._deadlines.schedule(subject_id, next_deadline(evaluation.state, ruleset, now))

    def _positions(
        self, subject_id: str, observations: Iterable[Observation], batch: _Batch
    ) -> list[Observation]:
        fixes = [
            o
            for o in observations
            if o.lat is not None and o.lon is not None and o.valid is not False
        ]
        for obs in fixes:
            batch.writes.positions.append(
                {
                    "subject_id": subject_id,
                    "device_id": self._bindings[obs.device_id].device_id,
                    "time": obs.device_time,
                    "lat": obs.lat,
                    "lon": obs.lon,
                    "accuracy_m": obs.accuracy_m,
                    "speed_kmh": obs.speed_kmh,
                    "seq": obs.seq,
                }
            )
        return fixes

    def _write(
        self, tx: EngineBatch, work: _Work, batch: _Batch, now: datetime
    ) -> list[AlarmChanged]:
        """Inside the transaction: re-evaluate what another worker stored meanwhile, take the
        breaches in as alarms, and hand the write set over once; the alarm events to publish
        after the commit."""
        writes = batch.writes
        if writes.states:
            self._reevaluate_stale(tx, work, batch, now)
        intake = take_in_breaches(tx, batch.events, now, self._intake)
        writes.new_alarms, writes.changed_alarms = intake.new, intake.changed
        alarms = intake.alarms
        people = tx.people(sorted({a.subject_id for a in alarms})) if alarms else {}
        tx.write(writes, now)
        self._versions.update(
            {s.subject_id: writes.versions.get(s.subject_id, 0) + 1 for s in writes.states}
        )
        events = []
        for alarm in alarms:
            person = people.get(alarm.subject_id)
            events.append(
                AlarmChanged(
                    alarm=alarm,
                    subject_name=None if person is None else person.name,
                    region=None if person is None else person.region,
                )
            )
        return events

    def _reevaluate_stale(self, tx: EngineBatch, work: _Work, batch: _Batch, now: datetime) -> None:
        """Lock the batch's states; another worker stored some of them since we read them:
        start those subjects again from the stored states."""
        writes = batch.writes
        versions = {s.subject_id: writes.versions.get(s.subject_id, 0) for s in writes.states}
        stale = tx.lock_states(versions, now)
        if not stale:
            return
        batch.events[:] = [e for e in batch.events if getattr(e, "subject_id", None) not in stale]
        writes.states[:] = [s for s in writes.states if s.subject_id not in stale]
        for subject_id, stored in stale.items():
            self._states[subject_id] = stored.state
            writes.versions[subject_id] = stored.version
            self._evaluate(subject_id, work.by_subject.get(subject_id, []), now, batch)

    def _commit(self, inside: Callable[[EngineBatch], list[AlarmChanged]]) -> list[AlarmChanged]:
        try:
            with self._store.batch() as tx:
                return inside(tx)
        except Exception:
            # The memory may be ahead of the database (the rules advanced the states) or behind
            # it (the commit went through but its answer was lost): forget those states, check
            # their deadlines again, and read the committed offset again before the next step.
            for subject_id in self._touched:
                self._states.pop(subject_id, None)
                self._versions.pop(subject_id, None)
                self._deadlines.schedule(subject_id, _epoch())
            self._resync = True
            raise

    def _archive(self, tx: EngineBatch, frames: Sequence[RawFrame]) -> list[Observation]:
        """Store the frames (provenance, observations) and return the new, evaluable
        observations with their log positions."""
        outcomes = tx.archive(frames)
        fresh: list[Observation] = []
        for frame, outcome in zip(frames, outcomes, strict=True):
            if outcome.status is not FrameStatus.STORED or outcome.quarantined:
                continue
            for entry, seq in zip(frame.entries, outcome.observation_seqs, strict=True):
                if seq is not None:
                    fresh.append(_logged(entry.observation, seq))
        return fresh

    def _finish(self, result: StepResult, alarms: list[AlarmChanged]) -> StepResult:
        """After the commit: publish the alarms raised or changed."""
        if self._publish_event is not None:
            for event in alarms:
                self._publish_event(event)
        result.alarms = len(alarms)
        return result

    # -- memory ----------------------------------------------------------------------------

    def _load(self, subject_ids: list[str]) -> None:
        missing = [s for s in subject_ids if s not in self._rulesets]
        for chunk in chunks(missing):
            self._rulesets.update(self._compile(chunk))
        missing_states = [s for s in subject_ids if s not in self._states]
        for chunk in chunks(missing_states):
            for subject_id, stored in self._store.states(chunk).items():
                self._states[subject_id] = stored.state
                self._versions[subject_id] = stored.version
        self._loaded_since_freeze += len(missing)
        if self._freeze_after and self._loaded_since_freeze >= self._freeze_after:
            gc.freeze()
            self._loaded_since_freeze = 0
            self.frozen += 1

    def _refresh_rules(self) -> None:
        newest, changed = self._store.rule_changes_after(self._last_change)
        if not changed:
            return
        self._last_change = newest
        for identifier in [i for i, b in self._bindings.items() if b.subject_id in changed]:
            del self._bindings[identifier]
        self._bindings.update(self._store.device_bindings(changed))
        self._devices_of = _devices_by_subject(self._bindings)
        self._monitored |= changed
        fresh = self._compile(sorted(changed))
        self._rulesets.update(fresh)
        for subject_id in fresh:
            # A new plan may move the next deadline: evaluate the subject at the next step.
            self._deadlines.schedule(subject_id, _epoch())

    def _compile(self, subject_ids: list[str]) -> dict[str, RuleSet]:
        return compile_rulesets(subject_ids, self._store.rule_rows(subject_ids))


# An observation's fields but its log position, in order: each archived observation is rebuilt
# with its position in one call (dataclasses.replace walks the fields on every call).
_UNLOGGED = attrgetter(*[f.name for f in fields(Observation) if f.name != "seq"])


def _logged(observation: Observation, seq: int) -> Observation:
    """``dataclasses.replace(observation, seq=seq)``."""
    # seq is the last field (tests/unit/engine/test_logged_observation.py holds it); mypy
    # cannot count the fields an attrgetter gives.
    return Observation(*_UNLOGGED(observation), seq)  # type: ignore[call-arg]


def _devices_by_subject(bindings: dict[str, DeviceBinding]) -> dict[str, list[str]]:
    devices: dict[str, list[str]] = defaultdict(list)
    for identifier, binding in bindings.items():
        devices[binding.subject_id].append(identifier)
    return {s: sorted(ids) for s, ids in devices.items()}


def _epoch() -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC)
