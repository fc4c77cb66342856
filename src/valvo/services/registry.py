"""Use cases of the registry: people, orders, devices, assignments, zones and plans.

Each takes a unit of work, the acting user and ``now``; validates with the domain; writes; records
the change in the audit trail; and, where the engine's rules change, notes a rule change so the
engine recompiles that person's rule set. Nothing is stored unless everything is valid.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from valvo.domain import identity_code as identity_codes
from valvo.domain.clock import require_aware
from valvo.domain.geo import ZoneError, ZoneKind, geometry_to_geojson, parse_zone_geometry
from valvo.domain.law.errors import LawInputError
from valvo.domain.law.plan_reader import read_schedule
from valvo.domain.registry_choices import RF_RANGE_MAX_M, RF_RANGE_MIN_M, DeviceKind, OrderType
from valvo.domain.schedule import Schedule, TimezoneError, zone
from valvo.domain.stock import StockAction, StockState
from valvo.services import stock
from valvo.services.errors import Conflict, InvalidInput, NotFound
from valvo.services.ports import UnitOfWork

ORDER_TYPES = tuple(OrderType)
DEVICE_KINDS = tuple(DeviceKind)


def new_id() -> str:
    return str(uuid.uuid4())


def _require(uow: UnitOfWork, table: str, id: str, what: str) -> dict[str, Any]:
    row = uow.registry.get(table, id)
    if row is None:
        raise NotFound(f"{what} {id} does not exist")
    return row


def create_subject(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    name: str,
    region: str,
    birth_date: date | None = None,
    identity_code: str | None = None,
    case_number: str | None = None,
) -> dict[str, Any]:
    if not name.strip():
        raise InvalidInput("name must not be empty")
    if not region.strip():
        raise InvalidInput("region must not be empty")
    if identity_code is not None:
        try:
            born = identity_codes.birth_date(identity_code)
        except identity_codes.IdentityCodeError as exc:
            raise InvalidInput(str(exc)) from exc
        if birth_date is not None and birth_date != born:
            raise InvalidInput("birth_date differs from the one the personal identity code gives")
        birth_date, identity_code = born, identity_codes.normalise(identity_code)
    if birth_date is not None and birth_date > now.date():
        raise InvalidInput("birth_date is in the future")
    number = None if case_number is None else case_number.strip() or None
    row: dict[str, Any] = {
        "id": new_id(),
        "name": name.strip(),
        "region": region.strip(),
        "created_at": now,
        "birth_date": birth_date,
        "identity_code": identity_code,
        "case_number": number,
    }
    uow.registry.insert("subjects", row)
    uow.audit.record(
        at=now, actor=actor, action="create", target_type="subject", target_id=row["id"]
    )
    return row


def create_order(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    subject_id: str,
    type: str,
    starts_at: datetime,
    ends_at: datetime | None,
    timezone: str,
) -> dict[str, Any]:
    _require(uow, "subjects", subject_id, "subject")
    if type not in ORDER_TYPES:
        raise InvalidInput(f"order type must be one of {', '.join(ORDER_TYPES)}")
    try:
        zone(timezone)
        starts_at = require_aware(starts_at, "starts_at")
        ends_at = None if ends_at is None else require_aware(ends_at, "ends_at")
    except (TimezoneError, ValueError) as exc:
        raise InvalidInput(str(exc)) from exc
    if ends_at is not None and ends_at <= starts_at:
        raise InvalidInput("ends_at must be after starts_at")
    row: dict[str, Any] = {
        "id": new_id(),
        "subject_id": subject_id,
        "type": type,
        "timezone": timezone,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "status": "active",
        "created_at": now,
    }
    uow.registry.insert("orders", row)
    uow.registry.note_rule_change(subject_id, "order created", now)
    uow.audit.record(at=now, actor=actor, action="create", target_type="order", target_id=row["id"])
    return row


def register_device(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    identifier: str,
    protocol: str,
    kind: str,
    model: str | None = None,
    region: str | None = None,
    rf_range_m: float | None = None,
    stock_location: str | None = None,
) -> dict[str, Any]:
    """``region``: the pool the device is in until it is assigned (the registering user's
    region; None: the national pool), so a regional user can assign what they registered.
    ``rf_range_m``: an RF home unit's configured range (R34)."""
    identifier = identifier.strip()
    if not identifier or len(identifier) > 64:
        raise InvalidInput("identifier must be 1 to 64 characters")
    if kind not in DEVICE_KINDS:
        raise InvalidInput(f"device kind must be one of {', '.join(DEVICE_KINDS)}")
    if uow.registry.device_by_identifier(identifier) is not None:
        raise Conflict(f"a device with identifier {identifier} is already registered")
    if rf_range_m is not None:
        _check_rf_range(kind, rf_range_m)
    row: dict[str, Any] = {
        "id": new_id(),
        "identifier": identifier,
        "protocol": protocol,
        "kind": kind,
        "model": model,
        "created_at": now,
        "region": region,
        "rf_range_m": rf_range_m,
        "stock_state": StockState.IN_STOCK.value,
        "stock_location": stock_location,
        "stock_since": now,
    }
    uow.registry.insert("devices", row)
    stock.record_move(uow, actor, now, dict(row), StockAction.REGISTER, location=stock_location)
    uow.audit.record(
        at=now, actor=actor, action="create", target_type="device", target_id=row["id"]
    )
    return row


