"""Acting on the person from an alarm (issue 20 item 5): whom to call (the person's numbers and
contact persons), a call logged in one step, the kind's response checklist with its ticked
steps, and commands queued for the person's device (the gateway sends them and tracks their
answer). Calls, ticks and queued commands are steps of the alarm's trail, written in the same
transaction as their row; reading the contacts is audited."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from valvo.domain.acting import calls, checklists
from valvo.domain.acting import commands as device_commands
from valvo.domain.alarms import Alarm, AlarmTransitionError
from valvo.services.alarm_commands import _worked
from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command
from valvo.services.errors import Conflict, InvalidInput, NotFound


@dataclass(frozen=True, kw_only=True)
class ReadContacts(Command):
    alarm_id: str
    peer: str | None = None


@dataclass(frozen=True, kw_only=True)
class LogCall(Command):
    alarm_id: str
    outcome: str
    number: str
    callee: str
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class ReadChecklist(Command):
    alarm_id: str


@dataclass(frozen=True, kw_only=True)
class TickStep(Command):
    alarm_id: str
    step: str


@dataclass(frozen=True, kw_only=True)
class QueueCommand(Command):
    alarm_id: str
    kind: str
    device_id: str | None = None  # the person's device to send to (their only one if None)


@dataclass(frozen=True, kw_only=True)
class ReadCommands(Command):
    alarm_id: str


@dataclass(frozen=True, kw_only=True)
class QueueSubjectCommand(Command):
    """A command from the person's page: about no alarm, so no trail step (audited)."""

    subject_id: str
    kind: str
    device_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class ReadSubjectCommands(Command):
    subject_id: str


def _alarm(uow: Any, alarm_id: str) -> Alarm:
    alarm: Alarm | None = uow.alarms.get(alarm_id)
    if alarm is None:
        raise NotFound(f"alarm {alarm_id} does not exist")
    return alarm


def _locked(uow: Any, alarm_id: str) -> Alarm:
    alarm: Alarm | None = uow.alarms.get_for_update(alarm_id)
    if alarm is None:
        raise NotFound(f"alarm {alarm_id} does not exist")
    return alarm


def _device_row(device: dict[str, Any]) -> dict[str, Any]:
    kinds = device_commands.kinds_for(str(device["protocol"]))
    return {
        "id": device["id"],
        "identifier": device["identifier"],
        "protocol": device["protocol"],
        "kind": device["kind"],
        "model": device["model"],
        "commands": kinds,
    }


def read_contacts(cmd: ReadContacts, uow: Any) -> dict[str, Any]:
    """Whom the desk can call about the alarm: the person's numbers, their contact persons,
    and their devices with the commands each takes."""
    with uow:
        alarm = _alarm(uow, cmd.alarm_id)
        phones = uow.acting.phones(alarm.subject_id)
        contacts = uow.acting.contact_persons(alarm.subject_id)
        devices = uow.acting.devices_of(alarm.subject_id)
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="read",
            target_type="subject_contacts",
            target_id=alarm.subject_id,
            purpose="alarm handling",
            peer=cmd.peer,
            details={"alarm_id": alarm.id},
        )
        uow.commit()
    return {
        "subject_id": alarm.subject_id,
        "phones": [phone_row(p) for p in phones],
        "contacts": contacts,
        "devices": [_device_row(d) for d in devices],
    }


def store_phone(
    uow: Any,
    actor: str,
    now: Any,
    subject_id: str,
    label: str,
    number: str,
    holder: str = "person",
    holder_name: str | None = None,
) -> dict[str, Any]:
    """A phone row on the caller's transaction (the seed's, and ``services.phones``')."""
    row = {
        "id": str(uuid.uuid4()),
        "subject_id": subject_id,
        "label": label,
        "number": number,
        "added_at": now,
        "added_by": actor,
        "ended_at": None,
        "holder": holder,
        "holder_name": holder_name,
        "ended_by": None,
        "replaced_by": None,
    }
    uow.acting.add_phone(row)
    return row


def phone_row(p: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": p["id"],
        "label": p["label"],
        "number": p["number"],
        "holder": p["holder"],
        "holder_name": p["holder_name"],
    }


def log_call(cmd: LogCall, uow: Any) -> dict[str, Any]:
    try:
        details = calls.call_details(cmd.outcome, cmd.number, cmd.callee)
    except calls.CallError as exc:
        raise InvalidInput(str(exc)) from exc

    def decide(u: Any) -> Alarm:
        alarm = _locked(u, cmd.alarm_id)
        try:
            alarm.log_call(cmd.actor, cmd.at, details, cmd.note)
        except AlarmTransitionError as exc:
            raise InvalidInput(str(exc)) from exc
        u.alarms.save(alarm)
        u.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="call",
            target_type="alarm",
            target_id=alarm.id,
            details={"outcome": cmd.outcome},
        )
        return alarm

    return _worked(uow, decide)


def _checklist(alarm: Alarm, trail: list[dict[str, Any]]) -> dict[str, Any]:
    steps = checklists.progress(alarm.kind, trail)
    return {
        "alarm_id": alarm.id,
        "version": checklists.checklist_for(alarm.kind).version,
        "steps": steps,
        "unticked": checklists.unticked(steps),
    }


def read_checklist(cmd: ReadChecklist, uow: Any) -> dict[str, Any]:
    with uow:
        alarm = _alarm(uow, cmd.alarm_id)
        trail = uow.alarms.trail(alarm.id)
    return _checklist(alarm, trail)


