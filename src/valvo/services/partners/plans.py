"""Putting a place into a person's plan (issue 7, "tied to monitoring"; S53).

Choosing a place for a person's activity obligation goes through the registry's own use cases,
in one transaction: ``registry.add_zone`` makes the place's geometry an inclusion zone tied to
the place (``place_id``), and ``registry.set_schedule`` writes a new plan version whose weekly
windows come from the chosen times within the place's opening hours, the activity windows
carrying the place's id (plus travel windows either side). The engine then enforces them: the
person is authorised to be away from home during the windows and must be inside the place's
zone during the activity window. The assignment links place, order, zone and plan version.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, time
from typing import Any

from valvo.domain.partners.fields import PartnerError, clock_time
from valvo.domain.partners.places import read_opening_hours
from valvo.domain.partners.plan_windows import (
    Session,
    carve,
    check_sessions,
    merge_into_plan,
    remove_from_plan,
    windows_for,
)
from valvo.services import registry
from valvo.services.errors import Conflict, InvalidInput, NotFound
from valvo.services.partners.ports import PartnersUnitOfWork
from valvo.services.partners.records import jsonable
from valvo.services.registry import new_id

ASSIGNMENTS = "partner_place_assignments"


def read_sessions(raw: Any) -> list[Session]:
    if not isinstance(raw, list) or not all(isinstance(r, Mapping) for r in raw):
        raise InvalidInput("sessions: a list of {weekday, start, end}")
    sessions = []
    for index, item in enumerate(raw):
        weekday = item.get("weekday")
        if not isinstance(weekday, int) or isinstance(weekday, bool) or not 0 <= weekday <= 6:
            raise InvalidInput(f"sessions[{index}].weekday: must be 0 (Monday) to 6 (Sunday)")
        try:
            start, end = clock_time(item, "start"), clock_time(item, "end")
        except PartnerError as exc:
            raise InvalidInput(f"sessions[{index}].{exc.field}: {exc.message}") from None
        sessions.append(Session(weekday, start, end))
    return sessions


def _latest_schedule(uow: PartnersUnitOfWork, order_id: str) -> dict[str, Any] | None:
    rows = uow.registry.find("schedules", order_id=order_id)
    return max(rows, key=lambda r: int(r["version"])) if rows else None


def active_assignment(
    uow: PartnersUnitOfWork, order_id: str, place_id: str
) -> dict[str, Any] | None:
    for row in uow.partners.find(ASSIGNMENTS, order_id=order_id, place_id=place_id):
        if row["ended_at"] is None:
            return row
    return None


def choose_place(
    uow: PartnersUnitOfWork,
    actor: str,
    now: datetime,
    *,
    place_id: str,
    order_id: str,
    sessions: Sequence[Session],
    travel_minutes: int = 30,
) -> dict[str, Any]:
    """The zone and the windows for a person's activity obligation at a place."""
    place = uow.partners.get("partner_places", place_id)
    if place is None:
        raise NotFound(f"place {place_id} does not exist")
    if not place["active"]:
        raise Conflict(f"place {place['name']} is not in use")
    order = uow.registry.get("orders", order_id)
    if order is None:
        raise NotFound(f"order {order_id} does not exist")
    if order["status"] != "active":
        raise Conflict(f"order {order_id} is {order['status']}, not active")
    try:
        hours = read_opening_hours(place.get("opening_hours"))
        check_sessions(sessions, hours, str(place["name"]))
        windows = windows_for(sessions, place_id, travel_minutes)
    except PartnerError as exc:
        raise InvalidInput(str(exc)) from None
    previous = active_assignment(uow, order_id, place_id)
    current = _latest_schedule(uow, order_id)
    try:
        base = current["weekly"] if current else []
        if previous is not None:  # the same place again: its windows out, what it cut back in
            base = merge_into_plan(
                base, [], [*previous["windows"], *previous.get("carved_pieces", [])]
            ) + list(previous.get("carved_originals", []))
        base, originals, pieces = carve(base, windows)
        weekly = merge_into_plan(base, windows)
    except PartnerError as exc:
        raise InvalidInput(str(exc)) from None
    if previous is not None:
        zone_id = str(previous["zone_id"])  # the same place: its zone is already in the order
        uow.partners.update(ASSIGNMENTS, previous["id"], {"ended_at": now, "updated_at": now})
    else:
        zone = registry.add_zone(
            uow,
            actor,
            now,
            order_id=order_id,
            name=f"Activity place: {place['name']}",
            kind="inclusion",
            geometry=place["geometry"],
            radius_m=place.get("radius_m"),
            place_id=place_id,
        )
        zone_id = str(zone["id"])
    schedule = registry.set_schedule(
        uow,
        actor,
        now,
        order_id=order_id,
        weekly=weekly,
        one_off=current["one_off"] if current else [],
        reason=f"activity obligation at {place['name']}",
    )
    row_id = new_id()
    data = {
        "sessions": [jsonable(s) for s in sessions],
        "windows": windows,
        "travel_minutes": travel_minutes,
        "carved_originals": originals,
        "carved_pieces": pieces,
        "place_name": place["name"],
        "timezone": order["timezone"],
    }
    uow.partners.insert(
        ASSIGNMENTS,
        {
            "id": row_id,
            "place_id": place_id,
            "order_id": order_id,
            "subject_id": order["subject_id"],
            "zone_id": zone_id,
            "schedule_id": schedule["id"],
            "ended_at": None,
            "data": data,
            "created_at": now,
            "updated_at": now,
        },
    )
    uow.audit.record(
        at=now,
        actor=actor,
        action="create",
        target_type="partner_place_assignment",
        target_id=row_id,
        details={
            "place_id": place_id,
            "order_id": order_id,
            "schedule_version": schedule["version"],
        },
    )
    found = uow.partners.get(ASSIGNMENTS, row_id)
    assert found is not None
    return found


def end_assignment(
    uow: PartnersUnitOfWork, actor: str, now: datetime, assignment_id: str
) -> dict[str, Any]:
    """Take the place's windows out of the plan (a new plan version); the zone stays in the
    order's history but applies no more, as no window carries the place."""
    row = uow.partners.get(ASSIGNMENTS, assignment_id)
    if row is None:
        raise NotFound(f"assignment {assignment_id} does not exist")
    if row["ended_at"] is not None:
        raise Conflict(f"assignment {assignment_id} already ended")
    current = _latest_schedule(uow, row["order_id"])
    registry.set_schedule(
        uow,
        actor,
        now,
        order_id=row["order_id"],
        weekly=remove_from_plan(
            current["weekly"] if current else [],
            [*row["windows"], *row.get("carved_pieces", [])],
        )
        + list(row.get("carved_originals", [])),
        one_off=current["one_off"] if current else [],
        reason=f"activity obligation at {row['place_name']} ended",
    )
    uow.partners.update(ASSIGNMENTS, assignment_id, {"ended_at": now, "updated_at": now})
    uow.audit.record(
        at=now,
        actor=actor,
        action="end",
        target_type="partner_place_assignment",
        target_id=assignment_id,
    )
    found = uow.partners.get(ASSIGNMENTS, assignment_id)
    assert found is not None
    return found


def sessions_of(row: Mapping[str, Any]) -> list[Session]:
    return [
        Session(
            int(s["weekday"]),
            time.fromisoformat(str(s["start"])),
            time.fromisoformat(str(s["end"])),
        )
        for s in row["sessions"]
    ]
