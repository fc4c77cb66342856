"""The device stock (R47): each move of a device validated by ``domain.stock``, its present
state written on the device and the move appended to its history (who, when, from, to, where)
in the caller's transaction, and audited; the stock view of a region. Assigning a device to a
person and taking it off (``services.registry``) are moves of the stock too: a device in
servicing, in transport or returned and not yet checked cannot be assigned."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from valvo.domain import stock
from valvo.domain.clock import require_aware
from valvo.domain.stock import StockAction, StockError, StockState
from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command
from valvo.services.errors import Conflict, Forbidden, InvalidInput, NotFound


def record_move(
    uow: Any,
    actor: str,
    now: datetime,
    device: dict[str, Any],
    action: StockAction,
    *,
    location: str | None = None,
    region: Any = None,
    subject_id: str | None = None,
    details: dict[str, Any] | None = None,
    values: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Move ``device`` by ``action`` (``Conflict`` when its state does not allow it), write
    its new state and ``values`` on it, and append the move to its history."""
    before = device.get("stock_state") or StockState.IN_STOCK.value
    if action is StockAction.REGISTER:
        after = StockState.IN_STOCK
        before = None
    else:
        try:
            after = stock.move(before, action)
        except StockError as exc:
            raise Conflict(f"device {device['identifier']}: {exc}") from exc
    changes: dict[str, Any] = {"stock_state": after.value, "stock_since": now, **(values or {})}
    if location is not None or after is not StockState.IN_STOCK:
        changes.setdefault("stock_location", location)
    if action is not StockAction.REGISTER:
        uow.registry.update("devices", device["id"], changes)
    device.update(changes)
    uow.stock.add_event(
        {
            "device_id": device["id"],
            "at": now,
            "actor": actor,
            "action": action.value,
            "from_state": before,
            "to_state": after.value,
            "region": device.get("region") if region is None else region,
            "location": changes.get("stock_location", device.get("stock_location")),
            "subject_id": subject_id,
            "details": details or {},
        }
    )
    return device


@dataclass(frozen=True, kw_only=True)
class MoveDevice(Command):
    """A move made in the stock view (``domain.stock.MANUAL``)."""

    device_id: str
    action: str
    location: str | None = None  # the unit it is at or goes to
    region: str | None = None  # send: the region it goes to
    vendor: str | None = None  # service: who services it
    reason: str | None = None  # service, retire, check: why
    back_on: date | None = None  # back: the day it came back (today when not given)


@dataclass(frozen=True, kw_only=True)
class ReadDeviceHistory(Command):
    device_id: str
    peer: str | None = None


@dataclass(frozen=True, kw_only=True)
class ReadStock(Command):
    region: str | None = None
    servicing_days: int = stock.SERVICING_OVERDUE_DAYS
    peer: str | None = None


