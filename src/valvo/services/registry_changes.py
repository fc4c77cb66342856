"""Changing and ending what enrolment registered: a person's details, an order ended early, a
zone renamed or redrawn, a device's model, a device taken off (its assignment ended) or swapped
for another in one step. Each validates,
writes in the caller's transaction, records the change in the audit trail and, where the
engine's rules change, notes a rule change so the engine recompiles that person's rule set.
Nothing is deleted: an ended order or assignment stays in the record with its end."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from valvo.domain import identity_code as identity_codes
from valvo.domain.clock import require_aware
from valvo.domain.geo import ZoneError, ZoneKind, geometry_to_geojson, parse_zone_geometry
from valvo.domain.stock import StockAction
from valvo.services import stock
from valvo.services.errors import Conflict, InvalidInput, NotFound
from valvo.services.ports import UnitOfWork
from valvo.services.registry import assign_device

KEEP: Any = object()  # a field the change leaves as it is


def _require(uow: UnitOfWork, table: str, id: str, what: str) -> dict[str, Any]:
    row = uow.registry.get(table, id)
    if row is None:
        raise NotFound(f"{what} {id} does not exist")
    return row


def edit_subject(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    subject_id: str,
    name: str | None = None,
    case_number: Any = KEEP,
    identity_code: Any = KEEP,
    birth_date: Any = KEEP,
) -> dict[str, Any]:
    """Change the name, case number, personal identity code or birth date (``None`` clears
    the last three; the code, when given, decides the birth date)."""
    subject = _require(uow, "subjects", subject_id, "subject")
    values: dict[str, Any] = {}
    if name is not None:
        if not name.strip():
            raise InvalidInput("name must not be empty")
        values["name"] = name.strip()
    if case_number is not KEEP:
        values["case_number"] = None if case_number is None else str(case_number).strip() or None
    if birth_date is not KEEP:
        if birth_date is not None and not isinstance(birth_date, date):
            raise InvalidInput("birth_date must be a date")
        if birth_date is not None and birth_date > now.date():
            raise InvalidInput("birth_date is in the future")
        values["birth_date"] = birth_date
    if identity_code is not KEEP:
        if identity_code is None:
            values["identity_code"] = None
        else:
            try:
                born = identity_codes.birth_date(identity_code)
            except identity_codes.IdentityCodeError as exc:
                raise InvalidInput(str(exc)) from exc
            if values.get("birth_date") not in (None, born):
                raise InvalidInput(
                    "birth_date differs from the one the personal identity code gives"
                )
            values["identity_code"] = identity_codes.normalise(identity_code)
            values["birth_date"] = born
    if not values:
        raise InvalidInput("nothing to change")
    uow.registry.update("subjects", subject_id, values)
    uow.audit.record(
        at=now,
        actor=actor,
        action="update",
        target_type="subject",
        target_id=subject_id,
        details={"fields": sorted(values)},
    )
    return {**subject, **values}


def end_order(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    order_id: str,
    ends_at: datetime | None = None,
    reason: str,
) -> dict[str, Any]:
    """End an order in force at ``ends_at`` (now when not given; never in the past, never
    after the end it already has)."""
    order = _require(uow, "orders", order_id, "order")
    if order["status"] != "active":
        raise Conflict(f"order {order_id} is already {order['status']}")
    if not reason.strip():
        raise InvalidInput("say why the order ends")
    end = now if ends_at is None else require_aware(ends_at, "ends_at")
    if end < now:
        raise InvalidInput("an order cannot be ended in the past")
    if end <= require_aware(order["starts_at"], "starts_at"):
        raise InvalidInput("the end must be after the order's start")
    if order["ends_at"] is not None and end > require_aware(order["ends_at"], "ends_at"):
        raise InvalidInput("the order already ends before that")
    values = {"ends_at": end, "status": "ended"}
    uow.registry.update("orders", order_id, values)
    uow.registry.note_rule_change(order["subject_id"], "order ended", now)
    uow.audit.record(
        at=now,
        actor=actor,
        action="end",
        target_type="order",
        target_id=order_id,
        details={"ends_at": end.isoformat(), "reason": reason.strip()},
    )
    return {**order, **values}


def end_assignment(
    uow: UnitOfWork, actor: str, now: datetime, *, assignment_id: str, reason: str
) -> dict[str, Any]:
    """Take the device off the person (removed, returned, broken)."""
    assignment = _require(uow, "device_assignments", assignment_id, "assignment")
    if assignment["unassigned_at"] is not None:
        raise Conflict(f"assignment {assignment_id} has already ended")
    if not reason.strip():
        raise InvalidInput("say why the device is taken off")
    device = _require(uow, "devices", assignment["device_id"], "device")
    uow.registry.update("device_assignments", assignment_id, {"unassigned_at": now})
    stock.record_move(
        uow,
        actor,
        now,
        device,
        StockAction.RETURN,
        subject_id=assignment["subject_id"],
        details={"reason": reason.strip()},
    )
    uow.registry.note_rule_change(assignment["subject_id"], "device removed", now)
    uow.audit.record(
        at=now,
        actor=actor,
        action="end",
        target_type="assignment",
        target_id=assignment_id,
        details={"device_id": assignment["device_id"], "reason": reason.strip()},
    )
    return {**assignment, "unassigned_at": now}


def swap_device(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    assignment_id: str,
    device_id: str,
    reason: str,
) -> dict[str, Any]:
    """Replace the device of an assignment with ``device_id`` in one step: the old one's
    assignment ends and the new one's begins at the same instant."""
    assignment = _require(uow, "device_assignments", assignment_id, "assignment")
    if assignment["device_id"] == device_id:
        raise InvalidInput("the new device is the one already assigned")
    _require(uow, "devices", device_id, "device")
    if uow.registry.active_assignment_of_device(device_id) is not None:
        raise Conflict(f"device {device_id} is already assigned")
    end_assignment(uow, actor, now, assignment_id=assignment_id, reason=reason)
    return assign_device(uow, actor, now, device_id=device_id, subject_id=assignment["subject_id"])


