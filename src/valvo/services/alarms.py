"""Use cases of the alarm desk's workflow: acknowledge, investigate, resolve with a cause,
note, escalate, reopen. Each loads the alarm locked, changes it through the aggregate (which
records the trail and the notices), and writes an audit record, all in the caller's
transaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Protocol

from valvo.domain.acting import checklists
from valvo.domain.alarms import Alarm, AlarmTransitionError
from valvo.domain.alarms.causes import GENUINE_BREACH, SELECTABLE_CAUSES
from valvo.domain.alarms.trail import ROUTE_CHOICES
from valvo.services.alarm_ports import AlarmDeskRepository, DeskUnitOfWork
from valvo.services.cases import breaches
from valvo.services.errors import Conflict, InvalidInput, NotFound
from valvo.services.ports import UnitOfWork

CAUSES = SELECTABLE_CAUSES


class ResolvingUnitOfWork(DeskUnitOfWork, UnitOfWork, Protocol):
    """Resolving an alarm as a genuine breach also writes the breach on the person's case, in
    the same transaction, so the desk needs the case tables too."""

    @property
    def alarms(self) -> AlarmDeskRepository: ...


def _load(uow: DeskUnitOfWork, alarm_id: str) -> Alarm:
    alarm = uow.alarms.get_for_update(alarm_id)
    if alarm is None:
        raise NotFound(f"alarm {alarm_id} does not exist")
    return alarm


def _step(
    uow: DeskUnitOfWork,
    alarm: Alarm,
    actor: str,
    now: datetime,
    action: str,
    details: dict[str, object] | None = None,
) -> Alarm:
    uow.alarms.save(alarm)
    uow.audit.record(
        at=now,
        actor=actor,
        action=action,
        target_type="alarm",
        target_id=alarm.id,
        details=details,
    )
    return alarm


Via = Mapping[str, object] | None
"""What a step taken on a whole incident adds to each alarm's trail step (``incident_id``)."""


def acknowledge(
    uow: DeskUnitOfWork, actor: str, now: datetime, alarm_id: str, via: Via = None
) -> Alarm:
    alarm = _load(uow, alarm_id)
    try:
        alarm.acknowledge(actor, now, dict(via) if via else None)
    except AlarmTransitionError as exc:
        raise Conflict(str(exc)) from exc
    return _step(uow, alarm, actor, now, "acknowledge")


def investigate(
    uow: DeskUnitOfWork, actor: str, now: datetime, alarm_id: str, note: str | None = None
) -> Alarm:
    alarm = _load(uow, alarm_id)
    try:
        alarm.investigate(actor, now, note)
    except AlarmTransitionError as exc:
        raise Conflict(str(exc)) from exc
    return _step(uow, alarm, actor, now, "investigate")


def resolve(
    uow: ResolvingUnitOfWork,
    actor: str,
    now: datetime,
    alarm_id: str,
    cause: str,
    note: str | None,
    via: Via = None,
) -> Alarm:
    if cause not in CAUSES:
        raise InvalidInput(f"cause must be one of {', '.join(CAUSES)}")
    alarm = _load(uow, alarm_id)
    # The kind's response steps nobody ticked stay on the resolving step of the trail.
    steps = checklists.progress(alarm.kind, uow.alarms.trail(alarm.id))
    left = {"unticked_steps": checklists.unticked(steps)} if checklists.unticked(steps) else {}
    try:
        alarm.resolve(actor, now, cause, note, (left | dict(via or {})) or None)
    except AlarmTransitionError as exc:
        raise Conflict(str(exc)) from exc
    details: dict[str, object] = {"cause": cause}
    if cause == GENUINE_BREACH:
        details["breach"] = _breach_on_case(uow, alarm, actor, now, note)
    return _step(uow, alarm, actor, now, "resolve", details)


def _breach_on_case(
    uow: ResolvingUnitOfWork, alarm: Alarm, actor: str, now: datetime, note: str | None
) -> str | None:
    """A confirmed breach opens the breach record on the person's open case (R78), idempotent
    on the alarm; with no open case the alarm's trail says so. Returns the breach id."""
    breach = breaches.open_from_alarm(
        uow,
        actor,
        now,
        alarm_id=alarm.id,
        subject_id=alarm.subject_id,
        at=alarm.occurred_at,
        description=(note or "").strip() or None,
    )
    if breach is None:
        alarm.add_note(
            actor, now, "No open case for this person: the breach is recorded on no case."
        )
        return None
    alarm.add_note(actor, now, f"Breach {breach['id']} opened on case {breach['case_id']}.")
    return str(breach["id"])


def add_note(
    uow: DeskUnitOfWork, actor: str, now: datetime, alarm_id: str, note: str, via: Via = None
) -> Alarm:
    if not note.strip():
        raise InvalidInput("a note needs text")
    alarm = _load(uow, alarm_id)
    try:
        alarm.add_note(actor, now, note, dict(via) if via else None)
    except AlarmTransitionError as exc:
        raise InvalidInput(str(exc)) from exc
    return _step(uow, alarm, actor, now, "note")


def escalate(
    uow: DeskUnitOfWork, actor: str, now: datetime, alarm_id: str, route: str, note: str | None
) -> Alarm:
    """A person escalates by hand to ``route``: one level above the current one."""
    if route not in {r.value for r in ROUTE_CHOICES}:
        raise InvalidInput(f"route must be one of {', '.join(r.value for r in ROUTE_CHOICES)}")
    alarm = _load(uow, alarm_id)
    try:
        alarm.escalate(alarm.escalation_level + 1, route, now, actor=actor, reason=note)
    except AlarmTransitionError as exc:
        raise Conflict(str(exc)) from exc
    return _step(uow, alarm, actor, now, "escalate", {"route": route})


def reopen(uow: DeskUnitOfWork, actor: str, now: datetime, alarm_id: str, note: str) -> Alarm:
    if not note.strip():
        raise InvalidInput("reopening an alarm needs a note saying why")
    alarm = _load(uow, alarm_id)
    try:
        alarm.reopen(actor, now, note)
    except AlarmTransitionError as exc:
        raise Conflict(str(exc)) from exc
    return _step(uow, alarm, actor, now, "reopen")
