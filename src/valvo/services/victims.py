"""Victims of a case, their protection zones and restraining orders (R139, R140), as commands.

Recording a victim adds their exclusion zone and warning buffer to what the engine enforces on
the case's person (a rule change). Every read of a victim is audited with who read it and
whether the victim's identity was shown; an operator reads only the geometry of the zone an
open alarm is about, never who the victim is (``domain/victims.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from valvo.domain.alarms import AlarmKind
from valvo.domain.geo import geometry_to_geojson
from valvo.domain.victims import (
    MAX_TERMS,
    VictimError,
    check_buffer,
    check_channel,
    check_period,
    check_text,
    check_zones,
    exclusion_geometry,
    in_force,
    victim_of_zone,
    zones_of,
)
from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command
from valvo.services.cases.access import guard
from valvo.services.cases.common import new_id
from valvo.services.errors import Conflict, InvalidInput, NotFound

VICTIM_ALARMS = (
    AlarmKind.VICTIM_ZONE_ENTERED,
    AlarmKind.VICTIM_BUFFER_ENTERED,
    AlarmKind.VICTIM_ZONE_CROSSED,
)


@dataclass(frozen=True, kw_only=True)
class AddVictim(Command):
    role: str
    case_id: str
    name: str
    zone: dict[str, Any]
    radius_m: float | None = None
    buffer_m: float | None = None
    contact_person: str | None = None
    contact_channel: str | None = None
    notify_opt_in: bool = False
    valid_from: datetime | None = None
    valid_to: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class EndVictimZone(Command):
    """The victim's zones stop being enforced at ``valid_to`` (R116; the record stays)."""

    role: str
    victim_id: str
    valid_to: datetime


@dataclass(frozen=True, kw_only=True)
class ReadVictims(Command):
    role: str
    case_id: str
    peer: str | None = None


@dataclass(frozen=True, kw_only=True)
class ReadAlarmVictimZone(Command):
    """The geometry of the victim's zone an alarm is about, while the alarm is open."""

    alarm_id: str
    peer: str | None = None


@dataclass(frozen=True, kw_only=True)
class RecordRestrainingOrder(Command):
    role: str
    case_id: str
    court: str
    decided_at: datetime
    valid_from: datetime
    terms: str
    valid_to: datetime | None = None
    victim_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class ReadRestrainingOrders(Command):
    subject_id: str
    peer: str | None = None


def _invalid(exc: VictimError) -> InvalidInput:
    return InvalidInput(str(exc))


def add_victim(cmd: AddVictim, uow: Any) -> dict[str, Any]:
    with uow:
        case = guard(uow, cmd.role, cmd.case_id, work=True)
        try:
            name = check_text(cmd.name, "victim's name")
            person = (
                None
                if not (cmd.contact_person or "").strip()
                else check_text(cmd.contact_person or "", "contact person")
            )
            channel = check_channel(cmd.contact_channel, cmd.notify_opt_in)
            buffer_m = check_buffer(cmd.buffer_m)
            check_period(cmd.valid_from, cmd.valid_to, "protection zone")
            zone = exclusion_geometry(cmd.zone, cmd.radius_m)
            check_zones("new", zone, buffer_m)
        except VictimError as exc:
            raise _invalid(exc) from exc
        row = {
            "id": new_id(),
            "case_id": case["id"],
            "subject_id": case["subject_id"],
            "name": name,
            "contact_person": person,
            "contact_channel": channel,
            "notify_opt_in": cmd.notify_opt_in,
            "zone": zone,
            "buffer_m": buffer_m,
            "valid_from": cmd.valid_from,
            "valid_to": cmd.valid_to,
            "created_at": cmd.at,
            "created_by": cmd.actor,
        }
        uow.cases.insert("victims", row)
        uow.registry.note_rule_change(case["subject_id"], "victim protection zone added", cmd.at)
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="create",
            target_type="victim",
            target_id=row["id"],
            details={"case_id": case["id"], "notify_opt_in": cmd.notify_opt_in},
        )
        uow.commit()
    return _shown(row, cmd.at)


def end_victim_zone(cmd: EndVictimZone, uow: Any) -> dict[str, Any]:
    with uow:
        row = uow.cases.get("victims", cmd.victim_id)
        if row is None:
            raise NotFound(f"victim {cmd.victim_id} does not exist")
        guard(uow, cmd.role, row["case_id"], work=True)
        try:
            check_period(row["valid_from"], cmd.valid_to, "protection zone")
        except VictimError as exc:
            raise _invalid(exc) from exc
        uow.cases.update("victims", row["id"], {"valid_to": cmd.valid_to})
        uow.registry.note_rule_change(row["subject_id"], "victim protection zone ended", cmd.at)
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="update",
            target_type="victim",
            target_id=row["id"],
            details={"valid_to": cmd.valid_to.isoformat()},
        )
        uow.commit()
    return _shown({**row, "valid_to": cmd.valid_to}, cmd.at)


