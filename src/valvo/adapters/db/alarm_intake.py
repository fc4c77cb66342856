"""The engine's alarm intake inside its batch transaction: load the alarms already open (or
recently self-cleared) for the batch's conditions in one query, let the pure intake decide new
alarms, occurrences and automatic closes, and write alarms, trail and outbox in bulk."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, bindparam, insert, or_, select, update
from sqlalchemy.engine import Connection

from valvo.adapters.db import tables as t
from valvo.adapters.db.alarm_changes import write_changes
from valvo.adapters.db.alarm_repo import alarm_from_row, alarm_to_row
from valvo.domain.alarms import Alarm
from valvo.domain.alarms.causes import SELF_CLEARED
from valvo.domain.alarms.intake import relevant, take_in
from valvo.domain.alarms.policy import IntakePolicy
from valvo.domain.rules import BreachEnded, BreachStarted

Breach = BreachStarted | BreachEnded


def take_in_alarms(
    conn: Connection, events: Sequence[object], now: datetime, policy: IntakePolicy
) -> list[Alarm]:
    """Every alarm raised or changed by ``events`` (already written on ``conn``)."""
    breaches = relevant(events)
    if not breaches:
        return []
    known = _known(conn, breaches, policy)
    intake = take_in(breaches, known, _order_types(conn, breaches), policy, now)
    new_ids = set(intake.new_ids)
    if new_ids:  # a replayed batch finds its alarms already stored: nothing twice
        a = t.alarms
        stored = {r[0] for r in conn.execute(select(a.c.id).where(a.c.id.in_(sorted(new_ids))))}
        new_ids -= stored
    fresh = [x for x in intake.alarms if x.id in new_ids]
    changed = [x for x in intake.alarms if x.id not in intake.new_ids]
    if fresh:
        conn.execute(insert(t.alarms), [alarm_to_row(x) for x in fresh])
    if changed:
        rows = []
        for alarm in changed:
            row = alarm_to_row(alarm)
            row["_id"] = row.pop("id")
            rows.append(row)
        columns = [c for c in rows[0] if c != "_id"]
        conn.execute(
            update(t.alarms)
            .where(t.alarms.c.id == bindparam("_id"))
            .values({c: bindparam(c) for c in columns}),
            rows,
        )
    written = fresh + changed
    write_changes(conn, [change for alarm in written for change in alarm.take_pending()])
    return written


def _known(conn: Connection, breaches: Sequence[Breach], policy: IntakePolicy) -> list[Alarm]:
    subjects = sorted({b.subject_id for b in breaches})
    keys = sorted({b.condition_key for b in breaches})
    earliest = min(b.occurred_at for b in breaches)
    a = t.alarms
    query = select(a).where(
        a.c.subject_id.in_(subjects),
        a.c.condition_key.in_(keys),
        or_(
            a.c.status != "resolved",
            and_(
                a.c.cause == SELF_CLEARED,
                a.c.condition_ended_at >= earliest - policy.regroup_window,
            ),
        ),
    )
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()  # an operator's concurrent step waits for this batch
    return [alarm_from_row(r) for r in conn.execute(query).mappings()]


def _order_types(conn: Connection, breaches: Sequence[Breach]) -> dict[str, list[str]]:
    starters = sorted({b.subject_id for b in breaches if isinstance(b, BreachStarted)})
    if not starters:
        return {}
    o = t.orders
    query = select(o.c.subject_id, o.c.type).where(
        o.c.subject_id.in_(starters), o.c.status == "active"
    )
    types: dict[str, list[str]] = defaultdict(list)
    for subject_id, order_type in conn.execute(query):
        types[subject_id].append(order_type)
    return dict(types)
