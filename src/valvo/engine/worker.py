"""The engine: reads the observation log in batches, evaluates the pure rules per subject, and
commits positions, states, alarms and the log offset in one transaction per batch.

Rule sets and states live in memory (loaded in bulk on first touch, reloaded when a rule change
is noted); no query or commit happens per fix. Time-driven breaches come from the deadline
queue, which wakes only the subjects whose next deadline passed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from valvo.adapters.db.engine_store import BatchWrite, DeviceBinding, SqlEngineStore
from valvo.adapters.db.observation_log import SqlObservationLog
from valvo.domain.alarms import Alarm
from valvo.domain.rules import RuleSet, SubjectState, evaluate, next_deadline
from valvo.domain.telemetry import Observation
from valvo.engine.timers import DeadlineQueue
from valvo.services.ports import LiveFeed


@dataclass(slots=True)
class StepResult:
    observations: int = 0
    fixes: int = 0
    alarms: int = 0
    woken: int = 0


class EngineWorker:
    def __init__(
        self,
        log: SqlObservationLog,
        store: SqlEngineStore,
        feed: LiveFeed | None = None,
        batch_size: int = 5000,
    ) -> None:
        self._log = log
        self._store = store
        self._feed = feed
        self._batch_size = batch_size
        self._position = store.offset()
        self._resync = False  # after a failed batch: read the committed offset again
        self._last_change = store.last_rule_change()
        self._bindings: dict[str, DeviceBinding] = store.device_bindings()
        self._rulesets: dict[str, RuleSet] = {}
        self._states: dict[str, SubjectState] = {}
        self._deadlines = DeadlineQueue()
        # Everyone under an active order is evaluated once after a (re)start, so a deadline that
        # needs no message (presence starts, a device went silent) is scheduled even for a
        # subject whose devices never report again.
        for subject_id in store.monitored_subjects():
            self._deadlines.schedule(subject_id, _epoch())

    @property
    def position(self) -> int:
        return self._position

    def step(self, now: datetime) -> StepResult:
        """Process one batch of the log and the deadlines due at ``now``; one commit."""
        if self._resync:
            self._position = self._store.offset()
            self._resync = False
        self._refresh_rules()
        observations = self._log.read_after(self._position, self._batch_size)
        by_subject: dict[str, list[Observation]] = defaultdict(list)
        for obs in observations:
            binding = self._bindings.get(obs.device_id)
            if binding is not None:
                by_subject[binding.subject_id].append(obs)
        due = self._deadlines.pop_due(now, limit=self._batch_size)
        woken = [s for s in due if s not in by_subject]
        subjects = list(by_subject) + woken
        if not subjects and not observations:
            return StepResult()
        last_seq = observations[-1].seq if observations else None
        batch = BatchWrite(offset=last_seq if last_seq is not None else self._position)
        result = StepResult(observations=len(observations), woken=len(woken))
        try:
            self._load(subjects)
            for subject_id in subjects:
                self._evaluate(subject_id, by_subject.get(subject_id, ()), now, batch, result)
            alarms = self._store.commit(batch, now)
        except Exception:
            self._forget(subjects)
            raise
        self._position = batch.offset
        self._publish(alarms)
        result.alarms = len(alarms)
        return result

    def next_deadline(self) -> datetime | None:
        return self._deadlines.next_deadline()

    def _forget(self, subject_ids: list[str]) -> None:
        """After a failed batch the memory may be ahead of the database (the rules advanced
        the states) or behind it (the commit went through but its answer was lost): drop those
        states, evaluate those people again at the next step, and read the committed offset
        again before it, so the retry gives what one clean commit would have given."""
        for subject_id in subject_ids:
            self._states.pop(subject_id, None)
            self._deadlines.schedule(subject_id, _epoch())
        self._resync = True

    def _evaluate(
        self,
        subject_id: str,
        observations: Iterable[Observation],
        now: datetime,
        batch: BatchWrite,
        result: StepResult,
    ) -> None:
        ruleset = self._rulesets[subject_id]
        evaluation = evaluate(self._states[subject_id], observations, ruleset, now)
        for obs in observations:
            if obs.lat is not None and obs.lon is not None and obs.valid is not False:
                result.fixes += 1
                batch.positions.append(
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
        batch.events.extend(evaluation.events)  # alarms: the desk's intake, at commit
        batch.states.append(evaluation.state)
        self._deadlines.schedule(subject_id, next_deadline(evaluation.state, ruleset, now))

    def _load(self, subject_ids: list[str]) -> None:
        missing = [s for s in subject_ids if s not in self._rulesets]
        for chunk in _chunks(missing):
            self._rulesets.update(self._store.rulesets(chunk))
        missing_states = [s for s in subject_ids if s not in self._states]
        for chunk in _chunks(missing_states):
            self._states.update(self._store.states(chunk))

    def _refresh_rules(self) -> None:
        newest, changed = self._store.rule_changes_after(self._last_change)
        if not changed:
            return
        self._last_change = newest
        for identifier in [i for i, b in self._bindings.items() if b.subject_id in changed]:
            del self._bindings[identifier]
        self._bindings.update(self._store.device_bindings(changed))
        fresh = self._store.rulesets(sorted(changed))
        self._rulesets.update(fresh)
        for subject_id in fresh:
            # A new plan may move the next deadline: evaluate the subject at the next step.
            self._deadlines.schedule(subject_id, _epoch())

    def _publish(self, alarms: list[Alarm]) -> None:
        if self._feed is None:
            return
        for alarm in alarms:
            self._feed.publish({"type": "alarm", "id": alarm.id, "subject_id": alarm.subject_id})


def _chunks(items: list[str], size: int = 2000) -> list[list[str]]:
    """Slices small enough for one IN list on every database."""
    return [items[i : i + size] for i in range(0, len(items), size)]


def _epoch() -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC)