def read_victims(cmd: ReadVictims, uow: Any) -> list[dict[str, Any]]:
    """The case's victims with who they are (the route admits only ``victims:read``)."""
    with uow:
        guard(uow, cmd.role, cmd.case_id)
        rows = uow.cases.find("victims", case_id=cmd.case_id)
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="read_victims",
            target_type="case",
            target_id=cmd.case_id,
            peer=cmd.peer,
            details={"victims": [r["id"] for r in rows], "identity": True},
        )
        uow.commit()
    return [_shown(r, cmd.at) for r in rows]


def read_alarm_victim_zone(cmd: ReadAlarmVictimZone, uow: Any) -> dict[str, Any]:
    """An operator's view of a victim's zone: its geometry and buffer while the alarm about it
    is open; no name, no contact. Audited like a location read."""
    with uow:
        alarm = uow.alarms.get(cmd.alarm_id)
        if alarm is None:
            raise NotFound(f"alarm {cmd.alarm_id} does not exist")
        victim_id = victim_of_zone(str(alarm.explanation.details.get("zone_id", "")))
        if alarm.kind not in VICTIM_ALARMS or victim_id is None:
            raise NotFound(f"alarm {cmd.alarm_id} is not about a victim's protection zone")
        if not alarm.is_open:
            raise Conflict("the alarm is resolved: the victim's zone is no longer shown")
        row = uow.cases.get("victims", victim_id)
        if row is None:
            raise NotFound(f"alarm {cmd.alarm_id}'s protection zone no longer exists")
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="read_victim_zone",
            target_type="alarm",
            target_id=cmd.alarm_id,
            peer=cmd.peer,
            details={"victim": victim_id, "identity": False},
        )
        uow.commit()
    zones = zones_of(row["id"], row["zone"], row["buffer_m"])
    return {
        "alarm_id": cmd.alarm_id,
        "label_en": "Victim protection zone",
        "label_fi": "Uhrin suojavyöhyke",
        "exclusion": row["zone"],
        "buffer": geometry_to_geojson(zones.buffer.geometry),
        "buffer_m": row["buffer_m"],
    }


def record_restraining_order(cmd: RecordRestrainingOrder, uow: Any) -> dict[str, Any]:
    with uow:
        case = guard(uow, cmd.role, cmd.case_id, work=True)
        try:
            court = check_text(cmd.court, "court")
            terms = check_text(cmd.terms, "terms", MAX_TERMS)
            check_period(cmd.valid_from, cmd.valid_to, "restraining order")
        except VictimError as exc:
            raise _invalid(exc) from exc
        if cmd.decided_at > cmd.at:
            raise InvalidInput("decided_at: the court's decision cannot be in the future")
        if cmd.victim_id is not None:
            victim = uow.cases.get("victims", cmd.victim_id)
            if victim is None or victim["case_id"] != case["id"]:
                raise InvalidInput(f"victim {cmd.victim_id} is not a victim of this case")
        row = {
            "id": new_id(),
            "case_id": case["id"],
            "subject_id": case["subject_id"],
            "victim_id": cmd.victim_id,
            "court": court,
            "decided_at": cmd.decided_at,
            "valid_from": cmd.valid_from,
            "valid_to": cmd.valid_to,
            "terms": terms,
            "created_at": cmd.at,
            "created_by": cmd.actor,
        }
        uow.cases.insert("restraining_orders", row)
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="create",
            target_type="restraining_order",
            target_id=row["id"],
            details={"case_id": case["id"]},
        )
        uow.commit()
    return _order(row, cmd.at)


def read_restraining_orders(cmd: ReadRestrainingOrders, uow: Any) -> list[dict[str, Any]]:
    """The person's restraining orders (R140), for whoever works with the person: the court,
    the dates and the terms; which victim it protects is not named here."""
    with uow:
        subject = uow.registry.get("subjects", cmd.subject_id)
        if subject is None:
            raise NotFound(f"subject {cmd.subject_id} does not exist")
        rows = uow.cases.find("restraining_orders", subject_id=cmd.subject_id)
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="read",
            target_type="restraining_orders",
            target_id=cmd.subject_id,
            peer=cmd.peer,
            details={"count": len(rows)},
        )
        uow.commit()
    return [_order(r, cmd.at) for r in rows]


def _shown(row: dict[str, Any], at: datetime) -> dict[str, Any]:
    return {**row, "in_force": in_force(row["valid_from"], row["valid_to"], at)}


def _order(row: dict[str, Any], at: datetime) -> dict[str, Any]:
    shown = {k: v for k, v in row.items() if k != "victim_id"}
    return {
        **shown,
        "protects_victim": row["victim_id"] is not None,
        "in_force": in_force(row["valid_from"], row["valid_to"], at),
    }


HANDLERS: dict[type[Command], Handler] = {
    AddVictim: add_victim,
    EndVictimZone: end_victim_zone,
    ReadVictims: read_victims,
    ReadAlarmVictimZone: read_alarm_victim_zone,
    RecordRestrainingOrder: record_restraining_order,
    ReadRestrainingOrders: read_restraining_orders,
}
