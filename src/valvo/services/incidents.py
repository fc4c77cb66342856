"""The desk's incidents (issue 20): a person's related alarms as one unit of work. Reading them,
and working one in one go: acknowledge all, take ownership, one note to all, resolve all with a
cause each or a shared one. Each step is taken on every alarm concerned through the alarm's own
workflow (``services.alarms``), so each alarm's trail shows it (with the incident's id), in one
transaction: a refused step on one alarm changes none. The grouping is
``domain/alarms/incidents.py``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from valvo.domain.alarms import AlarmStatus, incidents
from valvo.domain.alarms.aggregate import Alarm
from valvo.domain.alarms.incidents import IncidentState
from valvo.domain.alarms.rows import alarm_from_row
from valvo.services import alarms
from valvo.services.alarm_commands import ALARM_WORK, alarm_changed
from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command
from valvo.services.errors import Conflict, InvalidInput, NotFound

STATES = ("active", "open", "working", "closed", "all")


@dataclass(frozen=True, kw_only=True)
class ListIncidents(Command):
    """``state``: ``active`` (open or being worked), ``open``, ``working``, ``closed``, ``all``."""

    state: str = "active"
    region: str | None = None
    subject_id: str | None = None
    limit: int = 200
    peer: str | None = None
    since: datetime | None = None  # only incidents with an alarm raised since then


@dataclass(frozen=True, kw_only=True)
class ReadIncident(Command):
    incident_id: str
    located: bool
    peer: str | None = None
    purpose: str | None = None


@dataclass(frozen=True, kw_only=True)
class AcknowledgeIncident(Command):
    incident_id: str


@dataclass(frozen=True, kw_only=True)
class TakeIncident(Command):
    incident_id: str


@dataclass(frozen=True, kw_only=True)
class NoteIncident(Command):
    incident_id: str
    note: str


@dataclass(frozen=True, kw_only=True)
class ResolveIncident(Command):
    """Every open alarm resolved: with its own cause from ``causes`` (alarm id → cause), else
    with the shared ``cause``; an open alarm with neither is refused, as is a cause for an
    alarm that is not an open one of the incident."""

    incident_id: str
    cause: str | None = None
    causes: Mapping[str, str] = field(default_factory=dict)
    note: str | None = None


def summary(incident_id: str, rows: list[dict[str, Any]], owner: dict[str, Any] | None) -> Any:
    """The incident as the desk lists it: its state, owner, title, times and alarm ids."""
    members = [alarm_from_row(r) for r in rows]
    found = incidents.summarise(incident_id, members, (owner or {}).get("owner"))
    first = rows[0]
    return {
        "id": found.id,
        "subject_id": found.subject_id,
        "subject_name": first.get("subject_name"),
        "region": first.get("region"),
        "state": found.state.value,
        "owner": found.owner,
        "owned_at": (owner or {}).get("owned_at"),
        "title_kind": found.title_kind.value,
        "severity": found.severity.value,
        "first_at": found.first_at,
        "last_at": found.last_at,
        "alarm_ids": list(found.alarm_ids),
        "alarm_count": found.alarms,
        "open_alarms": found.open_alarms,
        "unattended": found.unattended,
        "occurrences": found.occurrences,
    }


def _summaries(uow: Any, ids: list[str]) -> list[dict[str, Any]]:
    rows: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    for row in uow.alarms.incidents.rows_of(ids):
        rows[row["incident_id"] or row["id"]].append(row)
    owners = uow.alarms.incidents.owners(ids)
    return [summary(i, rows[i], owners.get(i)) for i in ids if rows[i]]


def list_incidents(cmd: ListIncidents, uow: Any) -> list[dict[str, Any]]:
    if cmd.state not in STATES:
        raise InvalidInput(f"state must be one of {', '.join(STATES)}")
    active = {"closed": False, "all": None}.get(cmd.state, True)
    with uow:
        ids = uow.alarms.incidents.find(
            active=active,
            region=cmd.region,
            subject_id=cmd.subject_id,
            limit=cmd.limit,
            since=cmd.since,
        )
        found = _summaries(uow, ids)
        if cmd.state in (IncidentState.OPEN, IncidentState.WORKING):
            found = [s for s in found if s["state"] == cmd.state]
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="read",
            target_type="incidents",
            target_id=None,
            purpose=ALARM_WORK,
            peer=cmd.peer,
            details={"count": len(found), "subjects": sorted({s["subject_id"] for s in found})},
        )
        uow.commit()
    return found


def _detail(uow: Any, incident_id: str) -> dict[str, Any]:
    rows = uow.alarms.incidents.rows_of([incident_id])
    if not rows:
        raise NotFound(f"incident {incident_id} does not exist")
    owner = uow.alarms.incidents.owners([incident_id]).get(incident_id)
    return {**summary(incident_id, rows, owner), "alarms": rows}


def read_incident(cmd: ReadIncident, uow: Any) -> dict[str, Any]:
    """The incident with its alarms as the desk shows them (a read of their fixes)."""
    with uow:
        found = _detail(uow, cmd.incident_id)
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="read_location" if cmd.located else "read",
            target_type="incident",
            target_id=cmd.incident_id,
            purpose=(cmd.purpose or "").strip() or ALARM_WORK,
            peer=cmd.peer,
            details={"subject_id": found["subject_id"], "alarms": found["alarm_ids"]},
        )
        uow.commit()
    return found


def _members(uow: Any, incident_id: str) -> list[Alarm]:
    found: list[Alarm] = uow.alarms.incidents.alarms_of(incident_id, lock=True)
    if not found:
        raise NotFound(f"incident {incident_id} does not exist")
    return found


def _worked(uow: Any, incident_id: str, changed: list[Alarm]) -> dict[str, Any]:
    for alarm in changed:
        uow.emit(alarm_changed(uow, alarm))
    found = _detail(uow, incident_id)
    uow.commit()
    return found


def acknowledge(cmd: AcknowledgeIncident, uow: Any) -> dict[str, Any]:
    """Every alarm nobody has acknowledged (raised, reopened)."""
    via = {"incident_id": cmd.incident_id}
    with uow:
        waiting = [
            a
            for a in _members(uow, cmd.incident_id)
            if a.status in (AlarmStatus.RAISED, AlarmStatus.REOPENED)
        ]
        if not waiting:
            raise Conflict(f"incident {cmd.incident_id} has no alarm waiting to be acknowledged")
        changed = [alarms.acknowledge(uow, cmd.actor, cmd.at, a.id, via) for a in waiting]
        return _worked(uow, cmd.incident_id, changed)


def take(cmd: TakeIncident, uow: Any) -> dict[str, Any]:
    """``actor`` becomes the incident's owner (taking it over from another, if anyone); every
    alarm's trail says so."""
    with uow:
        members = _members(uow, cmd.incident_id)
        owner = uow.alarms.incidents.owners([cmd.incident_id]).get(cmd.incident_id) or {}
        previous = owner.get("owner")
        if previous == cmd.actor:
            raise Conflict(f"incident {cmd.incident_id} is already yours")
        if all(not a.is_open for a in members):
            raise Conflict(f"incident {cmd.incident_id} is closed")
        for alarm in members:
            alarm.take_incident(cmd.actor, cmd.at, previous)
            uow.alarms.save(alarm)
        uow.alarms.incidents.set_owner(cmd.incident_id, members[0].subject_id, cmd.actor, cmd.at)
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="take_incident",
            target_type="incident",
            target_id=cmd.incident_id,
            details={"previous": previous, "alarms": [a.id for a in members]},
        )
        return _worked(uow, cmd.incident_id, members)