def edit_zone(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    zone_id: str,
    name: str | None = None,
    kind: str | None = None,
    geometry: Mapping[str, Any] | None = None,
    radius_m: float | None = None,
) -> dict[str, Any]:
    """Rename a zone, change its kind, or redraw it; the person's rules follow."""
    zone = _require(uow, "zones", zone_id, "zone")
    values: dict[str, Any] = {}
    if name is not None:
        if not name.strip():
            raise InvalidInput("zone name must not be empty")
        values["name"] = name.strip()
    if kind is not None:
        if kind not in (k.value for k in ZoneKind):
            raise InvalidInput("zone kind must be inclusion or exclusion")
        values["kind"] = kind
    if geometry is not None:
        try:
            values["geometry"] = geometry_to_geojson(parse_zone_geometry(geometry, radius_m))
        except ZoneError as exc:
            raise InvalidInput(str(exc)) from exc
    if not values:
        raise InvalidInput("nothing to change")
    uow.registry.update("zones", zone_id, values)
    order = _require(uow, "orders", zone["order_id"], "order")
    uow.registry.note_rule_change(order["subject_id"], "zone changed", now)
    uow.audit.record(
        at=now,
        actor=actor,
        action="update",
        target_type="zone",
        target_id=zone_id,
        details={"fields": sorted(values)},
    )
    return {**zone, **values}


def edit_device(
    uow: UnitOfWork, actor: str, now: datetime, *, device_id: str, model: str | None
) -> dict[str, Any]:
    """Record the device's model (what servicing and the pipeline's health group it by)."""
    device = _require(uow, "devices", device_id, "device")
    cleaned = None if model is None else model.strip() or None
    uow.registry.update("devices", device_id, {"model": cleaned})
    uow.audit.record(
        at=now,
        actor=actor,
        action="update",
        target_type="device",
        target_id=device_id,
        details={"fields": ["model"]},
    )
    return {**device, "model": cleaned}
