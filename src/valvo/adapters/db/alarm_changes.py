"""Writes what an alarm collected as it changed: trail entries, outbox notices and breach
confirmations, in bulk, on the caller's connection (so inside the caller's transaction)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Connection

from valvo.adapters.db.evidence import seal
from valvo.adapters.db.tables_alarm_desk import alarm_desk_events, alarm_events, alarm_outbox
from valvo.domain.alarms.trail import BreachConfirmed, Change, Notice, TrailEntry


def write_changes(conn: Connection, changes: Iterable[Change]) -> None:
    trail: list[dict[str, Any]] = []
    outbox: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for change in changes:
        if isinstance(change, TrailEntry):
            trail.append(trail_row(change))
        elif isinstance(change, Notice):
            outbox.append(outbox_row(change))
        elif isinstance(change, BreachConfirmed):
            events.append(confirmation_row(change))
    if trail:
        seal(conn, "alarm_events", trail)
        conn.execute(insert(alarm_events), trail)
    if outbox:
        conn.execute(insert(alarm_outbox), outbox)
    if events:
        conn.execute(insert(alarm_desk_events), events)


def trail_row(entry: TrailEntry) -> dict[str, Any]:
    return {
        "alarm_id": entry.alarm_id,
        "at": entry.at,
        "actor": entry.actor,
        "action": entry.action.value,
        "from_status": None if entry.from_status is None else entry.from_status.value,
        "to_status": None if entry.to_status is None else entry.to_status.value,
        "note": entry.note,
        "details": dict(entry.details),
    }


def outbox_row(notice: Notice) -> dict[str, Any]:
    return {
        "alarm_id": notice.alarm_id,
        "event": notice.event,
        "route": notice.route,
        "payload": dict(notice.payload),
        "created_at": notice.at,
        "attempts": 0,
        "next_attempt_at": notice.at,
        "delivered_to": [],
        "delivered_at": None,
        "dead": False,
        "last_error": None,
    }


def confirmation_row(event: BreachConfirmed) -> dict[str, Any]:
    return {
        "kind": "breach_confirmed",
        "alarm_id": event.alarm_id,
        "subject_id": event.subject_id,
        "occurred_at": event.occurred_at,
        "recorded_at": event.confirmed_at,
        "actor": event.confirmed_by,
        "payload": {
            "alarm_id": event.alarm_id,
            "subject_id": event.subject_id,
            "kind": event.kind,
            "occurred_at": event.occurred_at.isoformat(),
            "confirmed_at": event.confirmed_at.isoformat(),
            "confirmed_by": event.confirmed_by,
            "note": event.note,
        },
    }
