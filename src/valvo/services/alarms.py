"""Use cases of the alarm desk's workflow: acknowledge, investigate, resolve with a cause,
note, escalate, reopen. Each loads the alarm locked, changes it through the aggregate (which
records the trail and the notices), and writes an audit record, all in the caller's
transaction."""

from __future__ import annotations

from datetime import datetime

from valvo.domain.alarms import Alarm, AlarmTransitionError
from valvo.domain.alarms.causes import SELECTABLE_CAUSES
from valvo.domain.alarms.trail import ROUTE_CHOICES
from valvo.services.alarm_ports import DeskUnitOfWork
from valvo.services.errors import Conflict, InvalidInput, NotFound

CAUSES = SELECTABLE_CAUSES


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


def acknowledge(uow: DeskUnitOfWork, actor: str, now: datetime, alarm_id: str) -> Alarm:
    alarm = _load(uow, alarm_id)
    try:
        alarm.acknowledge(actor, now)
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
    uow: DeskUnitOfWork, actor: str, now: datetime, alarm_id: str, cause: str, note: str | None
) -> Alarm:
    if cause not in CAUSES:
        raise InvalidInput(f"cause must be one of {', '.join(CAUSES)}")
    alarm = _load(uow, alarm_id)
    try:
        alarm.resolve(actor, now, cause, note)
    except AlarmTransitionError as exc:
        raise Conflict(str(exc)) from exc
    return _step(uow, alarm, actor, now, "resolve", {"cause": cause})


def add_note(uow: DeskUnitOfWork, actor: str, now: datetime, alarm_id: str, note: str) -> Alarm:
    if not note.strip():
        raise InvalidInput("a note needs text")
    alarm = _load(uow, alarm_id)
    try:
        alarm.add_note(actor, now, note)
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