def note(cmd: NoteIncident, uow: Any) -> dict[str, Any]:
    """One note on every alarm of the incident."""
    if not cmd.note.strip():
        raise InvalidInput("a note needs text")
    via = {"incident_id": cmd.incident_id}
    with uow:
        members = _members(uow, cmd.incident_id)
        changed = [alarms.add_note(uow, cmd.actor, cmd.at, a.id, cmd.note, via) for a in members]
        return _worked(uow, cmd.incident_id, changed)


def resolve(cmd: ResolveIncident, uow: Any) -> dict[str, Any]:
    """Every open alarm of the incident resolved with its cause; checked whole first."""
    causes = {str(k): str(v) for k, v in cmd.causes.items()}
    for cause in [cmd.cause, *causes.values()]:
        if cause is not None and cause not in alarms.CAUSES:
            raise InvalidInput(f"cause must be one of {', '.join(alarms.CAUSES)}, not {cause!r}")
    via = {"incident_id": cmd.incident_id}
    with uow:
        open_ = [a for a in _members(uow, cmd.incident_id) if a.is_open]
        if not open_:
            raise Conflict(f"incident {cmd.incident_id} has no open alarm")
        ids = {a.id for a in open_}
        strangers = sorted(set(causes) - ids)
        if strangers:
            raise InvalidInput(f"not open alarms of this incident: {', '.join(strangers)}")
        missing = [a.id for a in open_ if a.id not in causes and cmd.cause is None]
        if missing:
            raise InvalidInput(f"a cause is needed for alarm(s) {', '.join(missing)}")
        changed = [
            alarms.resolve(
                uow, cmd.actor, cmd.at, a.id, causes.get(a.id) or str(cmd.cause), cmd.note, via
            )
            for a in open_
        ]
        return _worked(uow, cmd.incident_id, changed)


HANDLERS: dict[type[Command], Handler] = {
    ListIncidents: list_incidents,
    ReadIncident: read_incident,
    AcknowledgeIncident: acknowledge,
    TakeIncident: take,
    NoteIncident: note,
    ResolveIncident: resolve,
}