def _check_rf_range(kind: str, rf_range_m: float) -> None:
    if kind != DeviceKind.RF_HOME_UNIT.value:
        raise InvalidInput("rf_range_m: only an RF home unit has a range")
    if not RF_RANGE_MIN_M <= rf_range_m <= RF_RANGE_MAX_M:
        raise InvalidInput(
            f"rf_range_m: an RF home unit's range is {RF_RANGE_MIN_M:.0f} to "
            f"{RF_RANGE_MAX_M:.0f} metres"
        )


def set_rf_range(
    uow: UnitOfWork, actor: str, now: datetime, *, device_id: str, rf_range_m: float | None
) -> dict[str, Any]:
    """R34: configure an RF home unit's range (None: back to the unit's own setting)."""
    device = _require(uow, "devices", device_id, "device")
    if rf_range_m is not None:
        _check_rf_range(device["kind"], rf_range_m)
    uow.registry.update("devices", device_id, {"rf_range_m": rf_range_m})
    assignment = uow.registry.active_assignment_of_device(device_id)
    if assignment is not None:
        uow.registry.note_rule_change(assignment["subject_id"], "home unit range changed", now)
    uow.audit.record(
        at=now,
        actor=actor,
        action="update",
        target_type="device",
        target_id=device_id,
        details={"rf_range_m": rf_range_m},
    )
    return {**device, "rf_range_m": rf_range_m}


def assign_device(
    uow: UnitOfWork, actor: str, now: datetime, *, device_id: str, subject_id: str
) -> dict[str, Any]:
    device = _require(uow, "devices", device_id, "device")
    subject = _require(uow, "subjects", subject_id, "subject")
    current = uow.registry.active_assignment_of_device(device_id)
    if current is not None:
        raise Conflict(f"device {device_id} is already assigned to subject {current['subject_id']}")
    stock.record_move(
        uow,
        actor,
        now,
        device,
        StockAction.ASSIGN,
        region=subject["region"],
        subject_id=subject_id,
    )
    row: dict[str, Any] = {
        "id": new_id(),
        "device_id": device_id,
        "subject_id": subject_id,
        "assigned_at": now,
        "unassigned_at": None,
    }
    uow.registry.insert("device_assignments", row)
    if device.get("region") != subject["region"]:
        uow.registry.move_device(device_id, subject["region"])
    uow.registry.note_rule_change(subject_id, "device assigned", now)
    uow.audit.record(
        at=now, actor=actor, action="create", target_type="assignment", target_id=row["id"]
    )
    return row


