"""Use cases of the alarm desk: acknowledge and resolve, each step audited."""

from __future__ import annotations

from datetime import datetime

from valvo.domain.alarms import Alarm, AlarmTransitionError
from valvo.services.errors import Conflict, InvalidInput, NotFound
from valvo.services.ports import UnitOfWork

CAUSES = (
    "genuine_breach",
    "technical_fault",
    "gps_rf_noise",
    "authorised_absence",
    "duplicate",
    "other",
)


def _load(uow: UnitOfWork, alarm_id: str) -> Alarm:
    alarm = uow.alarms.get(alarm_id)
    if alarm is None:
        raise NotFound(f"alarm {alarm_id} does not exist")
    return alarm


def acknowledge(uow: UnitOfWork, actor: str, now: datetime, alarm_id: str) -> Alarm:
    alarm = _load(uow, alarm_id)
    try:
        alarm.acknowledge(actor, now)
    except AlarmTransitionError as exc:
        raise Conflict(str(exc)) from exc
    uow.alarms.save(alarm)
    uow.audit.record(
        at=now, actor=actor, action="acknowledge", target_type="alarm", target_id=alarm_id
    )
    return alarm


def resolve(
    uow: UnitOfWork, actor: str, now: datetime, alarm_id: str, cause: str, note: str | None
) -> Alarm:
    if cause not in CAUSES:
        raise InvalidInput(f"cause must be one of {', '.join(CAUSES)}")
    alarm = _load(uow, alarm_id)
    try:
        alarm.resolve(actor, now, cause, note)
    except AlarmTransitionError as exc:
        raise Conflict(str(exc)) from exc
    uow.alarms.save(alarm)
    uow.audit.record(
        at=now,
        actor=actor,
        action="resolve",
        target_type="alarm",
        target_id=alarm_id,
        details={"cause": cause},
    )
    return alarm