def tick_step(cmd: TickStep, uow: Any) -> dict[str, Any]:
    def decide(u: Any) -> Alarm:
        alarm = _locked(u, cmd.alarm_id)
        try:
            step = checklists.step_of(alarm.kind, cmd.step)
        except ValueError as exc:
            raise InvalidInput(str(exc)) from exc
        version = checklists.checklist_for(alarm.kind).version
        done = checklists.progress(alarm.kind, u.alarms.trail(alarm.id))
        if any(s["key"] == step.key and s["done_by"] for s in done):
            raise Conflict(f"the step {step.key!r} is already ticked on this alarm")
        try:
            alarm.tick_step(cmd.actor, cmd.at, version, step.key)
        except AlarmTransitionError as exc:
            raise Conflict(str(exc)) from exc
        u.alarms.save(alarm)
        return alarm

    _worked(uow, decide)
    return read_checklist(ReadChecklist(actor=cmd.actor, at=cmd.at, alarm_id=cmd.alarm_id), uow)


def _command_row(row: dict[str, Any], now: Any) -> dict[str, Any]:
    status, reason = device_commands.status_at(
        row["status"], row["expires_at"], row["sent_at"], now
    )
    return {
        "id": row["id"],
        "device_id": row["device_id"],
        "device_identifier": row["device_identifier"],
        "protocol": row["protocol"],
        "alarm_id": row["alarm_id"],
        "kind": row["kind"],
        "text": row["text"],
        "status": status,
        "requested_at": row["requested_at"],
        "requested_by": row["requested_by"],
        "expires_at": row["expires_at"],
        "sent_at": row["sent_at"],
        "answered_at": row["answered_at"],
        "reply": row["reply"],
        "finished_at": row["finished_at"],
        "reason": row["reason"] or reason,
    }


def _queue(
    u: Any,
    actor: str,
    at: Any,
    subject_id: str,
    alarm_id: str | None,
    kind: str,
    device_id: str | None,
) -> dict[str, Any]:
    """Queue ``kind`` for the person's device (the one named, else the first that takes
    commands, preferring one that takes ``kind``): the gateway sends it when the device is
    connected, or it expires."""
    devices = u.acting.devices_of(subject_id)
    if device_id is not None:
        devices = [d for d in devices if d["id"] == device_id]
        if not devices:
            raise InvalidInput(f"device {device_id} is not assigned to this person")
    able = [d for d in devices if device_commands.kinds_for(d["protocol"])]
    if not able:
        raise Conflict("this person's device takes no commands")
    # The first device that takes this command, else the first that takes any (refused below).
    device = next((d for d in able if kind in device_commands.kinds_for(d["protocol"])), able[0])
    try:
        text = device_commands.command_text(device["protocol"], kind)
    except device_commands.CommandRefused as exc:
        raise InvalidInput(str(exc)) from exc
    row: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "device_id": device["id"],
        "device_identifier": device["identifier"],
        "protocol": device["protocol"],
        "subject_id": subject_id,
        "alarm_id": alarm_id,
        "kind": kind,
        "text": text,
        "status": device_commands.CommandStatus.QUEUED.value,
        "requested_at": at,
        "requested_by": actor,
        "expires_at": at + device_commands.EXPIRES_AFTER,
        "serial": None,
        "sent_at": None,
        "answered_at": None,
        "reply": None,
        "finished_at": None,
        "reason": None,
    }
    u.acting.add_command(row)
    u.audit.record(
        at=at,
        actor=actor,
        action="device_command",
        target_type="device",
        target_id=device["id"],
        details={"alarm_id": alarm_id, "subject_id": subject_id, "kind": kind},
    )
    return row


def queue_command(cmd: QueueCommand, uow: Any) -> dict[str, Any]:
    """A command from the alarm: queued, and a ``command`` step of the alarm's trail."""
    row: dict[str, Any] = {}

    def decide(u: Any) -> Alarm:
        alarm = _locked(u, cmd.alarm_id)
        row.update(
            _queue(u, cmd.actor, cmd.at, alarm.subject_id, alarm.id, cmd.kind, cmd.device_id)
        )
        alarm.command_queued(
            cmd.actor,
            cmd.at,
            {"command_id": row["id"], "kind": cmd.kind, "device": row["device_identifier"]},
        )
        u.alarms.save(alarm)
        return alarm

    _worked(uow, decide)
    return _command_row(row, cmd.at)


def queue_subject_command(cmd: QueueSubjectCommand, uow: Any) -> dict[str, Any]:
    with uow:
        if uow.registry.get("subjects", cmd.subject_id) is None:
            raise NotFound(f"subject {cmd.subject_id} does not exist")
        row = _queue(uow, cmd.actor, cmd.at, cmd.subject_id, None, cmd.kind, cmd.device_id)
        uow.commit()
    return _command_row(row, cmd.at)


def read_subject_commands(cmd: ReadSubjectCommands, uow: Any) -> list[dict[str, Any]]:
    with uow:
        if uow.registry.get("subjects", cmd.subject_id) is None:
            raise NotFound(f"subject {cmd.subject_id} does not exist")
        rows = uow.acting.commands(cmd.subject_id)
    return [_command_row(r, cmd.at) for r in rows]


def read_commands(cmd: ReadCommands, uow: Any) -> list[dict[str, Any]]:
    """The person's device commands, newest first, with their status at ``at``."""
    with uow:
        alarm = _alarm(uow, cmd.alarm_id)
        rows = uow.acting.commands(alarm.subject_id)
    return [_command_row(r, cmd.at) for r in rows]


HANDLERS: dict[type[Command], Handler] = {
    ReadContacts: read_contacts,
    LogCall: log_call,
    ReadChecklist: read_checklist,
    TickStep: tick_step,
    QueueCommand: queue_command,
    ReadCommands: read_commands,
    QueueSubjectCommand: queue_subject_command,
    ReadSubjectCommands: read_subject_commands,
}
