"""Replay: re-run the rules over a person's stored observations and compare the breaches they
produce with what was recorded. A recorded breach is an alarm's first occurrence (its id is
derived from person, condition and time) or a later occurrence grouped into it (in the alarm's
trail); what operators did with the alarms does not matter to the comparison."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from valvo.domain.alarms.intake import alarm_id
from valvo.domain.clock import require_aware
from valvo.domain.rules import BreachStarted, SubjectState, evaluate
from valvo.domain.telemetry import Observation
from valvo.services.engine.compile import compile_rulesets
from valvo.services.engine.ports import DeviceBinding, RuleRows, StoredState


class ReplayReads(Protocol):
    """What a replay reads: the person's rules, devices and state as the engine reads them,
    the stored observations, and the breaches on record (each alarm's first occurrence and the
    later ones in its trail, as (condition key, instant, kind, rule-set version))."""

    def rule_rows(self, subject_ids: Sequence[str]) -> RuleRows: ...
    def device_bindings(
        self, subject_ids: Iterable[str] | None = None
    ) -> dict[str, DeviceBinding]: ...
    def states(self, subject_ids: Sequence[str]) -> dict[str, StoredState]: ...
    def observations(self, devices: Sequence[str], until: datetime) -> list[Observation]: ...
    def recorded_breaches(self, subject_id: str) -> list[tuple[str, datetime, str, int | None]]: ...


@dataclass(slots=True)
class ReplayReport:
    subject_id: str
    start: datetime
    end: datetime
    ruleset_version: int
    observations: int
    evaluated_to: datetime  # end, or earlier: now, or as far as the engine has evaluated
    reproduced: list[str] = field(default_factory=list)
    missing: list[dict[str, object]] = field(default_factory=list)  # stored, not reproduced
    extra: list[dict[str, object]] = field(default_factory=list)  # reproduced, not stored

    @property
    def identical(self) -> bool:
        return not self.missing and not self.extra

    def as_dict(self) -> dict[str, object]:
        return {
            "subject_id": self.subject_id,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "evaluated_to": self.evaluated_to.isoformat(),
            "ruleset_version": self.ruleset_version,
            "observations": self.observations,
            "identical": self.identical,
            "reproduced": self.reproduced,
            "missing": self.missing,
            "extra": self.extra,
        }


def replay(
    reads: ReplayReads, subject_id: str, start: datetime, end: datetime, now: datetime
) -> ReplayReport:
    """Evaluate the person's whole stored history with the rule set in force now and compare
    the breaches that occurred in [start, end] with the stored alarms. Time stops at the
    earliest of ``end``, ``now`` and how far the engine has evaluated the person: a deadline
    not yet due, or not yet reached by the engine, is neither missing nor extra."""
    for name, value in (("start", start), ("end", end), ("now", now)):
        require_aware(value, name)
    ruleset = compile_rulesets([subject_id], reads.rule_rows([subject_id]))[subject_id]
    devices = list(reads.device_bindings([subject_id]))
    until = min(end, now)
    engine_reached = reads.states([subject_id])[subject_id].state.evaluated_until
    if engine_reached is not None:
        until = min(until, engine_reached)
    history = reads.observations(devices, until)
    result = evaluate(SubjectState(subject_id), history, ruleset, until)
    produced = {
        alarm_id(e.subject_id, e.condition_key, e.occurred_at): e
        for e in result.events
        if isinstance(e, BreachStarted) and start <= e.occurred_at <= until
    }
    stored = _recorded_breaches(reads, subject_id, start, until)
    report = ReplayReport(subject_id, start, end, ruleset.version, len(history), until)
    for id_, event in sorted(produced.items(), key=lambda p: p[1].occurred_at):
        if id_ in stored:
            report.reproduced.append(id_)
        else:
            report.extra.append(
                {"id": id_, "kind": event.kind.value, "occurred_at": event.occurred_at.isoformat()}
            )
    for id_, row in stored.items():
        if id_ not in produced:
            report.missing.append({"id": id_, **row})
    return report


def _recorded_breaches(
    reads: ReplayReads, subject_id: str, start: datetime, end: datetime
) -> dict[str, dict[str, object]]:
    """Every breach recorded for the person in [start, end], by its deterministic id."""
    return {
        alarm_id(subject_id, condition_key, at): {
            "kind": kind,
            "occurred_at": at.isoformat(),
            "ruleset_version": version,
        }
        for condition_key, at, kind, version in reads.recorded_breaches(subject_id)
        if start <= at <= end
    }
