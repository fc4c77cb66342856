"""The subject page: the person, their orders and plan, devices and their health, zones,
alarms, and the track for a window, in one read that is recorded in the audit trail (a
location read, like every other)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from valvo.domain.clock import require_aware
from valvo.services.alarm_ports import DeskUnitOfWork
from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command
from valvo.services.errors import InvalidInput, NotFound

MAX_WINDOW = timedelta(days=7)
CLOCK_SLACK = timedelta(minutes=5)  # fixes stamped a little ahead by a device's clock still show
SILENT_AFTER = timedelta(minutes=15)  # a device heard less recently than this shows as stale
DEVICE_KINDS = {"device_silent", "low_battery", "strap_tamper", "case_tamper", "clock_drift"}


def subject_overview(
    uow: DeskUnitOfWork,
    actor: str,
    now: datetime,
    subject_id: str,
    window: timedelta,
    peer: str | None,
    purpose: str | None,
) -> dict[str, Any]:
    now = require_aware(now, "now")
    if not timedelta(0) < window <= MAX_WINDOW:
        raise InvalidInput("the window must be more than 0 and at most 7 days")
    reg = uow.registry
    subject = reg.get("subjects", subject_id)
    if subject is None:
        raise NotFound(f"subject {subject_id} does not exist")
    orders = reg.find("orders", subject_id=subject_id)
    plans, zones = [], []
    for order in orders:
        zones += reg.find("zones", order_id=order["id"])
        versions = reg.find("schedules", order_id=order["id"])
        if versions:
            plans.append(max(versions, key=lambda v: v["version"]))
    snapshot = uow.alarms.desk.monitoring_state(subject_id)
    state = {} if snapshot is None else dict(snapshot["state"])
    alarms = uow.alarms.find(None, subject_id, 100)
    start, end = now - window, now + CLOCK_SLACK
    positions = reg.positions(subject_id, start, end)
    uow.audit.record(
        at=now,
        actor=actor,
        action="read_location",
        target_type="subject",
        target_id=subject_id,
        purpose=purpose or "subject page",
        peer=peer,
        details={"from": start.isoformat(), "to": end.isoformat(), "count": len(positions)},
    )
    return {
        "subject": subject,
        "orders": orders,
        "plans": plans,
        "zones": zones,
        "devices": _devices(uow, subject_id, state, alarms, now),
        "alarms": alarms,
        "positions": positions,
        "last_fix": state.get("last_fix"),
        "last_seen": state.get("last_seen"),
        "open_conditions": sorted(state.get("open_conditions", {})),
        "from": start,
        "to": end,
    }


def _devices(
    uow: DeskUnitOfWork,
    subject_id: str,
    state: dict[str, Any],
    alarms: list[dict[str, Any]],
    now: datetime,
) -> list[dict[str, Any]]:
    seen: dict[str, str] = state.get("device_seen", {})
    open_device_alarms = sorted(
        {a["kind"] for a in alarms if a["kind"] in DEVICE_KINDS and a["status"] != "resolved"}
    )
    out = []
    for assignment in uow.registry.find("device_assignments", subject_id=subject_id):
        if assignment["unassigned_at"] is not None:
            continue
        device = uow.registry.get("devices", assignment["device_id"])
        if device is None:
            continue
        last = seen.get(device["identifier"]) or state.get("last_seen")
        heard = None if last is None else datetime.fromisoformat(last)
        health = "never_heard" if heard is None else "ok"
        if heard is not None and now - heard > SILENT_AFTER:
            health = "stale"
        if open_device_alarms:
            health = "alarm"
        out.append(
            {
                **device,
                "assigned_at": assignment["assigned_at"],
                "last_heard": heard,
                "health": health,
                "open_alarms": open_device_alarms,
            }
        )
    return out


@dataclass(frozen=True, kw_only=True)
class ReadSubjectPage(Command):
    """The page with the track of the last ``window``; ``purpose`` already checked."""

    subject_id: str
    window: timedelta
    peer: str | None = None
    purpose: str | None = None


def read_subject_page(cmd: ReadSubjectPage, uow: Any) -> dict[str, Any]:
    with uow:
        page = subject_overview(
            uow, cmd.actor, cmd.at, cmd.subject_id, cmd.window, cmd.peer, cmd.purpose
        )
        uow.commit()
    return page


HANDLERS: dict[type[Command], Handler] = {ReadSubjectPage: read_subject_page}