def _moved(uow: Any, cmd: MoveDevice) -> dict[str, Any]:
    device = uow.registry.get("devices", cmd.device_id)
    if device is None:
        raise NotFound(f"device {cmd.device_id} does not exist")
    try:
        action = StockAction(cmd.action)
        if action not in stock.MANUAL:
            raise StockError(
                f"{action.value} is done by assigning the device to a person or taking it off"
            )
        location = stock.text(cmd.location, "location", stock.MAX_LOCATION)
        reason = stock.text(cmd.reason, "reason", stock.MAX_REASON)
        vendor = stock.text(cmd.vendor, "vendor", stock.MAX_VENDOR, action is StockAction.SERVICE)
        if action is StockAction.SERVICE and reason is None:
            raise StockError("say why the device goes to servicing (reason)")
        if action is StockAction.RETIRE and reason is None:
            raise StockError("say why the device is retired (reason)")
    except (StockError, ValueError) as exc:
        raise InvalidInput(str(exc)) from exc
    details: dict[str, Any] = {}
    values: dict[str, Any] = {}
    region: Any = None
    if action is StockAction.SEND:
        to = (cmd.region or "").strip() or device.get("region")
        if to is None:
            raise InvalidInput("say which region the device goes to")
        # Sent to another region, the unit is in that region's stock from now on (its unit
        # receives it); the history keeps where it came from.
        details = {
            "from_region": device.get("region"),
            "from_location": device.get("stock_location"),
        }
        values = {"region": to}
        region = to
    elif action is StockAction.SERVICE:
        values = {"service_vendor": vendor, "service_reason": reason, "service_sent_at": cmd.at}
        location = vendor
        details = {"vendor": vendor, "reason": reason}
    elif action is StockAction.BACK:
        sent = device.get("service_sent_at")
        try:
            since = require_aware(sent, "sent") if sent else cmd.at
            day = stock.back_date(since, cmd.back_on, cmd.at)
        except StockError as exc:
            raise InvalidInput(str(exc)) from exc
        details = {
            "vendor": device.get("service_vendor"),
            "reason": device.get("service_reason"),
            "sent_at": sent.isoformat() if sent else None,
            "back_on": day.isoformat(),
        }
        values = {"service_vendor": None, "service_reason": None, "service_sent_at": None}
    elif reason is not None:
        details = {"reason": reason}
    if action is StockAction.INSTALL:
        assignment = uow.registry.active_assignment_of_device(device["id"])
        subject_id = assignment["subject_id"] if assignment else None
    else:
        subject_id = None
    moved = record_move(
        uow,
        cmd.actor,
        cmd.at,
        device,
        action,
        location=location,
        region=region,
        subject_id=subject_id,
        details=details,
        values=values,
    )
    uow.audit.record(
        at=cmd.at,
        actor=cmd.actor,
        action=f"stock_{action.value}",
        target_type="device",
        target_id=device["id"],
        details={k: v for k, v in details.items() if k != "reason"},
    )
    return moved


def move_device(cmd: MoveDevice, uow: Any) -> dict[str, Any]:
    with uow:
        device = _moved(uow, cmd)
        uow.commit()
    return device


def read_history(cmd: ReadDeviceHistory, uow: Any) -> list[dict[str, Any]]:
    with uow:
        if uow.registry.get("devices", cmd.device_id) is None:
            raise NotFound(f"device {cmd.device_id} does not exist")
        rows: list[dict[str, Any]] = uow.stock.events(cmd.device_id)
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="read",
            target_type="device_stock_events",
            target_id=cmd.device_id,
            peer=cmd.peer,
            details={"count": len(rows)},
        )
        uow.commit()
    return rows


def read_stock(cmd: ReadStock, uow: Any) -> dict[str, Any]:
    """The stock of the reader's region (or of ``region``): counts by state and model, the
    units out for servicing longer than ``servicing_days``, the low-stock warning."""
    if cmd.servicing_days < 1 or cmd.servicing_days > 365:
        raise InvalidInput("servicing_days is 1 to 365")
    region = cmd.region or uow.scope.region
    if region is not None and not uow.scope.covers(region):
        raise Forbidden(f"region {region} is not yours: you work in {uow.scope.region}")
    with uow:
        devices: list[dict[str, Any]] = uow.stock.devices(region)
        caseload = uow.stock.caseload(region, cmd.at)
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="read",
            target_type="device_stock",
            target_id=None,
            peer=cmd.peer,
            details={"region": region, "count": len(devices)},
        )
        uow.commit()
    figures = stock.figures(devices, caseload)
    overdue = [
        d
        for d in devices
        if d["stock_state"] == StockState.SERVICING.value
        and d["service_sent_at"] is not None
        and stock.overdue(require_aware(d["service_sent_at"], "sent"), cmd.at, cmd.servicing_days)
    ]
    return {
        "region": region,
        "counts": figures.counts,
        "by_model": figures.by_model,
        "total": figures.total,
        "caseload": figures.caseload,
        "spares_needed": figures.spares_needed,
        "low": figures.low,
        "spare_share": stock.SPARE_SHARE,
        "servicing_days": cmd.servicing_days,
        "overdue": overdue,
        "devices": devices,
    }


HANDLERS: dict[type[Command], Handler] = {
    MoveDevice: move_device,
    ReadDeviceHistory: read_history,
    ReadStock: read_stock,
}
