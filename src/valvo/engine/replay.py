"""Replay: re-run the rules over a person's stored observations and compare the breaches they
produce with what was recorded. A recorded breach is an alarm's first occurrence (its id is
derived from person, condition and time) or a later occurrence grouped into it (in the alarm's
trail); what operators did with the alarms does not matter to the comparison."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.engine import Engine

from valvo.adapters.db.engine_store import SqlEngineStore
from valvo.adapters.db.history import observations_of
from valvo.adapters.db.tables import alarms
from valvo.adapters.db.tables_alarm_desk import alarm_events
from valvo.domain.alarms.intake import alarm_id
from valvo.domain.alarms.trail import Action
from valvo.domain.clock import require_aware
from valvo.domain.rules import BreachStarted, SubjectState, evaluate
from valvo.services.engine.compile import compile_rulesets


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
    db: Engine, subject_id: str, start: datetime, end: datetime, now: datetime
) -> ReplayReport:
    """Evaluate the person's whole stored history with the rule set in force now and compare
    the breaches that occurred in [start, end] with the stored alarms. Time stops at the
    earliest of ``end``, ``now`` and how far the engine has evaluated the person: a deadline
    not yet due, or not yet reached by the engine, is neither missing nor extra."""
    for name, value in (("start", start), ("end", end), ("now", now)):
        require_aware(value, name)
    store = SqlEngineStore(db, "replay")
    ruleset = compile_rulesets([subject_id], store.rule_rows([subject_id]))[subject_id]
    devices = list(store.device_bindings([subject_id]))
    until = min(end, now)
    engine_reached = store.states([subject_id])[subject_id].state.evaluated_until
    if engine_reached is not None:
        until = min(until, engine_reached)
    history = observations_of(db, devices, until)
    result = evaluate(SubjectState(subject_id), history, ruleset, until)
    produced = {
        alarm_id(e.subject_id, e.condition_key, e.occurred_at): e
        for e in result.events
        if isinstance(e, BreachStarted) and start <= e.occurred_at <= until
    }
    stored = _recorded_breaches(db, subject_id, start, until)
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
    db: Engine, subject_id: str, start: datetime, end: datetime
) -> dict[str, dict[str, object]]:
    """Every breach recorded for the person in [start, end], by its deterministic id."""
    found: dict[str, dict[str, object]] = {}
    with db.connect() as conn:
        rows = (
            conn.execute(
                select(
                    alarms.c.id,
                    alarms.c.kind,
                    alarms.c.condition_key,
                    alarms.c.occurred_at,
                    alarms.c.ruleset_version,
                ).where(alarms.c.subject_id == subject_id)
            )
            .mappings()
            .all()
        )
        occurrences = conn.execute(
            select(alarm_events.c.alarm_id, alarm_events.c.details).where(
                alarm_events.c.alarm_id.in_([r["id"] for r in rows]),
                alarm_events.c.action == Action.OCCURRENCE.value,
            )
        ).all()
    by_id = {r["id"]: r for r in rows}
    instants = [(r, r["occurred_at"]) for r in rows]
    instants += [
        (by_id[alarm], datetime.fromisoformat(details["occurred_at"]))
        for alarm, details in occurrences
    ]
    for row, at in instants:
        if start <= at <= end:
            found[alarm_id(subject_id, row["condition_key"], at)] = {
                "kind": row["kind"],
                "occurred_at": at.isoformat(),
                "ruleset_version": row["ruleset_version"],
            }
    return found
