"""The alarm desk's commands and their handlers: each loads the alarm in its own transaction,
decides with ``services.alarms``, emits :class:`AlarmChanged` and commits; the message bus
publishes the alarm after the commit. Reading the queue, an alarm or its trail is a command
too: the read is recorded in the audit trail in the same transaction. The escalation timer's
round is a command too (:class:`EscalateDueAlarms`, sent by ``engine/alarm_desk.py``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from valvo.domain.alarms import Alarm
from valvo.domain.alarms.escalation import EscalationStep
from valvo.services import alarms
from valvo.services.alarm_desk import escalate_due
from valvo.services.bus.events import AlarmChanged
from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command
from valvo.services.errors import NotFound

ALARM_WORK = "alarm handling"
"""The purpose of reading alarms unless the reader states another."""


@dataclass(frozen=True, kw_only=True)
class AcknowledgeAlarm(Command):
    alarm_id: str


@dataclass(frozen=True, kw_only=True)
class InvestigateAlarm(Command):
    alarm_id: str
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class ResolveAlarm(Command):
    alarm_id: str
    cause: str
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class AddAlarmNote(Command):
    alarm_id: str
    note: str


@dataclass(frozen=True, kw_only=True)
class EscalateAlarm(Command):
    alarm_id: str
    route: str
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class ReopenAlarm(Command):
    alarm_id: str
    note: str


@dataclass(frozen=True, kw_only=True)
class ListAlarms(Command):
    """The queue with filters; ``located``: the reader sees locations (the audit action)."""

    located: bool
    peer: str | None = None
    status: str | None = None
    subject_id: str | None = None
    region: str | None = None
    kinds: tuple[str, ...] = ()
    severities: tuple[str, ...] = ()
    handling: str | None = None
    limit: int = 200
    raised_from: datetime | None = None  # the period the alarms were raised in, when given
    raised_to: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class ReadAlarm(Command):
    alarm_id: str
    located: bool
    peer: str | None = None
    purpose: str | None = None


@dataclass(frozen=True, kw_only=True)
class ReadAlarmTrail(Command):
    alarm_id: str
    peer: str | None = None


def list_alarms(cmd: ListAlarms, uow: Any) -> list[dict[str, Any]]:
    with uow:
        rows: list[dict[str, Any]] = uow.alarms.find(
            cmd.status,
            cmd.subject_id,
            cmd.limit,
            region=cmd.region,
            kinds=cmd.kinds,
            severities=cmd.severities,
            handling=cmd.handling,
            raised_from=cmd.raised_from,
            raised_to=cmd.raised_to,
        )
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="read_location" if cmd.located else "read",
            target_type="alarms",
            target_id=None,
            purpose=ALARM_WORK,
            peer=cmd.peer,
            details={"count": len(rows), "subjects": sorted({r["subject_id"] for r in rows})},
        )
        uow.commit()
    return rows


def read_alarm(cmd: ReadAlarm, uow: Any) -> dict[str, Any]:
    """The alarm as the desk shows it, with its person's name and region."""
    with uow:
        alarm = uow.alarms.get(cmd.alarm_id)
        if alarm is None:
            raise NotFound(f"alarm {cmd.alarm_id} does not exist")
        subject = uow.registry.get("subjects", alarm.subject_id)
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="read_location" if cmd.located else "read",
            target_type="alarm",
            target_id=cmd.alarm_id,
            purpose=(cmd.purpose or "").strip() or ALARM_WORK,
            peer=cmd.peer,
            details={"subject_id": alarm.subject_id},
        )
        uow.commit()
    return AlarmChanged(
        alarm=alarm,
        subject_name=None if subject is None else subject["name"],
        region=None if subject is None else subject["region"],
    ).row()


def read_trail(cmd: ReadAlarmTrail, uow: Any) -> list[dict[str, Any]]:
    """Every step of the alarm, oldest first."""
    with uow:
        if uow.alarms.get(cmd.alarm_id) is None:
            raise NotFound(f"alarm {cmd.alarm_id} does not exist")
        rows: list[dict[str, Any]] = uow.alarms.trail(cmd.alarm_id)
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="read",
            target_type="alarm_trail",
            target_id=cmd.alarm_id,
            peer=cmd.peer,
        )
        uow.commit()
    return rows


@dataclass(frozen=True, kw_only=True)
class EscalateDueAlarms(Command):
    """The escalation timer's round: every real-time alarm whose policy step is due at ``at``."""

    policy: tuple[EscalationStep, ...]


def alarm_changed(uow: Any, alarm: Alarm) -> AlarmChanged:
    """The event of a changed alarm, with its person's name and region (read on ``uow``)."""
    subject = uow.registry.get("subjects", alarm.subject_id)
    return AlarmChanged(
        alarm=alarm,
        subject_name=None if subject is None else subject["name"],
        region=None if subject is None else subject["region"],
    )


def _worked(uow: Any, decide: Callable[[Any], Alarm]) -> dict[str, Any]:
    """Load, decide, emit, commit; the alarm as the desk shows it."""
    with uow:
        changed = alarm_changed(uow, decide(uow))
        uow.emit(changed)
        uow.commit()
    return changed.row()


def escalate_due_alarms(cmd: EscalateDueAlarms, uow: Any) -> list[Alarm]:
    """Escalate what is due, in one transaction; each escalated alarm is published after it."""
    with uow:
        escalated = escalate_due(uow, cmd.policy, cmd.at)
        for alarm in escalated:
            uow.emit(alarm_changed(uow, alarm))
        uow.commit()
    return escalated


def acknowledge(cmd: AcknowledgeAlarm, uow: Any) -> dict[str, Any]:
    return _worked(uow, lambda u: alarms.acknowledge(u, cmd.actor, cmd.at, cmd.alarm_id))


def investigate(cmd: InvestigateAlarm, uow: Any) -> dict[str, Any]:
    return _worked(uow, lambda u: alarms.investigate(u, cmd.actor, cmd.at, cmd.alarm_id, cmd.note))


def resolve(cmd: ResolveAlarm, uow: Any) -> dict[str, Any]:
    return _worked(
        uow, lambda u: alarms.resolve(u, cmd.actor, cmd.at, cmd.alarm_id, cmd.cause, cmd.note)
    )


def add_note(cmd: AddAlarmNote, uow: Any) -> dict[str, Any]:
    return _worked(uow, lambda u: alarms.add_note(u, cmd.actor, cmd.at, cmd.alarm_id, cmd.note))


def escalate(cmd: EscalateAlarm, uow: Any) -> dict[str, Any]:
    return _worked(
        uow, lambda u: alarms.escalate(u, cmd.actor, cmd.at, cmd.alarm_id, cmd.route, cmd.note)
    )


def reopen(cmd: ReopenAlarm, uow: Any) -> dict[str, Any]:
    return _worked(uow, lambda u: alarms.reopen(u, cmd.actor, cmd.at, cmd.alarm_id, cmd.note))


HANDLERS: dict[type[Command], Handler] = {
    AcknowledgeAlarm: acknowledge,
    InvestigateAlarm: investigate,
    ResolveAlarm: resolve,
    AddAlarmNote: add_note,
    EscalateAlarm: escalate,
    ReopenAlarm: reopen,
    ListAlarms: list_alarms,
    ReadAlarm: read_alarm,
    ReadAlarmTrail: read_trail,
    EscalateDueAlarms: escalate_due_alarms,
}