def add_zone(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    order_id: str,
    name: str,
    kind: str,
    geometry: Mapping[str, Any],
    radius_m: float | None = None,
    presence_only: bool = False,
    place_id: str | None = None,
    valid_from: datetime | None = None,
    valid_to: datetime | None = None,
) -> dict[str, Any]:
    """``place_id``: the zone of an activity place, enforced only during the plan's windows
    that carry the same ``place_id`` (issue 7). ``valid_from``/``valid_to``: the zone is
    enforced from the one until just before the other (R116)."""
    order = _require(uow, "orders", order_id, "order")
    if kind not in (ZoneKind.INCLUSION.value, ZoneKind.EXCLUSION.value):
        raise InvalidInput("zone kind must be inclusion or exclusion")
    if valid_from is not None and valid_to is not None and valid_to <= valid_from:
        raise InvalidInput("valid_to: a zone must end after it starts")
    if not name.strip():
        raise InvalidInput("zone name must not be empty")
    try:
        polygon = parse_zone_geometry(geometry, radius_m)
    except ZoneError as exc:
        raise InvalidInput(str(exc)) from exc
    row: dict[str, Any] = {
        "id": new_id(),
        "order_id": order_id,
        "name": name.strip(),
        "kind": kind,
        "geometry": geometry_to_geojson(polygon),
        "presence_only": presence_only,
        "place_id": place_id,
        "created_at": now,
        "valid_from": valid_from,
        "valid_to": valid_to,
    }
    uow.registry.insert("zones", row)
    uow.registry.note_rule_change(order["subject_id"], "zone added", now)
    uow.audit.record(at=now, actor=actor, action="create", target_type="zone", target_id=row["id"])
    return row


def end_zone(
    uow: UnitOfWork, actor: str, now: datetime, *, zone_id: str, valid_to: datetime
) -> dict[str, Any]:
    """R116: the zone is enforced until just before ``valid_to`` (a forbidden area removed
    or an area redrawn from a date); the zone itself stays on record."""
    zone = _require(uow, "zones", zone_id, "zone")
    if zone["valid_from"] is not None and valid_to <= zone["valid_from"]:
        raise InvalidInput("valid_to: a zone must end after it starts")
    order = _require(uow, "orders", zone["order_id"], "order")
    uow.registry.update("zones", zone_id, {"valid_to": valid_to})
    uow.registry.note_rule_change(order["subject_id"], "zone ended", now)
    uow.audit.record(
        at=now,
        actor=actor,
        action="update",
        target_type="zone",
        target_id=zone_id,
        details={"valid_to": valid_to.isoformat()},
    )
    return {**zone, "valid_to": valid_to}


def set_schedule(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    order_id: str,
    weekly: Sequence[Mapping[str, Any]],
    one_off: Sequence[Mapping[str, Any]],
    reason: str | None = None,
) -> dict[str, Any]:
    order = _require(uow, "orders", order_id, "order")
    schedule = parse_schedule(order["timezone"], weekly, one_off)
    row: dict[str, Any] = {
        "id": new_id(),
        "order_id": order_id,
        "version": uow.registry.next_schedule_version(order_id),
        "timezone": schedule.timezone,
        "weekly": [dict(w) for w in weekly],
        "one_off": [dict(o) for o in one_off],
        "reason": reason,
        "created_at": now,
    }
    uow.registry.insert("schedules", row)
    uow.registry.note_rule_change(order["subject_id"], "plan changed", now)
    uow.audit.record(
        at=now,
        actor=actor,
        action="create",
        target_type="schedule",
        target_id=row["id"],
        details={"version": row["version"], "reason": reason},
    )
    return row


def parse_schedule(
    timezone: str,
    weekly: Sequence[Mapping[str, Any]],
    one_off: Sequence[Mapping[str, Any]],
    version: int = 1,
) -> Schedule:
    """A stored (JSON) plan as a domain Schedule (``domain/law/plan_reader``, the reader of
    every plan's JSON), or InvalidInput saying what is wrong."""
    try:
        return read_schedule(timezone, list(weekly), list(one_off), version)
    except LawInputError as exc:
        raise InvalidInput(f"schedule is invalid: {exc.message}") from exc
